package io.certmedic.core.fix;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.Snapshot;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Serving certificates and the caBundles that trust them, one serving Secret at a time (see {@link
 * ReissueVerdicts} for which and why). Where only trust is wrong and the CA that signed the served
 * certificate is in the input, the callers' caBundles gain it. Otherwise the certificate is
 * reissued: as a manual action when another controller keeps the Secret, or when a caller that
 * works now has a caBundle another controller keeps and would not trust the new signer; else every
 * caller's caBundle is widened with the signer (the old CAs retire in a later run), the Secret gets
 * the new certificate, and the workloads mounting it are restarted.
 */
final class ServingRepairs implements PlanningStep {

  @Override
  public Decisions decide(PlanInput in, Decisions earlier) {
    Decisions these = Decisions.NONE;
    for (ServingGroups.ServingGroup g : ServingGroups.of(in.analysis().links())) {
      Optional<ReissueVerdicts.Verdict> v =
          ReissueVerdicts.of(in.report().findings(), g.secret(), g.callerRefs());
      if (v.isPresent()) {
        these = these.plus(repair(in, g, v.get(), earlier.plus(these).restarted()));
      }
    }
    List<Step> marked = RetireMarks.apply(in.snapshot(), these.steps(), these.retiring());
    return new Decisions(
        marked, these.notes(), these.restarted(), these.retiring(), these.reissuedCallers());
  }

  /** What one serving Secret with a verdict needs; {@code restarted}: workloads already planned. */
  static Decisions repair(
      PlanInput in,
      ServingGroups.ServingGroup g,
      ReissueVerdicts.Verdict verdict,
      Set<ObjectRef> restarted) {
    Snapshot snapshot = in.snapshot();
    ServingLink link = g.link();
    ServingSecret sc = g.servingCert();
    List<X509Certificate> chain = sc.chain().stream().map(CertInfo::certificate).toList();
    Instant inside = Bundles.inside(sc.leafCert(), in.at());
    List<CallerLink> untrusted =
        g.callers().stream().filter(l -> !Bundles.verifies(chain, Bundles.of(l), inside)).toList();
    List<String> reasons = new ArrayList<>(verdict.reissueReasons());
    if (reasons.isEmpty()) {
      if (untrusted.isEmpty()) {
        return Decisions.NONE;
      }
      Optional<CertInfo> issuer = ChainIssuer.find(snapshot, sc, chain, inside);
      if (issuer.isPresent()) {
        String why =
            "the served certificate in "
                + g.secret().describe()
                + " is signed by "
                + issuer.get().facts().subject()
                + ", which its caBundle lacks";
        return Decisions.of(
            untrusted.stream()
                .map(l -> CaBundleWidening.step(snapshot, l, issuer.get(), why))
                .toList());
      }
      reasons.add("CABUNDLE_UNTRUSTED and the CA that signed it is nowhere in the input");
    }
    Optional<Owners.Owner> owner = Owners.ofSecret(snapshot, link, g.service());
    if (owner.isPresent()) {
      return Decisions.of(
          OwnedSecrets.action(
              link,
              owner.get(),
              verdict,
              LeafIssue.neededNames(g.callers(), List.of(), in.options()),
              Restarts.mounting(snapshot, link)));
    }
    Signers.Signer signer = Signers.choose(in, link, chain, g.callers(), inside);
    Decisions chosen = Decisions.note(signer.note());
    Optional<CallerLink> blocker =
        g.callers().stream()
            .filter(
                l ->
                    Owners.ofCaBundle(snapshot, l.caller()).isPresent()
                        && Bundles.verifies(chain, Bundles.of(l), inside)
                        && !Bundles.contains(Bundles.of(l), signer.cert()))
            .findFirst();
    if (blocker.isPresent()) {
      return chosen.plus(Decisions.of(blocked(snapshot, g.secret(), blocker.get(), signer)));
    }
    return chosen
        .plus(widenAll(snapshot, g.callers(), signer))
        .plus(Decisions.of(LeafIssue.step(g, signer, reasons, in.options(), in.at(), in.random())))
        .plus(
            Restarts.of(
                Restarts.mounting(snapshot, link),
                "it reads " + g.secret().describe() + " at start",
                restarted));
  }

  /**
   * Every caller trusts the signer before the certificate changes; what it trusted now is retired
   * in a later run.
   */
  private static Decisions widenAll(
      Snapshot snapshot, List<CallerLink> callers, Signers.Signer signer) {
    Decisions out = Decisions.NONE;
    String why =
        "the new certificate is signed by "
            + signer.description()
            + "; the old CA stays until the rollout is done";
    for (CallerLink l : callers) {
      ObjectRef ref = l.caller().meta().ref();
      Map<ObjectRef, List<String>> retiring = Map.of();
      List<Step> steps = List.of();
      if (!Bundles.contains(Bundles.of(l), signer.cert())) {
        Step s = CaBundleWidening.step(snapshot, l, signer.info(), why);
        steps = List.of(s);
        if (s instanceof Step.SetCaBundle) {
          retiring = Map.of(ref, Bundles.of(l).stream().map(Bundles::id).toList());
        }
      }
      out = out.plus(new Decisions(steps, List.of(), Set.of(), retiring, Set.of(ref)));
    }
    return out;
  }

  private static Step.ManualAction blocked(
      Snapshot snapshot, ObjectRef secret, CallerLink b, Signers.Signer signer) {
    Owners.Owner o = Owners.ofCaBundle(snapshot, b.caller()).orElseThrow();
    return new Step.ManualAction(
        secret,
        o.manager(),
        "not reissued: "
            + b.caller().describe()
            + " works now and its caBundle is kept by "
            + o.manager()
            + " ("
            + o.how()
            + "), which would not trust "
            + signer.description()
            + "; reissue "
            + secret.describe()
            + " with the CA "
            + o.manager()
            + " injects",
        List.of(),
        Map.of());
  }
}
