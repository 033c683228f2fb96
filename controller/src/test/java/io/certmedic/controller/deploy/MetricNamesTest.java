package io.certmedic.controller.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.controller.metrics.MetricNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MetricNames#ALL} is every metric name constant, each a valid, certmedic-prefixed name. */
class MetricNamesTest {

  @Test
  void allHoldsEveryConstantOnce() throws IllegalAccessException {
    List<String> constants = new ArrayList<>();
    for (Field f : MetricNames.class.getDeclaredFields()) {
      if (Modifier.isPublic(f.getModifiers())
          && Modifier.isStatic(f.getModifiers())
          && f.getType() == String.class) {
        constants.add((String) f.get(null));
      }
    }
    assertThat(MetricNames.ALL)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(constants);
  }

  @Test
  void theNamesAreTheDocumentedOnes() {
    assertThat(MetricNames.ALL)
        .containsExactly(
            "certmedic_certificate_not_after_timestamp_seconds",
            "certmedic_certificate_renewal_timestamp_seconds",
            "certmedic_findings",
            "certmedic_reconcile_total",
            "certmedic_reconcile_duration_seconds",
            "certmedic_reissue_total",
            "certmedic_ca_rotation_phase",
            "certmedic_leader",
            "certmedic_cache_list_failures_total");
    assertThat(MetricNames.ALL).allMatch(n -> n.matches("certmedic_[a-z0-9_]*[a-z0-9]"));
  }
}
