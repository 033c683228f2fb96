package io.certmedic.kube.fix;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch operations, and a local applier for the four fix uses (add, replace, remove,
 * test), so the dry run, {@code -o yaml} and the API server see the same change.
 */
public final class JsonPatch {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonPatch() {}

  public static ObjectNode add(String path, JsonNode value) {
    return op("add", path).set("value", value);
  }

  public static ObjectNode add(String path, String value) {
    return op("add", path).put("value", value);
  }

  public static ObjectNode replace(String path, JsonNode value) {
    return op("replace", path).set("value", value);
  }

  public static ObjectNode test(String path, String value) {
    return op("test", path).put("value", value);
  }

  public static ObjectNode remove(String path) {
    return op("remove", path);
  }

  private static ObjectNode op(String op, String path) {
    ObjectNode o = F.objectNode();
    o.put("op", op);
    o.put("path", path);
    return o;
  }

  /**
   * One path segment, escaped as RFC 6901 asks: {@code ~} as {@code ~0}, {@code /} as {@code ~1}.
   */
  public static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  public static ArrayNode array(List<ObjectNode> ops) {
    ArrayNode a = F.arrayNode();
    ops.forEach(a::add);
    return a;
  }

  /**
   * Applies {@code ops} to a copy of {@code doc}.
   *
   * @throws IllegalArgumentException when a path does not exist or a test fails, naming the op
   */
  public static JsonNode apply(JsonNode doc, List<ObjectNode> ops) {
    JsonNode root = doc.deepCopy();
    for (ObjectNode op : ops) {
      String kind = op.path("op").asString("");
      List<String> path = segments(op.path("path").asString(""));
      if (path.isEmpty()) {
        throw new IllegalArgumentException("a patch of the whole document is not supported: " + op);
      }
      JsonNode parent = root;
      for (String s : path.subList(0, path.size() - 1)) {
        parent = child(parent, s, op);
      }
      String last = path.get(path.size() - 1);
      switch (kind) {
        case "test" -> {
          if (!child(parent, last, op).equals(op.get("value"))) {
            throw new IllegalArgumentException("test failed: " + op);
          }
        }
        case "add", "replace" -> {
          if (parent instanceof ObjectNode o) {
            if (kind.equals("replace") && !o.has(last)) {
              throw new IllegalArgumentException("no such member: " + op);
            }
            o.set(last, op.get("value").deepCopy());
          } else if (parent instanceof ArrayNode a) {
            int i = last.equals("-") ? a.size() : Integer.parseInt(last);
            if (kind.equals("add")) {
              a.insert(i, op.get("value").deepCopy());
            } else {
              a.set(i, op.get("value").deepCopy());
            }
          } else {
            throw new IllegalArgumentException("not a container: " + op);
          }
        }
        case "remove" -> {
          if (parent instanceof ObjectNode o && o.has(last)) {
            o.remove(last);
          } else if (parent instanceof ArrayNode a) {
            a.remove(Integer.parseInt(last));
          } else {
            throw new IllegalArgumentException("no such member: " + op);
          }
        }
        default -> throw new IllegalArgumentException("unsupported op: " + op);
      }
    }
    return root;
  }

  private static JsonNode child(JsonNode parent, String segment, ObjectNode op) {
    JsonNode c = parent.isArray() ? parent.path(Integer.parseInt(segment)) : parent.path(segment);
    if (c.isMissingNode()) {
      throw new IllegalArgumentException("no such path: " + op);
    }
    return c;
  }

  static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer.isEmpty()) {
      return out;
    }
    for (String s : pointer.substring(1).split("/", -1)) {
      out.add(s.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }
}
