package io.certmedic.core.issue;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.testing.TestPki;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void loadsACaFromPemAndSignsServingCertsThatChainToIt(KeyType type) throws Exception {
    CertificateAuthority made = IssuedFixtures.of(type).ca();
    PrivateKeyEntry key = readKey(made.privateKey());

    CertificateAuthority loaded = CertificateAuthority.of(made.certificate(), key);
    IssuedCertificate leaf =
        Issuer.serving(loaded, ServingCertRequest.forService("api", "ns"), TestPki.NOW, RANDOM);

    leaf.certificate().verify(made.certificate().getPublicKey());
    assertThat(leaf.caCertificate()).isEqualTo(made.certificate());
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void privateKeyEntryBecomesAJcaKeyThatSigns(KeyType type) throws Exception {
    CertificateAuthority ca = IssuedFixtures.of(type).ca();

    PrivateKey key = readKey(ca.privateKey()).toPrivateKey();
    Signature s = Signature.getInstance(type.signatureAlgorithm());
    s.initSign(key);
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    s.initVerify(ca.certificate().getPublicKey());
    s.update(new byte[] {1, 2, 3});

    assertThat(s.verify(sig)).isTrue();
  }

  @Test
  void refusesAKeyThatBelongsToAnotherCertificate() throws Exception {
    CertificateAuthority a = IssuedFixtures.of(KeyType.ECDSA_P256).ca();
    TestPki.Cert other = TestPki.ca("other").build();

    assertThatThrownBy(() -> CertificateAuthority.of(a.certificate(), readKey(other.key())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the private key (EC P-256) is not the key of the certificate (EC P-256)");
  }

  @Test
  void refusesAServingCertificateAsCa() throws Exception {
    TestPki.Cert ca = TestPki.ca("ca").build();
    TestPki.Cert leaf = TestPki.leaf("svc.ns.svc").signedBy(ca).build();

    assertThatThrownBy(() -> CertificateAuthority.of(leaf.cert(), readKey(leaf.key())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a CA");
  }

  @Test
  void refusesACaWhoseKeyUsageForbidsSigningCertificates() throws Exception {
    TestPki.Cert ca =
        TestPki.ca("ca").keyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature).build();

    assertThatThrownBy(() -> CertificateAuthority.of(ca.cert(), readKey(ca.key())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyCertSign");
  }

  @Test
  void issuerRefusesToSignWithAnExpiredCa() throws Exception {
    TestPki.Cert expired = TestPki.ca("old").expiredDaysAgo(1).build();
    CertificateAuthority ca = CertificateAuthority.of(expired.cert(), readKey(expired.key()));

    assertThatThrownBy(
            () ->
                Issuer.serving(ca, ServingCertRequest.forService("api", "ns"), TestPki.NOW, RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void toStringRedactsTheKey() throws Exception {
    CertificateAuthority ca = IssuedFixtures.of(KeyType.ECDSA_P256).ca();

    assertThat(ca.toString()).contains("key redacted").doesNotContain("PRIVATE");
  }

  private static PrivateKeyEntry readKey(PrivateKey key) throws Exception {
    return PemReader.read(PemWriter.privateKey(key).getBytes(US_ASCII), "key.pem").keys().get(0);
  }
}
