package io.certmedic.kube.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

  @Test
  void printsOneHunkWithContextRemovalsBeforeAdditions() {
    List<String> a = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9");
    List<String> b = List.of("1", "2", "3", "4", "five", "6", "7", "8", "9");
    assertThat(UnifiedDiff.diff(a, b, "a", "b", 3))
        .isEqualTo(
            """
        --- a
        +++ b
        @@ -2,7 +2,7 @@
         2
         3
         4
        -5
        +five
         6
         7
         8
        """);
  }

  @Test
  void farApartChangesMakeTwoHunks() {
    List<String> a = List.of("a", "1", "2", "3", "4", "5", "6", "7", "8", "z");
    List<String> b = List.of("A", "1", "2", "3", "4", "5", "6", "7", "8", "Z");
    String d = UnifiedDiff.diff(a, b, "x", "y", 2);
    assertThat(d.lines().filter(l -> l.startsWith("@@")).toList())
        .containsExactly("@@ -1,3 +1,3 @@", "@@ -8,3 +8,3 @@");
  }

  @Test
  void identicalListsHaveNoHunk() {
    assertThat(UnifiedDiff.diff(List.of("a"), List.of("a"), "x", "y", 3))
        .isEqualTo("--- x\n+++ y\n");
  }
}
