package io.certmedic.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

class NearTest {

  private static final Pattern PORT = Pattern.compile("([a-z.]+):(\\d+)");
  private static final Pattern NAME = Pattern.compile("([a-z0-9.]+)$");

  @Test
  void matchesRightAfterThePhraseAndTriesTheNextPlaceWhenTheFirstFails() {
    var m = Near.after("error from !!! then error from host.a:443 and more", "error from ", PORT);
    assertThat(m).isNotNull();
    assertThat(m.group(1)).isEqualTo("host.a");
    assertThat(m.group(2)).isEqualTo("443");
  }

  @Test
  void aTailPatternMatchesExactlyWhereTheUnanchoredOneDid() {
    Pattern tail = Near.tail("([a-z.]+):(\\d+)");
    for (String line :
        new String[] {
          "error from host.a:443 x", "error from !!! then error from b:1", "error from "
        }) {
      var anchored = Near.after(line, "error from ", tail);
      var plain = Near.after(line, "error from ", PORT);
      assertThat(anchored == null).isEqualTo(plain == null);
      if (plain != null) {
        assertThat(anchored.group()).isEqualTo(plain.group());
      }
    }
  }

  @Test
  void readsNoFurtherThanItsWindowAfterThePhrase() {
    String far = "error from " + "x".repeat(Near.WINDOW) + ":1";
    assertThat(Near.after(far, "error from ", PORT)).isNull();
  }

  @Test
  void matchesRightBeforeThePhrase() {
    var m = Near.before("E1 v1beta1.metrics.k8s.io failed with: boom", " failed with: ", NAME);
    assertThat(m).isNotNull();
    assertThat(m.group(1)).isEqualTo("v1beta1.metrics.k8s.io");
  }

  @Test
  void aLineWithoutThePhraseCostsOneSearchAndMatchesNothing() {
    assertThat(Near.after("a".repeat(4096), "error from ", PORT)).isNull();
    assertThat(Near.before("a".repeat(4096), " failed with: ", NAME)).isNull();
  }

  @Test
  void goValidForTakesTheShortestNamesAWantedNameFollows() {
    assertThat(
            GoMatcher.validFor("x509: certificate is valid for a.ns.svc, b.ns.svc, not c.ns.svc\""))
        .containsExactly("a.ns.svc, b.ns.svc", "c.ns.svc");
    assertThat(GoMatcher.validFor("x509: certificate is valid for a not b"))
        .containsExactly("a", "b");
    assertThat(GoMatcher.validFor("x509: certificate is valid for a, not ")).isNull();
  }

  @Test
  void pythonAndApacheMessagesAreFoundByPlainSearch() {
    assertThat(OpenSslMatcher.pyOld("SSL: hostname 'web' doesn't match either of 'a', 'b')"))
        .containsExactly("web", "'a', 'b'");
    assertThat(
            JdkMatcher.apache(
                "Certificate for <web.ns> doesn't match any of the subject alternative names: [a, b]",
                "> doesn't match any of the subject alternative names: [",
                ']'))
        .containsExactly("web.ns", "a, b");
  }
}
