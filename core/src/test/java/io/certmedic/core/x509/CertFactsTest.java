package io.certmedic.core.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.testing.TestPki;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class CertFactsTest {

  private static final TestPki.Cert CA = TestPki.ca("facts-ca").pathLen(1).build();

  @Test
  void readsNamesOfEveryKindWithIpv6InGoShortForm() {
    CertFacts f =
        CertFacts.of(
            TestPki.leaf("web.ns.svc", "web", "10.0.0.7", "fd00::1").signedBy(CA).build().cert());
    assertThat(f.dnsNames()).containsExactly("web.ns.svc", "web");
    assertThat(f.ipAddresses()).containsExactly("10.0.0.7", "fd00::1");
    assertThat(f.allNames()).containsExactly("web.ns.svc", "web", "10.0.0.7", "fd00::1");
    assertThat(f.commonName()).isEqualTo("web.ns.svc");
    assertThat(f.hasSanExtension()).isTrue();
  }

  @Test
  void readsTheCaFactsAndLinksLeafToIssuerByKeyIdentifiers() {
    CertFacts ca = CertFacts.of(CA.cert());
    CertFacts leaf = CertFacts.of(TestPki.leaf("a").signedBy(CA).build().cert());
    assertThat(ca.ca()).isTrue();
    assertThat(ca.pathLen()).isEqualTo(1);
    assertThat(ca.selfIssued()).isTrue();
    assertThat(ca.keyUsage()).contains("keyCertSign", "cRLSign");
    assertThat(leaf.ca()).isFalse();
    assertThat(leaf.authorityKeyId()).isNotEmpty().isEqualTo(ca.subjectKeyId());
    assertThat(leaf.extKeyUsage()).containsExactly("serverAuth");
    assertThat(leaf.sha256()).hasSize(64).isNotEqualTo(ca.sha256());
  }

  @Test
  void aCnOnlyCertificateHasNoSanExtension() {
    CertFacts f = CertFacts.of(TestPki.leaf().noSans().build().cert());
    assertThat(f.hasSanExtension()).isFalse();
    assertThat(f.allNames()).isEmpty();
  }

  @Test
  void weakMeansSmallRsaOrSha1() {
    assertThat(
            CertFacts.of(TestPki.leaf("a").signatureAlgorithm("SHA1withECDSA").build().cert())
                .weak())
        .isTrue();
    assertThat(CertFacts.of(TestPki.leaf("a").keyType(KeyType.RSA_2048).build().cert()).weak())
        .isFalse();
    assertThat(CertFacts.of(TestPki.leaf("a").build().cert()).weak()).isFalse();
  }

  @Test
  void namesExtendedKeyUsages() {
    CertFacts f =
        CertFacts.of(
            TestPki.leaf("a")
                .eku(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.anyExtendedKeyUsage)
                .build()
                .cert());
    assertThat(f.extKeyUsage()).containsExactly("clientAuth", "any");
  }
}
