package io.certmedic.controller.policy;

/**
 * Why a serving Secret is (re)issued: the Event reason, the metric label and the {@code
 * certmedic.io/issue-reason} annotation. Public API: names never change meaning.
 */
public enum ReissueReason {
  SECRET_MISSING("the Secret does not exist"),
  SECRET_INCOMPLETE("the Secret lacks tls.crt, tls.key or ca.crt, or one is empty"),
  CERT_UNPARSABLE("tls.crt or tls.key does not parse"),
  KEY_MISMATCH("tls.key is not the key of tls.crt"),
  NAMES_DIFFER("the certificate's names differ from the names the Service needs now"),
  ISSUER_CHANGED("the certificate is not signed by the current CA"),
  RENEWAL_DUE("the certificate is past its renewal time");

  private final String summary;

  ReissueReason(String summary) {
    this.summary = summary;
  }

  public String summary() {
    return summary;
  }
}
