package io.certmedic.core.reissue;

import io.certmedic.core.rule.Rule;

/**
 * Why a serving Secret is (re)issued: the Event reason, the metric label and the {@code
 * certmedic.io/issue-reason} annotation, with the {@code core.rule} rule that decided it. Where the
 * failure is one the doctor reports, the reason is that finding code's name. Public API: names
 * never change meaning.
 */
public enum ReissueReason {
  SECRET_MISSING("the Secret does not exist", Rule.SECRET_PRESENT),
  SECRET_INCOMPLETE(
      "the Secret lacks tls.crt, tls.key or ca.crt, or one is empty", Rule.SECRET_FIELDS),
  CERT_UNPARSABLE("tls.crt or tls.key does not parse", Rule.PARSING),
  CERT_KEY_MISMATCH("tls.key is not the key of tls.crt", Rule.KEY_PAIR_MATCH),
  SAN_MISMATCH(
      "the certificate's DNS names differ from the names the Service needs now",
      Rule.SERVING_NAMES),
  ISSUER_CHANGED("the certificate is not signed by the current CA", Rule.CURRENT_ISSUER),
  RENEWAL_DUE("the certificate is past its renewal time", Rule.RENEWAL_DUE);

  private final String summary;
  private final Rule rule;

  ReissueReason(String summary, Rule rule) {
    this.summary = summary;
    this.rule = rule;
  }

  public String summary() {
    return summary;
  }

  /** The rule whose verdict this reason reports. */
  public Rule rule() {
    return rule;
  }
}
