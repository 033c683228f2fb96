package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders an unordered list of certificates leaf to root by issuer/subject links (preferring a
 * parent whose subject key id matches the child's authority key id) and says what was wrong with
 * the order given. Signatures are not checked: that is {@link ServingVerifier}'s job.
 *
 * <p>Example: {@code ChainOrder.of(PemReader.readCertificates(bytes, "tls.crt"),
 * "tls.crt").problems()} may hold {@code tls.crt lists the CA before the leaf}.
 */
public record ChainOrder(
    List<X509Certificate> ordered, List<X509Certificate> unrelated, List<String> problems) {

  public ChainOrder {
    ordered = List.copyOf(ordered);
    unrelated = List.copyOf(unrelated);
    problems = List.copyOf(problems);
  }

  /** Orders {@code certs}; {@code source} (e.g. {@code tls.crt}) names the input in problems. */
  public static ChainOrder of(List<X509Certificate> certs, String source) {
    requireNonNull(certs, "certs == null");
    requireNonNull(source, "source == null");
    List<String> problems = new ArrayList<>();
    List<CertNode> nodes = new ArrayList<>();
    for (X509Certificate c : certs) {
      if (nodes.stream().anyMatch(n -> n.cert.equals(c))) {
        problems.add(source + " lists " + describe(c) + " twice");
        continue;
      }
      nodes.add(CertNode.of(c));
    }
    if (nodes.isEmpty()) {
      return new ChainOrder(List.of(), List.of(), problems);
    }
    CertNode leaf = findLeaf(nodes);
    List<CertNode> chain = new ArrayList<>();
    chain.add(leaf);
    CertNode current = leaf;
    while (!current.subject.equals(current.issuer)) {
      CertNode parent = parentOf(current, nodes, chain);
      if (parent == null) {
        break;
      }
      chain.add(parent);
      current = parent;
    }
    if (nodes.get(0) != leaf) {
      problems.add(
          nodes.get(0).isCa
              ? source + " lists the CA before the leaf"
              : source + " does not list the leaf first");
    } else if (!nodes.subList(0, chain.size()).equals(chain)) {
      problems.add(
          source
              + " lists the chain out of order: each certificate should be followed by its issuer");
    }
    List<X509Certificate> unrelated = new ArrayList<>();
    for (CertNode n : nodes) {
      if (!chain.contains(n)) {
        unrelated.add(n.cert);
      }
    }
    CertNode top = chain.get(chain.size() - 1);
    if (!top.subject.equals(top.issuer) && !unrelated.isEmpty()) {
      problems.add(
          "intermediate missing: nothing in "
              + source
              + " issued "
              + describe(top.cert)
              + " (its issuer is "
              + top.cert.getIssuerX500Principal().getName()
              + ")");
    }
    for (X509Certificate u : unrelated) {
      problems.add(source + " holds " + describe(u) + ", which is not in the leaf's chain");
    }
    List<X509Certificate> ordered = new ArrayList<>();
    for (CertNode n : chain) {
      ordered.add(n.cert);
    }
    return new ChainOrder(ordered, unrelated, problems);
  }

  /** The first certificate that issued none of the others (a non-CA preferred). */
  private static CertNode findLeaf(List<CertNode> nodes) {
    CertNode firstNotIssuer = null;
    for (CertNode n : nodes) {
      boolean issuesOther = false;
      for (CertNode o : nodes) {
        if (o != n && !o.subject.equals(o.issuer) && o.issuer.equals(n.subject)) {
          issuesOther = true;
          break;
        }
      }
      if (!issuesOther) {
        if (!n.isCa) {
          return n;
        }
        if (firstNotIssuer == null) {
          firstNotIssuer = n;
        }
      }
    }
    return firstNotIssuer != null ? firstNotIssuer : nodes.get(0);
  }

  private static CertNode parentOf(CertNode child, List<CertNode> nodes, List<CertNode> chain) {
    CertNode byName = null;
    for (CertNode n : nodes) {
      if (chain.contains(n) || !n.subject.equals(child.issuer)) {
        continue;
      }
      if (child.authorityKeyId.length > 0
          && java.util.Arrays.equals(n.subjectKeyId, child.authorityKeyId)) {
        return n;
      }
      if (byName == null) {
        byName = n;
      }
    }
    return byName;
  }

  private static String describe(X509Certificate c) {
    String cn = GoText.commonName(c);
    return cn.isEmpty() ? c.getSubjectX500Principal().getName() : "\"" + cn + "\"";
  }
}
