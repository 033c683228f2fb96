package io.certmedic.core.pem;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.pem.CertParseException.Problem;
import io.certmedic.core.testing.TestPki;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemReaderTest {

  private static final TestPki.Cert CA = TestPki.ca("pem-ca").build();
  private static final TestPki.Cert LEAF = TestPki.leaf("web.ns.svc").signedBy(CA).build();

  private static byte[] ascii(String s) {
    return s.getBytes(US_ASCII);
  }

  @Test
  void readsABundleWithTextBetweenBlocksAndCrlfLineEnds() throws Exception {
    String bundle =
        "# leaf first\r\n"
            + PemWriter.certificate(LEAF.cert()).replace("\n", "\r\n")
            + "subject=CN=pem-ca\r\nissuer=CN=pem-ca\r\n"
            + PemWriter.certificate(CA.cert()).replace("\n", "\r\n");
    PemContents c = PemReader.read(ascii(bundle), "bundle.pem");
    assertThat(c.certificates()).containsExactly(LEAF.cert(), CA.cert());
    assertThat(c.keys()).isEmpty();
  }

  @ParameterizedTest(name = "reads a {0} key in every armour it comes in")
  @EnumSource(
      value = KeyType.class,
      names = {"ECDSA_P256", "RSA_2048", "ED25519"})
  void readsPkcs8Keys(KeyType type) throws Exception {
    KeyPair kp = type.generate(new java.security.SecureRandom());
    PemContents c = PemReader.read(ascii(PemWriter.privateKey(kp.getPrivate())), "tls.key");
    assertThat(c.keys())
        .singleElement()
        .satisfies(k -> assertThat(k.format()).isEqualTo(PrivateKeyEntry.Format.PKCS8));
  }

  @Test
  void readsPkcs1RsaAndSec1EcKeysAsOpenSslWritesThem() throws Exception {
    KeyPair rsa = KeyType.RSA_2048.generate(new java.security.SecureRandom());
    KeyPair ec = KeyType.ECDSA_P256.generate(new java.security.SecureRandom());
    String text =
        traditional(rsa)
            + "EC PARAMETERS are skipped below\n"
            + "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
            + traditional(ec);
    PemContents c = PemReader.read(ascii(text), "keys.pem");
    assertThat(c.keys())
        .extracting(PrivateKeyEntry::format)
        .containsExactly(PrivateKeyEntry.Format.PKCS1, PrivateKeyEntry.Format.SEC1);
    assertThat(c.otherBlocks()).containsExactly("EC PARAMETERS");
  }

  @Test
  void readsDerAndBase64WrappedPemAsKubernetesStoresIt() throws Exception {
    assertThat(PemReader.read(LEAF.cert().getEncoded(), "tls.der").certificates())
        .containsExactly(LEAF.cert());
    byte[] wrapped = Base64.getEncoder().encode(ascii(PemWriter.certificate(LEAF.cert())));
    assertThat(PemReader.read(wrapped, "caBundle").certificates()).containsExactly(LEAF.cert());
    byte[] wrappedDer = Base64.getMimeEncoder().encode(CA.cert().getEncoded());
    assertThat(PemReader.read(wrappedDer, "ca").certificates()).containsExactly(CA.cert());
  }

  @Test
  void marksEncryptedKeysWithoutReadingThem() throws Exception {
    String legacy =
        TestPki.keyBlock("RSA", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0011\n\nAAAA");
    String pkcs8 = TestPki.keyBlock("ENCRYPTED", "AAAA");
    PemContents c = PemReader.read(ascii(legacy + pkcs8), "enc.pem");
    assertThat(c.keys()).hasSize(2).allMatch(PrivateKeyEntry::isEncrypted);
    assertThat(c.keys().get(0).toString()).doesNotContain("AAAA").contains("redacted");
  }

  /** The malformed corpus: every case is a clean, typed error that names the source. */
  @Test
  void refusesMalformedInputWithATypedErrorNamingTheSource() {
    String cert = PemWriter.certificate(LEAF.cert());
    byte[] noise = new byte[20 * 1024 * 1024];
    new Random(7).nextBytes(noise);
    byte[] binary = new byte[512];
    new Random(9).nextBytes(binary);
    binary[0] = 0x17;
    assertProblem(new byte[0], Problem.EMPTY);
    assertProblem(ascii(" \n\r\n"), Problem.EMPTY);
    assertProblem(ascii(cert.substring(0, cert.length() / 2)), Problem.TRUNCATED);
    assertProblem(
        ascii(cert.replace("-----END CERTIFICATE-----", TestPki.keyEnd(""))), Problem.BAD_ARMOR);
    assertProblem(
        ascii("-----BEGIN CERTIFICATE\nAAAA\n-----END CERTIFICATE-----\n"), Problem.BAD_ARMOR);
    assertProblem(ascii(cert.replace("M", "!")), Problem.BAD_BASE64);
    assertProblem(
        ascii("-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n"),
        Problem.BAD_CERTIFICATE);
    assertProblem(ascii(TestPki.keyBlock("EC", "AAAAAAAA")), Problem.BAD_KEY);
    assertProblem(binary, Problem.NOT_PEM_OR_DER);
    assertProblem(ascii("hello, this is a log file\nnot a certificate\n"), Problem.NOT_PEM_OR_DER);
    assertProblem(noise, Problem.TOO_LARGE);
    assertProblem(ascii(cert.repeat(PemLimits.MAX_BLOCKS + 1)), Problem.TOO_MANY_BLOCKS);
    byte[] derJunk = new byte[64];
    derJunk[0] = 0x30;
    assertProblem(derJunk, Problem.NOT_PEM_OR_DER);
  }

  @Test
  void readCertificatesSaysWhatWasFoundInstead() throws Exception {
    String key = PemWriter.privateKey(LEAF.key());
    assertThatThrownBy(() -> PemReader.readCertificates(ascii(key), "tls.key"))
        .isInstanceOf(CertParseException.class)
        .hasMessage("tls.key holds no certificate: found only a private key");
  }

  @Test
  void errorsNameTheLineOfTheBrokenBlock() {
    String text =
        PemWriter.certificate(CA.cert())
            + "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n";
    int line = PemWriter.certificate(CA.cert()).split("\n").length + 1;
    assertThatThrownBy(() -> PemReader.read(ascii(text), "ca.crt"))
        .hasMessageStartingWith("ca.crt has a certificate that does not parse: line " + line + ":");
  }

  @Test
  void roundTripsAnyBundleWithAnyTextAroundIt() {
    List<X509Certificate> pool =
        List.of(CA.cert(), LEAF.cert(), TestPki.leaf("a.b.svc").sharedKey().build().cert());
    qt().withExamples(200)
        .forAll(
            integers().between(1, 6),
            strings().ascii().ofLengthBetween(0, 40),
            integers().between(0, 1))
        .checkAssert(
            (count, filler, crlf) -> {
              List<X509Certificate> want = new ArrayList<>();
              StringBuilder text = new StringBuilder(filler.replace("-----", "")).append('\n');
              for (int i = 0; i < count; i++) {
                X509Certificate c = pool.get(i % pool.size());
                want.add(c);
                text.append(PemWriter.certificate(c))
                    .append(filler.replace("-----", ""))
                    .append('\n');
              }
              String s = crlf == 1 ? text.toString().replace("\n", "\r\n") : text.toString();
              try {
                assertThat(
                        PemReader.read(
                                s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "gen")
                            .certificates())
                    .isEqualTo(want);
              } catch (CertParseException e) {
                throw new AssertionError(e.getMessage(), e);
              }
            });
  }

  private static void assertProblem(byte[] data, Problem problem) {
    assertThatThrownBy(() -> PemReader.read(data, "input.pem"))
        .isInstanceOfSatisfying(
            CertParseException.class,
            e -> {
              assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
              assertThat(e.getMessage()).startsWith("input.pem").doesNotContain("\n");
            });
  }

  /**
   * PKCS#1 for RSA; SEC1 with the curve named inside, as {@code openssl ecparam -genkey} writes it.
   */
  private static String traditional(KeyPair kp) throws Exception {
    if (kp.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec) {
      org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
          org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(ec.getEncoded());
      org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
          new org.bouncycastle.asn1.sec.ECPrivateKey(
              256, ec.getS(), null, info.getPrivateKeyAlgorithm().getParameters());
      return TestPki.keyBlock(
          "EC", Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1.getEncoded()));
    }
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(new JcaMiscPEMGenerator(kp.getPrivate()));
    }
    return w.toString();
  }
}
