package io.certmedic.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.core.Gen;

class HostnameMatcherTest {

  private static final Gen<String> LABEL =
      strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 8);
  private static final Gen<List<String>> LABELS = lists().of(LABEL).ofSizeBetween(1, 5);
  private static final Gen<String> HOST = LABELS.map(l -> String.join(".", l));

  @ParameterizedTest(name = "pattern {0} vs host {1} -> {2}")
  @CsvSource({
    "*.a.b, x.a.b, true",
    "*.a.b, a.b, false",
    "*.a.b, y.x.a.b, false",
    "a*.b.c, ab.b.c, false",
    "a*.b.c, a*.b.c, true",
    "*.a.b, X.A.B, true",
    "svc.ns.svc, svc.ns.svc., true",
    "svc.ns.svc., svc.ns.svc, false",
    "x.*.b, x.y.b, false",
    "'', a, false",
    "a, '', false",
  })
  void matchesPatternsAsGoDoes(String pattern, String host, boolean expected) {
    assertThat(HostnameMatcher.matchPattern(pattern, host)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "SAN {0} vs host {1} -> {2}")
  @CsvSource({
    "*.ns.svc, webhook.ns.svc, true",
    "*.ns.svc, .ns.svc, false", // invalid input: exact comparison only
    "*, a, false", // a bare * is not a valid pattern, and not equal
    "under_score.ns.svc, UNDER_SCORE.ns.svc, true",
    "-bad.ns.svc, -bad.ns.svc, true", // invalid pattern: still matched exactly
    "-bad.ns.svc, -BAD.ns.svc., false",
    "., ., false",
    "svc.ns.svc, svc.ns.svc.., false",
  })
  void matchesDnsSans(String san, String host, boolean expected) {
    assertThat(HostnameMatcher.matches(List.of(san), List.of(), host)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "IP SAN {0} vs host {1} -> {2}")
  @CsvSource({
    "10.0.0.1, 10.0.0.1, true",
    "10.0.0.1, ::ffff:10.0.0.1, true",
    "0:0:0:0:0:0:0:1, [::1], true",
    "10.0.0.1, 10.0.0.01, false", // leading zeros: not an IP for Go, so a DNS name
    "10.0.0.1, 10.0.0.2, false",
  })
  void matchesIpSansLiterally(String san, String host, boolean expected) {
    assertThat(HostnameMatcher.matches(List.of(), List.of(san), host)).isEqualTo(expected);
  }

  @Test
  void anyValidLowerCaseHostMatchesItselfAndItsUpperCaseForm() {
    qt().forAll(HOST)
        .check(
            h ->
                HostnameMatcher.matches(List.of(h), List.of(), h)
                    && HostnameMatcher.matches(List.of(h), List.of(), h.toUpperCase(Locale.ROOT))
                    && HostnameMatcher.matches(
                        List.of(h.toUpperCase(Locale.ROOT)), List.of(), h + "."));
  }

  @Test
  void aWildcardNeverMatchesAHostWithADifferentLabelCount() {
    qt().forAll(LABELS, LABELS)
        .assuming((p, h) -> p.size() + 1 != h.size())
        .check(
            (p, h) ->
                !HostnameMatcher.matches(
                    List.of("*." + String.join(".", p)), List.of(), String.join(".", h)));
  }

  @Test
  void aWildcardMatchesAnyOneLabelInFrontOfItsBase() {
    qt().forAll(LABEL, HOST)
        .check(
            (l, base) -> HostnameMatcher.matches(List.of("*." + base), List.of(), l + "." + base));
  }

  @Test
  void matchPatternAgreesWithARegexReferenceOnGeneratedLabels() {
    Gen<String> patternLabel = arbitrary().pick("a", "b", "A", "*", "", "a*", "ab");
    Gen<String> hostLabel = arbitrary().pick("a", "b", "B", "", "ab", "*");
    Gen<String> pattern =
        lists().of(patternLabel).ofSizeBetween(1, 3).map(l -> String.join(".", l));
    Gen<String> host =
        lists()
            .of(hostLabel)
            .ofSizeBetween(1, 3)
            .map(l -> String.join(".", l))
            .zip(arbitrary().pick("", "."), String::concat);
    qt().withExamples(2000)
        .forAll(pattern, host)
        .check((p, h) -> HostnameMatcher.matchPattern(p, h) == reference(p, h));
  }

  @Test
  void anyIpv4LiteralMatchesItselfAndItsMappedIpv6Form() {
    Gen<String> ip =
        integers()
            .between(0, 255)
            .zip(
                integers().between(0, 255),
                integers().between(0, 255),
                integers().between(0, 255),
                (a, b, c, d) -> a + "." + b + "." + c + "." + d);
    qt().forAll(ip)
        .check(
            a ->
                HostnameMatcher.matches(List.of(), List.of(a), a)
                    && HostnameMatcher.matches(List.of(), List.of(a), "::ffff:" + a)
                    && !HostnameMatcher.matches(List.of(a), List.of(), a));
  }

  /** An independent statement of Go's matchHostnames: a regex with a leftmost "*" as one label. */
  private static boolean reference(String pattern, String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (pattern.isEmpty() || h.isEmpty()) {
      return false;
    }
    String[] labels = pattern.split("\\.", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < labels.length; i++) {
      if (i > 0) {
        re.append("\\.");
      }
      re.append(
          i == 0 && labels[i].equals("*")
              ? "[^.]*"
              : Pattern.quote(labels[i].toLowerCase(Locale.ROOT)));
    }
    return Pattern.matches(re.toString(), h.toLowerCase(Locale.ROOT));
  }
}
