package io.certmedic.cli;

import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.NodePkiRecord;
import io.certmedic.core.snapshot.NodePkiRecord.Entry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A node's certificates as {@code kubeadm certs check-expiration} shows them (CERTIFICATE, EXPIRES,
 * RESIDUAL TIME, CERTIFICATE AUTHORITY, EXTERNALLY MANAGED; then CERTIFICATE AUTHORITY, EXPIRES,
 * RESIDUAL TIME, EXTERNALLY MANAGED), judged at the doctor's instant rather than the clock. Printed
 * before the findings in table output; {@link #json} is the {@code nodePki} field of the JSON.
 */
final class NodePkiTable {

  /** kubeadm's date format, Go's {@code "Jan 02, 2006 15:04 MST"}. */
  static final DateTimeFormatter EXPIRES =
      DateTimeFormatter.ofPattern("MMM dd, yyyy HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  static final String INVALID = "<invalid>";

  private NodePkiTable() {}

  /** One row: the certificate, when it expires (null when unreadable) and the CA it chains to. */
  record Row(
      String name,
      String path,
      Instant expires,
      String residual,
      String authority,
      boolean externallyManaged,
      String problem) {}

  static List<Row> certificates(NodePkiRecord pki, Instant at) {
    return pki.certificates().stream()
        .map(e -> row(pki, e, at))
        .sorted(Comparator.comparing(Row::name))
        .toList();
  }

  static List<Row> authorities(NodePkiRecord pki, Instant at) {
    return pki.authorities().stream()
        .map(e -> row(pki, e, at))
        .sorted(Comparator.comparing(Row::name))
        .toList();
  }

  private static Row row(NodePkiRecord pki, Entry e, Instant at) {
    boolean external =
        e.role() == NodePkiRecord.Role.AUTHORITY
            ? e.keyAbsent()
            : pki.authority(e.caName()).map(Entry::keyAbsent).orElse(false);
    String authority =
        e.caName().isEmpty() && e.role() != NodePkiRecord.Role.AUTHORITY
            ? "self-signed"
            : e.caName();
    Optional<CertInfo> leaf = e.leaf();
    if (leaf.isEmpty()) {
      String problem =
          e.certificate() instanceof DataField.Unparsable u ? u.problem() : "holds no certificate";
      return new Row(e.name(), e.path(), null, "", authority, external, problem);
    }
    Instant notAfter = leaf.get().facts().notAfter();
    return new Row(
        e.name(),
        e.path(),
        notAfter,
        shortHumanDuration(Duration.between(at, notAfter)),
        authority,
        external,
        "");
  }

  /**
   * The residual time as kubeadm prints it (Kubernetes' {@code duration.ShortHumanDuration}): the
   * largest whole unit of s, m, h, d (under a year) or y; {@code <invalid>} once past.
   */
  static String shortHumanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return INVALID;
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 24) {
      return hours + "h";
    }
    if (hours < 24 * 365) {
      return hours / 24 + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** The tables of every node directory, each under a heading naming it; "" when there is none. */
  static String render(List<NodePkiRecord> records, Instant at) {
    StringBuilder out = new StringBuilder();
    for (NodePkiRecord pki : records) {
      out.append("NODE PKI ")
          .append(pki.root())
          .append(" (")
          .append(pki.layout().name().toLowerCase(Locale.ROOT))
          .append(" layout, judged at ")
          .append(CertView.rfc3339(at))
          .append(")\n\n");
      List<String[]> certs = new ArrayList<>();
      certs.add(
          new String[] {
            "CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "EXTERNALLY MANAGED"
          });
      List<String> notes = new ArrayList<>();
      for (Row r : certificates(pki, at)) {
        if (r.expires() == null) {
          notes.add("!UNREADABLE! " + r.name() + ": " + r.problem());
        } else {
          certs.add(
              new String[] {
                r.name(),
                EXPIRES.format(r.expires()),
                r.residual(),
                r.authority(),
                yesNo(r.externallyManaged())
              });
        }
      }
      columns(out, certs);
      notes.forEach(n -> out.append(n).append('\n'));
      List<String[]> cas = new ArrayList<>();
      cas.add(
          new String[] {"CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"});
      List<String> caNotes = new ArrayList<>();
      for (Row r : authorities(pki, at)) {
        if (r.expires() == null) {
          caNotes.add("!UNREADABLE! " + r.name() + ": " + r.problem());
        } else {
          cas.add(
              new String[] {
                r.name(), EXPIRES.format(r.expires()), r.residual(), yesNo(r.externallyManaged())
              });
        }
      }
      if (cas.size() > 1 || !caNotes.isEmpty()) {
        out.append('\n');
        columns(out, cas);
        caNotes.forEach(n -> out.append(n).append('\n'));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Left-aligned columns three spaces apart, as Go's tabwriter lays kubeadm's out. */
  private static void columns(StringBuilder out, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : TableRenderer.pad(r[i], width[i] + 3));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }

  /** The {@code nodePki} field of the JSON: paths, names, dates; never key material. */
  static List<Object> json(List<NodePkiRecord> records, Instant at) {
    List<Object> out = new ArrayList<>();
    for (NodePkiRecord pki : records) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("root", pki.root());
      m.put("layout", pki.layout().name().toLowerCase(Locale.ROOT));
      m.put("certificates", certificates(pki, at).stream().map(NodePkiTable::json).toList());
      m.put("authorities", authorities(pki, at).stream().map(NodePkiTable::json).toList());
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> json(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("path", r.path());
    if (r.expires() != null) {
      m.put("expires", CertView.rfc3339(r.expires()));
      m.put("residualTime", r.residual());
    }
    m.put("certificateAuthority", r.authority());
    m.put("externallyManaged", r.externallyManaged());
    if (!r.problem().isEmpty()) {
      m.put("problem", r.problem());
    }
    return m;
  }
}
