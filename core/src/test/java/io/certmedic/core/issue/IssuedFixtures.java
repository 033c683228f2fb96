package io.certmedic.core.issue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One CA and two serving certs per key type, made once per test JVM and shared by the judge tests
 * (RSA-4096 key generation takes seconds). Issued at the real current instant, because the JDK's
 * TLS stack and OpenSSL judge validity against the real clock.
 */
final class IssuedFixtures {

  static final String SERVICE = "webhook";
  static final String NAMESPACE = "tools";
  static final String CUSTOM_DOMAIN = "corp.internal";
  static final String EXTRA_NAME = "webhook.example.com";
  static final String IP = "10.96.0.10";

  /** When every fixture was issued. */
  static final Instant ISSUED_AT = Instant.now();

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<KeyType, Issued> CACHE = new ConcurrentHashMap<>();

  private IssuedFixtures() {}

  /** Which of the two leaves a name form is checked against. */
  enum Leaf {
    /** Default cluster domain, headless, one extra name, one IP. */
    FULL,
    /** Only the Service names, under {@link #CUSTOM_DOMAIN}. */
    CUSTOM_DOMAIN
  }

  /** A name a client dials, the leaf it dials, and whether that leaf must be accepted for it. */
  record NameCase(String form, String name, Leaf leaf, boolean accepted) {
    boolean isIp() {
      return io.certmedic.core.verify.IpLiteral.isValid(name);
    }

    @Override
    public String toString() {
      return form + " (" + name + ")";
    }
  }

  /** The CA and the two leaves of one key type. */
  record Issued(
      KeyType keyType,
      CertificateAuthority ca,
      IssuedCertificate full,
      IssuedCertificate customDomain) {
    IssuedCertificate leaf(Leaf leaf) {
      return leaf == Leaf.FULL ? full : customDomain;
    }
  }

  static final List<NameCase> ACCEPTED =
      List.of(
          new NameCase("short name", SERVICE, Leaf.FULL, true),
          new NameCase("name.ns", SERVICE + "." + NAMESPACE, Leaf.FULL, true),
          new NameCase(
              "name.ns.svc (what the API server dials)",
              SERVICE + "." + NAMESPACE + ".svc",
              Leaf.FULL,
              true),
          new NameCase(
              "name.ns.svc.cluster.local",
              SERVICE + "." + NAMESPACE + ".svc.cluster.local",
              Leaf.FULL,
              true),
          new NameCase(
              "custom --cluster-domain",
              SERVICE + "." + NAMESPACE + ".svc." + CUSTOM_DOMAIN,
              Leaf.CUSTOM_DOMAIN,
              true),
          new NameCase("--extra-name", EXTRA_NAME, Leaf.FULL, true),
          new NameCase(
              "headless pod via *.name.ns.svc",
              "pod-0." + SERVICE + "." + NAMESPACE + ".svc",
              Leaf.FULL,
              true),
          new NameCase("--ip", IP, Leaf.FULL, true));

  static final List<NameCase> REJECTED =
      List.of(
          new NameCase(
              "another Service in the namespace", "other." + NAMESPACE + ".svc", Leaf.FULL, false),
          new NameCase(
              "wildcard two labels deep",
              "a.pod-0." + SERVICE + "." + NAMESPACE + ".svc",
              Leaf.FULL,
              false),
          new NameCase("an IP it does not carry", "10.96.0.11", Leaf.FULL, false),
          new NameCase(
              "default domain on a custom-domain cert",
              SERVICE + "." + NAMESPACE + ".svc.cluster.local",
              Leaf.CUSTOM_DOMAIN,
              false));

  static Issued of(KeyType type) {
    return CACHE.computeIfAbsent(type, IssuedFixtures::issue);
  }

  /** Every key type crossed with every accepted name form. */
  static Stream<Arguments> accepted() {
    return cross(ACCEPTED);
  }

  /** Every key type crossed with every name the cert must not be accepted for. */
  static Stream<Arguments> rejected() {
    return cross(REJECTED);
  }

  private static Stream<Arguments> cross(List<NameCase> cases) {
    return Stream.of(KeyType.values()).flatMap(t -> cases.stream().map(c -> Arguments.of(t, c)));
  }

  private static Issued issue(KeyType type) {
    CertificateAuthority ca =
        Issuer.newCa(
            "certmedic-ca-" + SERVICE + "." + NAMESPACE,
            type,
            Issuer.CA_LIFETIME,
            ISSUED_AT,
            RANDOM);
    ServingCertRequest base = ServingCertRequest.forService(SERVICE, NAMESPACE).withKeyType(type);
    IssuedCertificate full =
        Issuer.serving(
            ca,
            base.withHeadless(true)
                .withExtraNames(List.of(EXTRA_NAME))
                .withIpAddresses(List.of(IP)),
            ISSUED_AT,
            RANDOM);
    IssuedCertificate custom =
        Issuer.serving(ca, base.withClusterDomain(CUSTOM_DOMAIN), ISSUED_AT, RANDOM);
    return new Issued(type, ca, full, custom);
  }
}
