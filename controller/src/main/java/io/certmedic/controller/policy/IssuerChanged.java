package io.certmedic.controller.policy;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The leaf is not signed by the CA that signs now: another CA's name, or the same name with another
 * key (what a CA rotation looks like, since every certmedic CA has the same name).
 */
final class IssuerChanged implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.ISSUER_CHANGED;
  }

  @Override
  public Optional<String> failure(ReissueInput in) {
    return in.parsed().flatMap(p -> failure(p.leaf(), in.signer()));
  }

  private static Optional<String> failure(X509Certificate leaf, X509Certificate signer) {
    X500Principal issuer = leaf.getIssuerX500Principal();
    String current = signer.getSubjectX500Principal().getName();
    if (!issuer.equals(signer.getSubjectX500Principal())) {
      return Optional.of(
          "the certificate was issued by "
              + issuer.getName()
              + ", not by the current CA "
              + current);
    }
    try {
      leaf.verify(signer.getPublicKey());
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.of(
          "the certificate names the current CA "
              + current
              + " as its issuer, but its signature does not verify with that CA's key");
    }
  }
}
