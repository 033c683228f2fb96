package io.certmedic.kube.manifest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Finds the fields of an object that carry certificates or keys: Secret and ConfigMap data,
 * kubeconfig {@code *-data}, webhook and conversion {@code caBundle}, APIService {@code
 * spec.caBundle}. Base64 is decoded here; what the bytes hold is for the core to judge.
 */
public final class CertFields {

  private CertFields() {}

  public static List<CertField> of(Document d) {
    JsonNode n = d.node();
    List<CertField> out = new ArrayList<>();
    switch (d.kind()) {
      case "Secret" -> {
        for (Map.Entry<String, JsonNode> e : n.path("data").properties()) {
          out.add(
              new CertField(
                  d, "data[" + e.getKey() + "]", base64(e.getValue()), meantForCerts(e.getKey())));
        }
        for (Map.Entry<String, JsonNode> e : n.path("stringData").properties()) {
          out.add(
              new CertField(
                  d,
                  "stringData[" + e.getKey() + "]",
                  text(e.getValue()),
                  meantForCerts(e.getKey())));
        }
      }
      case "ConfigMap" -> {
        for (Map.Entry<String, JsonNode> e : n.path("data").properties()) {
          out.add(
              new CertField(
                  d, "data[" + e.getKey() + "]", text(e.getValue()), meantForCerts(e.getKey())));
        }
        for (Map.Entry<String, JsonNode> e : n.path("binaryData").properties()) {
          out.add(
              new CertField(
                  d,
                  "binaryData[" + e.getKey() + "]",
                  base64(e.getValue()),
                  meantForCerts(e.getKey())));
        }
      }
      case "Config" -> {
        JsonNode clusters = n.path("clusters");
        for (int i = 0; i < clusters.size(); i++) {
          JsonNode c = clusters.get(i);
          addIfPresent(
              out,
              d,
              "clusters["
                  + c.path("name").asString(String.valueOf(i))
                  + "].certificate-authority-data",
              c.path("cluster").path("certificate-authority-data"));
        }
        JsonNode users = n.path("users");
        for (int i = 0; i < users.size(); i++) {
          JsonNode u = users.get(i);
          String name = u.path("name").asString(String.valueOf(i));
          addIfPresent(
              out,
              d,
              "users[" + name + "].client-certificate-data",
              u.path("user").path("client-certificate-data"));
          addIfPresent(
              out,
              d,
              "users[" + name + "].client-key-data",
              u.path("user").path("client-key-data"));
        }
      }
      case "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" -> {
        JsonNode hooks = n.path("webhooks");
        for (int i = 0; i < hooks.size(); i++) {
          JsonNode h = hooks.get(i);
          addIfPresent(
              out,
              d,
              "webhooks[" + h.path("name").asString(String.valueOf(i)) + "].clientConfig.caBundle",
              h.path("clientConfig").path("caBundle"));
        }
      }
      case "CustomResourceDefinition" -> {
        JsonNode conv = n.path("spec").path("conversion");
        addIfPresent(
            out,
            d,
            "spec.conversion.webhook.clientConfig.caBundle",
            conv.path("webhook").path("clientConfig").path("caBundle"));
        addIfPresent(
            out,
            d,
            "spec.conversion.webhookClientConfig.caBundle",
            conv.path("webhookClientConfig").path("caBundle"));
      }
      case "APIService" -> addIfPresent(out, d, "spec.caBundle", n.path("spec").path("caBundle"));
      default -> {}
    }
    return out;
  }

  /** Key names that say "certificates or keys live here". */
  public static boolean meantForCerts(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.endsWith(".crt")
        || k.endsWith(".pem")
        || k.endsWith(".key")
        || k.endsWith(".cer")
        || k.equals("ca")
        || k.equals("cert")
        || k.equals("key")
        || k.equals("cabundle")
        || k.equals("tls.crt")
        || k.equals("certificate")
        || k.endsWith("-data");
  }

  private static void addIfPresent(List<CertField> out, Document d, String path, JsonNode v) {
    if (v.isString() && !v.asString().isBlank()) {
      out.add(new CertField(d, path, base64(v), true));
    }
  }

  /** Decodes Kubernetes' base64 (standard alphabet, line breaks tolerated); null if invalid. */
  static byte[] base64(JsonNode v) {
    if (!v.isString()) {
      return null;
    }
    String s = v.asString();
    StringBuilder clean = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
        clean.append(c);
      }
    }
    try {
      return Base64.getDecoder().decode(clean.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] text(JsonNode v) {
    return v.isString() ? v.asString().getBytes(StandardCharsets.UTF_8) : null;
  }
}
