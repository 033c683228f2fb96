package io.certmedic.kube.fix;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two line lists, as {@code diff -u} prints it, with {@code context} lines around
 * each change. Common head and tail are trimmed first, so the longest-common-subsequence table
 * covers only the changed middle of an object.
 */
public final class UnifiedDiff {

  private UnifiedDiff() {}

  public static String diff(List<String> a, List<String> b, String from, String to, int context) {
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < a.size() - head
        && tail < b.size() - head
        && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
      tail++;
    }
    List<String> am = a.subList(head, a.size() - tail);
    List<String> bm = b.subList(head, b.size() - tail);
    int[][] lcs = new int[am.size() + 1][bm.size() + 1];
    for (int i = am.size() - 1; i >= 0; i--) {
      for (int j = bm.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            am.get(i).equals(bm.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    // the edit script over whole lists: ' ', '-', '+' with line indexes into a and b
    List<char[]> ops = new ArrayList<>();
    List<String> text = new ArrayList<>();
    for (int k = 0; k < head; k++) {
      ops.add(new char[] {' '});
      text.add(a.get(k));
    }
    int i = 0;
    int j = 0;
    while (i < am.size() || j < bm.size()) {
      if (i < am.size() && j < bm.size() && am.get(i).equals(bm.get(j))) {
        ops.add(new char[] {' '});
        text.add(am.get(i));
        i++;
        j++;
      } else if (i < am.size() && (j == bm.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add(new char[] {'-'});
        text.add(am.get(i++));
      } else {
        ops.add(new char[] {'+'});
        text.add(bm.get(j++));
      }
    }
    for (int k = a.size() - tail; k < a.size(); k++) {
      ops.add(new char[] {' '});
      text.add(a.get(k));
    }
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(from).append('\n').append("+++ ").append(to).append('\n');
    int n = ops.size();
    int k = 0;
    while (k < n) {
      if (ops.get(k)[0] == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - context);
      int end = k;
      // extend the hunk while changes are closer than 2 * context
      while (end < n) {
        if (ops.get(end)[0] != ' ') {
          end++;
          continue;
        }
        int run = end;
        while (run < n && ops.get(run)[0] == ' ') {
          run++;
        }
        if (run < n && run - end <= 2 * context) {
          end = run;
        } else {
          end = Math.min(n, end + context);
          break;
        }
      }
      int aStart = 0;
      int bStart = 0;
      for (int x = 0; x < start; x++) {
        if (ops.get(x)[0] != '+') {
          aStart++;
        }
        if (ops.get(x)[0] != '-') {
          bStart++;
        }
      }
      int aLen = 0;
      int bLen = 0;
      for (int x = start; x < end; x++) {
        if (ops.get(x)[0] != '+') {
          aLen++;
        }
        if (ops.get(x)[0] != '-') {
          bLen++;
        }
      }
      out.append("@@ -")
          .append(aStart + 1)
          .append(',')
          .append(aLen)
          .append(" +")
          .append(bStart + 1)
          .append(',')
          .append(bLen)
          .append(" @@\n");
      for (int x = start; x < end; x++) {
        out.append(ops.get(x)[0]).append(text.get(x)).append('\n');
      }
      k = end;
    }
    return out.toString();
  }
}
