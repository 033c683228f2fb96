package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The doctor's result: findings (most severe first) and what was analysed. */
public record Report(List<Finding> findings, int objects, Map<String, Integer> ignoredKinds) {

  public Report {
    findings = List.copyOf(findings);
    ignoredKinds = Map.copyOf(ignoredKinds);
  }

  /** Findings per severity, every severity present (zero when none). */
  public Map<Severity, Integer> counts() {
    Map<Severity, Integer> m = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      m.put(s, 0);
    }
    findings.forEach(f -> m.merge(f.severity(), 1, Integer::sum));
    return m;
  }

  /** True when some finding is at least as severe as {@code threshold}. */
  public boolean hasAtLeast(Severity threshold) {
    return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
  }
}
