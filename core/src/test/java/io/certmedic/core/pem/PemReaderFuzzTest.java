package io.certmedic.core.pem;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certmedic.core.x509.CertFacts;
import io.certmedic.core.x509.KeyFacts;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Fuzzes {@link PemReader} with any bytes (PEM, DER, base64-wrapped, bit-flipped, garbage): it
 * returns what it found or throws its documented {@link CertParseException} with a one-line message
 * naming the source, and never anything else. Each certificate it returns yields its facts without
 * an exception. In a normal {@code mvn test} only the inputs under {@code PemReaderFuzzTestInputs/}
 * run; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class PemReaderFuzzTest {

  private static final String SOURCE = "fuzz.pem";

  @FuzzTest(maxDuration = "10s")
  void anyBytesAreReadOrRefusedWithACertParseException(byte[] data) {
    try {
      PemContents contents = PemReader.read(data, SOURCE);
      for (X509Certificate c : contents.certificates()) {
        assertThat(CertFacts.of(c)).isNotNull();
      }
      for (PrivateKeyEntry k : contents.keys()) {
        assertThat(KeyFacts.describe(k)).isNotNull();
      }
    } catch (CertParseException e) {
      assertThat(e.getMessage()).contains(SOURCE).doesNotContain("\n");
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyDerIsACertificateOrACertificateException(byte[] der) {
    try {
      X509Certificate c = PemReader.certificate(der);
      assertThat(CertFacts.of(c)).isNotNull();
    } catch (CertificateException expected) {
      // the documented refusal of bytes that are not one DER certificate
    }
  }
}
