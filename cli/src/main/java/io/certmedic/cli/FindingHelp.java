package io.certmedic.cli;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What to do about each finding code, in general (each finding's own {@code fix} is the exact
 * command): the help SARIF and the HTML report show per rule, and the section of docs/findings.md
 * each code links to (a test keeps the two in step).
 */
final class FindingHelp {

  /** Where docs/findings.md is published: the one base every output links from. */
  static final String DOCS_BASE = FindingCode.DOCS_BASE_URL;

  private static final Map<FindingCode, String> WHAT_TO_DO = new EnumMap<>(FindingCode.class);

  static {
    put(FindingCode.CERT_EXPIRED, "Reissue the certificate now and restart what serves it.");
    put(
        FindingCode.CERT_NOT_YET_VALID,
        "Check the issuer's clock, or wait until notBefore; reissue if the clock was wrong.");
    put(
        FindingCode.CERT_EXPIRING_SOON,
        "Renew before notAfter: certmedic fix plans a reissue, or let cert-manager renew it.");
    put(
        FindingCode.CERT_NO_SAN,
        "Reissue with the host names in subjectAltName (certmedic issue puts them there).");
    put(
        FindingCode.CERT_KEY_MISMATCH,
        "Write the key that was issued with the certificate, or reissue both.");
    put(
        FindingCode.CERT_UNPARSABLE,
        "Put PEM certificates (BEGIN CERTIFICATE) in the field, base64-encoded once in data.");
    put(FindingCode.CERT_WEAK, "Reissue with an RSA-2048+ or ECDSA key and a SHA-256 signature.");
    put(
        FindingCode.CERT_WRONG_USAGE,
        "Reissue with extended key usage serverAuth (or no extended key usage at all).");
    put(
        FindingCode.CERT_NOT_MANAGED,
        "Have something renew it (cert-manager, the certmedic controller) before it expires.");
    put(
        FindingCode.CABUNDLE_MISSING,
        "Set the caller's caBundle to the CA that signed the serving certificate, or annotate it for an injector.");
    put(
        FindingCode.CABUNDLE_UNTRUSTED,
        "Put the serving certificate's CA in the caller's caBundle, or reissue from the CA it trusts: certmedic fix plans both.");
    put(
        FindingCode.SAN_MISMATCH,
        "Reissue the serving certificate for svc.namespace.svc: certmedic fix or certmedic issue.");
    put(
        FindingCode.SAN_INCOMPLETE,
        "Reissue with every name clients dial (svc, svc.ns, svc.ns.svc, svc.ns.svc.cluster.local).");
    put(
        FindingCode.SERVICE_NOT_FOUND,
        "Create the Service, or point the caller at the one that exists.");
    put(
        FindingCode.SERVICE_PORT_NOT_FOUND,
        "Expose the port on the Service, or point the caller at a port it exposes.");
    put(
        FindingCode.APISERVICE_ORPHANED,
        "Delete the APIService of the removed add-on, or restore its Service.");
    put(
        FindingCode.APISERVICE_UNAVAILABLE,
        "Read the condition's message; usually the Service's pods are down or the CA is wrong.");
    put(FindingCode.INSECURE_SKIP_TLS_VERIFY, "Set a caBundle and drop insecureSkipTLSVerify.");
    put(FindingCode.INJECTION_CONFLICT, "Keep one injector annotation per caBundle.");
    put(
        FindingCode.INJECTION_SOURCE_MISSING,
        "Create the object the annotation names, or fix the annotation.");
    put(
        FindingCode.TRUST_BUNDLE_STALE,
        "Copy the source bundle's CAs into the stale copy (certmedic fix does), then restart its readers.");
    put(
        FindingCode.ENV_TRUST_OVERRIDE,
        "Remove the environment variable, or point it at the same CA file as the flag.");
    put(
        FindingCode.SERVING_CERT_UNKNOWN,
        "Add the Secret to the input, or name it with the certmedic.io/serving-cert-secret-name annotation.");
    put(
        FindingCode.CONVERSION_WEBHOOK_PLACEHOLDER,
        "Point the CRD's conversion webhook at the Service that serves it, as the chart's values say.");
    put(
        FindingCode.CERTIFICATE_PLACEHOLDER_NAMES,
        "Replace the placeholder dnsNames with the Service's names.");
    put(
        FindingCode.CABUNDLE_INJECTED_AT_RUNTIME,
        "Nothing to do if the injector runs; judge the live cluster to be sure.");
    put(
        FindingCode.INPUT_UNREADABLE,
        "Fix the named document (YAML syntax, base64, PEM); the rest was analysed.");
    put(
        FindingCode.INPUT_FORBIDDEN,
        "Grant list on the named kind to the account certmedic runs as, then run again.");
    put(
        FindingCode.PROBE_FAILED,
        "Compare what the pod serves with its Secret and the caller's caBundle; restart the pod after a reissue.");
    put(
        FindingCode.SERVING_CERT_STALE,
        "Restart the workload so it loads the Secret's current certificate.");
    put(
        FindingCode.TLS_SECRET_MISSING,
        "Create the TLS Secret the Ingress, Gateway listener or default certificate names, with tls.crt and tls.key, or let cert-manager make it.");
    put(
        FindingCode.CHAIN_INCOMPLETE,
        "Serve the intermediate after the leaf in tls.crt (the full chain the CA issued), not only the leaf.");
    put(
        FindingCode.CERTIFICATE_NOT_READY,
        "Read cmctl status certificate for the reason, fix the Issuer or request, then renew (certmedic fix or cmctl renew).");
    put(
        FindingCode.ISSUER_NOT_READY,
        "Fix the Issuer's cause (its CA Secret, ACME account or Vault auth); the Certificates behind it renew once it is Ready.");
    put(
        FindingCode.CSR_PENDING,
        "Check the names the request asks for, then approve it (kubectl certificate approve), or restart the kubelet so it asks again.");
    put(
        FindingCode.CA_EXPIRES_FIRST,
        "Renew the CA, not the leaf: put the new CA in every bundle first, then reissue what it signed.");
    put(
        FindingCode.POD_TRUST_STALE,
        "Restart the workload (kubectl rollout restart) so its pods read the current CA bundle.");
    put(
        FindingCode.INPUT_NOT_SERVED,
        "Check that the API server serves the named kind (kubectl api-resources); the rest was analysed.");
  }

  private FindingHelp() {}

  private static void put(FindingCode c, String text) {
    WHAT_TO_DO.put(c, text);
  }

  /** What to do about {@code code} in general; every code has one (a test checks). */
  static String whatToDo(FindingCode code) {
    return WHAT_TO_DO.getOrDefault(code, "See " + uri(code) + ".");
  }

  /** The code's section of docs/findings.md. */
  static String uri(FindingCode code) {
    return code.docsUrl();
  }

  /** GitHub's anchor for the heading {@code ### CODE}: its name in lower case. */
  static String anchor(FindingCode code) {
    return code.name().toLowerCase(Locale.ROOT);
  }

  /**
   * GitHub code scanning's {@code security-severity} (a CVSS-like score as a string): critical 9.5,
   * error 7.5, warning 5.0, info 2.0.
   */
  static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case ERROR -> "7.5";
      case WARNING -> "5.0";
      case INFO -> "2.0";
    };
  }
}
