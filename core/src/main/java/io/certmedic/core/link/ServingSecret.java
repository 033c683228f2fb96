package io.certmedic.core.link;

import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.SecretRecord;
import java.util.List;
import java.util.Optional;

/**
 * The serving certificate a Secret holds, found under the key names servers use: {@code tls.crt}
 * (kubernetes.io/tls, cert-manager, OpenShift), {@code cert} (kube-webhook-certgen), and the common
 * file-style names; with its key and CA fields when present.
 */
public record ServingSecret(
    String certKey,
    List<CertInfo> chain,
    String keyKey,
    DataField key,
    String caKey,
    List<CertInfo> ca) {

  static final List<String> CERT_KEYS =
      List.of(
          "tls.crt",
          "cert",
          "cert.pem",
          "tls.pem",
          "server.crt",
          "server.pem",
          "webhook.crt",
          "serving.crt",
          "server-cert.pem");
  static final List<String> KEY_KEYS =
      List.of(
          "tls.key",
          "key",
          "key.pem",
          "server.key",
          "webhook.key",
          "serving.key",
          "server-key.pem");
  static final List<String> CA_KEYS =
      List.of("ca.crt", "ca", "ca.pem", "ca-bundle.crt", "service-ca.crt", "ca-cert.pem");

  public CertInfo leafCert() {
    return chain.get(0);
  }

  public static Optional<ServingSecret> of(SecretRecord s) {
    for (String k : CERT_KEYS) {
      List<CertInfo> certs = s.field(k).certs();
      if (!certs.isEmpty()) {
        return Optional.of(build(s, k, certs));
      }
    }
    for (var e : s.fields().entrySet()) {
      List<CertInfo> certs = e.getValue().certs();
      if (!certs.isEmpty() && !certs.get(0).facts().ca() && !CA_KEYS.contains(e.getKey())) {
        return Optional.of(build(s, e.getKey(), certs));
      }
    }
    return Optional.empty();
  }

  private static ServingSecret build(SecretRecord s, String certKey, List<CertInfo> chain) {
    String keyKey = null;
    DataField key = DataField.EMPTY;
    for (String k : KEY_KEYS) {
      if (s.keys().contains(k)) {
        keyKey = k;
        key = s.field(k);
        break;
      }
    }
    String caKey = null;
    List<CertInfo> ca = List.of();
    for (String k : CA_KEYS) {
      if (!s.field(k).certs().isEmpty()) {
        caKey = k;
        ca = s.field(k).certs();
        break;
      }
    }
    return new ServingSecret(certKey, chain, keyKey, key, caKey, ca);
  }
}
