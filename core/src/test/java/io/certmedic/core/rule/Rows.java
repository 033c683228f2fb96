package io.certmedic.core.rule;

import io.certmedic.core.finding.FindingCode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** Rows of the rule tables: a sentence, the verdict a rule gave, and the verdict it must give. */
final class Rows {

  private Rows() {}

  static Arguments row(String sentence, Verdict got, Verdict want) {
    return Arguments.of(Named.of(sentence, got), want);
  }

  static Verdict pass(Rule rule) {
    return Verdict.pass(rule);
  }

  static Verdict fail(Rule rule, FindingCode code, String words) {
    return Verdict.fail(rule, code, words);
  }

  static Verdict fail(Rule rule, String words) {
    return Verdict.fail(rule, words);
  }
}
