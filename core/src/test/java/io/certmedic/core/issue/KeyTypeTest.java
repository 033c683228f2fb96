package io.certmedic.core.issue;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.x509.KeyFacts;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyTypeTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @ParameterizedTest
  @CsvSource({
    "ecdsa-p256, EC P-256",
    "ecdsa-p384, EC P-384",
    "ed25519, Ed25519",
    "rsa-2048, RSA 2048"
  })
  void generatesTheKeyItsNameSays(String name, String description) {
    KeyPair keys = KeyType.parse(name).generate(RANDOM);

    assertThat(KeyFacts.describe(keys.getPublic())).isEqualTo(description);
  }

  @ParameterizedTest
  @CsvSource({"ecdsa-p256", "ecdsa-p384"})
  void ecKeysAreJdkKeysThatEncodeTheirNamedCurveAndSignWithTheJdk(String name) throws Exception {
    KeyType type = KeyType.parse(name);
    KeyPair keys = type.generate(RANDOM);
    ASN1Encodable curve =
        name.endsWith("256") ? SECObjectIdentifiers.secp256r1 : SECObjectIdentifiers.secp384r1;

    assertThat(keys.getPrivate().getClass().getName()).startsWith("sun.security.ec.");
    assertThat(
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                .getAlgorithm()
                .getParameters())
        .isEqualTo(curve);
    assertThat(
            PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded())
                .getPrivateKeyAlgorithm()
                .getParameters())
        .isEqualTo(curve);
    Signature s = Signature.getInstance(type.signatureAlgorithm());
    s.initSign(keys.getPrivate());
    s.update(new byte[] {7});
    byte[] sig = s.sign();
    s.initVerify(keys.getPublic());
    s.update(new byte[] {7});
    assertThat(s.verify(sig)).isTrue();
  }
}
