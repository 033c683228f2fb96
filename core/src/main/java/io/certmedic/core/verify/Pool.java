package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Go's CertPool: certificates by raw subject, in insertion order, duplicates dropped. */
final class Pool {
  private final Map<ByteBuffer, List<CertNode>> bySubject = new HashMap<>();

  static Pool of(LinkedHashSet<X509Certificate> certs) {
    Pool p = new Pool();
    for (X509Certificate c : certs) {
      CertNode n = CertNode.of(requireNonNull(c, "certificate == null"));
      p.bySubject.computeIfAbsent(n.subject, k -> new ArrayList<>(1)).add(n);
    }
    return p;
  }

  /**
   * Go's {@code findPotentialParents}: key-id matches first, then one id missing, then mismatches.
   */
  List<CertNode> potentialParents(CertNode child) {
    List<CertNode> named = bySubject.get(child.issuer);
    if (named == null) {
      return List.of();
    }
    if (named.size() == 1) {
      return named;
    }
    List<CertNode> matching = new ArrayList<>();
    List<CertNode> oneId = new ArrayList<>();
    List<CertNode> mismatch = new ArrayList<>();
    for (CertNode c : named) {
      if (java.util.Arrays.equals(c.subjectKeyId, child.authorityKeyId)) {
        matching.add(c);
      } else if (c.subjectKeyId.length == 0 || child.authorityKeyId.length == 0) {
        oneId.add(c);
      } else {
        mismatch.add(c);
      }
    }
    matching.addAll(oneId);
    matching.addAll(mismatch);
    return matching;
  }
}
