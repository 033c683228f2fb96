package io.certmedic.core.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.testing.TestPki;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FixedBaseMultiplierTest {

  @ParameterizedTest(name = "{0}: the byte-window table gives the comb's d*G")
  @ValueSource(strings = {"secp256r1", "secp384r1"})
  void agreesWithBouncyCastlesComb(String curve) {
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    ECDomainParameters p = new ECDomainParameters(x9);
    FixedBaseMultiplier fast = FixedBaseMultiplier.of(p);
    BigInteger n = p.getN();
    SecureRandom rnd = new SecureRandom();
    java.util.List<BigInteger> scalars =
        new java.util.ArrayList<>(
            java.util.List.of(
                BigInteger.ONE,
                BigInteger.TWO,
                BigInteger.valueOf(255),
                BigInteger.valueOf(256),
                n.subtract(BigInteger.ONE),
                n.subtract(BigInteger.TWO),
                BigInteger.ONE.shiftLeft(n.bitLength() - 1),
                BigInteger.ONE.shiftLeft(8 * 7).subtract(BigInteger.ONE)));
    for (int i = 0; i < 300; i++) {
      BigInteger d;
      do {
        d = new BigInteger(n.bitLength(), rnd);
      } while (d.signum() == 0 || d.compareTo(n) >= 0);
      scalars.add(d);
    }
    for (BigInteger d : scalars) {
      ECPoint want = new FixedPointCombMultiplier().multiply(p.getG(), d).normalize();
      ECPoint got = fast.multiply(d);
      assertThat(got.getAffineXCoord().toBigInteger())
          .as("x of %s*G", d)
          .isEqualTo(want.getAffineXCoord().toBigInteger());
      assertThat(got.getAffineYCoord().toBigInteger())
          .as("y of %s*G", d)
          .isEqualTo(want.getAffineYCoord().toBigInteger());
      BigInteger[] raw = fast.multiplyP256(d);
      if (curve.equals("secp256r1")) {
        assertThat(raw)
            .as("raw P-256 path for %s", d)
            .containsExactly(
                want.getAffineXCoord().toBigInteger(), want.getAffineYCoord().toBigInteger());
      } else {
        assertThat(raw).isNull();
      }
    }
  }

  @ParameterizedTest(
      name = "{0}: the id read from the JDK key equals the id read from its encoding")
  @CsvSource({"ECDSA_P256", "ECDSA_P384", "RSA_2048", "ED25519"})
  void publicKeyIdShortcutAgrees(KeyType type) {
    java.security.PublicKey k =
        TestPki.leaf("a.ns.svc").keyType(type).build().cert().getPublicKey();
    assertThat(KeyFacts.publicKeyId(k))
        .isNotNull()
        .isEqualTo(KeyFacts.publicKeyId(SubjectPublicKeyInfo.getInstance(k.getEncoded())));
  }

  @org.junit.jupiter.api.Test
  void theJacobianProductIsItsOwnAffinePointAndNoOther() {
    ECDomainParameters p = new ECDomainParameters(CustomNamedCurves.getByName("secp256r1"));
    FixedBaseMultiplier fast = FixedBaseMultiplier.of(p);
    BigInteger fieldPrime = p.getCurve().getField().getCharacteristic();
    SecureRandom rnd = new SecureRandom();
    for (int i = 0; i < 200; i++) {
      BigInteger d;
      do {
        d = new BigInteger(256, rnd);
      } while (d.signum() == 0 || d.compareTo(p.getN().subtract(BigInteger.ONE)) >= 0);
      ECPoint want = new FixedPointCombMultiplier().multiply(p.getG(), d).normalize();
      ECPoint next = want.add(p.getG()).normalize();
      BigInteger x = want.getAffineXCoord().toBigInteger();
      BigInteger y = want.getAffineYCoord().toBigInteger();
      FixedBaseMultiplier.P256Point q = fast.jacobianP256(d);
      assertThat(q.is(x, y)).as("%s*G is itself", d).isTrue();
      assertThat(q.affine()).containsExactly(x, y);
      assertThat(q.is(x, fieldPrime.subtract(y))).as("not its negation").isFalse();
      assertThat(q.is(x.add(fieldPrime), y)).as("not x + p").isFalse();
      assertThat(q.is(next.getAffineXCoord().toBigInteger(), next.getAffineYCoord().toBigInteger()))
          .as("not (d+1)*G")
          .isFalse();
    }
    assertThat(
            FixedBaseMultiplier.of(new ECDomainParameters(CustomNamedCurves.getByName("secp384r1")))
                .jacobianP256(BigInteger.TEN))
        .as("P-384 has no P-256 path")
        .isNull();
  }
}
