package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.Links;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ProbeObservation;
import io.certmedic.core.snapshot.ProbeObservation.CallerTarget;
import io.certmedic.core.text.Shell;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.VerifyFailure;
import io.certmedic.core.verify.VerifyResult;
import io.certmedic.core.x509.CertFacts;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges what the pods behind a caller actually serve, from live handshakes ({@code doctor
 * --probe}): the chain verified as the API server verifies it (the caller's own caBundle, the name
 * {@code svc.ns.svc}, Go's rules), and the served leaf compared with the one the linked Secret
 * holds. A pod that serves an older certificate than its Secret was not restarted after a rotation
 * (the KubeSphere incident: the server reads its certificate only at start).
 *
 * <p>Per caller, pods that fail the same way are reported together: one {@code PROBE_FAILED} per
 * distinct reason, one {@code SERVING_CERT_STALE} naming every stale pod and what to restart.
 * Nothing is reported without observations: probing is opt-in.
 */
final class ServedCertificate implements Check {

  @Override
  public List<Finding> run(Analysis a) {
    List<ProbeObservation> probes = a.snapshot().probes();
    if (probes.isEmpty()) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (CallerLink l : a.links()) {
      List<ProbeObservation> mine = new ArrayList<>();
      for (ProbeObservation o : probes) {
        if (o.target() instanceof CallerTarget t && t.isFor(l.caller())) {
          mine.add(o);
        }
      }
      if (!mine.isEmpty()) {
        judge(a, l, mine, out);
      }
    }
    return out;
  }

  private static void judge(
      Analysis a, CallerLink l, List<ProbeObservation> observations, List<Finding> out) {
    Caller c = l.caller();
    String dns = c.client().service().dnsName();
    Severity sev = Analysis.severityFor(c);
    Optional<ServingLink> link = l.primary();
    CertInfo secretLeaf =
        link.map(p -> ServingSecret.of(p.secret()).orElseThrow().leafCert()).orElse(null);
    List<X509Certificate> roots =
        c.client().caBundle().certs().stream().map(CertInfo::certificate).toList();
    List<ObjectRef> related = new ArrayList<>();
    if (l.service() != null) {
      related.add(l.service().meta().ref());
    }
    link.ifPresent(p -> related.add(p.secretRef()));

    // reason -> pods; the first observation with that reason speaks for the others
    Map<String, List<ProbeObservation>> failed = new LinkedHashMap<>();
    Map<String, String> failedWords = new LinkedHashMap<>();
    List<ProbeObservation> stale = new ArrayList<>();
    Map<ProbeObservation, VerifyFailure> staleFailures = new LinkedHashMap<>();
    List<ProbeObservation> notProbed = new ArrayList<>();
    for (ProbeObservation o : observations) {
      switch (o.outcome()) {
        case NOT_PROBED -> notProbed.add(o);
        case UNREACHABLE -> {
          failed.computeIfAbsent("unreachable:" + o.problem(), k -> new ArrayList<>()).add(o);
          failedWords.putIfAbsent("unreachable:" + o.problem(), o.problem());
        }
        case PRESENTED -> {
          List<X509Certificate> chain = o.presented().stream().map(CertInfo::certificate).toList();
          VerifyResult r = ServingVerifier.verify(chain, roots, dns, a.options().at());
          CertInfo served = o.presented().get(0);
          if (secretLeaf != null && olderThan(served, secretLeaf)) {
            stale.add(o);
            if (r instanceof VerifyFailure f) {
              staleFailures.put(o, f);
            }
          } else if (r instanceof VerifyFailure f) {
            failed.computeIfAbsent("verify:" + f.message(), k -> new ArrayList<>()).add(o);
            failedWords.putIfAbsent("verify:" + f.message(), f.message());
          }
        }
      }
    }

    for (Map.Entry<String, List<ProbeObservation>> e : failed.entrySet()) {
      List<ProbeObservation> pods = e.getValue();
      ProbeObservation first = pods.get(0);
      String words = failedWords.get(e.getKey());
      boolean verify = e.getKey().startsWith("verify:");
      List<String> evidence = evidence(l, pods);
      String message;
      String fix;
      if (verify) {
        CertFacts f = first.presented().get(0).facts();
        boolean same = secretLeaf != null && secretLeaf.equals(first.presented().get(0));
        message =
            c.describe()
                + ": "
                + pods(pods)
                + " served a certificate that fails the API server's verification for "
                + dns
                + ": \""
                + words
                + "\" ("
                + Analysis.blocks(c)
                + ")";
        evidence.add(
            "served leaf: "
                + describe(f)
                + (same
                    ? " (the certificate Secret "
                        + link.get().secretNamespace()
                        + "/"
                        + link.get().secretName()
                        + " holds)"
                    : ""));
        evidence.add(
            "verified against: "
                + (roots.isEmpty()
                    ? "an empty caBundle"
                    : "its caBundle (" + roots.size() + " CA(s))"));
        fix =
            "Confirm with: kubectl -n "
                + Shell.quote(ns(first))
                + " port-forward "
                + Shell.quote("pod/" + pod(first))
                + " 8443:"
                + Shell.quote(targetPort(l))
                + " & certmedic probe 127.0.0.1:8443 --ca <caBundle> --server-name "
                + Shell.quote(dns)
                + "; then reissue the certificate for "
                + dns
                + " from a CA in the caBundle (or inject the CA that signs it) and restart the server.";
      } else {
        message =
            c.describe()
                + ": the handshake with "
                + pods(pods)
                + " as "
                + dns
                + " failed: "
                + words
                + " ("
                + Analysis.blocks(c)
                + ")";
        fix =
            pod(first).isEmpty()
                ? "Make a pod behind Service "
                    + ns(first)
                    + "/"
                    + ((CallerTarget) first.target()).service()
                    + " ready: kubectl -n "
                    + Shell.quote(ns(first))
                    + " get pods,endpointslices; kubectl -n "
                    + Shell.quote(ns(first))
                    + " describe pod"
                : "Check the server listens on the target port with TLS: kubectl -n "
                    + Shell.quote(ns(first))
                    + " logs "
                    + Shell.quote(pod(first))
                    + "; kubectl -n "
                    + Shell.quote(ns(first))
                    + " describe pod "
                    + Shell.quote(pod(first));
      }
      out.add(
          new Finding(
              FindingCode.PROBE_FAILED, sev, c.meta().ref(), related, message, evidence, fix));
    }

    if (!stale.isEmpty()) {
      ServingLink p = link.orElseThrow();
      CertFacts want = secretLeaf.facts();
      CertFacts got = stale.get(0).presented().get(0).facts();
      VerifyFailure f = staleFailures.isEmpty() ? null : staleFailures.values().iterator().next();
      List<String> evidence = evidence(l, stale);
      evidence.add("served leaf: " + describe(got));
      evidence.add(
          "Secret " + p.secretNamespace() + "/" + p.secretName() + " leaf: " + describe(want));
      Set<String> restarts = new LinkedHashSet<>();
      for (ProbeObservation o : stale) {
        restarts.add(restart(a, l, p, (CallerTarget) o.target()));
      }
      String message =
          c.describe()
              + ": "
              + pods(stale)
              + " still serve"
              + (stale.size() == 1 ? "s" : "")
              + " an older certificate (serial "
              + got.serialHex()
              + ", valid until "
              + got.notAfter()
              + ") than Secret "
              + p.secretNamespace()
              + "/"
              + p.secretName()
              + " holds (serial "
              + want.serialHex()
              + ", from "
              + want.notBefore()
              + "): the server read its certificate at start and was not restarted after the rotation"
              + (f == null
                  ? "; it still verifies, until the old one expires or its CA leaves the caBundle"
                  : "; the API server says \"" + f.message() + "\" (" + Analysis.blocks(c) + ")");
      out.add(
          new Finding(
              FindingCode.SERVING_CERT_STALE,
              f == null ? Severity.WARNING : sev,
              c.meta().ref(),
              related,
              message,
              evidence,
              "Restart the server so it reads the current certificate: "
                  + String.join("; ", restarts)));
    }

    for (ProbeObservation o : notProbed) {
      List<String> evidence = evidence(l, List.of(o));
      out.add(
          new Finding(
              FindingCode.PROBE_FAILED,
              Severity.WARNING,
              c.meta().ref(),
              related,
              c.describe()
                  + ": certmedic could not probe "
                  + (pod(o).isEmpty()
                      ? "Service " + ns(o) + "/" + ((CallerTarget) o.target()).service()
                      : "pod " + ns(o) + "/" + pod(o))
                  + ": "
                  + o.problem()
                  + " (this says nothing about the server; the other checks still judge the Secret it mounts)",
              evidence,
              "Probing needs 'get pods' and 'create pods/portforward' in "
                  + ns(o)
                  + ": kubectl auth can-i create pods/portforward -n "
                  + Shell.quote(ns(o))));
    }
  }

  /** True when {@code served} is not what the Secret holds and was issued before it. */
  static boolean olderThan(CertInfo served, CertInfo secret) {
    return !served.equals(secret)
        && served.facts().notBefore().isBefore(secret.facts().notBefore());
  }

  private static String restart(Analysis a, CallerLink l, ServingLink p, CallerTarget t) {
    ObjectRef w = t.workload();
    if (w == null && !p.workloads().isEmpty()) {
      w = p.workloads().get(0);
    }
    if (w == null && l.service() != null) {
      w =
          Links.selected(a.snapshot(), l.service()).stream()
              .map(x -> x.meta().ref())
              .findFirst()
              .orElse(null);
    }
    if (w == null || w.kind().equals("Pod")) {
      return Shell.command(List.of("kubectl", "-n", t.namespace(), "delete", "pod", t.pod()));
    }
    return Shell.command(
        List.of(
            "kubectl",
            "-n",
            w.namespace(),
            "rollout",
            "restart",
            w.kind().toLowerCase(Locale.ROOT),
            w.name()));
  }

  private static List<String> evidence(CallerLink l, List<ProbeObservation> observations) {
    List<String> ev = new ArrayList<>(l.evidence());
    for (ProbeObservation o : observations) {
      ev.add("probed " + o.address() + " with SNI " + o.serverName() + " at " + o.at());
    }
    return ev;
  }

  private static String describe(CertFacts f) {
    return f.subject()
        + ", serial "
        + f.serialHex()
        + ", names ["
        + String.join(", ", f.allNames())
        + "], valid "
        + f.notBefore()
        + " .. "
        + f.notAfter()
        + ", issued by "
        + f.issuer()
        + ", sha256 "
        + f.sha256().substring(0, 16)
        + "…";
  }

  private static String pods(List<ProbeObservation> os) {
    if (os.size() == 1 && pod(os.get(0)).isEmpty()) {
      CallerTarget t = (CallerTarget) os.get(0).target();
      return "Service " + t.namespace() + "/" + t.service();
    }
    List<String> names = os.stream().map(ServedCertificate::pod).toList();
    return (names.size() == 1 ? "pod " : "pods ") + ns(os.get(0)) + "/" + String.join(", ", names);
  }

  private static String pod(ProbeObservation o) {
    return ((CallerTarget) o.target()).pod();
  }

  private static String ns(ProbeObservation o) {
    return ((CallerTarget) o.target()).namespace();
  }

  private static String targetPort(CallerLink l) {
    return l.port() == null ? "443" : l.port().targetPort();
  }
}
