package io.certmedic.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void findsEveryPhraseTheLineHoldsAndRulesOutPhrasesWithAMissingPair() {
    Text t = new Text("x509: certificate signed by unknown authority");
    assertThat(t.contains("signed by unknown")).isTrue();
    assertThat(t.indexOf("unknown")).isEqualTo(28);
    assertThat(t.mayContain("expired")).isFalse();
    assertThat(t.contains("expired")).isFalse();
    assertThat(t.indexOf("expired")).isEqualTo(-1);
  }

  @Test
  void theCaseFoldedPairsAlsoServeCaseInsensitiveTests() {
    Text t = new Text("X509: CERTFICATE SIGNED BY UNKNOWN AUTHORITY");
    assertThat(t.mayContain("certficate")).isTrue();
    assertThat(t.contains("certficate")).isFalse();
    assertThat(t.mayContain("expired")).isFalse();
  }

  @Test
  void agreesWithStringContainsOnRandomTextIncludingCharactersBeyondLatin1() {
    Random random = new Random(14);
    String alphabet = "abcAB :,'\"\\\u00e9\u2028\u4e2d";
    for (int i = 0; i < 5000; i++) {
      String line = random(random, alphabet, 40);
      String phrase = random(random, alphabet, 1 + random.nextInt(4));
      Text t = new Text(line);
      assertThat(t.contains(phrase))
          .as("[%s] in [%s]", phrase, line)
          .isEqualTo(line.contains(phrase));
      assertThat(t.indexOf(phrase)).isEqualTo(line.indexOf(phrase));
    }
  }

  @Test
  void anEmptyOrOneCharacterLineHoldsOnlyWhatItHolds() {
    assertThat(new Text("").contains("a")).isFalse();
    assertThat(new Text("a").contains("a")).isTrue();
    assertThat(new Text("a").contains("ab")).isFalse();
  }

  private static String random(Random random, String alphabet, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
