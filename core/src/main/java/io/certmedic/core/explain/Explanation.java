package io.certmedic.core.explain;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.FindingCode;
import java.util.List;

/**
 * One explained failure: the facts of its first line, how often it was seen and when, the cause in
 * plain words, likely root causes (most likely first), the doctor codes that would confirm it, the
 * commands to run, and the fix. {@code firstSeen}/{@code lastSeen} are as written in the log, or
 * {@code null} when the lines carry no timestamp.
 */
public record Explanation(
    ErrorFacts facts,
    long count,
    String firstSeen,
    String lastSeen,
    String expiredAgo,
    String cause,
    List<String> rootCauses,
    List<FindingCode> codes,
    List<String> commands,
    String fix,
    String sample) {

  public Explanation {
    requireNonNull(facts, "facts == null");
    requireNonNull(cause, "cause == null");
    requireNonNull(fix, "fix == null");
    rootCauses = List.copyOf(rootCauses);
    codes = List.copyOf(codes);
    commands = List.copyOf(commands);
  }

  public Family family() {
    return facts.family();
  }
}
