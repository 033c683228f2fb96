package io.certmedic.core.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.finding.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionsTest {

  static final ObjectRef A = ObjectRef.cluster("ValidatingWebhookConfiguration", "a");
  static final ObjectRef B = ObjectRef.of("Deployment", "ns", "b");

  @Test
  void plusKeepsTheEarlierDecisionsFirstAndUnitesWhatIsRetired() {
    Step first = new Step.RolloutRestart(B, "first");
    Step second = new Step.DeleteApiService(A, "second");
    Decisions earlier =
        new Decisions(
            List.of(first), List.of("one"), Set.of(B), Map.of(A, List.of("x", "y")), Set.of());
    Decisions later =
        new Decisions(
            List.of(second), List.of("two"), Set.of(), Map.of(A, List.of("y", "z")), Set.of(A));

    Decisions sum = earlier.plus(later);

    assertThat(sum.steps()).containsExactly(first, second);
    assertThat(sum.notes()).containsExactly("one", "two");
    assertThat(sum.restarted()).containsExactly(B);
    assertThat(sum.retiring()).containsExactly(Map.entry(A, List.of("x", "y", "z")));
    assertThat(sum.reissuedCallers()).containsExactly(A);
    assertThat(earlier.steps()).containsExactly(first);
  }

  @Test
  void cannotBeChangedAfterTheFact() {
    Decisions d = Decisions.of(new Step.RolloutRestart(B, "r"));

    assertThatThrownBy(() -> d.steps().add(new Step.RolloutRestart(B, "again")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> d.restarted().add(B))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
