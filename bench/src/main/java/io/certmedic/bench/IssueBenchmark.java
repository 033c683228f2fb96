package io.certmedic.bench;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.IssuedCertificate;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.issue.ServingCertRequest;
import io.certmedic.core.pem.PemWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Serving certificates issued per second: a fresh key pair, the certificate with every Service
 * name, signed by a CA of the same key type made once in setup. {@link #issueAsPem} also encodes
 * cert and key as PEM, the same output the OpenSSL pipeline in {@code issue-vs-openssl.sh} writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IssueBenchmark {

  @Param({"ecdsa-p256", "rsa-2048"})
  public String keyType;

  private final SecureRandom random = new SecureRandom();
  private final Instant now = Instant.parse("2026-06-01T12:00:00Z");
  private CertificateAuthority ca;
  private ServingCertRequest request;

  @Setup
  public void makeCa() {
    KeyType type = KeyType.parse(keyType);
    ca = Issuer.newCa("certmedic-bench-ca", type, Issuer.CA_LIFETIME, now, random);
    request = ServingCertRequest.forService("webhook", "bench").withKeyType(type);
  }

  @Benchmark
  public IssuedCertificate issue() {
    return Issuer.serving(ca, request, now, random);
  }

  @Benchmark
  public String issueAsPem() {
    IssuedCertificate issued = Issuer.serving(ca, request, now, random);
    return PemWriter.certificate(issued.certificate()) + PemWriter.privateKey(issued.privateKey());
  }
}
