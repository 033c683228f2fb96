package io.certmedic.core.x509;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.testing.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyFactsTest {

  private static PrivateKeyEntry read(java.security.PrivateKey k) throws Exception {
    return PemReader.read(PemWriter.privateKey(k).getBytes(US_ASCII), "tls.key").keys().get(0);
  }

  @ParameterizedTest(name = "a {0} key matches its own certificate and no other, described as {1}")
  @CsvSource({
    "ECDSA_P256, EC P-256",
    "ECDSA_P384, EC P-384",
    "RSA_2048, RSA 2048",
    "ED25519, Ed25519"
  })
  void matchesOnlyItsOwnCertificate(KeyType type, String described) throws Exception {
    TestPki.Cert mine = TestPki.leaf("a.ns.svc").keyType(type).build();
    TestPki.Cert other = TestPki.leaf("a.ns.svc").keyType(type).build();
    PrivateKeyEntry key = read(mine.key());
    assertThat(KeyFacts.matches(mine.cert(), key)).isTrue();
    assertThat(KeyFacts.matches(other.cert(), key)).isFalse();
    assertThat(KeyFacts.describe(key)).isEqualTo(described);
    assertThat(KeyFacts.describe(mine.cert().getPublicKey())).isEqualTo(described);
  }

  @ParameterizedTest(name = "a {0} key never matches a {1} certificate")
  @CsvSource({"ECDSA_P256, RSA_2048", "RSA_2048, ED25519", "ECDSA_P256, ECDSA_P384"})
  void neverMatchesAcrossKeyTypes(KeyType keyType, KeyType certType) throws Exception {
    PrivateKeyEntry key = read(keyType.generate(new java.security.SecureRandom()).getPrivate());
    assertThat(KeyFacts.matches(TestPki.leaf("x").keyType(certType).build().cert(), key)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void anEcKeyCarryingItsCertificatesPublicPointButAnotherScalarDoesNotMatchIt() throws Exception {
    TestPki.Cert cert = TestPki.leaf("a.ns.svc").build();
    PrivateKeyEntry forged =
        PemReader.read(TestPki.keyWithStoredPointOf(cert).getBytes(US_ASCII), "tls.key")
            .keys()
            .get(0);
    // the key file really does hold the certificate's point: only its scalar is wrong
    assertThat(
            org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(forged.info().parsePrivateKey())
                .getPublicKey()
                .getBytes())
        .isEqualTo(
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                    cert.cert().getPublicKey().getEncoded())
                .getPublicKeyData()
                .getBytes());
    KeyFacts.PublicHalf half = KeyFacts.PublicHalf.of(cert.cert().getPublicKey());
    assertThat(KeyFacts.matches(cert.cert(), forged)).isFalse();
    assertThat(KeyFacts.read(forged, half).publicKeyId()).isNotNull().isNotEqualTo(half.id());
    assertThat(KeyFacts.read(forged, null).publicKeyId()).isNotEqualTo(half.id());
  }

  @ParameterizedTest(
      name = "a {0} key read beside a certificate gets the id and description it gets alone")
  @CsvSource({"ECDSA_P256", "ECDSA_P384", "RSA_2048", "ED25519"})
  void readingBesideACertificateGivesWhatReadingAloneGives(KeyType type) throws Exception {
    TestPki.Cert mine = TestPki.leaf("a.ns.svc").keyType(type).build();
    TestPki.Cert other = TestPki.leaf("a.ns.svc").keyType(type).build();
    PrivateKeyEntry key = read(mine.key());
    KeyFacts.Reading alone = KeyFacts.read(key, null);
    assertThat(alone.publicKeyId()).isEqualTo(KeyFacts.publicKeyId(mine.cert().getPublicKey()));
    assertThat(alone.description()).isEqualTo(KeyFacts.describe(key));
    for (TestPki.Cert beside : java.util.List.of(mine, other)) {
      assertThat(KeyFacts.read(key, KeyFacts.PublicHalf.of(beside.cert().getPublicKey())))
          .as("beside %s", beside)
          .isEqualTo(alone);
    }
    assertThat(KeyFacts.PublicHalf.of(other.cert().getPublicKey()).id())
        .isNotEqualTo(alone.publicKeyId());
  }

  @org.junit.jupiter.api.Test
  void anEncryptedKeyReadsAsEncryptedWithNoId() throws Exception {
    TestPki.Cert cert = TestPki.leaf("a.ns.svc").build();
    PrivateKeyEntry encrypted =
        PemReader.read(TestPki.keyBlock("ENCRYPTED", "AAAA").getBytes(US_ASCII), "tls.key")
            .keys()
            .get(0);
    assertThat(encrypted.isEncrypted()).isTrue();
    KeyFacts.Reading r =
        KeyFacts.read(encrypted, KeyFacts.PublicHalf.of(cert.cert().getPublicKey()));
    assertThat(r).isEqualTo(new KeyFacts.Reading("encrypted private key", null));
  }
}
