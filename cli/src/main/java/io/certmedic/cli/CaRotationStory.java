package io.certmedic.cli;

import static io.certmedic.cli.Incidents.b64;
import static io.certmedic.cli.Incidents.configMap;
import static io.certmedic.cli.Incidents.meta;
import static io.certmedic.cli.Incidents.object;
import static io.certmedic.cli.Incidents.secret;
import static io.certmedic.cli.Incidents.yaml;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.pem.PemWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The sixth example: one cluster, a week after its internal CA was rotated, where everything the
 * doctor reads beyond the API server's callers tells part of the story. The dump ({@link
 * #cluster()}) and worker-3's {@code /etc/kubernetes/kubelet.conf} ({@link #kubeletConf()}) are set
 * at {@link #AT}; certificates are made fresh at fixed instants, so what the doctor finds judged at
 * {@code --at} {@link #AT} never changes. Private keys are public-key stand-ins.
 */
final class CaRotationStory {

  /** The instant the story is told at: {@code doctor --at} this to see exactly its findings. */
  static final Instant AT = Instant.parse("2026-12-04T00:00:00Z");

  /** When the platform team replaced CA G1 by G2 and rewrote the bundles. */
  static final Instant ROTATED = Instant.parse("2026-11-20T09:30:00Z");

  /** When the payments pods last started: before the rotation. */
  static final Instant PODS_STARTED = Instant.parse("2026-11-02T08:00:00Z");

  /** When worker-3's kubelet asked for new certificates, and nothing approved them. */
  static final Instant CSRS_SENT = Instant.parse("2026-11-27T06:00:00Z");

  /** When worker-3's kubelet client certificate was issued; it lasts a year. */
  static final Instant KUBELET_CLIENT_ISSUED = Instant.parse("2025-11-28T06:00:00Z");

  static final Duration YEAR = Duration.ofDays(365);
  static final Duration LONG = Duration.ofDays(36_525);

  static final String WORKER = "worker-3";
  static final String WORKER_IP = "10.0.0.27";

  private final SecureRandom random = new SecureRandom();
  private final KeyPair g1Key = key();
  private final KeyPair g2Key = key();
  private final X509Certificate g1 =
      ca("Acme Internal CA G1", g1Key, Instant.parse("2016-12-01T00:00:00Z"), LONG);

  /** G2 as the bundles and Secrets carry it: made for one year only, by mistake. */
  private final X509Certificate g2 = ca("Acme Internal CA G2", g2Key, ROTATED, YEAR);

  // --- the two files ---------------------------------------------------------------------------

  /** The cluster dump, as {@code kubectl get --show-managed-fields -o yaml} writes it. */
  String cluster() {
    List<Object> docs = new ArrayList<>();
    staleBundle(docs);
    certManager(docs);
    ingresses(docs);
    csrs(docs);
    return "# A cluster on 2026-12-04, two weeks after its internal CA was rotated (G1 -> G2).\n"
        + "# See examples/README.md; judge with --at 2026-12-04T00:00:00Z to see exactly its"
        + " findings.\n"
        + yaml(docs);
  }

  /** worker-3's {@code /etc/kubernetes/kubelet.conf}: its client certificate expired 2026-11-28. */
  String kubeletConf() {
    KeyPair clusterKey = key();
    X509Certificate clusterCa =
        ca("kubernetes", clusterKey, Instant.parse("2021-12-01T00:00:00Z"), Duration.ofDays(3650));
    KeyPair kubelet = key();
    X509Certificate client =
        leaf(
            "system:node:" + WORKER,
            "system:nodes",
            clusterCa,
            clusterKey,
            kubelet.getPublic(),
            KUBELET_CLIENT_ISSUED,
            YEAR,
            List.of(),
            KeyPurposeId.id_kp_clientAuth,
            null);
    Map<String, Object> kc = new LinkedHashMap<>();
    kc.put("apiVersion", "v1");
    kc.put("kind", "Config");
    kc.put(
        "clusters",
        List.of(
            Map.of(
                "name",
                "default-cluster",
                "cluster",
                Map.of(
                    "server",
                    "https://10.0.0.10:6443",
                    "certificate-authority-data",
                    b64(PemWriter.certificate(clusterCa))))));
    kc.put(
        "contexts",
        List.of(
            Map.of(
                "name",
                "default-context",
                "context",
                Map.of("cluster", "default-cluster", "namespace", "default", "user", "default"))));
    kc.put("current-context", "default-context");
    kc.put(
        "users",
        List.of(
            Map.of(
                "name",
                "default",
                "user",
                Map.of(
                    "client-certificate-data",
                    b64(PemWriter.certificate(client)),
                    "client-key-data",
                    b64(PemWriter.publicKey(kubelet.getPublic()))))));
    return "# /etc/kubernetes/kubelet.conf of node "
        + WORKER
        + " (client key replaced by its public key)\n"
        + yaml(List.of(kc));
  }

  // --- the parts of the story ------------------------------------------------------------------

  /**
   * payments: the bundle was rewritten with G2 only on the rotation day, its pods started before
   * and still trust G1 alone; the API's own Secret holds a two-year leaf under the one-year G2.
   * shop: the same bundle, its pods restarted after the rotation (nothing to say).
   */
  private void staleBundle(List<Object> docs) {
    for (String ns : List.of("payments", "shop")) {
      Map<String, Object> bundle =
          configMap(ns, "acme-ca-bundle", Map.of("ca.crt", PemWriter.certificate(g2)));
      managedField(bundle, "kubectl-client-side-apply", ROTATED, "f:data");
      docs.add(bundle);
    }
    KeyPair api = key();
    X509Certificate apiLeaf =
        leaf(
            "payments-api.payments.svc",
            null,
            g2,
            g2Key,
            api.getPublic(),
            ROTATED,
            Duration.ofDays(730),
            List.of("payments-api.payments.svc", "payments-api.payments.svc.cluster.local"),
            KeyPurposeId.id_kp_serverAuth,
            null);
    docs.add(tlsSecret("payments", "payments-api-tls", apiLeaf, g2, api.getPublic()));
    docs.add(deployment("payments", "payments-api", "7c9d5f6b8"));
    for (String pod : List.of("payments-api-7c9d5f6b8-2xkqp", "payments-api-7c9d5f6b8-w7m4n")) {
      docs.add(pod("payments", "payments-api", "7c9d5f6b8", pod, PODS_STARTED));
    }
    docs.add(deployment("shop", "storefront", "5b6c7d8e9"));
    docs.add(
        pod(
            "shop",
            "storefront",
            "5b6c7d8e9",
            "storefront-5b6c7d8e9-q4r8s",
            ROTATED.plus(Duration.ofHours(3))));
  }

  /**
   * cert-manager: the CA Issuer still names G1's Secret, deleted in the rotation, so the ledger
   * Certificate has failed to renew since.
   */
  private void certManager(List<Object> docs) {
    Map<String, Object> issuer =
        object(
            "cert-manager.io/v1",
            "Issuer",
            meta("payments", "acme-internal-ca", Map.of(), Map.of()));
    issuer.put("spec", Map.of("ca", Map.of("secretName", "acme-internal-ca-g1")));
    issuer.put(
        "status",
        Map.of(
            "conditions",
            List.of(
                condition(
                    "Ready",
                    "False",
                    "ErrGetKeyPair",
                    "Error getting keypair for CA issuer: secrets \"acme-internal-ca-g1\" not"
                        + " found",
                    ROTATED.plus(Duration.ofMinutes(2))))));
    docs.add(issuer);
    Map<String, Object> cert =
        object("cert-manager.io/v1", "Certificate", meta("payments", "ledger", Map.of(), Map.of()));
    cert.put(
        "spec",
        Map.of(
            "dnsNames",
            List.of("ledger.payments.svc", "ledger.payments.svc.cluster.local"),
            "issuerRef",
            Map.of("group", "cert-manager.io", "kind", "Issuer", "name", "acme-internal-ca"),
            "secretName",
            "ledger-tls"));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put(
        "conditions",
        List.of(
            condition(
                "Ready",
                "False",
                "Failed",
                "The certificate request has failed to complete and will be retried: Error"
                    + " getting keypair for CA issuer: secrets \"acme-internal-ca-g1\" not found",
                ROTATED.plus(Duration.ofMinutes(5)))));
    status.put("failedIssuanceAttempts", 6);
    status.put("lastFailureTime", "2026-12-03T21:05:00Z");
    cert.put("status", status);
    docs.add(cert);
  }

  /**
   * shop's Ingresses: storefront serves its leaf without the intermediate that signed it; checkout
   * names a Secret nobody made.
   */
  private void ingresses(List<Object> docs) {
    KeyPair rootKey = key();
    X509Certificate root =
        ca("Acme Public Root X1", rootKey, Instant.parse("2020-01-01T00:00:00Z"), LONG);
    KeyPair r3Key = key();
    X509Certificate r3 =
        leafCa("Acme Public R3", r3Key.getPublic(), root, rootKey.getPrivate(), ROTATED, LONG);
    KeyPair web = key();
    X509Certificate storefront =
        leaf(
            "shop.acme.example",
            null,
            r3,
            r3Key,
            web.getPublic(),
            ROTATED,
            Duration.ofDays(90),
            List.of("shop.acme.example", "www.shop.acme.example"),
            KeyPurposeId.id_kp_serverAuth,
            "http://r3.i.acme-pki.example/");
    Map<String, String> data = new LinkedHashMap<>();
    data.put("tls.crt", PemWriter.certificate(storefront));
    data.put("tls.key", PemWriter.publicKey(web.getPublic()));
    docs.add(
        secret(
            "shop",
            "storefront-tls",
            "kubernetes.io/tls",
            data,
            Map.of(Incidents.REDACTED, "tls.key")));
    docs.add(ingress("shop", "storefront", "storefront-tls", "shop.acme.example"));
    docs.add(ingress("shop", "checkout", "checkout-tls", "checkout.shop.acme.example"));
  }

  /** worker-3's kubelet asked for a new client and serving certificate; nothing approved them. */
  private void csrs(List<Object> docs) {
    docs.add(
        csr(
            "csr-4hz9w",
            "kubernetes.io/kube-apiserver-client-kubelet",
            List.of("digital signature", "client auth"),
            request(false)));
    docs.add(
        csr(
            "csr-8b2tq",
            "kubernetes.io/kubelet-serving",
            List.of("digital signature", "server auth"),
            request(true)));
  }

  // --- object builders -------------------------------------------------------------------------

  private Map<String, Object> tlsSecret(
      String ns, String name, X509Certificate leaf, X509Certificate ca, PublicKey key) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("ca.crt", PemWriter.certificate(ca));
    data.put("tls.crt", PemWriter.certificate(leaf));
    data.put("tls.key", PemWriter.publicKey(key));
    return secret(ns, name, "kubernetes.io/tls", data, Map.of(Incidents.REDACTED, "tls.key"));
  }

  private static void managedField(
      Map<String, Object> o, String manager, Instant at, String field) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) o.get("metadata");
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("apiVersion", "v1");
    f.put("fieldsType", "FieldsV1");
    f.put("fieldsV1", Map.of(field, Map.of(".", Map.of(), "f:ca.crt", Map.of())));
    f.put("manager", manager);
    f.put("operation", "Update");
    f.put("time", at.toString());
    m.put("managedFields", List.of(f));
  }

  private static Map<String, String> labels(String app, String hash) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put("app", app);
    if (hash != null) {
      l.put("pod-template-hash", hash);
    }
    return l;
  }

  private static Map<String, Object> container(String app) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("env", List.of(Map.of("name", "SSL_CERT_FILE", "value", "/etc/acme-ca/ca.crt")));
    c.put("image", "registry.acme.example/" + app + ":2.4.1");
    c.put("name", app);
    c.put(
        "volumeMounts",
        List.of(Map.of("mountPath", "/etc/acme-ca", "name", "acme-ca", "readOnly", true)));
    return c;
  }

  private static Map<String, Object> podSpec(String app) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("containers", List.of(container(app)));
    spec.put(
        "volumes",
        List.of(Map.of("name", "acme-ca", "configMap", Map.of("name", "acme-ca-bundle"))));
    return spec;
  }

  private static Map<String, Object> deployment(String ns, String app, String hash) {
    Map<String, Object> o =
        object("apps/v1", "Deployment", meta(ns, app, labels(app, null), Map.of()));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", 2);
    spec.put("selector", Map.of("matchLabels", labels(app, null)));
    spec.put(
        "template", Map.of("metadata", Map.of("labels", labels(app, null)), "spec", podSpec(app)));
    o.put("spec", spec);
    return o;
  }

  private static Map<String, Object> pod(
      String ns, String app, String hash, String name, Instant started) {
    Map<String, Object> m = meta(ns, name, labels(app, hash), Map.of());
    m.put(
        "ownerReferences",
        List.of(
            Map.of(
                "apiVersion",
                "apps/v1",
                "controller",
                true,
                "kind",
                "ReplicaSet",
                "name",
                app + "-" + hash,
                "uid",
                java.util
                    .UUID
                    .nameUUIDFromBytes((ns + "/" + app + "-" + hash).getBytes())
                    .toString())));
    Map<String, Object> o = object("v1", "Pod", m);
    Map<String, Object> spec = podSpec(app);
    spec.put("nodeName", "worker-1");
    o.put("spec", spec);
    o.put(
        "status",
        Map.of(
            "containerStatuses",
            List.of(
                Map.of(
                    "name",
                    app,
                    "ready",
                    true,
                    "restartCount",
                    0,
                    "state",
                    Map.of("running", Map.of("startedAt", started.toString())))),
            "phase",
            "Running",
            "startTime",
            started.minusSeconds(4).toString()));
    return o;
  }

  private static Map<String, Object> ingress(String ns, String name, String secret, String host) {
    Map<String, Object> o =
        object("networking.k8s.io/v1", "Ingress", meta(ns, name, Map.of(), Map.of()));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("ingressClassName", "nginx");
    spec.put(
        "rules",
        List.of(
            Map.of(
                "host",
                host,
                "http",
                Map.of(
                    "paths",
                    List.of(
                        Map.of(
                            "backend",
                            Map.of("service", Map.of("name", name, "port", Map.of("number", 80))),
                            "path",
                            "/",
                            "pathType",
                            "Prefix"))))));
    spec.put("tls", List.of(Map.of("hosts", List.of(host), "secretName", secret)));
    o.put("spec", spec);
    return o;
  }

  private static Map<String, Object> csr(
      String name, String signer, List<String> usages, String requestPem) {
    Map<String, Object> m = meta(null, name, Map.of(), Map.of());
    m.put("creationTimestamp", CSRS_SENT.toString());
    Map<String, Object> o = object("certificates.k8s.io/v1", "CertificateSigningRequest", m);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("groups", List.of("system:nodes", "system:authenticated"));
    spec.put("request", b64(requestPem));
    spec.put("signerName", signer);
    spec.put("usages", usages);
    spec.put("username", "system:node:" + WORKER);
    o.put("spec", spec);
    o.put("status", Map.of());
    return o;
  }

  private static Map<String, Object> condition(
      String type, String status, String reason, String message, Instant at) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("lastTransitionTime", at.toString());
    c.put("message", message);
    c.put("observedGeneration", 1);
    c.put("reason", reason);
    c.put("status", status);
    c.put("type", type);
    return c;
  }

  // --- certificates ----------------------------------------------------------------------------

  private KeyPair key() {
    return KeyType.ECDSA_P256.generate(random);
  }

  /** A kubelet's PKCS #10 request for worker-3: serving ones carry its name and IP. */
  private String request(boolean serving) {
    try {
      KeyPair kp = key();
      JcaPKCS10CertificationRequestBuilder b =
          new JcaPKCS10CertificationRequestBuilder(
              new X500Name("O=system:nodes,CN=system:node:" + WORKER), kp.getPublic());
      if (serving) {
        ExtensionsGenerator ext = new ExtensionsGenerator();
        ext.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, WORKER),
                  new GeneralName(
                      GeneralName.iPAddress,
                      new DEROctetString(InetAddress.getByName(WORKER_IP).getAddress()))
                }));
        b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
      }
      StringWriter w = new StringWriter();
      try (JcaPEMWriter p = new JcaPEMWriter(w)) {
        p.writeObject(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      }
      return w.toString();
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the kubelet's request: " + e.getMessage(), e);
    }
  }

  private X509Certificate ca(String cn, KeyPair keys, Instant from, Duration lifetime) {
    return build(
        new X500Name("CN=" + cn),
        new X500Name("CN=" + cn),
        keys.getPublic(),
        keys.getPublic(),
        keys.getPrivate(),
        from,
        lifetime,
        true,
        List.of(),
        null,
        null);
  }

  private X509Certificate leafCa(
      String cn,
      PublicKey pub,
      X509Certificate issuer,
      java.security.PrivateKey issuerKey,
      Instant from,
      Duration lifetime) {
    return build(
        new X500Name("CN=" + cn),
        X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
        pub,
        issuer.getPublicKey(),
        issuerKey,
        from,
        lifetime,
        true,
        List.of(),
        null,
        null);
  }

  /** A leaf signed by {@code issuer}; unlike core's Issuer, it may outlive its CA (the story). */
  private X509Certificate leaf(
      String cn,
      String org,
      X509Certificate issuer,
      KeyPair issuerKeys,
      PublicKey pub,
      Instant from,
      Duration lifetime,
      List<String> dnsNames,
      KeyPurposeId usage,
      String caIssuers) {
    return build(
        new X500Name((org == null ? "" : "O=" + org + ",") + "CN=" + cn),
        X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
        pub,
        issuerKeys.getPublic(),
        issuerKeys.getPrivate(),
        from,
        lifetime,
        false,
        dnsNames,
        usage,
        caIssuers);
  }

  private X509Certificate build(
      X500Name subject,
      X500Name issuer,
      PublicKey pub,
      PublicKey issuerPub,
      java.security.PrivateKey issuerKey,
      Instant from,
      Duration lifetime,
      boolean isCa,
      List<String> dnsNames,
      KeyPurposeId usage,
      String caIssuers) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(127, random).setBit(126),
              Date.from(from),
              Date.from(from.plus(lifetime)),
              subject,
              pub);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              isCa
                  ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature
                  : KeyUsage.digitalSignature));
      if (usage != null) {
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
      }
      if (!dnsNames.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                dnsNames.stream()
                    .map(d -> new GeneralName(GeneralName.dNSName, d))
                    .toArray(GeneralName[]::new)));
      }
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pub));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPub));
      if (caIssuers != null) {
        b.addExtension(
            Extension.authorityInfoAccess,
            false,
            new AuthorityInformationAccess(
                new AccessDescription(
                    AccessDescription.id_ad_caIssuers,
                    new GeneralName(GeneralName.uniformResourceIdentifier, caIssuers))));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make " + subject + ": " + e.getMessage(), e);
    }
  }
}
