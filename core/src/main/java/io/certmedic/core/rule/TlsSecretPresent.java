package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.SecretRecord;
import java.util.Optional;

/**
 * The TLS Secret an Ingress, a Gateway listener or ingress-nginx's default certificate names is
 * there to be served: it exists, holds a certificate and its key, may be referred to (a Gateway's
 * cross-namespace ref needs a ReferenceGrant), and the Gateway itself does not report its refs
 * unresolved: {@code TLS_SECRET_MISSING}. Without it the server falls back to a default (often
 * self-signed) certificate, or serves no TLS on that host at all.
 */
public final class TlsSecretPresent {

  private TlsSecretPresent() {}

  /**
   * The Secret {@code secret} ({@code ns/name}) that {@code who} names, as the input holds it. A
   * certificate field that does not parse passes here: {@link Parsing} reports it on the Secret.
   */
  public static Verdict named(Optional<SecretRecord> found, String who, String secret) {
    if (found.isEmpty()) {
      return Verdict.fail(
          Rule.TLS_SECRET_PRESENT,
          FindingCode.TLS_SECRET_MISSING,
          who + " names Secret " + secret + ", which does not exist");
    }
    SecretRecord s = found.get();
    if (s.fields().values().stream().anyMatch(f -> f instanceof DataField.Unparsable)) {
      return Verdict.pass(Rule.TLS_SECRET_PRESENT);
    }
    Optional<ServingSecret> sc = ServingSecret.of(s);
    if (sc.isEmpty()) {
      return Verdict.fail(
          Rule.TLS_SECRET_PRESENT,
          FindingCode.TLS_SECRET_MISSING,
          who + " names Secret " + secret + ", which holds no certificate in tls.crt");
    }
    if (!(sc.get().key() instanceof DataField.Key)) {
      return Verdict.fail(
          Rule.TLS_SECRET_PRESENT,
          FindingCode.TLS_SECRET_MISSING,
          who + " names Secret " + secret + ", which holds no private key in tls.key");
    }
    return Verdict.pass(Rule.TLS_SECRET_PRESENT);
  }

  /**
   * A Gateway in {@code gatewayNamespace} refers to Secret {@code secret} in another namespace:
   * {@code granted} says whether a ReferenceGrant there lets it.
   */
  public static Verdict permitted(
      boolean granted, String who, String secretNamespace, String secretName, String gatewayNs) {
    if (granted) {
      return Verdict.pass(Rule.TLS_SECRET_PRESENT);
    }
    return Verdict.fail(
        Rule.TLS_SECRET_PRESENT,
        FindingCode.TLS_SECRET_MISSING,
        who
            + " refers to Secret "
            + secretNamespace
            + "/"
            + secretName
            + " in another namespace, and no ReferenceGrant in "
            + secretNamespace
            + " lets Gateways of "
            + gatewayNs
            + " use it, so the Gateway must refuse the reference");
  }

  /** The Gateway's own {@code ResolvedRefs} condition for {@code who}: False fails, with why. */
  public static Verdict resolved(Optional<Condition> resolvedRefs, String who) {
    if (resolvedRefs.isEmpty() || !resolvedRefs.get().isFalse()) {
      return Verdict.pass(Rule.TLS_SECRET_PRESENT);
    }
    Condition c = resolvedRefs.get();
    return Verdict.fail(
        Rule.TLS_SECRET_PRESENT,
        FindingCode.TLS_SECRET_MISSING,
        who
            + " reports ResolvedRefs=False"
            + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")")
            + (c.message().isEmpty() ? "" : ": \"" + c.message() + "\""));
  }
}
