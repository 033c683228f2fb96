package io.certmedic.core.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.testing.TestPki;
import io.certmedic.core.x509.CertFacts;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IssuerTest {

  private static final Instant NOW = TestPki.NOW;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final CertificateAuthority CA =
      Issuer.newCa("issuer-test-ca", KeyType.ECDSA_P256, Issuer.CA_LIFETIME, NOW, RANDOM);

  @Test
  void aServingCertCarriesEveryNameTheClusterMayDialAndNothingElse() {
    CertFacts f =
        CertFacts.of(
            Issuer.serving(CA, ServingCertRequest.forService("webhook", "demo"), NOW, RANDOM)
                .certificate());
    assertThat(f.dnsNames())
        .containsExactly(
            "webhook", "webhook.demo", "webhook.demo.svc", "webhook.demo.svc.cluster.local");
    assertThat(f.commonName()).isEqualTo("webhook.demo.svc");
    assertThat(f.extKeyUsage()).containsExactly("serverAuth");
    assertThat(f.ca()).isFalse();
    assertThat(f.basicConstraintsPresent()).isTrue();
    assertThat(f.authorityKeyId()).isEqualTo(CertFacts.of(CA.certificate()).subjectKeyId());
  }

  @Test
  void headlessExtraNamesIpsAndClusterDomainAreAllCarried() {
    ServingCertRequest r =
        ServingCertRequest.forService("db", "data")
            .withClusterDomain("corp.example.")
            .withHeadless(true)
            .withExtraNames(List.of("db.example.com", "db"))
            .withIpAddresses(List.of("10.1.2.3", "::1"));
    CertFacts f = CertFacts.of(Issuer.serving(CA, r, NOW, RANDOM).certificate());
    assertThat(f.dnsNames())
        .containsExactly(
            "db",
            "db.data",
            "db.data.svc",
            "db.data.svc.corp.example",
            "*.db.data.svc",
            "*.db.data.svc.corp.example",
            "db.example.com");
    assertThat(f.ipAddresses()).containsExactly("10.1.2.3", "::1");
  }

  @ParameterizedTest(name = "a {0} leaf gets the key usage TLS needs for its key type")
  @EnumSource(KeyType.class)
  void keyUsageFollowsTheKeyType(KeyType type) {
    CertFacts f =
        CertFacts.of(
            Issuer.serving(
                    CA, ServingCertRequest.forService("a", "b").withKeyType(type), NOW, RANDOM)
                .certificate());
    assertThat(f.keyUsage())
        .isEqualTo(
            type.name().startsWith("RSA")
                ? List.of("digitalSignature", "keyEncipherment")
                : List.of("digitalSignature"));
  }

  @Test
  void validityIsBackdatedForClockSkewAndLastsTheDefaultLifetime() {
    CertFacts f =
        CertFacts.of(
            Issuer.serving(CA, ServingCertRequest.forService("a", "b"), NOW, RANDOM).certificate());
    assertThat(f.notBefore()).isEqualTo(NOW.minus(Issuer.BACKDATE));
    assertThat(f.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(90)));
  }

  @Test
  void aLeafNeverOutlivesItsCa() {
    CertificateAuthority shortCa =
        Issuer.newCa("short", KeyType.ECDSA_P256, Duration.ofDays(10), NOW, RANDOM);
    CertFacts f =
        CertFacts.of(
            Issuer.serving(shortCa, ServingCertRequest.forService("a", "b"), NOW, RANDOM)
                .certificate());
    assertThat(f.notAfter()).isEqualTo(shortCa.certificate().getNotAfter().toInstant());
  }

  @Test
  void serialsAreRandomPositiveAndAtMost128Bits() {
    Set<BigInteger> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      BigInteger s =
          Issuer.serving(CA, ServingCertRequest.forService("a", "b"), NOW, RANDOM)
              .certificate()
              .getSerialNumber();
      assertThat(s.signum()).isPositive();
      assertThat(s.bitLength()).isLessThanOrEqualTo(128).isGreaterThan(100);
      seen.add(s);
    }
    assertThat(seen).hasSize(50);
  }

  @Test
  void theCaIsACaForLeavesOnly() {
    CertFacts f = CertFacts.of(CA.certificate());
    assertThat(f.ca()).isTrue();
    assertThat(f.pathLen()).isZero();
    assertThat(f.keyUsage()).contains("keyCertSign", "cRLSign");
    assertThat(f.notAfter()).isEqualTo(NOW.plus(Issuer.CA_LIFETIME));
  }

  @Test
  void rejectsWhatCannotBeIssued() {
    assertThatThrownBy(() -> ServingCertRequest.forService("", "ns"))
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> ServingCertRequest.forService("a", "b").withLifetime(Duration.ZERO))
        .hasMessageContaining("lifetime must be positive");
    assertThatThrownBy(
            () ->
                Issuer.serving(
                    CA,
                    ServingCertRequest.forService("a", "b").withIpAddresses(List.of("example.com")),
                    NOW,
                    RANDOM))
        .hasMessage("not an IP address: 'example.com'");
    assertThatThrownBy(() -> KeyType.parse("dsa-1024"))
        .hasMessage(
            "unknown key type 'dsa-1024', expected one of ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072, rsa-4096, ed25519");
    assertThat(CA.toString()).contains("key redacted");
  }
}
