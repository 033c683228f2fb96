package io.certmedic.core.link;

import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.Snapshot;
import java.util.List;
import java.util.Optional;

/**
 * The CAs a caller will verify with: its caBundle, or, while that is empty in a manifest, what its
 * injector will put there (a cert-manager Certificate's or a Secret's {@code ca.crt}), so a chain
 * can still be judged offline.
 */
public record TrustSource(List<CertInfo> roots, String description) {

  public static Optional<TrustSource> of(Snapshot s, Caller c) {
    DataField bundle = c.client().caBundle();
    if (!bundle.certs().isEmpty()) {
      return Optional.of(new TrustSource(bundle.certs(), "its caBundle"));
    }
    for (Injectors.Injector i : Injectors.of(s, c)) {
      String[] p = i.source().split("/");
      if (p.length != 2) {
        continue;
      }
      Optional<SecretRecord> secret = Optional.empty();
      String how = "";
      if (i.annotation().equals(Injectors.CM_FROM)) {
        Optional<CertificateRecord> cert =
            s.certificates().stream()
                .filter(x -> x.meta().namespace().equals(p[0]) && x.meta().name().equals(p[1]))
                .findFirst();
        if (cert.isPresent()) {
          secret = s.secret(p[0], cert.get().secretName());
          how =
              "ca.crt of Secret "
                  + p[0]
                  + "/"
                  + cert.get().secretName()
                  + " (Certificate "
                  + i.source()
                  + "), which "
                  + i.name()
                  + " injects";
        }
      } else if (i.annotation().equals(Injectors.CM_FROM_SECRET)
          || i.annotation().equals(Injectors.CERTMEDIC_FROM)) {
        secret = s.secret(p[0], p[1]);
        how = "ca.crt of Secret " + i.source() + ", which " + i.name() + " injects";
      }
      if (secret.isPresent()) {
        List<CertInfo> ca = secret.get().field("ca.crt").certs();
        if (!ca.isEmpty()) {
          return Optional.of(new TrustSource(ca, how));
        }
      }
    }
    return Optional.empty();
  }
}
