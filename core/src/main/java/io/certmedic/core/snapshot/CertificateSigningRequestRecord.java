package io.certmedic.core.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Kubernetes CertificateSigningRequest (certificates.k8s.io/v1): who asked ({@code username}),
 * for which signer, when ({@code created}, null if absent), its conditions (Approved, Denied,
 * Failed), whether {@code status.certificate} is set, and the DNS and IP names the request asks for
 * ({@code requestProblem} says why they could not be read, "" when they could).
 */
public record CertificateSigningRequestRecord(
    Meta meta,
    String signerName,
    String username,
    Instant created,
    List<Condition> conditions,
    boolean issued,
    List<String> dnsNames,
    List<String> ipAddresses,
    String requestProblem) {

  /** The kubelet's serving certificate signer. */
  public static final String KUBELET_SERVING = "kubernetes.io/kubelet-serving";

  /** The kubelet's client certificate signer. */
  public static final String KUBELET_CLIENT = "kubernetes.io/kube-apiserver-client-kubelet";

  public CertificateSigningRequestRecord {
    signerName = signerName == null ? "" : signerName;
    username = username == null ? "" : username;
    conditions = List.copyOf(conditions);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    requestProblem = requestProblem == null ? "" : requestProblem;
  }

  public Optional<Condition> condition(String type) {
    return Condition.find(conditions, type);
  }

  /** Neither Approved nor Denied nor Failed yet. */
  public boolean pending() {
    return condition("Approved").isEmpty()
        && condition("Denied").isEmpty()
        && condition("Failed").isEmpty();
  }
}
