package io.certmedic.kube.manifest;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Builds one YAML document's tree the way Kubernetes' YAML reader sees it: anchors are remembered,
 * aliases expanded, {@code <<} merge keys applied. Jackson alone would turn {@code *name} into the
 * string "name". Expansion has a budget, so an alias bomb ("billion laughs") is refused with a
 * clear message instead of eating the heap.
 */
final class YamlTreeBuilder {

  /** Most alias uses in one document; Kubernetes manifests rarely use one. */
  static final int MAX_ALIASES = ManifestReader.MAX_YAML_ALIASES;

  /**
   * Most nodes aliases may add to one document: a large real manifest has tens of thousands in all.
   */
  static final long MAX_EXPANDED_NODES = 100_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, JsonNode> anchors = new HashMap<>();
  private final int lineOffset;
  private int aliasesSeen;

  private int aliases;
  private long expanded;

  /**
   * A builder for one document that starts after line {@code lineOffset} of its file, so the lines
   * its messages name are the file's.
   */
  YamlTreeBuilder(int lineOffset) {
    this.lineOffset = lineOffset;
  }

  /** Reads the value at the parser's current token, leaving the parser on its last token. */
  JsonNode build(JsonParser p) {
    YAMLParser y = (YAMLParser) p;
    if (y.isCurrentAlias()) {
      return alias(y);
    }
    Object anchor = y.getObjectId();
    if (anchor == null && y instanceof KubeYamlFactory.Parser k) {
      anchor = k.scalarAnchor().orElse(null);
    }
    JsonNode node =
        switch (p.currentToken()) {
          case START_OBJECT -> object(p);
          case START_ARRAY -> array(p);
          case VALUE_STRING -> NODES.stringNode(p.getString());
          case VALUE_NUMBER_INT -> NODES.numberNode(p.getBigIntegerValue());
          case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
          case VALUE_TRUE -> NODES.booleanNode(true);
          case VALUE_FALSE -> NODES.booleanNode(false);
          case VALUE_EMBEDDED_OBJECT -> NODES.stringNode(p.getString());
          default -> NODES.nullNode();
        };
    if (anchor != null) {
      anchors.put(anchor.toString(), node);
    }
    return node;
  }

  private ObjectNode object(JsonParser p) {
    ObjectNode o = NODES.objectNode();
    Map<String, Integer> lines = new HashMap<>();
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      int line = p.currentTokenLocation().getLineNr() + lineOffset;
      Integer first = "<<".equals(name) ? null : lines.putIfAbsent(name, line);
      if (first != null) {
        // kubectl's words (sigs.k8s.io/yaml): the API server would judge another object than ours
        throw new StreamReadException(
            p, "line " + line + ": mapping key \"" + name + "\" already defined at line " + first);
      }
      p.nextToken();
      JsonNode value = build(p);
      if ("<<".equals(name)) {
        merge(o, value);
      } else {
        o.set(name, value);
      }
    }
    return o;
  }

  /** YAML merge key: the merged maps' keys fill in what the map does not set itself. */
  private static void merge(ObjectNode into, JsonNode from) {
    if (from.isArray()) {
      from.values().forEach(v -> merge(into, v));
      return;
    }
    for (Map.Entry<String, JsonNode> e : from.properties()) {
      if (!into.has(e.getKey())) {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  private ArrayNode array(JsonParser p) {
    ArrayNode a = NODES.arrayNode();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      a.add(build(p));
    }
    return a;
  }

  private JsonNode alias(YAMLParser p) {
    String name = p.getString();
    JsonNode target = anchors.get(name);
    if (target == null) {
      throw new StreamReadException(p, "alias *" + name + " names no anchor defined before it");
    }
    if (++aliases > MAX_ALIASES) {
      throw new StreamReadException(
          p, "uses more than " + MAX_ALIASES + " YAML aliases; refused as a possible alias bomb");
    }
    expanded += size(target, MAX_EXPANDED_NODES - expanded + 1);
    if (expanded > MAX_EXPANDED_NODES) {
      throw new StreamReadException(
          p,
          "YAML aliases expand to more than "
              + MAX_EXPANDED_NODES
              + " nodes; refused as a possible alias bomb");
    }
    return target.deepCopy();
  }

  /** Counts nodes, stopping early once {@code cap} is reached. */
  private static long size(JsonNode n, long cap) {
    long count = 1;
    for (JsonNode child : n.values()) {
      if (count >= cap) {
        break;
      }
      count += size(child, cap - count);
    }
    return count;
  }
}
