package io.certmedic.kube.fix;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.fix.Step;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.CertInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a step into the RFC 6902 operations that carry it out on the object as it is now: first a
 * {@code test} of the resourceVersion the plan was made from (a concurrent change fails the whole
 * patch), then the change, then certmedic's marks ({@code certmedic.io/fixed-at}, {@code
 * certmedic.io/fixed-by}). Paths into arrays are found by name and guarded by a test of that name,
 * so a reordered webhook list cannot receive another webhook's caBundle.
 */
public final class Patches {

  public static final String FIXED_AT = "certmedic.io/fixed-at";
  public static final String FIXED_BY = "certmedic.io/fixed-by";
  public static final String RESTARTED_AT = "certmedic.io/restartedAt";

  /** When and by what the change is made, written on every object fix changes. */
  public record Marks(Instant at, String by) {
    public Marks {
      requireNonNull(at, "at == null");
      requireNonNull(by, "by == null");
    }
  }

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Patches() {}

  /**
   * The operations for {@code step} on {@code current}; {@code resourceVersion} "" skips the guard
   * (a manifest read from files has none).
   *
   * @throws IllegalArgumentException when the object no longer has what the step changes
   */
  public static List<ObjectNode> of(
      Step step, JsonNode current, String resourceVersion, Marks marks) {
    List<ObjectNode> ops = new ArrayList<>();
    if (!resourceVersion.isEmpty()) {
      ops.add(JsonPatch.test("/metadata/resourceVersion", resourceVersion));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    List<String> remove = new ArrayList<>();
    if (step instanceof Step.SetCaBundle b) {
      ops.addAll(caBundle(b, current));
      annotations.putAll(b.annotations());
      remove.addAll(b.removeAnnotations());
    } else if (step instanceof Step.IssueServingCert c) {
      ensure(ops, current, "/data");
      ops.add(
          JsonPatch.add(
              "/data/" + JsonPatch.escape(c.certKey()),
              b64(PemWriter.certificate(c.certificate().certificate()))));
      ops.add(
          JsonPatch.add(
              "/data/" + JsonPatch.escape(c.keyKey()), b64(PemWriter.privateKey(c.privateKey()))));
      ops.add(
          JsonPatch.add(
              "/data/" + JsonPatch.escape(c.caKey()),
              b64(PemWriter.certificate(c.caCertificate().certificate()))));
      remove.add("certmedic.io/redacted-keys"); // the key is real now
    } else if (step instanceof Step.RolloutRestart r) {
      JsonNode template = current.path("spec").path("template");
      if (template.isMissingNode()) {
        throw new IllegalArgumentException(r.target().describe() + " has no pod template");
      }
      JsonNode meta = template.path("metadata");
      if (meta.isMissingNode() || meta.isNull()) {
        ops.add(
            JsonPatch.add(
                "/spec/template/metadata",
                F.objectNode()
                    .set("annotations", F.objectNode().put(RESTARTED_AT, marks.at().toString()))));
      } else if (!meta.path("annotations").isObject()) {
        ops.add(
            JsonPatch.add(
                "/spec/template/metadata/annotations",
                F.objectNode().put(RESTARTED_AT, marks.at().toString())));
      } else {
        ops.add(
            JsonPatch.add(
                "/spec/template/metadata/annotations/" + JsonPatch.escape(RESTARTED_AT),
                marks.at().toString()));
      }
    } else if (step instanceof Step.PatchBundleCopy p) {
      ensure(ops, current, "/data");
      ops.add(JsonPatch.add("/data/" + JsonPatch.escape(p.key()), pem(p.bundle())));
    } else if (step instanceof Step.DeleteApiService) {
      return ops; // a delete, guarded by the resourceVersion precondition
    } else if (step instanceof Step.RenewCertificate) {
      ops.addAll(issuing(current, marks));
      return ops; // sent to the status subresource, which keeps no metadata change: no marks
    } else {
      throw new IllegalArgumentException("a manual action is not patched: " + step.summary());
    }
    annotations.put(FIXED_AT, marks.at().toString());
    annotations.put(FIXED_BY, marks.by());
    JsonNode existing = current.path("metadata").path("annotations");
    if (!existing.isObject()) {
      ObjectNode all = F.objectNode();
      annotations.forEach(all::put);
      ops.add(JsonPatch.add("/metadata/annotations", all));
    } else {
      annotations.forEach(
          (k, v) -> ops.add(JsonPatch.add("/metadata/annotations/" + JsonPatch.escape(k), v)));
      for (String k : remove) {
        if (existing.has(k)) {
          ops.add(JsonPatch.remove("/metadata/annotations/" + JsonPatch.escape(k)));
        }
      }
    }
    return ops;
  }

  /**
   * What {@code cmctl renew} writes: the Certificate's Issuing condition set to True, replacing an
   * Issuing=False one in place (guarded by a test of its type) or added to the conditions.
   */
  private static List<ObjectNode> issuing(JsonNode current, Marks marks) {
    ObjectNode condition =
        F.objectNode()
            .put("type", Step.RenewCertificate.CONDITION)
            .put("status", "True")
            .put("reason", Step.RenewCertificate.REASON)
            .put("message", Step.RenewCertificate.MESSAGE)
            .put("lastTransitionTime", marks.at().toString());
    JsonNode generation = current.path("metadata").path("generation");
    if (generation.isNumber()) {
      condition.put("observedGeneration", generation.asLong());
    }
    JsonNode status = current.path("status");
    if (!status.isObject()) {
      return List.of(
          JsonPatch.add("/status", F.objectNode().set("conditions", F.arrayNode().add(condition))));
    }
    JsonNode conditions = status.path("conditions");
    if (!conditions.isArray()) {
      return List.of(JsonPatch.add("/status/conditions", F.arrayNode().add(condition)));
    }
    for (int i = 0; i < conditions.size(); i++) {
      if (conditions.get(i).path("type").asString("").equals(Step.RenewCertificate.CONDITION)) {
        return List.of(
            JsonPatch.test("/status/conditions/" + i + "/type", Step.RenewCertificate.CONDITION),
            JsonPatch.replace("/status/conditions/" + i, condition));
      }
    }
    return List.of(JsonPatch.add("/status/conditions/-", condition));
  }

  private static List<ObjectNode> caBundle(Step.SetCaBundle b, JsonNode current) {
    String value = b64(pem(b.bundle()));
    String kind = current.path("kind").asString(b.target().kind());
    switch (kind) {
      case "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" -> {
        JsonNode hooks = current.path("webhooks");
        for (int i = 0; i < hooks.size(); i++) {
          if (hooks.get(i).path("name").asString("").equals(b.webhook())) {
            return List.of(
                JsonPatch.test("/webhooks/" + i + "/name", b.webhook()),
                JsonPatch.add("/webhooks/" + i + "/clientConfig/caBundle", value));
          }
        }
        throw new IllegalArgumentException(
            b.target().describe() + " no longer has webhook " + b.webhook());
      }
      case "CustomResourceDefinition" -> {
        JsonNode conv = current.path("spec").path("conversion");
        if (conv.path("webhook").path("clientConfig").isObject()) {
          return List.of(JsonPatch.add("/spec/conversion/webhook/clientConfig/caBundle", value));
        }
        if (conv.path("webhookClientConfig").isObject()) {
          return List.of(JsonPatch.add("/spec/conversion/webhookClientConfig/caBundle", value));
        }
        throw new IllegalArgumentException(
            b.target().describe() + " no longer has a conversion webhook");
      }
      case "APIService" -> {
        if (!current.path("spec").isObject()) {
          throw new IllegalArgumentException(b.target().describe() + " has no spec");
        }
        return List.of(JsonPatch.add("/spec/caBundle", value));
      }
      default -> throw new IllegalArgumentException("no caBundle in a " + kind);
    }
  }

  private static void ensure(List<ObjectNode> ops, JsonNode current, String path) {
    if (!current.path(path.substring(1)).isObject()) {
      ops.add(JsonPatch.add(path, F.objectNode()));
    }
  }

  static String pem(List<CertInfo> certs) {
    return PemWriter.certificates(certs.stream().map(CertInfo::certificate).toList());
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
