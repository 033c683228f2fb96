package io.certmedic.core.doctor;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.rule.Rule;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The stable rule id of each finding code, as outputs name it ({@code ruleId} in JSON): the {@link
 * Rule} that alone owns the code ({@code validity-window}), else the doctor's check that reports it
 * ({@code service-reference}), in kebab case. A test checks every code has one and every check id
 * names a check in {@link Checks#ALL}.
 */
public final class RuleIds {

  /** Codes no {@link Rule} owns, by the check (its class's simple name) that reports them. */
  private static final Map<FindingCode, String> CHECKS =
      Map.ofEntries(
          Map.entry(FindingCode.CERT_NOT_MANAGED, "CertNotManaged"),
          Map.entry(FindingCode.CABUNDLE_MISSING, "CaBundlePresence"),
          Map.entry(FindingCode.CABUNDLE_INJECTED_AT_RUNTIME, "CaBundlePresence"),
          Map.entry(FindingCode.SERVICE_NOT_FOUND, "ServiceReference"),
          Map.entry(FindingCode.SERVICE_PORT_NOT_FOUND, "ServiceReference"),
          Map.entry(FindingCode.APISERVICE_ORPHANED, "ServiceReference"),
          Map.entry(FindingCode.CONVERSION_WEBHOOK_PLACEHOLDER, "ServiceReference"),
          Map.entry(FindingCode.APISERVICE_UNAVAILABLE, "ApiServiceStatus"),
          Map.entry(FindingCode.INSECURE_SKIP_TLS_VERIFY, "ApiServiceStatus"),
          Map.entry(FindingCode.INJECTION_CONFLICT, "Injection"),
          Map.entry(FindingCode.INJECTION_SOURCE_MISSING, "Injection"),
          Map.entry(FindingCode.TRUST_BUNDLE_STALE, "TrustBundleStale"),
          Map.entry(FindingCode.ENV_TRUST_OVERRIDE, "EnvTrustOverride"),
          Map.entry(FindingCode.SERVING_CERT_UNKNOWN, "ServingCertificate"),
          Map.entry(FindingCode.CERTIFICATE_PLACEHOLDER_NAMES, "CertificateNames"),
          Map.entry(FindingCode.INPUT_UNREADABLE, "InputUnreadable"),
          Map.entry(FindingCode.INPUT_FORBIDDEN, "InputUnreadable"),
          Map.entry(FindingCode.INPUT_NOT_SERVED, "InputUnreadable"),
          Map.entry(FindingCode.PROBE_FAILED, "ServedCertificate"),
          Map.entry(FindingCode.SERVING_CERT_STALE, "ServedCertificate"));

  private static final Map<FindingCode, String> IDS = build();

  private RuleIds() {}

  /** The rule id of {@code code}, e.g. {@code validity-window} or {@code service-reference}. */
  public static String of(FindingCode code) {
    return IDS.get(code);
  }

  /** The check names (simple class names) codes no rule owns are reported by; for the test. */
  static Map<FindingCode, String> checks() {
    return CHECKS;
  }

  private static Map<FindingCode, String> build() {
    Map<FindingCode, String> ids = new EnumMap<>(FindingCode.class);
    for (Rule r : Rule.values()) {
      for (FindingCode c : r.codes()) {
        ids.put(c, r.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
    }
    CHECKS.forEach(
        (code, check) ->
            ids.putIfAbsent(
                code, check.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)));
    return ids;
  }
}
