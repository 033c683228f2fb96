package io.certmedic.core.fix;

import static io.certmedic.core.fix.PlanFixtures.DEPLOYMENT;
import static io.certmedic.core.fix.PlanFixtures.WEBHOOKS;
import static io.certmedic.core.fix.PlanFixtures.cluster;
import static io.certmedic.core.fix.PlanFixtures.info;
import static io.certmedic.core.fix.PlanFixtures.input;
import static io.certmedic.core.fix.PlanFixtures.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.testing.TestPki;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetireOldCasTest {

  static final TestPki.Cert CA = TestPki.ca("gate-ca").build();
  static final TestPki.Cert OLD = TestPki.ca("old-ca").build();
  static final TestPki.Cert LEAF = TestPki.leaf("gate.web.svc").signedBy(CA).build();
  static final TestPki.Cert OLD_LEAF = TestPki.leaf("gate.web.svc").signedBy(OLD).build();
  static final Map<String, String> RETIRE_OLD =
      Map.of(Planner.RETIRE_ANNOTATION, Planner.id(info(OLD)));
  static final String WHY =
      "remove 1 CA(s) a previous fix kept for the rollout; Secret web/gate-tls no longer needs them";

  record Case(
      String sentence,
      TestPki.Cert leaf,
      List<Caller> callers,
      Set<ObjectRef> reissued,
      List<Step.SetCaBundle> steps) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Step.SetCaBundle narrow(String webhook, List<String> removeAnnotations) {
    return new Step.SetCaBundle(
        WEBHOOKS,
        webhook,
        "webhook \"" + webhook + "\" in ValidatingWebhookConfiguration gate",
        List.of(info(CA)),
        Phase.RETIRE,
        WHY,
        Map.of(),
        removeAnnotations,
        List.of(DEPLOYMENT));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "narrows a caBundle once the certificate verifies without the old CA, and drops the annotation",
            LEAF,
            List.of(webhook("v.gate", RETIRE_OLD, OLD, CA)),
            Set.of(),
            List.of(narrow("v.gate", List.of(Planner.RETIRE_ANNOTATION)))),
        new Case(
            "keeps the annotation while another entry of the object still needs the old CA",
            LEAF,
            List.of(webhook("v.gate", RETIRE_OLD, OLD, CA), webhook("w.gate", RETIRE_OLD, OLD)),
            Set.of(),
            List.of(narrow("v.gate", List.of()))),
        new Case(
            "keeps the old CA while the served certificate still chains to it",
            OLD_LEAF,
            List.of(webhook("v.gate", RETIRE_OLD, OLD, CA)),
            Set.of(),
            List.of()),
        new Case(
            "leaves a caller whose certificate this plan reissues",
            LEAF,
            List.of(webhook("v.gate", RETIRE_OLD, OLD, CA)),
            Set.of(WEBHOOKS),
            List.of()),
        new Case(
            "does nothing without the annotation",
            LEAF,
            List.of(webhook("v.gate", Map.of(), OLD, CA)),
            Set.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    PlanInput in = input(cluster(c.leaf(), CA, c.callers().toArray(Caller[]::new)).build());
    Decisions earlier = new Decisions(List.of(), List.of(), Set.of(), Map.of(), c.reissued());

    assertThat(new RetireOldCas().decide(in, earlier).steps()).containsExactlyElementsOf(c.steps());
  }
}
