package io.certmedic.core.rule;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/**
 * The leaf is signed by the CA that signs now: not another CA's name, nor the same name with
 * another key (what a CA rotation looks like, since every certmedic CA has the same name).
 */
public final class CurrentIssuer {

  private CurrentIssuer() {}

  /** A Secret the controller issues, judged against the {@code signer} that signs now. */
  public static Verdict issued(X509Certificate leaf, X509Certificate signer) {
    X500Principal issuer = leaf.getIssuerX500Principal();
    String current = signer.getSubjectX500Principal().getName();
    if (!issuer.equals(signer.getSubjectX500Principal())) {
      return Verdict.fail(
          Rule.CURRENT_ISSUER,
          "the certificate was issued by "
              + issuer.getName()
              + ", not by the current CA "
              + current);
    }
    try {
      leaf.verify(signer.getPublicKey());
      return Verdict.pass(Rule.CURRENT_ISSUER);
    } catch (GeneralSecurityException e) {
      return Verdict.fail(
          Rule.CURRENT_ISSUER,
          "the certificate names the current CA "
              + current
              + " as its issuer, but its signature does not verify with that CA's key");
    }
  }
}
