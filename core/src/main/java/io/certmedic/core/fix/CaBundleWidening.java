package io.certmedic.core.fix;

import io.certmedic.core.link.CallerLink;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds a CA to one caller's caBundle ({@link Step.SetCaBundle}, trust phase: the CAs it has stay),
 * or, when another controller injects that caBundle, says who must instead ({@link
 * Step.ManualAction}).
 */
final class CaBundleWidening {

  private static final String SERVICE_CA = "OpenShift service-ca operator";

  private CaBundleWidening() {}

  static Step step(Snapshot snapshot, CallerLink l, CertInfo ca, String reason) {
    Caller c = l.caller();
    Optional<Owners.Owner> owner = Owners.ofCaBundle(snapshot, c);
    if (owner.isPresent()) {
      return new Step.ManualAction(
          c.meta().ref(),
          owner.get().manager(),
          c.describe()
              + ": its caBundle is injected by "
              + owner.get().manager()
              + " ("
              + owner.get().how()
              + "), so certmedic does not write it; "
              + "the served certificate in Secret "
              + l.primary().map(p -> p.secretNamespace() + "/" + p.secretName()).orElse("?")
              + " is signed by "
              + ca.facts().subject()
              + ", which that injector does not hand out. Let the injector's platform issue the serving certificate too"
              + (SERVICE_CA.equals(owner.get().manager())
                  ? " (annotate the Service with service.beta.openshift.io/serving-cert-secret-name, mount that Secret in the server, turn the project's own cert controller off)"
                  : "")
              + ", or remove the injection annotation and run fix again",
          ownerCommands(l, owner.get()),
          Map.of());
    }
    List<CertInfo> next = new ArrayList<>(Bundles.of(l));
    next.add(ca);
    return new Step.SetCaBundle(
        c.meta().ref(),
        c instanceof Caller.Webhook w ? w.webhook() : null,
        c.describe(),
        next,
        Phase.TRUST,
        reason,
        Map.of(),
        List.of(),
        List.of());
  }

  private static List<String> ownerCommands(CallerLink l, Owners.Owner o) {
    if (!SERVICE_CA.equals(o.manager()) || l.service() == null || l.primary().isEmpty()) {
      return List.of();
    }
    String ns = l.service().meta().namespace();
    String svc = l.service().meta().name();
    String secret = "serving-cert-" + svc;
    return List.of(
        "oc -n "
            + ns
            + " annotate service "
            + svc
            + " service.beta.openshift.io/serving-cert-secret-name="
            + secret,
        "# then mount Secret "
            + ns
            + "/"
            + secret
            + " (tls.crt, tls.key) where the server reads "
            + l.primary().get().secretName()
            + " today, and turn the project's cert controller off");
  }
}
