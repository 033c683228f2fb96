package io.certmedic.core.fix;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.Snapshot;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * Computes a {@link Plan} from a snapshot and the doctor's report by running small planning steps
 * in order, each adding what it decides to what the earlier ones decided: pure apart from the keys
 * it makes with {@code random}, and the same snapshot, report and instant always give the same
 * steps.
 *
 * <p>Example: {@code Planner.plan(snapshot, Doctor.run(snapshot, DoctorOptions.at(now)),
 * FixOptions.defaults(), now, new SecureRandom())}.
 */
public final class Planner {

  /**
   * Object annotation listing the CAs (sha256, 16 hex digits each) a later fix run removes from its
   * caBundles.
   */
  public static final String RETIRE_ANNOTATION = "certmedic.io/retire-cas";

  /** Every planning step, in the order they decide; a test locks it. */
  static final List<PlanningStep> STEPS =
      List.of(
          // serving certificates: reissue, widen caBundles, restart; or only widen; or say who must
          new ServingRepairs(),
          // a later run: old CAs leave caBundles once nothing signed by them is served
          new RetireOldCas(),
          // stale trust-bundle copies get the majority bundle; their readers restart
          new BundleCopies(),
          // node kubeconfigs that lack a cluster CA: what to write on the node
          new NodeKubeconfigs(),
          // APIServices whose Service is gone: deleted only when allowed
          new OrphanedApiServices(),
          // cert-manager Certificates not Ready or not renewed: renew as cmctl renew does (before
          // UnrepairedFindings, which would otherwise also hand them to a person)
          new CertificateRenewals(),
          // any other finding at error or above: the doctor's fix, for a person
          new UnrepairedFindings(),
          // widened caBundles keep old CAs: when they leave
          new RetireNote(),
          // running pods that started before the CA bundle they mount changed: restart them
          new StalePodRestarts());

  private Planner() {}

  public static Plan plan(
      Snapshot snapshot, Report report, FixOptions options, Instant at, SecureRandom random) {
    PlanInput in = PlanInput.of(snapshot, report, options, at, random);
    Decisions decided = Decisions.NONE;
    for (PlanningStep step : STEPS) {
      decided = decided.plus(step.decide(in, decided));
    }
    return new Plan(at, decided.steps(), decided.notes());
  }

  /** How a CA is named in the retire annotation: the first 16 hex digits of its sha256. */
  public static String id(CertInfo c) {
    return Bundles.id(c);
  }
}
