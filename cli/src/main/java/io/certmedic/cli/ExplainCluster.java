package io.certmedic.cli;

import io.certmedic.core.explain.cluster.ClusterLink;
import io.certmedic.core.explain.cluster.LinkStatus;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How {@code explain -f}/{@code --context} shows each group's link to the cluster: a {@code
 * Cluster:} line and the findings that explain it in the table, a {@code cluster} object in JSON.
 */
final class ExplainCluster {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private ExplainCluster() {}

  /** The table lines of one group's link. */
  static void text(PrintWriter out, ClusterLink l) {
    out.println("  Cluster: " + l.sentence());
    for (Finding f : l.findings()) {
      out.println(
          "    "
              + f.code().name()
              + " ("
              + f.severity().label()
              + ") on "
              + f.object().describe()
              + ": "
              + f.message());
    }
  }

  /** {@code Against the cluster: 1 explained, 1 not explained, 1 not found.} */
  static String textSummary(List<ClusterLink> links, String input) {
    Map<LinkStatus, Integer> n = counts(links);
    StringBuilder sb = new StringBuilder("Against ").append(input).append(": ");
    boolean first = true;
    for (Map.Entry<LinkStatus, Integer> e : n.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      sb.append(first ? "" : ", ").append(e.getValue()).append(' ');
      sb.append(e.getKey().json().replace('_', ' '));
      first = false;
    }
    return sb.append('.').toString();
  }

  /** The {@code cluster} object of one explanation in JSON. */
  static ObjectNode json(ClusterLink l) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("status", l.status().json());
    if (l.object() != null) {
      o.set("object", ref(l.object()));
    }
    if (!l.via().isEmpty()) {
      ArrayNode via = o.putArray("via");
      l.via().forEach(r -> via.add(ref(r)));
    }
    ArrayNode fs = o.putArray("findings");
    for (Finding f : l.findings()) {
      ObjectNode j = fs.addObject();
      j.put("code", f.code().name());
      j.put("severity", f.severity().label());
      j.set("object", ref(f.object()));
      j.put("message", f.message());
    }
    if (l.span().first() != null) {
      o.put("firstSeen", l.span().first());
      o.put("lastSeen", l.span().last());
    }
    if (l.span().length() != null) {
      o.put("spanSeconds", l.span().length().toSeconds());
    }
    o.put("sentence", l.sentence());
    return o;
  }

  /** The summary's {@code cluster} object: what was read and how many groups have each status. */
  static ObjectNode jsonSummary(List<ClusterLink> links, String input) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("input", input);
    Map<LinkStatus, Integer> n = counts(links);
    o.put("explained", n.get(LinkStatus.EXPLAINED));
    o.put("notExplained", n.get(LinkStatus.NOT_EXPLAINED));
    o.put("notFound", n.get(LinkStatus.NOT_FOUND));
    o.put("notJudged", n.get(LinkStatus.NOT_JUDGED));
    o.put("unlinked", n.get(LinkStatus.UNLINKED));
    return o;
  }

  private static Map<LinkStatus, Integer> counts(List<ClusterLink> links) {
    Map<LinkStatus, Integer> n = new EnumMap<>(LinkStatus.class);
    for (LinkStatus s : LinkStatus.values()) {
      n.put(s, 0);
    }
    links.forEach(l -> n.merge(l.status(), 1, Integer::sum));
    return n;
  }

  private static ObjectNode ref(ObjectRef r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("kind", r.kind());
    if (!r.namespace().isEmpty()) {
      o.put("namespace", r.namespace());
    }
    o.put("name", r.name());
    return o;
  }
}
