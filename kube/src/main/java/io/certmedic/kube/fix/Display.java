package io.certmedic.kube.fix;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemContents;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.x509.CertFacts;
import io.certmedic.core.x509.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Objects as people read them in a plan: every certificate as one line (subject, names, notAfter),
 * every private key as its type only ({@code <new EC P-256 key>}), every other Secret value as its
 * length; never base64 walls, never key bytes. Also the clean manifests {@code -o yaml} and {@code
 * --out} write.
 */
public final class Display {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** For people: quotes only where YAML needs them. */
  private static final YAMLMapper VIEW =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .disable(YAMLWriteFeature.SPLIT_LINES)
          .build();

  /** For kubectl and repositories: every string quoted, so no value changes type when read back. */
  private static final YAMLMapper MANIFEST =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .disable(YAMLWriteFeature.SPLIT_LINES)
          .build();

  /** Metadata the API server owns: left out of manifests meant for a repository. */
  static final List<String> SERVER_METADATA =
      List.of(
          "uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink");

  private Display() {}

  /** The object as YAML lines for a diff, with certificate and key fields summarised. */
  public static List<String> lines(JsonNode object, Set<String> newKeyFields) {
    return List.of(VIEW.writeValueAsString(summarised(object, newKeyFields)).split("\n"));
  }

  /** A manifest for a repository or {@code kubectl apply}: no server-owned metadata, no status. */
  public static String manifest(JsonNode object) {
    ObjectNode o = (ObjectNode) object.deepCopy();
    o.remove("status");
    if (o.path("metadata") instanceof ObjectNode m) {
      SERVER_METADATA.forEach(m::remove);
    }
    return MANIFEST.writeValueAsString(o);
  }

  static JsonNode summarised(JsonNode object, Set<String> newKeyFields) {
    ObjectNode o = (ObjectNode) object.deepCopy();
    if (o.path("metadata") instanceof ObjectNode m) {
      m.remove("managedFields");
    }
    String kind = o.path("kind").asString("");
    if ("Secret".equals(kind)) {
      for (String section : List.of("data", "stringData")) {
        if (o.path(section) instanceof ObjectNode d) {
          for (Map.Entry<String, JsonNode> e : new ArrayList<>(d.properties())) {
            byte[] bytes =
                section.equals("data")
                    ? decode(e.getValue())
                    : e.getValue().asString("").getBytes(StandardCharsets.UTF_8);
            d.set(e.getKey(), secretValue(bytes, newKeyFields.contains(e.getKey())));
          }
        }
      }
    } else if ("ConfigMap".equals(kind)) {
      if (o.path("data") instanceof ObjectNode d) {
        for (Map.Entry<String, JsonNode> e : new ArrayList<>(d.properties())) {
          certs(e.getValue().asString("").getBytes(StandardCharsets.UTF_8))
              .ifPresent(c -> d.set(e.getKey(), c));
        }
      }
      if (o.path("binaryData") instanceof ObjectNode d) {
        for (Map.Entry<String, JsonNode> e : new ArrayList<>(d.properties())) {
          d.set(
              e.getKey(),
              certs(decode(e.getValue()))
                  .orElse(F.stringNode("<" + decode(e.getValue()).length + " bytes>")));
        }
      }
    }
    for (JsonNode w : o.path("webhooks")) {
      bundle(w.path("clientConfig"));
    }
    bundle(o.path("spec").path("conversion").path("webhook").path("clientConfig"));
    bundle(o.path("spec").path("conversion").path("webhookClientConfig"));
    if ("APIService".equals(kind)) {
      bundle(o.path("spec"));
    }
    return o;
  }

  private static void bundle(JsonNode holder) {
    if (holder instanceof ObjectNode h && h.path("caBundle").isString()) {
      byte[] b = decode(h.path("caBundle"));
      h.set("caBundle", certs(b).orElse(F.stringNode("<" + b.length + " bytes, no certificate>")));
    }
  }

  private static JsonNode secretValue(byte[] bytes, boolean newKey) {
    if (bytes.length == 0) {
      return F.stringNode("");
    }
    try {
      PemContents c = PemReader.read(bytes, "value");
      if (!c.certificates().isEmpty()) {
        return certList(c.certificates());
      }
      if (!c.keys().isEmpty()) {
        String type = KeyFacts.describe(c.keys().get(0));
        return F.stringNode(newKey ? "<new " + type + " key>" : "<" + type + " private key>");
      }
      if (!c.publicKeys().isEmpty()) {
        return F.stringNode("<public-key stand-in for a private key>");
      }
    } catch (CertParseException | RuntimeException e) {
      // not PEM: shown as its length only
    }
    return F.stringNode("<" + bytes.length + " bytes>");
  }

  private static java.util.Optional<JsonNode> certs(byte[] bytes) {
    if (bytes.length == 0) {
      return java.util.Optional.empty();
    }
    try {
      List<X509Certificate> certs = PemReader.read(bytes, "value").certificates();
      return certs.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(certList(certs));
    } catch (CertParseException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  private static ArrayNode certList(List<X509Certificate> certs) {
    ArrayNode a = F.arrayNode();
    for (X509Certificate x : certs) {
      a.add(summary(CertFacts.of(x)));
    }
    return a;
  }

  /** {@code <cert CN=x, SANs [a, b], notAfter 2027-01-01T00:00:00Z, sha256 0123…>}. */
  public static String summary(CertFacts f) {
    List<String> names = new ArrayList<>(f.dnsNames());
    names.addAll(f.ipAddresses());
    return "<"
        + (f.ca() ? "CA " : "cert ")
        + f.subject()
        + (names.isEmpty() ? "" : ", SANs [" + String.join(", ", names) + "]")
        + ", notAfter "
        + f.notAfter()
        + ", sha256 "
        + f.sha256().substring(0, 16)
        + ">";
  }

  private static byte[] decode(JsonNode v) {
    try {
      return Base64.getMimeDecoder().decode(v.asString(""));
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
