package io.certmedic.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignersTest {

  @Test
  void aShortSecretNameNamesTheCaInFull() {
    assertThat(Signers.caName("hook-tls", "web")).isEqualTo("certmedic hook-tls.web CA");
  }

  @Test
  void aLongSecretNameIsShortenedToAValidCommonNameThatStaysDistinct() {
    String a = Signers.caName("external-secrets-webhook-certificate-secret", "external-secrets-a");
    String b = Signers.caName("external-secrets-webhook-certificate-secret", "external-secrets-b");

    assertThat(a).hasSize(Signers.MAX_COMMON_NAME).startsWith("certmedic external-secrets-webhook");
    assertThat(a).endsWith(" CA").contains("~");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void theShortenedNameIsAcceptedByTheIssuer() {
    String cn = Signers.caName("x".repeat(200), "y".repeat(60));
    assertThat(
            io.certmedic.core.issue.Issuer.newCa(
                    cn,
                    io.certmedic.core.issue.KeyType.ECDSA_P256,
                    java.time.Duration.ofDays(365),
                    java.time.Instant.parse("2026-01-01T00:00:00Z"),
                    new java.security.SecureRandom())
                .certificate()
                .getSubjectX500Principal()
                .getName())
        .contains(cn);
  }
}
