package io.certmedic.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a synthetic {@code kubectl get -A -o json} dump (one List) for the doctor benchmark: TLS
 * Secrets with a distinct ECDSA P-256 key each, signed by a handful of CAs shared across
 * namespaces; ValidatingWebhookConfigurations (one webhook each) whose Service selects a Deployment
 * that mounts the webhook's Secret, with the signing CA as caBundle; and a sprinkle of the problems
 * the doctor finds: expired certificates, certificates for another Service name, an untrusted
 * caBundle, and a key that does not belong to the certificate.
 *
 * <p>Validity is fixed and clock-independent (healthy 2020..2120, expired 2020..2021), and where
 * the problems fall is decided by {@code --seed} alone, so findings are stable between runs. Keys
 * and signatures are random (they do not change what the doctor reports).
 *
 * <p>With {@code --ingresses N}, N networking.k8s.io/v1 Ingresses follow, each with one {@code
 * spec.tls} entry naming one of the Secrets no webhook uses, in its namespace, and a host its
 * certificate carries ({@code app-NNNNN.team-NNNN.svc}): the Ingress check's cost on top of the
 * same Secrets.
 *
 * <p>Usage: {@code SyntheticDump OUT.json [--secrets 50000] [--webhooks 5000] [--ingresses 0]
 * [--namespaces 500] [--cas 4] [--seed 42] [--problem-rate 0.005]}. A summary of what was written
 * goes to stdout.
 */
public final class SyntheticDump {

  /** What a Secret (and its webhook, if it backs one) was made to have wrong. */
  enum Problem {
    NONE,
    EXPIRED,
    WRONG_SAN,
    UNTRUSTED_CA_BUNDLE,
    KEY_MISMATCH
  }

  static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
  static final Instant HEALTHY_NOT_AFTER = Instant.parse("2120-01-01T00:00:00Z");
  static final Instant EXPIRED_NOT_AFTER = Instant.parse("2021-01-01T00:00:00Z");
  static final Instant CA_NOT_BEFORE = Instant.parse("2019-01-01T00:00:00Z");
  static final Instant CA_NOT_AFTER = Instant.parse("2121-01-01T00:00:00Z");
  static final String CREATED = "2024-05-01T12:00:00Z";

  private static final ASN1ObjectIdentifier P256_OID = SECObjectIdentifiers.secp256r1;
  private static final X9ECParameters P256 = ECNamedCurveTable.getByOID(P256_OID);
  private static final ECNamedDomainParameters DOMAIN = new ECNamedDomainParameters(P256_OID, P256);
  private static final AlgorithmIdentifier SIG_ALG =
      new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
  private static final AlgorithmIdentifier DIG_ALG =
      new DefaultDigestAlgorithmIdentifierFinder().find(SIG_ALG);

  /** Options, with the benchmark's defaults. */
  record Options(
      Path out,
      int secrets,
      int webhooks,
      int ingresses,
      int namespaces,
      int cas,
      long seed,
      double problemRate) {
    static Options parse(String[] args) {
      if (args.length == 0 || args[0].startsWith("-")) {
        throw new IllegalArgumentException(
            "usage: SyntheticDump OUT.json [--secrets N] [--webhooks N] [--ingresses N] [--namespaces N] [--cas N] [--seed N] [--problem-rate P]");
      }
      Path out = Path.of(args[0]);
      int secrets = 50_000;
      int webhooks = 5_000;
      int ingresses = 0;
      int namespaces = 500;
      int cas = 4;
      long seed = 42;
      double rate = 0.005;
      for (int i = 1; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String v = args[i + 1];
        switch (args[i]) {
          case "--secrets" -> secrets = Integer.parseInt(v);
          case "--webhooks" -> webhooks = Integer.parseInt(v);
          case "--ingresses" -> ingresses = Integer.parseInt(v);
          case "--namespaces" -> namespaces = Integer.parseInt(v);
          case "--cas" -> cas = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--problem-rate" -> rate = Double.parseDouble(v);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (webhooks > secrets) {
        throw new IllegalArgumentException(
            "--webhooks must not exceed --secrets: each webhook serves one of the Secrets");
      }
      if (ingresses > secrets - webhooks) {
        throw new IllegalArgumentException(
            "--ingresses must not exceed --secrets minus --webhooks: each Ingress names a Secret"
                + " no webhook uses");
      }
      return new Options(
          out,
          secrets,
          webhooks,
          ingresses,
          Math.max(1, Math.min(namespaces, secrets)),
          Math.max(1, cas),
          seed,
          rate);
    }
  }

  /** A CA: its certificate (PEM) and signing key. */
  record Ca(String name, X500Name subject, byte[] skid, ECPrivateKeyParameters key, String pem) {}

  /** One generated Secret, ready to write; {@code webhook} is -1 when no webhook uses it. */
  record Item(
      int index,
      String namespace,
      String service,
      String secret,
      int webhook,
      Problem problem,
      String tlsCrt,
      String tlsKey,
      String caCrt,
      String caBundle) {}

  private final Options o;
  private final List<Ca> cas = new ArrayList<>();
  private final Ca rogue;
  private final Problem[] problems;
  private final int[] counts = new int[Problem.values().length];

  SyntheticDump(Options o) {
    this.o = o;
    SecureRandom caRandom = seeded(o.seed() ^ 0x5eed_ca5eL);
    for (int i = 0; i < o.cas(); i++) {
      cas.add(newCa("certmedic-bench-ca-" + i, caRandom));
    }
    rogue = newCa("certmedic-bench-rogue-ca", caRandom);
    problems = new Problem[o.secrets()];
    SplittableRandom r = new SplittableRandom(o.seed());
    for (int i = 0; i < o.secrets(); i++) {
      double x = r.nextDouble();
      double p = o.problemRate();
      Problem pr;
      if (isWebhookSecret(i)) {
        pr =
            x < p
                ? Problem.EXPIRED
                : x < 2 * p
                    ? Problem.WRONG_SAN
                    : x < 3 * p
                        ? Problem.UNTRUSTED_CA_BUNDLE
                        : x < 4 * p ? Problem.KEY_MISMATCH : Problem.NONE;
      } else {
        pr = x < p ? Problem.EXPIRED : x < 2 * p ? Problem.KEY_MISMATCH : Problem.NONE;
      }
      problems[i] = pr;
      counts[pr.ordinal()]++;
    }
  }

  public static void main(String[] args) throws IOException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    SyntheticDump d = new SyntheticDump(o);
    Path tmp = o.out().resolveSibling(o.out().getFileName() + ".part");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      d.write(out);
    }
    Files.move(tmp, o.out(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(
        Locale.ROOT,
        "wrote %s: %d TLS Secrets, %d webhooks (+ Services, Deployments), %d Ingresses, %d CAs,"
            + " %d bytes, in %.1f s%n",
        o.out(),
        o.secrets(),
        o.webhooks(),
        o.ingresses(),
        o.cas(),
        Files.size(o.out()),
        (System.nanoTime() - t0) / 1e9);
    System.out.println("problems: " + d.summary());
  }

  String summary() {
    StringBuilder sb = new StringBuilder();
    for (Problem p : Problem.values()) {
      if (p != Problem.NONE) {
        sb.append(sb.length() == 0 ? "" : ", ")
            .append(p.name().toLowerCase(Locale.ROOT))
            .append('=')
            .append(counts[p.ordinal()]);
      }
    }
    return sb.toString();
  }

  /** Every {@code secrets/webhooks}-th Secret backs a webhook. */
  boolean isWebhookSecret(int i) {
    return webhookOf(i) >= 0;
  }

  int webhookOf(int i) {
    if (o.webhooks() == 0) {
      return -1;
    }
    int stride = o.secrets() / o.webhooks();
    return i % stride == 0 && i / stride < o.webhooks() ? i / stride : -1;
  }

  /**
   * The Secrets the Ingresses name, in index order: {@code ingresses} of those no webhook uses,
   * spread evenly over the Secrets.
   */
  IntStream ingressSecrets() {
    if (o.ingresses() == 0) {
      return IntStream.empty();
    }
    int[] free = IntStream.range(0, o.secrets()).filter(i -> !isWebhookSecret(i)).toArray();
    long stride = free.length / o.ingresses();
    return IntStream.range(0, o.ingresses()).map(k -> free[(int) (k * stride)]);
  }

  String namespaceOf(int i) {
    int perNs = (o.secrets() + o.namespaces() - 1) / o.namespaces();
    return String.format(Locale.ROOT, "team-%04d", i / perNs);
  }

  void write(OutputStream os) {
    JsonMapper mapper = JsonMapper.builder().build();
    try (JsonGenerator g = mapper.createGenerator(os)) {
      g.writeStartObject();
      g.writeStringProperty("apiVersion", "v1");
      g.writeArrayPropertyStart("items");
      int chunk = 1024;
      List<Item> webhookItems = new ArrayList<>(o.webhooks());
      for (int from = 0; from < o.secrets(); from += chunk) {
        int to = Math.min(o.secrets(), from + chunk);
        // Generated in parallel, written in index order: the output does not depend on threads.
        List<Item> items = IntStream.range(from, to).parallel().mapToObj(this::item).toList();
        for (Item it : items) {
          writeSecret(g, it);
          if (it.webhook() >= 0) {
            webhookItems.add(it);
          }
        }
      }
      for (Item it : webhookItems) {
        writeService(g, it);
      }
      for (Item it : webhookItems) {
        writeDeployment(g, it);
      }
      for (Item it : webhookItems) {
        writeWebhook(g, it);
      }
      ingressSecrets().forEach(i -> writeIngress(g, i));
      g.writeEndArray();
      g.writeStringProperty("kind", "List");
      g.writeObjectPropertyStart("metadata");
      g.writeStringProperty("resourceVersion", "");
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  Item item(int i) {
    SecureRandom rnd = seeded(o.seed() * 1_000_003L + i);
    Problem p = problems[i];
    String ns = namespaceOf(i);
    int hook = webhookOf(i);
    String service =
        hook >= 0
            ? String.format(Locale.ROOT, "hook-%05d", hook)
            : String.format(Locale.ROOT, "app-%05d", i);
    Ca ca = cas.get(Math.floorMod(ns.hashCode(), cas.size()));
    AsymmetricCipherKeyPair kp = newKey(rnd);
    String certService = p == Problem.WRONG_SAN ? service + "-old" : service;
    String leaf =
        leaf(
            ca,
            certService,
            ns,
            (ECPublicKeyParameters) kp.getPublic(),
            p == Problem.EXPIRED ? EXPIRED_NOT_AFTER : HEALTHY_NOT_AFTER,
            rnd);
    ECPrivateKeyParameters key =
        (ECPrivateKeyParameters)
            (p == Problem.KEY_MISMATCH ? newKey(rnd).getPrivate() : kp.getPrivate());
    String keyPem;
    try {
      keyPem = pem("PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String bundle = hook < 0 ? null : (p == Problem.UNTRUSTED_CA_BUNDLE ? rogue : ca).pem();
    return new Item(
        i,
        ns,
        service,
        service + "-tls",
        hook,
        p,
        b64(leaf),
        b64(keyPem),
        b64(ca.pem()),
        bundle == null ? null : b64(bundle));
  }

  private static void writeMeta(
      JsonGenerator g, String name, String ns, int uid, String... labels) {
    g.writeObjectPropertyStart("metadata");
    if (labels.length > 0) {
      g.writeObjectPropertyStart("labels");
      for (int k = 0; k + 1 < labels.length; k += 2) {
        g.writeStringProperty(labels[k], labels[k + 1]);
      }
      g.writeEndObject();
    }
    g.writeStringProperty("creationTimestamp", CREATED);
    g.writeStringProperty("name", name);
    if (ns != null) {
      g.writeStringProperty("namespace", ns);
    }
    g.writeStringProperty("resourceVersion", String.valueOf(100_000 + uid));
    g.writeStringProperty("uid", uuid(uid));
    g.writeEndObject();
  }

  private static String uuid(int n) {
    return String.format(Locale.ROOT, "00000000-0000-4000-8000-%012x", n);
  }

  private static void writeSecret(JsonGenerator g, Item it) {
    g.writeStartObject();
    g.writeStringProperty("apiVersion", "v1");
    g.writeObjectPropertyStart("data");
    g.writeStringProperty("ca.crt", it.caCrt());
    g.writeStringProperty("tls.crt", it.tlsCrt());
    g.writeStringProperty("tls.key", it.tlsKey());
    g.writeEndObject();
    g.writeStringProperty("kind", "Secret");
    writeMeta(g, it.secret(), it.namespace(), it.index(), "app.kubernetes.io/name", it.service());
    g.writeStringProperty("type", "kubernetes.io/tls");
    g.writeEndObject();
  }

  private void writeService(JsonGenerator g, Item it) {
    g.writeStartObject();
    g.writeStringProperty("apiVersion", "v1");
    g.writeStringProperty("kind", "Service");
    writeMeta(
        g,
        it.service(),
        it.namespace(),
        o.secrets() + it.webhook(),
        "app.kubernetes.io/name",
        it.service());
    g.writeObjectPropertyStart("spec");
    g.writeStringProperty(
        "clusterIP", "10.96." + (it.webhook() / 250) + "." + (it.webhook() % 250 + 1));
    g.writeArrayPropertyStart("ports");
    g.writeStartObject();
    g.writeStringProperty("name", "https");
    g.writeNumberProperty("port", 443);
    g.writeStringProperty("protocol", "TCP");
    g.writeStringProperty("targetPort", "https");
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectPropertyStart("selector");
    g.writeStringProperty("app.kubernetes.io/name", it.service());
    g.writeEndObject();
    g.writeStringProperty("type", "ClusterIP");
    g.writeEndObject();
    g.writeEndObject();
  }

  private void writeDeployment(JsonGenerator g, Item it) {
    g.writeStartObject();
    g.writeStringProperty("apiVersion", "apps/v1");
    g.writeStringProperty("kind", "Deployment");
    writeMeta(
        g,
        it.service(),
        it.namespace(),
        o.secrets() + o.webhooks() + it.webhook(),
        "app.kubernetes.io/name",
        it.service());
    g.writeObjectPropertyStart("spec");
    g.writeNumberProperty("replicas", 2);
    g.writeObjectPropertyStart("selector");
    g.writeObjectPropertyStart("matchLabels");
    g.writeStringProperty("app.kubernetes.io/name", it.service());
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectPropertyStart("template");
    g.writeObjectPropertyStart("metadata");
    g.writeObjectPropertyStart("labels");
    g.writeStringProperty("app.kubernetes.io/name", it.service());
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectPropertyStart("spec");
    g.writeArrayPropertyStart("containers");
    g.writeStartObject();
    g.writeArrayPropertyStart("args");
    g.writeString("--tls-cert-file=/certs/tls.crt");
    g.writeString("--tls-private-key-file=/certs/tls.key");
    g.writeString("--port=8443");
    g.writeEndArray();
    g.writeStringProperty("image", "registry.example.com/webhook:1.0.0");
    g.writeStringProperty("name", "webhook");
    g.writeArrayPropertyStart("ports");
    g.writeStartObject();
    g.writeNumberProperty("containerPort", 8443);
    g.writeStringProperty("name", "https");
    g.writeStringProperty("protocol", "TCP");
    g.writeEndObject();
    g.writeEndArray();
    g.writeArrayPropertyStart("volumeMounts");
    g.writeStartObject();
    g.writeStringProperty("mountPath", "/certs");
    g.writeStringProperty("name", "certs");
    g.writeBooleanProperty("readOnly", true);
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeArrayPropertyStart("volumes");
    g.writeStartObject();
    g.writeStringProperty("name", "certs");
    g.writeObjectPropertyStart("secret");
    g.writeNumberProperty("defaultMode", 420);
    g.writeStringProperty("secretName", it.secret());
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void writeWebhook(JsonGenerator g, Item it) {
    g.writeStartObject();
    g.writeStringProperty("apiVersion", "admissionregistration.k8s.io/v1");
    g.writeStringProperty("kind", "ValidatingWebhookConfiguration");
    writeMeta(
        g,
        it.service() + "." + it.namespace(),
        null,
        o.secrets() + 2 * o.webhooks() + it.webhook());
    g.writeArrayPropertyStart("webhooks");
    g.writeStartObject();
    g.writeArrayPropertyStart("admissionReviewVersions");
    g.writeString("v1");
    g.writeEndArray();
    g.writeObjectPropertyStart("clientConfig");
    g.writeStringProperty("caBundle", it.caBundle());
    g.writeObjectPropertyStart("service");
    g.writeStringProperty("name", it.service());
    g.writeStringProperty("namespace", it.namespace());
    g.writeStringProperty("path", "/validate");
    g.writeNumberProperty("port", 443);
    g.writeEndObject();
    g.writeEndObject();
    g.writeStringProperty("failurePolicy", "Fail");
    g.writeStringProperty("matchPolicy", "Equivalent");
    g.writeStringProperty(
        "name", "validate." + it.service() + "." + it.namespace() + ".example.com");
    g.writeObjectPropertyStart("namespaceSelector");
    g.writeObjectPropertyStart("matchLabels");
    g.writeStringProperty("kubernetes.io/metadata.name", it.namespace());
    g.writeEndObject();
    g.writeEndObject();
    g.writeArrayPropertyStart("rules");
    g.writeStartObject();
    g.writeArrayPropertyStart("apiGroups");
    g.writeString("");
    g.writeEndArray();
    g.writeArrayPropertyStart("apiVersions");
    g.writeString("v1");
    g.writeEndArray();
    g.writeArrayPropertyStart("operations");
    g.writeString("CREATE");
    g.writeString("UPDATE");
    g.writeEndArray();
    g.writeArrayPropertyStart("resources");
    g.writeString("configmaps");
    g.writeEndArray();
    g.writeStringProperty("scope", "Namespaced");
    g.writeEndObject();
    g.writeEndArray();
    g.writeStringProperty("sideEffects", "None");
    g.writeNumberProperty("timeoutSeconds", 10);
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  /** An Ingress for Secret {@code i}: its host is one of the certificate's names. */
  private void writeIngress(JsonGenerator g, int i) {
    String ns = namespaceOf(i);
    String service = String.format(Locale.ROOT, "app-%05d", i);
    String host = service + "." + ns + ".svc";
    g.writeStartObject();
    g.writeStringProperty("apiVersion", "networking.k8s.io/v1");
    g.writeStringProperty("kind", "Ingress");
    writeMeta(
        g, service, ns, o.secrets() + 3 * o.webhooks() + i, "app.kubernetes.io/name", service);
    g.writeObjectPropertyStart("spec");
    g.writeStringProperty("ingressClassName", "nginx");
    g.writeArrayPropertyStart("rules");
    g.writeStartObject();
    g.writeStringProperty("host", host);
    g.writeObjectPropertyStart("http");
    g.writeArrayPropertyStart("paths");
    g.writeStartObject();
    g.writeObjectPropertyStart("backend");
    g.writeObjectPropertyStart("service");
    g.writeStringProperty("name", service);
    g.writeObjectPropertyStart("port");
    g.writeNumberProperty("number", 80);
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    g.writeStringProperty("path", "/");
    g.writeStringProperty("pathType", "Prefix");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeArrayPropertyStart("tls");
    g.writeStartObject();
    g.writeArrayPropertyStart("hosts");
    g.writeString(host);
    g.writeEndArray();
    g.writeStringProperty("secretName", service + "-tls");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  // --- certificates, with BouncyCastle's lightweight API (no JCA provider look-ups per call) ---

  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed); // before any output: the stream is then determined by the seed alone
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AsymmetricCipherKeyPair newKey(SecureRandom rnd) {
    ECKeyPairGenerator g = new ECKeyPairGenerator();
    g.init(new ECKeyGenerationParameters(DOMAIN, rnd));
    return g.generateKeyPair();
  }

  private static Ca newCa(String cn, SecureRandom rnd) {
    AsymmetricCipherKeyPair kp = newKey(rnd);
    try {
      SubjectPublicKeyInfo spki =
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(kp.getPublic());
      X500Name name = new X500Name("CN=" + cn + ",O=certmedic bench");
      byte[] skid = skid(spki);
      X509v3CertificateBuilder b =
          new X509v3CertificateBuilder(
              name, serial(rnd), Date.from(CA_NOT_BEFORE), Date.from(CA_NOT_AFTER), name, spki);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(skid));
      X509CertificateHolder h = b.build(signer((ECPrivateKeyParameters) kp.getPrivate(), rnd));
      return new Ca(
          cn,
          name,
          skid,
          (ECPrivateKeyParameters) kp.getPrivate(),
          pem("CERTIFICATE", h.getEncoded()));
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make CA " + cn, e);
    }
  }

  private static String leaf(
      Ca ca,
      String service,
      String ns,
      ECPublicKeyParameters pub,
      Instant notAfter,
      SecureRandom rnd) {
    try {
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub);
      X500Name subject = new X500Name("CN=" + service + "." + ns + ".svc");
      X509v3CertificateBuilder b =
          new X509v3CertificateBuilder(
              ca.subject(), serial(rnd), Date.from(NOT_BEFORE), Date.from(notAfter), subject, spki);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, service),
                new GeneralName(GeneralName.dNSName, service + "." + ns),
                new GeneralName(GeneralName.dNSName, service + "." + ns + ".svc"),
                new GeneralName(GeneralName.dNSName, service + "." + ns + ".svc.cluster.local")
              }));
      b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(skid(spki)));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ca.skid()));
      return pem("CERTIFICATE", b.build(signer(ca.key(), rnd)).getEncoded());
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue for " + service + "." + ns, e);
    }
  }

  private static ContentSigner signer(ECPrivateKeyParameters key, SecureRandom rnd)
      throws OperatorCreationException {
    return new BcECContentSignerBuilder(SIG_ALG, DIG_ALG).setSecureRandom(rnd).build(key);
  }

  /** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
  private static byte[] skid(SubjectPublicKeyInfo spki) {
    org.bouncycastle.crypto.digests.SHA1Digest d = new org.bouncycastle.crypto.digests.SHA1Digest();
    byte[] bits = spki.getPublicKeyData().getBytes();
    d.update(bits, 0, bits.length);
    byte[] out = new byte[20];
    d.doFinal(out, 0);
    return out;
  }

  private static BigInteger serial(SecureRandom rnd) {
    return new BigInteger(127, rnd).setBit(126); // positive, 16 bytes, never zero
  }

  static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
