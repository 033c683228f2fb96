package io.certmedic.bench;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.TrustAnchors;
import io.certmedic.core.verify.VerifyResult;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Chain + name verifications per second with {@link ServingVerifier}: leaf + intermediate served,
 * root in the bundle, name checked, two signatures verified per call (nothing is cached between
 * calls). Run: {@code java -jar bench/target/benchmarks.jar VerifyBenchmark -wi 3 -i 5 -f 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class VerifyBenchmark {

  @Param({"ECDSA_P256", "RSA_2048"})
  public String keyType;

  private List<X509Certificate> presented;
  private List<X509Certificate> roots;
  private TrustAnchors anchors;

  @Setup(Level.Trial)
  public void setUp() {
    BenchPki pki = BenchPki.of(KeyType.valueOf(keyType));
    presented = pki.presented();
    roots = List.of(pki.root());
    anchors = TrustAnchors.of(roots);
    VerifyResult check = ServingVerifier.verify(presented, roots, BenchPki.NAME, BenchPki.AT);
    if (!check.ok()) {
      throw new IllegalStateException("bench chain does not verify: " + check);
    }
  }

  @Benchmark
  public VerifyResult verifyChainAndName() {
    return ServingVerifier.verify(presented, roots, BenchPki.NAME, BenchPki.AT);
  }

  /** The doctor's path: one caBundle prepared once, many serving certificates judged against it. */
  @Benchmark
  public VerifyResult verifyWithPreparedBundle() {
    return ServingVerifier.verify(presented, anchors, BenchPki.NAME, BenchPki.AT);
  }

  @Benchmark
  public VerifyResult rejectWrongName() {
    return ServingVerifier.verify(presented, roots, "other.bench.svc", BenchPki.AT);
  }
}
