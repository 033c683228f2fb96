package io.certmedic.cli;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemContents;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.Pkcs12Reader;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.x509.CertFacts;
import io.certmedic.core.x509.KeyFacts;
import io.certmedic.kube.manifest.CertField;
import io.certmedic.kube.manifest.CertFields;
import io.certmedic.kube.manifest.Document;
import io.certmedic.kube.manifest.ManifestReader;
import io.certmedic.kube.manifest.ManifestSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code certmedic inspect}: what certificates and keys an input holds, in human terms. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    header = "Shows the certificates and keys a file holds.",
    description = {
      "Shows the certificates and keys in PEM, DER, PKCS#12 (--password), a bundle, a",
      "kubeconfig, a Secret or ConfigMap (YAML/JSON), webhook configurations or a",
      "kubectl List: who each certificate is for, who signed it, its names, validity",
      "in words, key and fingerprint. Private keys are shown only as their type and the",
      "certificate they match, never their bytes."
    },
    footer = {
      "",
      "Examples:",
      "  certmedic inspect tls.crt",
      "  certmedic inspect out/tls.crt out/tls.key   # does the key match the cert?",
      "  kubectl get secret -n ns webhook-tls -o yaml | certmedic inspect -",
      "  certmedic inspect ~/.kube/config -o json",
      "  certmedic inspect bundle.pem --at 2027-01-01T00:00:00Z",
      "  certmedic inspect keystore.p12 --password changeit",
      "",
      "Exit codes: 0 all is well, 1 a problem was found (expired, key mismatch,",
      "unreadable field), 2 the input could not be read."
    })
final class InspectCommand implements Callable<Integer> {

  /** Largest file inspect reads whole: 64 MiB (a cluster dump belongs to 'doctor'). */
  static final long MAX_INPUT_BYTES = 64L * 1024 * 1024;

  private static final Pattern MANIFEST_HINT =
      Pattern.compile("(?m)^\\s*\"?(kind|apiVersion)\"?\\s*:");

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to read; '-' reads stdin.")
  List<String> files;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "Output format: " + OutputFormat.NAMES + " (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description = "Password of a PKCS#12 (.p12, .pfx) input (default: empty).")
  String password = "";

  @Mixin AtFlag at = new AtFlag();

  @Spec CommandSpec spec;

  /** One input object (or file) and its certificate-bearing fields. */
  private record Group(String source, Document owner, List<Entry> entries) {}

  /** One field: what it held, or why it could not be read. */
  private static final class Entry {
    final String field;
    final List<X509Certificate> certs = new ArrayList<>();
    final List<PrivateKeyEntry> keys = new ArrayList<>();
    final List<String> keyMatches = new ArrayList<>();
    String error;

    Entry(String field) {
      this.field = field;
    }
  }

  @Override
  public Integer call() {
    OutputFormat format = OutputFormat.parse(output);
    Instant when = at.orElse(Instant.now());
    List<Group> groups = new ArrayList<>();
    for (String f : files) {
      groups.addAll(read(f));
    }
    matchKeys(groups);
    List<String> problems = problems(groups, when);
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.JSON) {
      Json.write(json(groups, problems, when), out);
    } else if (format == OutputFormat.YAML) {
      out.print(Renderers.yamlOf(json(groups, problems, when)));
      out.flush();
    } else {
      text(groups, problems, when, out);
    }
    return problems.isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS;
  }

  private List<Group> read(String file) {
    byte[] data = InputFiles.readAll(file, MAX_INPUT_BYTES);
    String source = "-".equals(file) ? "stdin" : file;
    if (looksLikeManifest(data)) {
      List<Group> groups = new ArrayList<>();
      try {
        ManifestReader.read(
            new ByteArrayInputStream(data),
            source,
            new ManifestSink() {
              @Override
              public void document(Document d) {
                List<CertField> fields = CertFields.of(d);
                List<Entry> entries = new ArrayList<>();
                for (CertField f : fields) {
                  Entry e = entry(f);
                  if (e != null) {
                    entries.add(e);
                  }
                }
                if (!entries.isEmpty()) {
                  groups.add(new Group(source, d, entries));
                }
              }

              @Override
              public void unreadable(String where, String problem) {
                Entry e = new Entry(where);
                e.error = where + " " + problem;
                groups.add(new Group(source, null, List.of(e)));
              }
            });
      } catch (IOException e) {
        throw new UserException(source + ": cannot read: " + e.getMessage());
      }
      if (groups.isEmpty()) {
        throw new UserException(
            source
                + ": no certificates or keys found in its objects (looked at Secrets, ConfigMaps, kubeconfigs, webhook and conversion caBundles, APIServices)");
      }
      return groups;
    }
    try {
      PemContents c =
          Pkcs12Reader.looksLikePkcs12(data)
              ? Pkcs12Reader.read(data, password.toCharArray(), source + " (PKCS#12)")
              : PemReader.read(data, source);
      Entry e = new Entry(source);
      e.certs.addAll(c.certificates());
      e.keys.addAll(c.keys());
      if (e.certs.isEmpty() && e.keys.isEmpty()) {
        throw new UserException(
            source
                + ": holds no certificate or private key (found "
                + String.join(", ", c.otherBlocks())
                + ")");
      }
      return List.of(new Group(source, null, List.of(e)));
    } catch (CertParseException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** Reads one field; null for a field that is not certificate material and not meant to be. */
  private static Entry entry(CertField f) {
    Entry e = new Entry(f.path());
    if (f.bytes() == null) {
      if (!f.meantForCerts()) {
        return null;
      }
      e.error = f.describe() + " is not valid base64";
      return e;
    }
    try {
      PemContents c = PemReader.read(f.bytes(), f.describe());
      if (c.certificates().isEmpty() && c.keys().isEmpty()) {
        return null;
      }
      e.certs.addAll(c.certificates());
      e.keys.addAll(c.keys());
      return e;
    } catch (CertParseException ex) {
      if (!f.meantForCerts()
          || ex.problem() == CertParseException.Problem.EMPTY && !f.path().contains("caBundle")) {
        return null;
      }
      e.error = ex.getMessage();
      return e;
    }
  }

  static boolean looksLikeManifest(byte[] data) {
    int n = Math.min(data.length, 1 << 20);
    String head = new String(data, 0, n, StandardCharsets.ISO_8859_1);
    String trimmed = head.stripLeading();
    if (trimmed.startsWith("-----BEGIN") || (data.length > 0 && (data[0] & 0xff) == 0x30)) {
      return false;
    }
    return trimmed.startsWith("{") || trimmed.startsWith("[") || MANIFEST_HINT.matcher(head).find();
  }

  /** Pairs every key with a certificate: first in its own object or file, then in the others. */
  private static void matchKeys(List<Group> groups) {
    for (Group g : groups) {
      for (Entry e : g.entries()) {
        for (PrivateKeyEntry k : e.keys) {
          String match = findMatch(k, g.entries(), null);
          if (match == null) {
            for (Group other : groups) {
              if (other != g
                  && (match =
                          findMatch(
                              k, other.entries(), other.owner() == null ? other.source() : null))
                      != null) {
                break;
              }
            }
          }
          e.keyMatches.add(match);
        }
      }
    }
  }

  private static String findMatch(PrivateKeyEntry k, List<Entry> entries, String label) {
    for (Entry e : entries) {
      for (int i = 0; i < e.certs.size(); i++) {
        if (KeyFacts.matches(e.certs.get(i), k)) {
          String name = label != null ? label : e.field;
          return e.certs.size() == 1 ? name : name + " (certificate " + (i + 1) + ")";
        }
      }
    }
    return null;
  }

  private static boolean anyCertificates(List<Group> groups) {
    return groups.stream().flatMap(g -> g.entries().stream()).anyMatch(e -> !e.certs.isEmpty());
  }

  private static List<String> problems(List<Group> groups, Instant when) {
    List<String> problems = new ArrayList<>();
    boolean certsSeen = anyCertificates(groups);
    for (Group g : groups) {
      String prefix = g.owner() == null ? "" : g.owner().describe() + " ";
      for (Entry e : g.entries()) {
        if (e.error != null) {
          problems.add(e.error);
        }
        if (e.certs.size() > 1 && e.certs.stream().anyMatch(c -> c.getBasicConstraints() < 0)) {
          // a served chain (not a bundle of CAs): leaf first, each followed by its issuer
          problems.addAll(
              io.certmedic.core.verify.ChainOrder.of(e.certs, prefix + e.field).problems());
        }
        for (int i = 0; i < e.certs.size(); i++) {
          CertFacts f = CertFacts.of(e.certs.get(i));
          String which = prefix + e.field + (e.certs.size() > 1 ? " certificate " + (i + 1) : "");
          String status = CertView.status(f, when);
          if (!status.equals("valid")) {
            problems.add(
                which
                    + " ("
                    + f.subject()
                    + ") "
                    + io.certmedic.core.text.HumanTime.validity(f.notBefore(), f.notAfter(), when));
          }
          if (!f.ca() && !f.hasSanExtension()) {
            problems.add(
                which
                    + " ("
                    + f.subject()
                    + ") has no SAN extension: Go and the API server ignore the Common Name and reject it");
          }
        }
        for (int i = 0; i < e.keys.size(); i++) {
          if (e.keys.get(i).isEncrypted()) {
            continue;
          }
          if (e.keyMatches.get(i) == null && certsSeen) {
            problems.add(prefix + e.field + ": the private key matches no certificate given");
          }
        }
      }
    }
    return problems;
  }

  private static String position(CertFacts f) {
    if (f.ca()) {
      return f.selfIssued() ? "root CA" : "intermediate CA";
    }
    return f.selfIssued() ? "self-signed leaf" : "leaf";
  }

  private static Map<String, Object> json(List<Group> groups, List<String> problems, Instant when) {
    List<Object> inputs = new ArrayList<>();
    for (Group g : groups) {
      Map<String, Object> gm = new LinkedHashMap<>();
      gm.put("source", g.source());
      if (g.owner() != null) {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("kind", g.owner().kind());
        if (!g.owner().namespace().isEmpty()) {
          obj.put("namespace", g.owner().namespace());
        }
        obj.put("name", g.owner().name());
        gm.put("object", obj);
      }
      List<Object> fields = new ArrayList<>();
      for (Entry e : g.entries()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("field", e.field);
        List<Object> certs = new ArrayList<>();
        for (X509Certificate c : e.certs) {
          CertFacts f = CertFacts.of(c);
          Map<String, Object> cm = new LinkedHashMap<>();
          cm.put("position", position(f));
          cm.putAll(CertView.json(f, when));
          certs.add(cm);
        }
        fm.put("certificates", certs);
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < e.keys.size(); i++) {
          Map<String, Object> km = new LinkedHashMap<>();
          km.put("key", KeyFacts.describe(e.keys.get(i)));
          km.put("format", e.keys.get(i).format().label());
          km.put("matches", e.keyMatches.get(i));
          keys.add(km);
        }
        fm.put("keys", keys);
        if (e.error != null) {
          fm.put("error", e.error);
        }
        fields.add(fm);
      }
      gm.put("fields", fields);
      inputs.add(gm);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("at", CertView.rfc3339(when));
    root.put("inputs", inputs);
    root.put("problems", problems);
    return root;
  }

  private static void text(
      List<Group> groups, List<String> problems, Instant when, PrintWriter out) {
    boolean first = true;
    for (Group g : groups) {
      if (!first) {
        out.println();
      }
      first = false;
      out.println(g.owner() == null ? g.source() : g.owner().describe() + "  (" + g.source() + ")");
      for (Entry e : g.entries()) {
        String indent = g.owner() == null ? "  " : "    ";
        if (g.owner() != null) {
          out.println("  " + e.field + ":");
        }
        if (e.error != null) {
          out.println(indent + "cannot read: " + e.error);
        }
        for (int i = 0; i < e.certs.size(); i++) {
          CertFacts f = CertFacts.of(e.certs.get(i));
          out.println(
              indent + "certificate " + (i + 1) + " of " + e.certs.size() + ": " + position(f));
          for (String line : CertView.text(f, when)) {
            out.println(indent + "  " + line);
          }
        }
        for (int i = 0; i < e.keys.size(); i++) {
          PrivateKeyEntry k = e.keys.get(i);
          String match = e.keyMatches.get(i);
          out.println(
              indent
                  + "private key: "
                  + KeyFacts.describe(k)
                  + " ("
                  + k.format().label()
                  + ")"
                  + (k.isEncrypted()
                      ? ""
                      : match != null ? ", matches " + match : ", matches no certificate given"));
        }
      }
    }
    if (!problems.isEmpty()) {
      out.println();
      out.println(problems.size() == 1 ? "1 problem:" : problems.size() + " problems:");
      for (String p : problems) {
        out.println("  - " + p);
      }
    }
    out.flush();
  }
}
