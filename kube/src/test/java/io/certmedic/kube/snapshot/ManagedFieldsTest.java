package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.DataChange;
import io.certmedic.core.snapshot.Snapshot;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {

  @Test
  void theDataChangedAtTheLatestEntryThatTouchesIt() {
    Snapshot s =
        Fixture.manifest()
            .configMap("web", "trust-bundle", Map.of("ca.crt", "x"))
            .managedField(
                "kubectl-client-side-apply", "2026-01-01T00:00:00Z", "f:data", "f:metadata")
            .managedField("trust-manager", "2026-05-20T09:30:00Z", "f:data")
            .managedField("kubectl-label", "2026-05-25T00:00:00Z", "f:metadata")
            .secret("web", "tls", "kubernetes.io/tls", Map.of("tls.crt", "y"))
            .managedField("cert-manager-certificates-issuing", "2026-05-10T00:00:00Z", "f:data")
            .managedField("helm", "2026-02-01T00:00:00Z", "f:stringData")
            .snapshot();

    assertThat(s.configMap("web", "trust-bundle").orElseThrow().dataChange())
        .isEqualTo(new DataChange(true, Instant.parse("2026-05-20T09:30:00Z")));
    assertThat(s.secret("web", "tls").orElseThrow().dataChange().changedAt())
        .contains(Instant.parse("2026-05-10T00:00:00Z"));
    assertThat(s.dataChangeRecorded()).isTrue();
  }

  @Test
  void aDumpWithoutManagedFieldsSaysSo() {
    Snapshot s =
        Fixture.manifest().configMap("web", "trust-bundle", Map.of("ca.crt", "x")).snapshot();
    assertThat(s.configMaps().get(0).dataChange()).isEqualTo(DataChange.NOT_RECORDED);
    assertThat(s.dataChangeRecorded()).isFalse();
  }

  @Test
  void managedFieldsThatNeverTouchTheDataGiveNoTime() {
    Snapshot s =
        Fixture.manifest()
            .configMap("web", "trust-bundle", Map.of("ca.crt", "x"))
            .managedField("kubectl-label", "2026-05-25T00:00:00Z", "f:metadata")
            .snapshot();
    assertThat(s.configMaps().get(0).dataChange()).isEqualTo(new DataChange(true, null));
  }
}
