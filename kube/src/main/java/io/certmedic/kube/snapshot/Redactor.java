package io.certmedic.kube.snapshot;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemContents;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.snapshot.DataChange;
import io.certmedic.core.x509.KeyFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Makes an object safe to attach to a bug report while the doctor still reads it the same way.
 *
 * <ul>
 *   <li>Every private key, found by content (PEM {@code PRIVATE KEY} blocks of any flavour: PKCS#1,
 *       SEC1, PKCS#8, OpenSSH; DER keys; PEM wrapped once more in base64 as kubeconfigs embed it),
 *       in any Secret or ConfigMap value and any other string field, is replaced by its public key
 *       as a {@code PUBLIC KEY} PEM, so {@code CERT_KEY_MISMATCH} still works offline. Keys no
 *       public key can be derived from (encrypted, unreadable) become a {@link #NOTE} line. Secrets
 *       and ConfigMaps name the keys so changed in the {@link #REDACTED_KEYS} annotation.
 *   <li>Helm release Secrets ({@code helm.sh/release.v1}) hold whole releases, values included,
 *       gzipped where no scan can see: their data becomes a placeholder.
 *   <li>{@code kubectl.kubernetes.io/last-applied-configuration} (a Secret's copy holds its data)
 *       and {@code managedFields} are dropped, except, on a Secret or ConfigMap that holds a
 *       certificate, one entry that keeps when its data last changed ({@link
 *       #DATA_CHANGE_MANAGER}): the doctor compares it with when the pods that mount it started.
 * </ul>
 *
 * One instance counts what it changed, for the summary line.
 */
public final class Redactor {

  /** Annotation naming the data keys whose private keys were replaced (comma-separated). */
  public static final String REDACTED_KEYS = "certmedic.io/redacted-keys";

  /** Annotation on a Helm release Secret whose data was replaced. */
  public static final String REDACTED_HELM_RELEASE = "certmedic.io/redacted-helm-release";

  /** Annotation naming the other fields (env values, annotations) that held private keys. */
  public static final String REDACTED_FIELDS = "certmedic.io/redacted-fields";

  /** How a removed key that has no public stand-in starts; {@link FieldParser} reads it back. */
  public static final String NOTE = "# certmedic redacted: ";

  /** The manager named by the one managedFields entry a snapshot keeps: the data's change time. */
  public static final String DATA_CHANGE_MANAGER = "certmedic-snapshot";

  private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

  static final String ENCRYPTED_NOTE = NOTE + "encrypted private key";
  static final String UNREADABLE_NOTE = NOTE + "unreadable private key: ";
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  static final String HELM_RELEASE_TYPE = "helm.sh/release.v1";

  private static final Pattern KEY_BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----.*?-----END \\1-----(\\r?\\n)?", Pattern.DOTALL);

  /** Base64 of "-----BEGIN": PEM wrapped once more in base64 (kubeconfig client-key-data). */
  private static final String B64_BEGIN = "LS0tLS1CRUdJTi";

  private static final Pattern B64_RUN = Pattern.compile(B64_BEGIN + "[A-Za-z0-9+/=\\r\\n]*");

  private int keysReplaced;
  private int keysRemoved;
  private int helmReleases;
  private int lastApplied;

  /** Redacts {@code o} in place and returns it. */
  public ObjectNode redact(ObjectNode o) {
    String kind = o.path("kind").asString("");
    JsonNode meta = o.path("metadata");
    if (meta instanceof ObjectNode m) {
      JsonNode managed = m.remove("managedFields");
      if (managed != null && managed.isArray() && holdsCertificate(o, kind)) {
        keepDataChange(m, ManagedFields.fromEntries(managed));
      }
      if (m.path("annotations") instanceof ObjectNode a && a.remove(LAST_APPLIED) != null) {
        lastApplied++;
      }
    }
    Set<String> keys = new LinkedHashSet<>();
    Set<String> fields = new LinkedHashSet<>();
    if ("Secret".equals(kind) && HELM_RELEASE_TYPE.equals(o.path("type").asString(""))) {
      ObjectNode data = o.putObject("data");
      data.put(
          "release",
          b64(
              "certmedic redacted: this Helm release (chart, values, rendered manifests) was removed;"
                  + " it is not needed to diagnose TLS and its values may hold secrets\n"));
      annotations(o).put(REDACTED_HELM_RELEASE, "data replaced by a placeholder");
      helmReleases++;
    } else if ("Secret".equals(kind)) {
      base64Values(o.path("data"), keys);
      textValues(o.path("stringData"), keys);
    } else if ("ConfigMap".equals(kind)) {
      textValues(o.path("data"), keys);
      base64Values(o.path("binaryData"), keys);
    }
    for (Map.Entry<String, JsonNode> e : new ArrayList<>(o.properties())) {
      boolean values =
          ("Secret".equals(kind) || "ConfigMap".equals(kind))
              && List.of("data", "stringData", "binaryData").contains(e.getKey());
      if (!values) {
        walk(o, e.getKey(), e.getValue(), e.getKey(), fields);
      }
    }
    if (!keys.isEmpty()) {
      mergeList(annotations(o), REDACTED_KEYS, keys);
    }
    if (!fields.isEmpty()) {
      mergeList(annotations(o), REDACTED_FIELDS, fields);
    }
    return o;
  }

  /** True for a Secret or ConfigMap one of whose values holds a PEM certificate. */
  private static boolean holdsCertificate(ObjectNode o, String kind) {
    if ("Secret".equals(kind)) {
      return anyValue(o.path("data"), true) || anyValue(o.path("stringData"), false);
    }
    if ("ConfigMap".equals(kind)) {
      return anyValue(o.path("data"), false) || anyValue(o.path("binaryData"), true);
    }
    return false;
  }

  private static boolean anyValue(JsonNode values, boolean base64) {
    for (Map.Entry<String, JsonNode> e : values.properties()) {
      if (base64) {
        byte[] raw = decode(e.getValue());
        if (raw != null && new String(raw, StandardCharsets.ISO_8859_1).contains(PEM_CERTIFICATE)) {
          return true;
        }
      } else if (e.getValue().isString() && e.getValue().asString().contains(PEM_CERTIFICATE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Puts back one managedFields entry saying when the data last changed (none when no entry touched
   * it: an empty list still says the input had managedFields).
   */
  private static void keepDataChange(ObjectNode meta, DataChange change) {
    ArrayNode kept = meta.putArray("managedFields");
    if (change.at() != null) {
      ObjectNode e = kept.addObject();
      e.put("manager", DATA_CHANGE_MANAGER);
      e.put("operation", "Update");
      e.put("time", change.at().toString());
      e.put("fieldsType", "FieldsV1");
      e.putObject("fieldsV1").putObject("f:data");
    }
  }

  /** "12 private keys replaced by their public keys, ...", or "" when nothing was changed. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    if (keysReplaced > 0) {
      parts.add(
          keysReplaced
              + " private key"
              + (keysReplaced == 1 ? "" : "s")
              + " replaced by "
              + (keysReplaced == 1 ? "its public key" : "their public keys"));
    }
    if (keysRemoved > 0) {
      parts.add(
          keysRemoved
              + " private key"
              + (keysRemoved == 1 ? "" : "s")
              + " without a derivable public key removed");
    }
    if (helmReleases > 0) {
      parts.add(
          helmReleases + " Helm release Secret" + (helmReleases == 1 ? "" : "s") + " emptied");
    }
    if (lastApplied > 0) {
      parts.add(
          lastApplied
              + " last-applied-configuration annotation"
              + (lastApplied == 1 ? "" : "s")
              + " dropped");
    }
    return String.join(", ", parts);
  }

  private void base64Values(JsonNode values, Set<String> keys) {
    if (!(values instanceof ObjectNode obj)) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : new ArrayList<>(obj.properties())) {
      byte[] raw = decode(e.getValue());
      if (raw == null) {
        continue;
      }
      byte[] red = redactBytes(raw);
      if (red != null) {
        obj.put(e.getKey(), Base64.getEncoder().encodeToString(red));
        keys.add(e.getKey());
      }
    }
  }

  private void textValues(JsonNode values, Set<String> keys) {
    if (!(values instanceof ObjectNode obj)) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : new ArrayList<>(obj.properties())) {
      if (e.getValue().isString()) {
        String red = redactText(e.getValue().asString());
        if (red != null) {
          obj.put(e.getKey(), red);
          keys.add(e.getKey());
        }
      }
    }
  }

  /** Redacts every string under {@code value}, which sits at {@code name} in {@code parent}. */
  private void walk(JsonNode parent, Object name, JsonNode value, String path, Set<String> fields) {
    if (value.isString()) {
      String s = value.asString();
      if (s.contains("PRIVATE KEY") || s.contains(B64_BEGIN)) {
        String red = redactText(s);
        if (red != null) {
          if (parent instanceof ObjectNode po) {
            po.set((String) name, StringNode.valueOf(red));
          } else if (parent instanceof ArrayNode pa) {
            pa.set((Integer) name, StringNode.valueOf(red));
          }
          fields.add(path);
        }
      }
    } else if (value instanceof ObjectNode obj) {
      for (Map.Entry<String, JsonNode> e : new ArrayList<>(obj.properties())) {
        walk(obj, e.getKey(), e.getValue(), path + "." + e.getKey(), fields);
      }
    } else if (value instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        walk(arr, i, arr.get(i), path + "[" + i + "]", fields);
      }
    }
  }

  /** The redacted bytes, or null when {@code b} holds no private key. */
  byte[] redactBytes(byte[] b) {
    if (b.length > 0 && (b[0] & 0xff) == 0x30) {
      try {
        PemContents c = PemReader.read(b, "value");
        if (!c.keys().isEmpty()) {
          return standIn(c.keys().get(0)).getBytes(StandardCharsets.US_ASCII);
        }
      } catch (CertParseException e) {
        // not DER we can read: fall through to the text scan, which finds PEM armour if any
      }
    }
    String red = redactText(new String(b, StandardCharsets.ISO_8859_1));
    return red == null ? null : red.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The redacted text, or null when {@code s} holds no private key. */
  String redactText(String s) {
    boolean changed = false;
    if (s.contains("PRIVATE KEY")) {
      Matcher m = KEY_BLOCK.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(standIn(m.group())));
        changed = true;
      }
      m.appendTail(out);
      s = out.toString();
      if (s.contains("PRIVATE KEY")) {
        // armour we could not match (truncated, mislabelled): drop the whole value, never guess
        keysRemoved++;
        return UNREADABLE_NOTE + "a value with a broken private key block was removed\n";
      }
    }
    if (s.contains(B64_BEGIN)) {
      Matcher m = B64_RUN.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        byte[] inner = decode(StringNode.valueOf(m.group()));
        String replaced = null;
        if (inner != null) {
          String innerText = new String(inner, StandardCharsets.ISO_8859_1);
          String red = innerText.contains("PRIVATE KEY") ? redactText(innerText) : null;
          replaced =
              red == null
                  ? null
                  : Base64.getEncoder().encodeToString(red.getBytes(StandardCharsets.ISO_8859_1));
        }
        m.appendReplacement(out, Matcher.quoteReplacement(replaced == null ? m.group() : replaced));
        changed |= replaced != null;
      }
      m.appendTail(out);
      s = out.toString();
    }
    return changed ? s : null;
  }

  /** The public key of one private key as PEM, or a note when none can be derived. */
  private String standIn(String pemBlock) {
    try {
      PemContents c = PemReader.read(pemBlock.getBytes(StandardCharsets.ISO_8859_1), "value");
      if (c.keys().isEmpty()) {
        keysRemoved++;
        return UNREADABLE_NOTE
            + "a "
            + (c.otherBlocks().isEmpty() ? "private key" : c.otherBlocks().get(0))
            + " block was removed\n";
      }
      return standIn(c.keys().get(0));
    } catch (CertParseException e) {
      keysRemoved++;
      return UNREADABLE_NOTE + e.getMessage() + "\n";
    }
  }

  private String standIn(PrivateKeyEntry key) {
    if (key.isEncrypted()) {
      keysRemoved++;
      return ENCRYPTED_NOTE + " (removed: no public key can be derived without its passphrase)\n";
    }
    SubjectPublicKeyInfo spki = KeyFacts.publicKey(key);
    if (spki == null) {
      keysRemoved++;
      return UNREADABLE_NOTE
          + "a "
          + KeyFacts.describe(key)
          + " whose public key cannot be derived was removed\n";
    }
    try {
      keysReplaced++;
      return "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki.getEncoded())
          + "\n-----END PUBLIC KEY-----\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a public key", e);
    }
  }

  private static ObjectNode annotations(ObjectNode o) {
    ObjectNode meta = o.path("metadata") instanceof ObjectNode m ? m : o.putObject("metadata");
    return meta.path("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
  }

  private static void mergeList(ObjectNode annotations, String name, Set<String> add) {
    Set<String> all = new LinkedHashSet<>();
    for (String s : annotations.path(name).asString("").split(",")) {
      if (!s.isBlank()) {
        all.add(s.trim());
      }
    }
    all.addAll(add);
    annotations.put(name, String.join(",", all));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] decode(JsonNode v) {
    if (!v.isString()) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(v.asString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
