package io.certmedic.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.finding.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotTest {

  private static SecretRecord secret(String ns, String name) {
    Meta meta =
        new Meta(ObjectRef.of("Secret", ns, name), Map.of(), Map.of(), List.of(), true, "test");
    return new SecretRecord(meta, "Opaque", Set.of(), Map.of());
  }

  @Test
  void holdsAKindInANamespaceWhereItHasObjects() {
    Snapshot s = Snapshot.builder().add(secret("web", "a")).build();

    assertThat(s.holds("Secret", "web")).isTrue();
    assertThat(s.holds("Secret", "other")).isFalse();
    assertThat(s.partial("Secret")).isFalse();
  }

  @Test
  void holdsAKindListedEverywhere() {
    Snapshot s = Snapshot.builder().listed("Secret", "*").build();

    assertThat(s.holds("Secret", "any")).isTrue();
  }

  @Test
  void neverHoldsAKindReadInPartEvenWhereItHasObjectsOrWasListed() {
    // Given: a filtered cache gave some Secrets of "web", and Secrets were even marked listed
    Snapshot s =
        Snapshot.builder()
            .add(secret("web", "managed"))
            .listed("Secret", "*")
            .listed("Service", "*")
            .partial("Secret")
            .build();

    // Then: the absence of another Secret means nothing, the Secrets read are still there
    assertThat(s.holds("Secret", "web")).isFalse();
    assertThat(s.holds("Secret", "other")).isFalse();
    assertThat(s.partial("Secret")).isTrue();
    assertThat(s.secret("web", "managed")).isPresent();
    // and other kinds are judged as before
    assertThat(s.holds("Service", "web")).isTrue();
    assertThat(s.partial("Service")).isFalse();
  }

  @Test
  void keepsAPartialKindThroughToBuilderAndAddAll() {
    Snapshot s = Snapshot.builder().add(secret("web", "managed")).partial("Secret").build();

    Snapshot copy = s.toBuilder().build();
    Snapshot merged = Snapshot.builder().addAll(s, ref -> true).build();

    assertThat(copy.holds("Secret", "web")).isFalse();
    assertThat(copy.partial("Secret")).isTrue();
    assertThat(merged.holds("Secret", "web")).isFalse();
    assertThat(merged.partial("Secret")).isTrue();
  }

  @Test
  void rejectsANullPartialKind() {
    assertThatThrownBy(() -> Snapshot.builder().partial(null)).hasMessage("kind == null");
  }
}
