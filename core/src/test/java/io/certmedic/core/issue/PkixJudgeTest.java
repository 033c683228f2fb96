package io.certmedic.core.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.issue.IssuedFixtures.Issued;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JDK's PKIX validator judges every issued chain at chosen instants. */
class PkixJudgeTest {

  private static final Instant NOW = IssuedFixtures.ISSUED_AT;

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void chainValidatesToTheCaThroughoutTheLeafLifetime(KeyType type) throws Exception {
    Issued issued = IssuedFixtures.of(type);

    for (IssuedFixtures.Leaf leaf : IssuedFixtures.Leaf.values()) {
      X509Certificate cert = issued.leaf(leaf).certificate();
      assertThat(validate(issued, cert, NOW).getTrustAnchor().getTrustedCert())
          .isEqualTo(issued.ca().certificate());
      assertThat(validate(issued, cert, NOW.plus(Duration.ofDays(89))).getPublicKey())
          .isEqualTo(cert.getPublicKey());
    }
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void chainIsExpiredAfterNinetyDays(KeyType type) {
    Issued issued = IssuedFixtures.of(type);

    assertThatThrownBy(
            () ->
                validate(
                    issued,
                    issued.full().certificate(),
                    NOW.plus(Duration.ofDays(90)).plusSeconds(1)))
        .isInstanceOfSatisfying(
            CertPathValidatorException.class,
            e -> assertThat(e.getReason()).isEqualTo(BasicReason.EXPIRED));
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void chainIsNotYetValidBeforeTheBackdatedNotBefore(KeyType type) {
    Issued issued = IssuedFixtures.of(type);

    assertThatThrownBy(
            () ->
                validate(
                    issued,
                    issued.full().certificate(),
                    NOW.minus(Issuer.BACKDATE).minusSeconds(1)))
        .isInstanceOfSatisfying(
            CertPathValidatorException.class,
            e -> assertThat(e.getReason()).isEqualTo(BasicReason.NOT_YET_VALID));
  }

  @Test
  void chainDoesNotValidateAgainstAnotherKeyTypesCa() {
    Issued ec = IssuedFixtures.of(KeyType.ECDSA_P256);
    Issued rsa = IssuedFixtures.of(KeyType.RSA_2048);

    assertThatThrownBy(() -> validate(rsa, ec.full().certificate(), NOW))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void leafCarriesServerAuthAndTheKeyUsageItsKeyTypeNeeds(KeyType type) throws Exception {
    X509Certificate leaf = IssuedFixtures.of(type).full().certificate();

    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    boolean rsa = type.name().startsWith("RSA");
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment").isEqualTo(rsa);
  }

  private static PKIXCertPathValidatorResult validate(
      Issued issued, X509Certificate leaf, Instant at) throws Exception {
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
    PKIXParameters params =
        new PKIXParameters(Set.of(new TrustAnchor(issued.ca().certificate(), null)));
    params.setRevocationEnabled(false);
    params.setDate(Date.from(at));
    return (PKIXCertPathValidatorResult)
        CertPathValidator.getInstance("PKIX").validate(path, params);
  }
}
