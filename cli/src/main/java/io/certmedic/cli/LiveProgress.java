package io.certmedic.cli;

import io.certmedic.kube.live.ApiKind;
import io.certmedic.kube.live.LiveReader;
import java.io.PrintWriter;

/**
 * "listed 12,000 Secrets (24 pages)..." on stderr while a cluster is read, only when stderr is a
 * terminal (never in pipes, CI logs or tests). One line, rewritten in place.
 */
final class LiveProgress implements LiveReader.Listener {

  private final PrintWriter err;
  private final boolean enabled;
  private int width;

  private LiveProgress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Reports on {@code err} when there is a console, else stays silent. */
  static LiveProgress onTerminal(PrintWriter err) {
    return new LiveProgress(err, System.console() != null);
  }

  @Override
  public void page(ApiKind kind, long objects, int pages) {
    if (!enabled) {
      return;
    }
    String line =
        String.format(
            "listed %,d %s (%d page%s)...",
            objects, kind.kindPlural(), pages, pages == 1 ? "" : "s");
    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    width = line.length();
    err.flush();
  }

  /** Clears the progress line once the cluster is read. */
  void finish() {
    if (width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
      width = 0;
    }
  }
}
