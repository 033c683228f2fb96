package io.certmedic.controller.reconcile;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 6902 JSON Patch that sets annotations on an object and on its pod template, guarded by the
 * resourceVersion the object was read at: its first operation puts that resourceVersion back, and
 * the API server treats a resourceVersion in a patched object as a precondition, so the patch fails
 * with 409 when anyone changed the object since, as a whole-object update would. (A {@code test}
 * operation would guard as well, but answers 422, and fabric8's mock server drops the connection on
 * a failed test.) Writing with {@code patch} lets the controller's RBAC drop {@code update} on
 * workloads.
 *
 * <p>Example: {@code [{"op":"replace","path":"/metadata/resourceVersion","value":"41"},
 * {"op":"add","path":"/metadata/annotations/certmedic.io~1serving-cert-digest","value":"ab12"}]}.
 */
final class AnnotationPatch {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final List<Map<String, Object>> ops = new ArrayList<>();

  private AnnotationPatch(String resourceVersion) {
    ops.add(op("replace", "/metadata/resourceVersion", resourceVersion));
  }

  /** A patch of {@code read}, the object as it was read (it must carry its resourceVersion). */
  static AnnotationPatch of(HasMetadata read) {
    String rv = read.getMetadata() == null ? null : read.getMetadata().getResourceVersion();
    requireNonNull(rv, "a patch must be guarded by the resourceVersion it was read at");
    return new AnnotationPatch(rv);
  }

  /**
   * Sets {@code key} to {@code value} in the annotations of {@code meta}, found at {@code path}
   * ({@code /metadata} or {@code /spec/template/metadata}) in the object as read; {@code meta} null
   * when the object has none there.
   */
  AnnotationPatch set(String path, ObjectMeta meta, String key, String value) {
    if (meta == null) {
      ops.add(op("add", path, Map.of("annotations", Map.of(key, value))));
    } else if (meta.getAnnotations() == null) {
      ops.add(op("add", path + "/annotations", Map.of(key, value)));
    } else {
      // "add" on an existing member replaces it (RFC 6902 4.1)
      ops.add(op("add", path + "/annotations/" + escape(key), value));
    }
    return this;
  }

  /** The patch as JSON. */
  String json() {
    return JSON.asJson(ops);
  }

  /** A JSON Pointer token: {@code ~} and {@code /} escaped (RFC 6901 3). */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    m.put("value", value);
    return m;
  }
}
