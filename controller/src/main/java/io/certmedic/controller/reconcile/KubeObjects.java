package io.certmedic.controller.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers over fabric8 objects the reconcilers share: copies, annotations, Secret data. */
final class KubeObjects {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private KubeObjects() {}

  /** A deep copy to change: objects from the view are shared with the caches. */
  static <T extends HasMetadata> T copy(T o) {
    T c = SERIALIZATION.clone(o);
    ObjectMeta m = c.getMetadata();
    if (m != null) {
      m.setManagedFields(null); // never written back: the API server owns them
    }
    return c;
  }

  static String annotation(HasMetadata o, String key) {
    Map<String, String> a = o.getMetadata() == null ? null : o.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
  }

  static String label(HasMetadata o, String key) {
    Map<String, String> l = o.getMetadata() == null ? null : o.getMetadata().getLabels();
    return l == null ? null : l.get(key);
  }

  static String namespace(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null ? "" : ns;
  }

  /** {@code Kind ns/name}, or {@code Kind name} when cluster-scoped. */
  static String describe(HasMetadata o) {
    String ns = namespace(o);
    return o.getKind() + " " + (ns.isEmpty() ? "" : ns + "/") + o.getMetadata().getName();
  }

  /** A Secret's data, base64-decoded; a value that is not base64 reads as empty bytes. */
  static Map<String, byte[]> data(Secret s) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> out.put(k, decode(v)));
    }
    if (s.getStringData() != null) {
      s.getStringData()
          .forEach(
              (k, v) -> out.put(k, v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  static byte[] decode(String base64) {
    if (base64 == null) {
      return new byte[0];
    }
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static Map<String, String> encode(Map<String, byte[]> data) {
    Map<String, String> out = new LinkedHashMap<>();
    data.forEach((k, v) -> out.put(k, encode(v)));
    return out;
  }

  static Map<String, String> mutableAnnotations(ObjectMeta m) {
    if (m.getAnnotations() == null) {
      m.setAnnotations(new LinkedHashMap<>());
    } else {
      m.setAnnotations(new LinkedHashMap<>(m.getAnnotations()));
    }
    return m.getAnnotations();
  }

  static Map<String, String> mutableLabels(ObjectMeta m) {
    if (m.getLabels() == null) {
      m.setLabels(new LinkedHashMap<>());
    } else {
      m.setLabels(new LinkedHashMap<>(m.getLabels()));
    }
    return m.getLabels();
  }
}
