package io.certmedic.cli;

import io.certmedic.core.finding.Severity;
import io.certmedic.core.text.HumanTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code -o html}: one self-contained page (inline CSS, script and SVG; nothing is fetched) from an
 * {@link HtmlModel}: the summary, the expiry timeline, the trust graph, every finding with its
 * evidence and fix, and filters by namespace, severity and code. Every string from the input is
 * HTML-escaped ({@link #esc}). Large inputs stay legible: the timeline draws the {@link
 * #MAX_TIMELINE_ROWS} certificates that expire first and a histogram by month of the rest, the
 * graph draws {@link #MAX_GRAPH_CHAINS} chains, broken ones first; the text lists under each name
 * every certificate and every chain.
 */
final class HtmlRenderer {

  /** Certificates drawn one bar each; the rest are counted by month (a bar each is unreadable). */
  static final int MAX_TIMELINE_ROWS = 60;

  /** Caller chains drawn in the graph; every chain is listed in text below it. */
  static final int MAX_GRAPH_CHAINS = 40;

  /** Names longer than this are shortened in SVG labels (the whole name is in the tooltip). */
  static final int MAX_LABEL = 44;

  /** The timeline shows at least this long after the later of now and the judged instant. */
  static final Duration MIN_AHEAD = Duration.ofDays(120);

  /** ... and at most this long: a 10-year CA would squash every leaf into one pixel. */
  static final Duration MAX_AHEAD = Duration.ofDays(2 * 365);

  /** ... and this long before the earlier of the two, to show what has already expired. */
  static final Duration BEHIND = Duration.ofDays(60);

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final String[] GRAPH_COLUMNS = {"caller", "service", "workload", "secret", "ca"};

  private HtmlRenderer() {}

  static String render(HtmlModel m) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(esc(m.title()))
        .append(" report</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    summary(h, m);
    filters(h, m);
    timeline(h, m);
    graph(h, m);
    findings(h, m);
    h.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, HtmlModel m) {
    h.append("<header id=\"summary\">\n<h1>")
        .append(esc(m.title()))
        .append("</h1>\n<p class=\"counts\">");
    for (Severity s : Severity.values()) {
      int n = m.counts().getOrDefault(s, 0);
      h.append("<span class=\"badge sev-")
          .append(s.label())
          .append("\" data-count=\"")
          .append(s.label())
          .append("\">")
          .append(n)
          .append(' ')
          .append(s.label())
          .append("</span> ");
    }
    h.append("</p>\n<p>Judged at <time id=\"at\">")
        .append(CertView.rfc3339(m.at()))
        .append("</time>")
        .append(
            sameMoment(m.at(), m.now())
                ? ""
                : " (report made " + esc(CertView.rfc3339(m.now())) + ")")
        .append("; ")
        .append(m.objects())
        .append(m.objects() == 1 ? " object" : " objects")
        .append(" judged; <code>--fail-on ")
        .append(esc(m.failOn()))
        .append("</code>: exit ")
        .append(m.exitCode())
        .append(".</p>\n<p id=\"read\">Read: ")
        .append(m.read().isEmpty() ? "nothing" : esc(String.join(", ", m.read())))
        .append(".</p>\n</header>\n");
  }

  private static void filters(StringBuilder h, HtmlModel m) {
    h.append("<form id=\"filters\" class=\"noprint\">Filter: ");
    select(h, "f-ns", "namespace", m.namespaces());
    Set<String> sevs = new TreeSet<>();
    m.findings().forEach(f -> sevs.add(f.severity().label()));
    select(h, "f-sev", "severity", sevs);
    Set<String> codes = new TreeSet<>();
    m.findings().forEach(f -> codes.add(f.code()));
    select(h, "f-code", "code", codes);
    h.append(" <span id=\"shown\">")
        .append(m.findings().size())
        .append(" findings</span></form>\n");
  }

  private static void select(StringBuilder h, String id, String what, Set<String> values) {
    h.append("<label>")
        .append(what)
        .append(" <select id=\"")
        .append(id)
        .append("\"><option value=\"\">every ")
        .append(what)
        .append("</option>");
    for (String v : values) {
      h.append("<option value=\"").append(esc(v)).append("\">").append(esc(v)).append("</option>");
    }
    h.append("</select></label> ");
  }

  // ---------------------------------------------------------------- timeline

  private static void timeline(StringBuilder h, HtmlModel m) {
    h.append("<section id=\"timeline\">\n<h2>Expiry timeline</h2>\n");
    List<HtmlModel.Cert> certs = m.certs();
    if (certs.isEmpty()) {
      h.append("<p>No certificates in the input.</p>\n</section>\n");
      return;
    }
    Instant first = m.now().isBefore(m.at()) ? m.now() : m.at();
    Instant last = m.now().isAfter(m.at()) ? m.now() : m.at();
    Instant start = first.minus(BEHIND);
    Instant latest = certs.stream().map(HtmlModel.Cert::notAfter).max(Instant::compareTo).get();
    Instant end = latest.isAfter(last.plus(MAX_AHEAD)) ? last.plus(MAX_AHEAD) : latest;
    if (end.isBefore(last.plus(MIN_AHEAD))) {
      end = last.plus(MIN_AHEAD);
    }
    Axis axis = new Axis(start, end, 380, 980);
    List<HtmlModel.Cert> drawn = certs.subList(0, Math.min(MAX_TIMELINE_ROWS, certs.size()));
    List<HtmlModel.Cert> rest = certs.subList(drawn.size(), certs.size());
    int row = 18;
    int top = 30;
    int height = top + drawn.size() * row + (rest.isEmpty() ? 10 : 110) + 30;
    h.append("<p>Each bar is a certificate from notBefore to notAfter, coloured by the worst ")
        .append("finding on the object that holds it. ")
        .append(
            rest.isEmpty()
                ? ""
                : "The "
                    + drawn.size()
                    + " that expire first are drawn one by one; the other "
                    + rest.size()
                    + " are counted by month. ")
        .append("Every certificate is listed under the chart.</p>\n");
    legend(h);
    h.append("<svg class=\"chart\" role=\"img\" aria-label=\"expiry timeline\" viewBox=\"0 0 1000 ")
        .append(height)
        .append("\" width=\"1000\" height=\"")
        .append(height)
        .append("\">\n");
    ticks(h, axis, top - 8, height - 4);
    if (sameMoment(m.at(), m.now())) {
      marker(h, axis, m.at(), "now", top - 4, height, "now (judged)");
    } else {
      marker(h, axis, m.now(), "now", top - 4, height - 14, "now");
      marker(h, axis, m.at(), "at", top - 4, height, "--at");
    }
    int y = top;
    for (HtmlModel.Cert c : drawn) {
      String state = state(c, m.at());
      h.append("<g class=\"cert\" data-ns=\"").append(esc(c.namespace())).append("\">");
      h.append("<title>")
          .append(esc(c.object()))
          .append(" — ")
          .append(esc(c.subject()))
          .append(" — notAfter ")
          .append(DAY.format(c.notAfter()))
          .append(" (")
          .append(esc(state))
          .append(")")
          .append(c.codes().isEmpty() ? "" : " — " + esc(String.join(", ", c.codes())))
          .append("</title>");
      h.append("<text x=\"0\" y=\"")
          .append(y + 12)
          .append("\" class=\"label\">")
          .append(esc(shorten(c.object())))
          .append("</text>");
      double x1 = axis.x(c.notBefore());
      double x2 = axis.x(c.notAfter());
      h.append("<rect x=\"")
          .append(fmt(x1))
          .append("\" y=\"")
          .append(y + 3)
          .append("\" width=\"")
          .append(fmt(Math.max(2, x2 - x1)))
          .append("\" height=\"11\" class=\"bar ")
          .append(breaksClass(c.breaks()))
          .append(c.ca() ? " ca" : "")
          .append("\"/>");
      if (c.notAfter().isAfter(axis.end)) {
        h.append("<text x=\"982\" y=\"").append(y + 13).append("\" class=\"more\">→</text>");
      }
      h.append("</g>\n");
      y += row;
    }
    if (!rest.isEmpty()) {
      histogram(h, axis, rest, y + 10);
    }
    h.append("</svg>\n");
    certList(h, m);
    h.append("</section>\n");
  }

  private static void legend(StringBuilder h) {
    h.append("<p class=\"legend\">");
    for (Severity s : Severity.values()) {
      h.append("<span class=\"swatch sev-")
          .append(s.label())
          .append("\"></span>")
          .append(s.label())
          .append(' ');
    }
    h.append("<span class=\"swatch sev-none\"></span>no finding ")
        .append("<span class=\"swatch ca-swatch\"></span>CA (outlined)</p>\n");
  }

  /** Certificates after the drawn rows, counted per 30 days along the same axis. */
  private static void histogram(StringBuilder h, Axis axis, List<HtmlModel.Cert> rest, int top) {
    Duration bucket = Duration.ofDays(30);
    int buckets = (int) (Duration.between(axis.start, axis.end).toDays() / 30) + 1;
    int[] counts = new int[buckets + 1];
    for (HtmlModel.Cert c : rest) {
      long d = Duration.between(axis.start, c.notAfter()).toDays() / 30;
      counts[(int) Math.max(0, Math.min(buckets, d))]++;
    }
    int max = 1;
    for (int n : counts) {
      max = Math.max(max, n);
    }
    h.append("<g class=\"histogram\"><text x=\"0\" y=\"")
        .append(top + 14)
        .append("\" class=\"label\">")
        .append(rest.size())
        .append(" more certificates, by month</text>")
        .append("<text x=\"0\" y=\"")
        .append(top + 30)
        .append("\" class=\"label small\">(notAfter; the last bar holds all later ones)</text>");
    for (int i = 0; i <= buckets; i++) {
      if (counts[i] == 0) {
        continue;
      }
      Instant from = axis.start.plus(bucket.multipliedBy(i));
      double x = axis.x(from);
      double w = Math.max(2, axis.x(from.plus(bucket)) - x - 1);
      int bh = (int) Math.round(80.0 * counts[i] / max);
      h.append("<rect class=\"bar sev-none\" x=\"")
          .append(fmt(x))
          .append("\" y=\"")
          .append(top + 90 - bh)
          .append("\" width=\"")
          .append(fmt(Math.min(w, 980 - x)))
          .append("\" height=\"")
          .append(bh)
          .append("\"><title>")
          .append(counts[i])
          .append(" expiring from ")
          .append(DAY.format(from))
          .append("</title></rect>");
    }
    h.append("</g>\n");
  }

  private static void certList(StringBuilder h, HtmlModel m) {
    h.append("<details class=\"list\"><summary>Every certificate (")
        .append(m.certs().size())
        .append("), soonest to expire first</summary>\n<table>\n")
        .append(
            "<thead><tr><th>object</th><th>subject</th><th>notAfter</th><th>at the judged instant</th><th>findings</th></tr></thead>\n<tbody>\n");
    for (HtmlModel.Cert c : m.certs()) {
      h.append("<tr data-ns=\"")
          .append(esc(c.namespace()))
          .append("\" class=\"")
          .append(breaksClass(c.breaks()))
          .append("\"><td>")
          .append(esc(c.object()))
          .append(c.ca() ? " (CA)" : "")
          .append("</td><td>")
          .append(esc(c.subject()))
          .append("</td><td>")
          .append(DAY.format(c.notAfter()))
          .append("</td><td>")
          .append(esc(state(c, m.at())))
          .append("</td><td>")
          .append(esc(String.join(", ", c.codes())))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table></details>\n");
  }

  /** {@code expired 3 days ago}, {@code expires in 12 days}, {@code not yet valid}. */
  static String state(HtmlModel.Cert c, Instant at) {
    if (at.isBefore(c.notBefore())) {
      return "not yet valid";
    }
    Duration left = Duration.between(at, c.notAfter());
    return left.isNegative()
        ? "expired " + HumanTime.duration(left.negated()) + " ago"
        : "expires in " + HumanTime.duration(left);
  }

  private static void ticks(StringBuilder h, Axis axis, int top, int bottom) {
    int n = 6;
    for (int i = 0; i <= n; i++) {
      Instant t =
          axis.start.plus(Duration.between(axis.start, axis.end).multipliedBy(i).dividedBy(n));
      double x = axis.x(t);
      h.append("<line class=\"tick\" x1=\"")
          .append(fmt(x))
          .append("\" x2=\"")
          .append(fmt(x))
          .append("\" y1=\"")
          .append(top)
          .append("\" y2=\"")
          .append(bottom)
          .append("\"/><text class=\"axis\" x=\"")
          .append(fmt(Math.min(x, 940)))
          .append("\" y=\"")
          .append(top - 2)
          .append("\">")
          .append(DAY.format(t))
          .append("</text>\n");
    }
  }

  private static void marker(
      StringBuilder h, Axis axis, Instant t, String cls, int top, int bottom, String label) {
    double x = axis.x(t);
    h.append("<g class=\"marker ")
        .append(cls)
        .append("\"><line x1=\"")
        .append(fmt(x))
        .append("\" x2=\"")
        .append(fmt(x))
        .append("\" y1=\"")
        .append(top)
        .append("\" y2=\"")
        .append(bottom)
        .append("\"/><text x=\"")
        .append(fmt(x + 3))
        .append("\" y=\"")
        .append(bottom - 3)
        .append("\">")
        .append(esc(label))
        .append(' ')
        .append(DAY.format(t))
        .append("</text></g>\n");
  }

  /** Instants to x coordinates between {@code left} and {@code right}, clamped. */
  private record Axis(Instant start, Instant end, double left, double right) {
    double x(Instant t) {
      double span = Duration.between(start, end).toSeconds();
      double at = Duration.between(start, t).toSeconds();
      double x = left + (right - left) * at / span;
      return Math.max(left, Math.min(right, x));
    }
  }

  // ---------------------------------------------------------------- trust graph

  private static void graph(StringBuilder h, HtmlModel m) {
    h.append("<section id=\"graph\">\n<h2>Trust graph</h2>\n");
    if (m.chains().isEmpty()) {
      h.append(
          "<p>No webhook, conversion webhook or APIService calls a Service in the input.</p>\n");
    } else {
      List<HtmlModel.Chain> ordered =
          m.chains().stream().sorted((a, b) -> Boolean.compare(broken(b), broken(a))).toList();
      List<HtmlModel.Chain> drawn = ordered.subList(0, Math.min(MAX_GRAPH_CHAINS, ordered.size()));
      long brokenCount = m.chains().stream().filter(HtmlRenderer::broken).count();
      h.append("<p>Each row is what the API server dials: caller → Service → workload → ")
          .append("Secret → the CA that issued its certificate. A red dashed link is broken; ")
          .append("its label says why. ")
          .append(brokenCount)
          .append(" of ")
          .append(m.chains().size())
          .append(" chains are broken.")
          .append(
              drawn.size() < ordered.size()
                  ? " The first "
                      + drawn.size()
                      + " (broken first) are drawn; every chain is listed below."
                  : "")
          .append("</p>\n");
      int row = 50;
      int height = 30 + drawn.size() * row;
      h.append("<svg class=\"chart\" role=\"img\" aria-label=\"trust graph\" viewBox=\"0 0 1000 ")
          .append(height)
          .append("\" width=\"1000\" height=\"")
          .append(height)
          .append("\">\n");
      String[] heads = {"caller", "Service", "workload", "Secret", "issuing CA"};
      for (int i = 0; i < heads.length; i++) {
        h.append("<text class=\"axis\" x=\"")
            .append(i * 200 + 4)
            .append("\" y=\"14\">")
            .append(heads[i])
            .append("</text>");
      }
      int y = 24;
      for (HtmlModel.Chain c : drawn) {
        chain(h, c, y);
        y += row;
      }
      h.append("</svg>\n");
    }
    chainList(h, m);
    caList(h, m);
    h.append("</section>\n");
  }

  private static boolean broken(HtmlModel.Chain c) {
    return c.hops().stream().anyMatch(HtmlModel.Hop::broken);
  }

  private static void chain(StringBuilder h, HtmlModel.Chain c, int y) {
    h.append("<g class=\"chain")
        .append(broken(c) ? " broken" : "")
        .append("\" data-ns=\"")
        .append(esc(c.namespace()))
        .append("\">");
    double prevRight = -1;
    for (HtmlModel.Hop hop : c.hops()) {
      int col = column(hop.kind());
      int x = col * 200;
      if (prevRight >= 0) {
        h.append("<line class=\"edge")
            .append(hop.broken() ? " broken" : "")
            .append("\" x1=\"")
            .append(fmt(prevRight))
            .append("\" y1=\"")
            .append(y + 16)
            .append("\" x2=\"")
            .append(x)
            .append("\" y2=\"")
            .append(y + 16)
            .append("\"/>");
        if (hop.broken()) {
          double mid = (prevRight + x) / 2;
          h.append("<text class=\"cross\" x=\"")
              .append(fmt(mid - 5))
              .append("\" y=\"")
              .append(y + 21)
              .append("\">✕</text><text class=\"why\" x=\"")
              .append(fmt(Math.max(0, x - 150)))
              .append("\" y=\"")
              .append(y + 44)
              .append("\">")
              .append(esc(shorten(hop.why())))
              .append("</text>");
        }
      }
      h.append("<g class=\"node ")
          .append(hop.kind())
          .append(hop.broken() ? " broken" : "")
          .append("\"><title>")
          .append(esc(hop.label()))
          .append(hop.broken() ? " — broken: " + esc(hop.why()) : "")
          .append("</title><rect x=\"")
          .append(x)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"184\" height=\"32\" rx=\"5\"/><text x=\"")
          .append(x + 6)
          .append("\" y=\"")
          .append(y + 20)
          .append("\">")
          .append(esc(shortenTo(hop.label(), 30)))
          .append("</text></g>");
      prevRight = x + 184;
    }
    h.append("</g>\n");
  }

  private static int column(String kind) {
    for (int i = 0; i < GRAPH_COLUMNS.length; i++) {
      if (GRAPH_COLUMNS[i].equals(kind)) {
        return i;
      }
    }
    return 1; // a URL takes the Service's place
  }

  private static void chainList(StringBuilder h, HtmlModel m) {
    if (m.chains().isEmpty()) {
      return;
    }
    h.append("<details class=\"list\"><summary>Every chain (")
        .append(m.chains().size())
        .append(")</summary>\n<ul class=\"chains\">\n");
    for (HtmlModel.Chain c : m.chains()) {
      h.append("<li data-ns=\"")
          .append(esc(c.namespace()))
          .append("\"")
          .append(broken(c) ? " class=\"broken\"" : "")
          .append(">");
      boolean first = true;
      for (HtmlModel.Hop hop : c.hops()) {
        if (!first) {
          h.append(hop.broken() ? " <b>✕→</b> " : " → ");
        }
        first = false;
        h.append(esc(hop.label()));
        if (hop.broken()) {
          h.append(" <em class=\"why\">(broken: ").append(esc(hop.why())).append(")</em>");
        }
      }
      if (!c.codes().isEmpty()) {
        h.append(" <span class=\"codes\">[")
            .append(esc(String.join(", ", c.codes())))
            .append("]</span>");
      }
      h.append("</li>\n");
    }
    h.append("</ul></details>\n");
  }

  private static void caList(StringBuilder h, HtmlModel m) {
    if (m.cas().isEmpty()) {
      return;
    }
    h.append("<h3>CAs and who trusts them</h3>\n<ul class=\"cas\">\n");
    for (HtmlModel.Ca ca : m.cas()) {
      h.append("<li><strong>")
          .append(esc(ca.subject()))
          .append("</strong> <span class=\"small\">(sha256 ")
          .append(esc(ca.sha256().length() > 16 ? ca.sha256().substring(0, 16) : ca.sha256()))
          .append("…, notAfter ")
          .append(DAY.format(ca.notAfter()))
          .append(")</span><br>");
      names(h, "trusted by the caBundle of", ca.trustedBy());
      names(h, "copies in", ca.copies());
      names(h, "issued the certificate in", ca.issued());
      h.append("</li>\n");
    }
    h.append("</ul>\n");
  }

  /** Most names listed per line of the CA list; the count says how many more. */
  static final int MAX_NAMES = 12;

  private static void names(StringBuilder h, String what, List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    h.append(what).append(' ').append(names.size()).append(": ");
    List<String> shown = names.subList(0, Math.min(MAX_NAMES, names.size()));
    h.append(esc(String.join(", ", shown)));
    if (shown.size() < names.size()) {
      h.append(" and ").append(names.size() - shown.size()).append(" more");
    }
    h.append("<br>");
  }

  // ---------------------------------------------------------------- findings

  private static void findings(StringBuilder h, HtmlModel m) {
    h.append("<section id=\"findings\">\n<h2>Findings (")
        .append(m.findings().size())
        .append(")</h2>\n");
    if (m.findings().isEmpty()) {
      h.append("<p class=\"ok\">No problems found.</p>\n");
    }
    for (HtmlModel.Item f : m.findings()) {
      h.append("<article class=\"finding sev-")
          .append(f.severity().label())
          .append("\" data-ns=\"")
          .append(esc(f.namespace()))
          .append("\" data-sev=\"")
          .append(f.severity().label())
          .append("\" data-code=\"")
          .append(esc(f.code()))
          .append("\">\n<h3><span class=\"badge sev-")
          .append(f.severity().label())
          .append("\">")
          .append(f.severity().label())
          .append("</span> <a href=\"")
          .append(esc(f.docs()))
          .append("\"><code>")
          .append(esc(f.code()))
          .append("</code></a> ")
          .append(esc(f.object()))
          .append("</h3>\n<p class=\"message\">")
          .append(esc(f.message()))
          .append("</p>\n");
      if (!f.location().isEmpty()) {
        h.append("<p class=\"small\">read from <code>")
            .append(esc(f.location()))
            .append("</code></p>\n");
      }
      if (!f.related().isEmpty()) {
        h.append("<p class=\"small\">related: ")
            .append(esc(String.join(", ", f.related())))
            .append("</p>\n");
      }
      if (!f.evidence().isEmpty()) {
        h.append("<ul class=\"evidence\">");
        for (String e : f.evidence()) {
          h.append("<li><code>").append(esc(e)).append("</code></li>");
        }
        h.append("</ul>\n");
      }
      if (!f.fix().isEmpty()) {
        h.append("<p>Fix:</p><pre class=\"fix\">").append(esc(f.fix())).append("</pre>\n");
      }
      h.append("</article>\n");
    }
    h.append("</section>\n");
  }

  // ---------------------------------------------------------------- helpers

  /** The judged instant defaults to the moment the command started: closer than this is now. */
  static final Duration SAME_MOMENT = Duration.ofMinutes(10);

  static boolean sameMoment(Instant a, Instant b) {
    return Duration.between(a, b).abs().compareTo(SAME_MOMENT) < 0;
  }

  private static String breaksClass(Optional<Severity> s) {
    return "sev-" + s.map(Severity::label).orElse("none");
  }

  static String shorten(String s) {
    return shortenTo(s, MAX_LABEL);
  }

  /** The start and the end of {@code s} around an ellipsis: the end names the field or port. */
  static String shortenTo(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int tail = max / 3;
    return s.substring(0, max - tail - 1) + "…" + s.substring(s.length() - tail);
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  /** Text and attribute values: {@code & < > " '} as entities, so no input can open a tag. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1f24;max-width:1040px}
      h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de}
      h3{font-size:15px;margin:0 0 4px}code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
      pre.fix{background:#f6f8fa;padding:8px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
      .badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600}
      .sev-critical{--c:#7b1fa2}.sev-error{--c:#c62828}.sev-warning{--c:#e65100}.sev-info{--c:#1565c0}.sev-none{--c:#2e7d32}
      .badge{background:var(--c)}.swatch{display:inline-block;width:12px;height:12px;margin:0 3px 0 10px;background:var(--c);vertical-align:middle}
      .ca-swatch{background:#fff;border:2px solid #333;width:9px;height:9px}
      article.finding{border-left:4px solid var(--c);padding:6px 10px;margin:10px 0;background:#fff;break-inside:avoid}
      ul.evidence{margin:4px 0;padding-left:20px}.small{color:#57606a;font-size:12px}.message{margin:2px 0}
      svg.chart{display:block;max-width:100%;height:auto;font-size:11px}
      svg .bar{fill:var(--c)}svg .bar.ca{stroke:#333;stroke-width:1.5}
      svg .label{font-size:11px;fill:#24292f}svg .axis{fill:#57606a;font-size:10px}svg .tick{stroke:#d0d7de}
      svg .marker line{stroke-width:2}svg .marker.now line{stroke:#0969da}svg .marker.at line{stroke:#cf222e;stroke-dasharray:4 2}
      svg .marker text{font-size:10px;font-weight:600}svg .marker.now text{fill:#0969da}svg .marker.at text{fill:#cf222e}
      svg .more{fill:#57606a}svg .node rect{fill:#f6f8fa;stroke:#8c959f}svg .node.broken rect{fill:#ffebe9;stroke:#cf222e}
      svg .node.ca rect{fill:#fff8c5}svg .node text{font-size:11px;fill:#24292f}
      svg .edge{stroke:#57606a;stroke-width:1.5}svg .edge.broken{stroke:#cf222e;stroke-dasharray:5 3;stroke-width:2}
      svg .cross{fill:#cf222e;font-weight:700;font-size:13px}svg .why{fill:#cf222e;font-size:10px}
      table{border-collapse:collapse;font-size:12px;width:100%}td,th{border-bottom:1px solid #eaeef2;padding:2px 6px;text-align:left;vertical-align:top}
      tr.sev-critical td:first-child,tr.sev-error td:first-child{border-left:3px solid var(--c)}
      li.broken{color:#82071e}.why{color:#cf222e}form#filters{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #d0d7de;z-index:1}
      details.list{margin:8px 0}p.ok{color:#2e7d32;font-weight:600}
      @media print{.noprint{display:none}body{margin:0;max-width:none}article.finding,svg{break-inside:avoid}a{color:inherit;text-decoration:none}}
      """;

  private static final String SCRIPT =
      """
      (function () {
        var ns = document.getElementById('f-ns'), sev = document.getElementById('f-sev'),
            code = document.getElementById('f-code'), shown = document.getElementById('shown');
        function apply() {
          var n = 0, total = 0;
          document.querySelectorAll('[data-ns]').forEach(function (e) {
            var ok = !ns.value || e.getAttribute('data-ns') === ns.value;
            if (e.classList.contains('finding')) {
              total++;
              ok = ok && (!sev.value || e.getAttribute('data-sev') === sev.value)
                  && (!code.value || e.getAttribute('data-code') === code.value);
              if (ok) { n++; }
            }
            e.style.display = ok ? '' : 'none';
          });
          shown.textContent = n + ' of ' + total + ' findings shown';
        }
        var p = new URLSearchParams(location.hash.slice(1));
        if (p.get('namespace')) { ns.value = p.get('namespace'); }
        if (p.get('severity')) { sev.value = p.get('severity'); }
        if (p.get('code')) { code.value = p.get('code'); }
        [ns, sev, code].forEach(function (s) { s.addEventListener('change', apply); });
        window.addEventListener('beforeprint', function () {
          document.querySelectorAll('details').forEach(function (d) { d.open = true; });
        });
        apply();
      })();
      """;
}
