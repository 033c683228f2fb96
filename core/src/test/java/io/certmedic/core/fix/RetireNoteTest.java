package io.certmedic.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetireNoteTest {

  record Case(String sentence, Map<ObjectRef, List<String>> retiring, List<String> notes) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "says how old CAs leave when a caBundle keeps them",
            Map.of(PlanFixtures.WEBHOOKS, List.of("0123456789abcdef")),
            List.of(
                "Old CAs stay in the widened caBundles (annotation certmedic.io/retire-cas) so that"
                    + " pods not yet restarted keep working; once 'kubectl rollout status' shows the"
                    + " restarts done, run certmedic fix again to remove them (it checks the rollouts first).")),
        new Case("says nothing when no caBundle keeps an old CA", Map.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    Decisions earlier = new Decisions(List.of(), List.of(), Set.of(), c.retiring(), Set.of());

    Decisions d = new RetireNote().decide(PlanFixtures.input(Snapshot.builder().build()), earlier);

    assertThat(d.notes()).containsExactlyElementsOf(c.notes());
    assertThat(d.steps()).isEmpty();
  }
}
