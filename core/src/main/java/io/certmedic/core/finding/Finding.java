package io.certmedic.core.finding;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One thing the doctor found: what ({@code code}), how bad, on which object, what else is involved,
 * a message in plain words, the evidence (the links followed and the facts seen), and the fix
 * (exact commands or the annotation to set).
 */
public record Finding(
    FindingCode code,
    Severity severity,
    ObjectRef object,
    List<ObjectRef> related,
    String message,
    List<String> evidence,
    String fix) {

  public Finding {
    requireNonNull(code, "code == null");
    requireNonNull(severity, "severity == null");
    requireNonNull(object, "object == null");
    related = List.copyOf(related);
    requireNonNull(message, "message == null");
    evidence = List.copyOf(evidence);
    fix = fix == null ? "" : fix;
  }
}
