package io.certmedic.core.finding;

/**
 * Every finding certmedic reports. The names are public API: JSON output, {@code explain}, metrics
 * labels and {@code fix} use them, so a name never changes meaning. Each is described in
 * docs/findings.md (a test keeps the two in step).
 */
public enum FindingCode {
  CERT_EXPIRED("the certificate is past its notAfter at the judged instant"),
  CERT_NOT_YET_VALID("the certificate's notBefore is after the judged instant"),
  CERT_EXPIRING_SOON("the certificate expires within the expiry warning window (default 30 days)"),
  CERT_NO_SAN(
      "the certificate names its host only in the Common Name; Go, and so the API server, rejects it"),
  CERT_KEY_MISMATCH("tls.key does not belong to tls.crt"),
  CERT_UNPARSABLE("a field meant to hold certificates does not parse; the rest is still analysed"),
  CERT_WEAK("an RSA key under 2048 bits, or a SHA-1 or MD5 signature"),
  CERT_WRONG_USAGE(
      "the serving certificate's extended key usage does not allow serverAuth, so TLS clients refuse it"),
  CERT_NOT_MANAGED("a serving certificate that nothing known renews, with the time it has left"),
  CABUNDLE_MISSING(
      "a caller that references a Service has no caBundle, no injector and does not skip verification"),
  CABUNDLE_UNTRUSTED("the linked serving certificate does not chain to the caller's caBundle"),
  SAN_MISMATCH(
      "the linked serving certificate does not carry the name the API server dials (svc.ns.svc)"),
  SAN_INCOMPLETE(
      "the serving certificate carries svc.ns.svc but not the other names in-cluster clients and platform probes dial"),
  SERVICE_NOT_FOUND("the caller points at a Service that does not exist"),
  SERVICE_PORT_NOT_FOUND("the caller points at a port the Service does not expose"),
  APISERVICE_ORPHANED("a non-local APIService whose Service is gone"),
  APISERVICE_UNAVAILABLE("an APIService whose status says Available=False"),
  INSECURE_SKIP_TLS_VERIFY("an APIService that skips TLS verification"),
  INJECTION_CONFLICT("two injectors claim one caBundle"),
  INJECTION_SOURCE_MISSING("an injection or serving-cert annotation points at something missing"),
  TRUST_BUNDLE_STALE(
      "a copy of a trust bundle lacks a CA that the source or the other copies have"),
  ENV_TRUST_OVERRIDE(
      "an environment variable silently overrides the CA file a container's flags name"),
  SERVING_CERT_UNKNOWN("the caller could not be linked to the certificate it is served"),
  CONVERSION_WEBHOOK_PLACEHOLDER(
      "a conversion webhook points at a placeholder Service that does not serve it"),
  CERTIFICATE_PLACEHOLDER_NAMES(
      "a cert-manager Certificate's dnsNames look like unreplaced placeholders"),
  CABUNDLE_INJECTED_AT_RUNTIME(
      "a caller's caBundle is empty in the input and an injector is known to fill it"),
  INPUT_UNREADABLE(
      "an object or document in the input could not be read; the rest is still analysed"),
  INPUT_FORBIDDEN(
      "the API server refused to list a kind (403): the checks that need it were skipped, the rest ran"),
  PROBE_FAILED("a live TLS handshake as the API server makes it failed verification"),
  SERVING_CERT_STALE("the pod serves an older certificate than the Secret holds"),
  TLS_SECRET_MISSING(
      "the TLS Secret an Ingress, Gateway listener or ingress-nginx default certificate names is missing, holds no certificate, or may not be used"),
  CHAIN_INCOMPLETE(
      "the served chain lacks the intermediate that signed the leaf, so clients that do not fetch intermediates fail with unknown authority"),
  CERTIFICATE_NOT_READY(
      "a cert-manager Certificate is not Ready, is past its renewalTime, lacks its dnsNames in its Secret, or its request was denied or failed"),
  ISSUER_NOT_READY(
      "a cert-manager Issuer or ClusterIssuer is not Ready: the Certificates it issues cannot renew"),
  CSR_PENDING("a kubelet's CertificateSigningRequest is pending over 10 minutes, denied or failed"),
  CA_EXPIRES_FIRST(
      "a CA in a chain expires, within a year, before the certificate it signed: the chain stops verifying on the CA's date, and the CA, not the leaf, must be renewed"),
  POD_TRUST_STALE(
      "a running pod started before the CA bundle it mounts last changed, and still trusts the old one"),
  INPUT_NOT_SERVED(
      "the API server answered 404 to listing a kind it should serve: the checks that need it were skipped, the rest ran");

  /**
   * Where docs/findings.md is published; each code's section is {@link #docsUrl()}. The one base
   * every output (JSON {@code docsUrl}, SARIF {@code helpUri}) links from.
   */
  public static final String DOCS_BASE_URL =
      "https://github.com/certmedic/certmedic/blob/main/docs/findings.md";

  private final String summary;

  FindingCode(String summary) {
    this.summary = summary;
  }

  /** One line saying what the code means. */
  public String summary() {
    return summary;
  }

  /**
   * This code's section of docs/findings.md: {@code DOCS_BASE_URL#cert_expired}, the anchor GitHub
   * gives a heading or table row named after the code.
   */
  public String docsUrl() {
    return DOCS_BASE_URL + "#" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
