package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.verify.HostnameMatcher;
import io.certmedic.core.verify.HostnameMismatch;
import io.certmedic.core.verify.IpLiteral;
import io.certmedic.core.verify.LegacyCommonName;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.VerifyFailure;
import io.certmedic.core.verify.VerifyResult;
import io.certmedic.core.x509.CertFacts;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The certificate carries the names its Service is dialled by, with the API server's rules (SANs
 * only, the Common Name ignored): {@code SAN_MISMATCH}, {@code CERT_NO_SAN} (a CN-only
 * certificate), and {@code SAN_INCOMPLETE} (it carries {@code svc.ns.svc} but not the other names
 * in-cluster clients dial). The controller's Secrets must carry exactly the wanted names.
 */
public final class ServingNames {

  private ServingNames() {}

  /**
   * The leaf a caller dials through Service {@code ref} (headless or not), judged at {@code inside}
   * (an instant inside its validity, see {@link ValidityWindow#inside}).
   */
  public static Verdict served(
      CertInfo leaf,
      ClientConfig.ServiceRef ref,
      boolean headless,
      String clusterDomain,
      Instant inside,
      String where,
      String blocks) {
    CertFacts f = leaf.facts();
    String dns = ref.dnsName();
    VerifyResult names =
        ServingVerifier.verify(
            List.of(leaf.certificate()), List.of(leaf.certificate()), dns, inside);
    if (names instanceof VerifyFailure nf) {
      boolean legacy = !f.hasSanExtension();
      return Verdict.fail(
          Rule.SERVING_NAMES,
          legacy ? FindingCode.CERT_NO_SAN : FindingCode.SAN_MISMATCH,
          "the API server dials "
              + dns
              + " and "
              + where
              + " does not carry that name: \""
              + nf.message()
              + "\" ("
              + blocks
              + ")"
              + (legacy ? "" : renamedHint(f, ref)));
    }
    List<String> missing =
        ServiceNames.of(ref.name(), ref.namespace(), clusterDomain, headless).stream()
            .filter(n -> !n.startsWith("*") && !HostnameMatcher.matches(f, n))
            .toList();
    if (missing.isEmpty()) {
      return Verdict.pass(Rule.SERVING_NAMES);
    }
    return Verdict.fail(
        Rule.SERVING_NAMES,
        FindingCode.SAN_INCOMPLETE,
        where
            + " carries "
            + dns
            + " (enough for the API server) but not "
            + String.join(", ", missing)
            + ", which pods using the short or fully qualified name dial, and which platforms that probe webhooks (OpenShift) expect");
  }

  /**
   * A host an Ingress, a Gateway listener or a Route serves ({@code who} names it) with the leaf
   * named {@code where}, judged at {@code inside}: matched as Go does (SANs only, a wildcard covers
   * one label; a wildcard host matches only the same wildcard SAN), failing in Go's words.
   */
  public static Verdict host(CertInfo leaf, String host, Instant inside, String who, String where) {
    if (HostnameMatcher.matches(leaf.facts(), host)) {
      return Verdict.pass(Rule.SERVING_NAMES); // the common case, without parsing the leaf again
    }
    VerifyResult names =
        ServingVerifier.verify(
            List.of(leaf.certificate()), List.of(leaf.certificate()), host, inside);
    String said =
        names instanceof HostnameMismatch || names instanceof LegacyCommonName
            ? ((VerifyFailure) names).message()
            : "x509: certificate is valid for "
                + String.join(", ", leaf.facts().allNames())
                + ", not "
                + host; // another failure came first; the names still do not match
    return Verdict.fail(
        Rule.SERVING_NAMES,
        leaf.facts().hasSanExtension() ? FindingCode.SAN_MISMATCH : FindingCode.CERT_NO_SAN,
        who
            + " serves "
            + host
            + " with "
            + where
            + ", which does not carry that name: clients say \""
            + said
            + "\"");
  }

  /**
   * A kubelet's served leaf, dialled by the API server at {@code address} (an IP literal, or the
   * Node's Hostname) for logs, exec and port-forward, judged at {@code inside}: an IP must be an IP
   * SAN, a host name a DNS SAN (the Common Name never counts). Always {@code SAN_MISMATCH}, in Go's
   * words; {@code where} names the certificate and {@code blocks} what fails without the name.
   */
  public static Verdict kubelet(
      CertInfo leaf, String address, Instant inside, String where, String blocks) {
    if (HostnameMatcher.matches(leaf.facts(), address)) {
      return Verdict.pass(Rule.SERVING_NAMES);
    }
    VerifyResult names =
        ServingVerifier.verify(
            List.of(leaf.certificate()), List.of(leaf.certificate()), address, inside);
    String said =
        names instanceof HostnameMismatch || names instanceof LegacyCommonName
            ? ((VerifyFailure) names).message()
            : new HostnameMismatch(
                    leaf.certificate(),
                    address,
                    IpLiteral.parse(address) != null
                        ? leaf.facts().ipAddresses()
                        : leaf.facts().dnsNames())
                .message(); // another failure came first; the names still do not match
    return Verdict.fail(
        Rule.SERVING_NAMES,
        FindingCode.SAN_MISMATCH,
        "the API server dials "
            + address
            + " and "
            + where
            + " does not carry it: \""
            + said
            + "\" ("
            + blocks
            + ")");
  }

  /**
   * A Secret the controller issues: its leaf's DNS SANs, as a set, must be exactly {@code wanted}
   * (a name too many is a name vouched for that should no longer be).
   */
  public static Verdict issued(X509Certificate leaf, Set<String> wanted) {
    Set<String> has = Set.copyOf(CertFacts.of(leaf).dnsNames());
    Set<String> lacks = new TreeSet<>(wanted);
    lacks.removeAll(has);
    Set<String> unexpected = new TreeSet<>(has);
    unexpected.removeAll(wanted);
    if (lacks.isEmpty() && unexpected.isEmpty()) {
      return Verdict.pass(Rule.SERVING_NAMES);
    }
    List<String> parts = new ArrayList<>();
    if (!lacks.isEmpty()) {
      parts.add("lacks " + String.join(", ", lacks));
    }
    if (!unexpected.isEmpty()) {
      parts.add("has unexpected " + String.join(", ", unexpected));
    }
    return Verdict.fail(
        Rule.SERVING_NAMES,
        FindingCode.SAN_MISMATCH,
        "the certificate " + String.join("; ", parts));
  }

  /**
   * The names in-cluster clients dial the API server by, which kubeadm puts in {@code
   * apiserver.crt}: {@code kubernetes}, {@code kubernetes.default}, {@code kubernetes.default.svc}
   * and {@code kubernetes.default.svc.<clusterDomain>}. (The Service IP is not knowable from the
   * files, so only the DNS names are judged.)
   */
  public static List<String> apiServerNames(String clusterDomain) {
    return List.of(
        "kubernetes",
        "kubernetes.default",
        "kubernetes.default.svc",
        "kubernetes.default.svc." + clusterDomain);
  }

  /**
   * A control plane's {@code apiserver.crt} (named {@code where}) carries every {@link
   * #apiServerNames}, judged at {@code inside} (see {@link ValidityWindow#inside}).
   */
  public static Verdict apiServer(
      CertInfo leaf, String clusterDomain, Instant inside, String where) {
    List<String> missing =
        apiServerNames(clusterDomain).stream()
            .filter(n -> !HostnameMatcher.matches(leaf.facts(), n))
            .toList();
    if (missing.isEmpty()) {
      return Verdict.pass(Rule.SERVING_NAMES);
    }
    VerifyResult r =
        ServingVerifier.verify(
            List.of(leaf.certificate()), List.of(leaf.certificate()), missing.get(0), inside);
    String go = r instanceof VerifyFailure f ? ": \"" + f.message() + "\"" : "";
    return Verdict.fail(
        Rule.SERVING_NAMES,
        leaf.facts().hasSanExtension() ? FindingCode.SAN_MISMATCH : FindingCode.CERT_NO_SAN,
        where
            + " does not carry "
            + String.join(", ", missing)
            + ", which pods dial the API server by"
            + go);
  }

  /** A Spark-style rename: the cert names the same namespace's other Service. */
  private static String renamedHint(CertFacts f, ClientConfig.ServiceRef ref) {
    String suffix = "." + ref.namespace() + ".svc";
    Optional<String> other =
        f.dnsNames().stream()
            .filter(n -> n.endsWith(suffix) && !n.equals(ref.dnsName()))
            .findFirst();
    return other
        .map(
            n ->
                "; the certificate was made for Service "
                    + n.substring(0, n.length() - suffix.length())
                    + ": was the Service renamed and the certificate kept?")
        .orElse("");
  }
}
