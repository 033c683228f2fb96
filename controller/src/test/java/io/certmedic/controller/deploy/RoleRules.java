package io.certmedic.controller.deploy;

import io.certmedic.controller.Rbac;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What a ClusterRole's or Role's rules grant, as {@code resource.group -> verbs}, to compare with
 * {@link Rbac}. Rules that cannot be compared that way (wildcards, resourceNames, non-resource
 * URLs, aggregation) are errors: the deploy/ roles must be exactly Rbac's.
 */
final class RoleRules {

  private RoleRules() {}

  /** {@code deployments.apps}, or {@code secrets} for the core group (kubectl's spelling). */
  static String key(String group, String resource) {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  /** What {@code rules} grant. */
  static Map<String, Set<String>> expected(List<Rbac.Rule> rules) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (Rbac.Rule r : rules) {
      out.computeIfAbsent(key(r.apiGroup(), r.resource()), k -> new TreeSet<>()).addAll(r.verbs());
    }
    return out;
  }

  /**
   * What {@code role} (a ClusterRole or Role object) grants.
   *
   * @throws IllegalArgumentException listing every rule that is not plain group/resource/verbs, has
   *     a wildcard, or repeats a verb
   */
  static Map<String, Set<String>> granted(JsonNode role) {
    List<String> problems = new ArrayList<>();
    if (role.has("aggregationRule")) {
      problems.add("has an aggregationRule: its rules are not all written here");
    }
    Map<String, Set<String>> out = new TreeMap<>();
    int i = 0;
    for (JsonNode rule : role.path("rules").values()) {
      String where = "rule " + i++;
      for (String field : rule.propertyNames()) {
        if (!Set.of("apiGroups", "resources", "verbs").contains(field)) {
          problems.add(
              where + " has " + field + " (only apiGroups, resources and verbs are compared)");
        }
      }
      List<String> groups = strings(rule.path("apiGroups"), where + " apiGroups", problems);
      List<String> resources = strings(rule.path("resources"), where + " resources", problems);
      List<String> verbs = strings(rule.path("verbs"), where + " verbs", problems);
      if (new HashSet<>(verbs).size() != verbs.size()) {
        problems.add(where + " repeats a verb: " + verbs);
      }
      for (String g : groups) {
        for (String r : resources) {
          out.computeIfAbsent(key(g, r), k -> new TreeSet<>()).addAll(verbs);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return out;
  }

  private static List<String> strings(JsonNode list, String where, List<String> problems) {
    List<String> out = new ArrayList<>();
    if (!list.isArray() || list.isEmpty()) {
      problems.add(where + " is missing or empty");
      return out;
    }
    for (JsonNode n : list.values()) {
      String s = n.asString("");
      if (!n.isString()) {
        problems.add(where + " holds a non-string " + n);
      } else if (s.contains("*")) {
        problems.add(where + " holds the wildcard '" + s + "'");
      }
      out.add(s);
    }
    return out;
  }
}
