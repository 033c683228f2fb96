package io.certmedic.bench;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.TrustAnchors;
import io.certmedic.core.verify.VerifyResult;
import io.certmedic.core.x509.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The doctor's three costly steps, one call each, for comparison with Go crypto/x509's published
 * figures (about 21 us per {@code ParseCertificate}, 58 us per P-256 verification, one core):
 * parsing one P-256 serving certificate, one P-256 key-pair check (the private key's PKCS#8 read
 * and {@code d * G} compared with the certificate's point) and one chain verification (leaf and
 * intermediate served, root prepared once, name checked: two P-256 signature verifications). Run:
 * {@code java -jar bench/target/benchmarks.jar PrimitivesBenchmark -wi 3 -i 5 -f 1 -t 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class PrimitivesBenchmark {

  private byte[] leafDer;
  private X509Certificate leaf;
  private PrivateKeyEntry key;
  private KeyFacts.PublicHalf half;
  private List<X509Certificate> presented;
  private TrustAnchors anchors;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    BenchPki pki = BenchPki.of(KeyType.ECDSA_P256);
    leaf = pki.leaf();
    leafDer = leaf.getEncoded();
    presented = pki.presented();
    anchors = TrustAnchors.of(List.of(pki.root()));
    KeyPair pair = KeyType.ECDSA_P256.generate(new SecureRandom());
    key =
        PemReader.read(
                PemWriter.privateKey(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII),
                "tls.key")
            .keys()
            .get(0);
    half = KeyFacts.PublicHalf.of(pair.getPublic());
    if (!half.id().equals(KeyFacts.read(key, half).publicKeyId())
        || !ServingVerifier.verify(presented, anchors, BenchPki.NAME, BenchPki.AT).ok()) {
      throw new IllegalStateException("bench key or chain does not check out");
    }
  }

  /** DER to a JDK certificate: what Go's {@code x509.ParseCertificate} does. */
  @Benchmark
  public X509Certificate parseCertificate() throws Exception {
    return PemReader.certificate(leafDer);
  }

  /** DER to the doctor's record: parse, then read every fact and the public key's id once. */
  @Benchmark
  public CertInfo parseCertificateAndFacts() throws Exception {
    return CertInfo.of(PemReader.certificate(leafDer));
  }

  /** One P-256 key-pair check as the doctor makes it for a Secret's tls.key beside tls.crt. */
  @Benchmark
  public KeyFacts.Reading keyPairCheckP256() {
    return KeyFacts.read(key, half);
  }

  /** Leaf + intermediate against a prepared root, name checked: two P-256 verifications. */
  @Benchmark
  public VerifyResult verifyChainP256() {
    return ServingVerifier.verify(presented, anchors, BenchPki.NAME, BenchPki.AT);
  }
}
