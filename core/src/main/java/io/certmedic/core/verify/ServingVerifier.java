package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Judges a served chain exactly as the Kubernetes API server does when it calls a webhook, a
 * conversion webhook or an aggregated API: Go's {@code (*x509.Certificate).Verify} with {@code
 * VerifyOptions{DNSName: serverName, Roots: caBundle, Intermediates: presented[1:], CurrentTime:
 * at}} and the default key usage serverAuth, as crypto/tls calls it.
 *
 * <p>The order is Go's and part of the contract: the leaf's own validity (unhandled critical
 * extensions, then time), then the name, then chain building (every chain, like Go, with Go's
 * candidate order, hints and 100-signature-check cap), then extended key usage over the chains. As
 * in Go, when chain building fails the error of the last candidate that passed its signature check
 * is returned (an expired CA in the bundle yields the CA's "expired" error, not "unknown
 * authority"); a candidate rejected by its signature only leaves a hint.
 *
 * <p>Deliberately not implemented: name constraints (a constrained CA is trusted as if it had none,
 * and its critical extension is not reported as unhandled) and certificate policies (every chain is
 * treated as policy-valid, which is what Go decides unless a CA requires explicit policy).
 * Certificates Go would refuse to parse (for example ECDSA keys on curves other than
 * P-224/256/384/521) are judged as the JDK parses them.
 *
 * <p>Example: {@code ServingVerifier.verify(served, caBundle, "webhook.ns.svc", at)}.
 */
public final class ServingVerifier {

  /** Go's {@code maxChainSignatureChecks}: bounds the work an attacker-supplied pool can cause. */
  public static final int MAX_SIGNATURE_CHECKS = 100;

  private final Pool roots;
  private final Pool intermediates;
  private final Instant at;
  private int signatureChecks;

  private ServingVerifier(Pool roots, Pool intermediates, Instant at) {
    this.roots = roots;
    this.intermediates = intermediates;
    this.at = at;
  }

  /**
   * Verifies {@code presented} (leaf first, then intermediates in any order) against {@code roots}
   * (the caller's caBundle) for {@code serverName} (a DNS name such as {@code svc.ns.svc}, or an IP
   * literal; null or empty skips the name check) at {@code at}.
   */
  public static VerifyResult verify(
      List<X509Certificate> presented, List<X509Certificate> roots, String serverName, Instant at) {
    return verify(presented, TrustAnchors.of(roots), serverName, at);
  }

  /**
   * The same with a bundle prepared once by {@link TrustAnchors#of}: what the doctor uses when many
   * serving certificates are judged against one caBundle.
   */
  public static VerifyResult verify(
      List<X509Certificate> presented, TrustAnchors roots, String serverName, Instant at) {
    requireNonNull(presented, "presented == null");
    requireNonNull(roots, "roots == null");
    requireNonNull(at, "at == null");
    if (presented.isEmpty()) {
      return new NoCertificate();
    }
    X509Certificate leafCert = requireNonNull(presented.get(0), "presented[0] == null");
    CertNode leaf = CertNode.of(leafCert);

    VerifyFailure invalid = isValid(leaf, Kind.LEAF, List.of(), at);
    if (invalid != null) {
      return invalid;
    }
    if (serverName != null && !serverName.isEmpty()) {
      VerifyFailure mismatch =
          HostnameMatcher.mismatchOrNull(leafCert, HostnameMatcher.sans(leafCert), serverName);
      if (mismatch != null) {
        return mismatch;
      }
    }

    if (roots.contains(leafCert)) {
      return new Verified(List.of(leafCert));
    }
    ServingVerifier v =
        new ServingVerifier(
            roots.pool(), Pool.of(new LinkedHashSet<>(presented.subList(1, presented.size()))), at);
    List<CertNode> start = List.of(leaf);
    Outcome built = v.buildChains(leaf, start);
    if (built.chains().isEmpty()) {
      return built.error();
    }
    for (List<CertNode> chain : built.chains()) {
      if (allowsServerAuth(chain)) {
        List<X509Certificate> certs = new ArrayList<>(chain.size());
        for (CertNode n : chain) {
          certs.add(n.cert);
        }
        return new Verified(certs);
      }
    }
    return new IncompatibleUsage(leafCert);
  }

  private enum Kind {
    LEAF,
    INTERMEDIATE,
    ROOT
  }

  private record Outcome(List<List<CertNode>> chains, VerifyFailure error) {}

  /**
   * Go's {@code buildChains}, including how its {@code err} is overwritten candidate by candidate.
   */
  private Outcome buildChains(CertNode child, List<CertNode> current) {
    List<List<CertNode>> chains = new ArrayList<>();
    VerifyFailure err = null;
    String hintErr = null;
    CertNode hintCert = null;
    List<CertNode> rootCandidates = roots.potentialParents(child);
    List<CertNode> interCandidates = intermediates.potentialParents(child);
    int total = rootCandidates.size() + interCandidates.size();
    for (int i = 0; i < total; i++) {
      boolean isRoot = i < rootCandidates.size();
      CertNode candidate =
          isRoot ? rootCandidates.get(i) : interCandidates.get(i - rootCandidates.size());
      if (!candidate.hasSupportedKey() || alreadyInChain(candidate, current)) {
        continue;
      }
      if (++signatureChecks > MAX_SIGNATURE_CHECKS) {
        err = new SignatureCheckLimit(child.cert);
        continue;
      }
      String sigErr = SignatureCheck.checkSignatureFrom(child, candidate);
      if (sigErr != null) {
        if (hintErr == null) {
          hintErr = sigErr;
          hintCert = candidate;
        }
        continue;
      }
      err = isValid(candidate, isRoot ? Kind.ROOT : Kind.INTERMEDIATE, current, at);
      if (err != null) {
        if (hintErr == null) {
          hintErr = err.message();
          hintCert = candidate;
        }
        continue;
      }
      List<CertNode> extended = new ArrayList<>(current.size() + 1);
      extended.addAll(current);
      extended.add(candidate);
      if (isRoot) {
        chains.add(extended);
      } else {
        Outcome deeper = buildChains(candidate, extended);
        err = deeper.error();
        chains.addAll(deeper.chains());
      }
    }
    if (!chains.isEmpty()) {
      err = null;
    }
    if (chains.isEmpty() && err == null) {
      err =
          hintErr == null
              ? new UnknownAuthority(child.cert)
              : new UnknownAuthority(
                  child.cert, hintErr, GoText.certName(hintCert.cert), hintCert.cert);
    }
    return new Outcome(chains, err);
  }

  private static boolean alreadyInChain(CertNode candidate, List<CertNode> chain) {
    for (CertNode c : chain) {
      if (candidate.sameAs(c)) {
        return true;
      }
    }
    return false;
  }

  /** Go's {@code isValid} without name constraints. */
  private static VerifyFailure isValid(CertNode c, Kind kind, List<CertNode> current, Instant at) {
    if (c.hasUnhandledCriticalExtension()) {
      return new UnhandledCriticalExtension(c.cert);
    }
    if (at.isBefore(c.cert.getNotBefore().toInstant())) {
      return new NotYetValid(c.cert, at);
    }
    if (at.isAfter(c.cert.getNotAfter().toInstant())) {
      return new Expired(c.cert, at);
    }
    if (kind == Kind.INTERMEDIATE && (!c.basicConstraintsValid || !c.isCa)) {
      return new NotAuthorizedToSign(c.cert);
    }
    if (c.basicConstraintsValid && c.maxPathLen >= 0 && current.size() - 1 > c.maxPathLen) {
      return new TooManyIntermediates(c.cert);
    }
    return null;
  }

  /**
   * Go's {@code checkChainForKeyUsage} for serverAuth: from the root down, a certificate without
   * EKU imposes nothing, {@code any} allows everything, otherwise it must list serverAuth.
   */
  static boolean allowsServerAuth(List<CertNode> chain) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      List<String> eku = chain.get(i).extKeyUsage();
      if (eku.isEmpty() || eku.contains(CertNode.EKU_ANY)) {
        continue;
      }
      if (!eku.contains(CertNode.EKU_SERVER_AUTH)) {
        return false;
      }
    }
    return true;
  }
}
