package io.certmedic.cli;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.Links;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.link.TrustSource;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.PemFileRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.x509.CertFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the HTML report shows, built from a doctor result and the snapshot it judged: the summary,
 * every certificate (for the expiry timeline), one chain per caller (caller, Service, workload,
 * Secret, issuing CA, each hop marked broken with why, as {@code core.link} resolves it), every CA
 * with the caBundles and bundle copies that hold it, and the findings. Pure: {@code now} is given.
 */
record HtmlModel(
    String title,
    Instant at,
    Instant now,
    String failOn,
    int exitCode,
    Map<Severity, Integer> counts,
    int objects,
    List<String> read,
    List<Cert> certs,
    List<Chain> chains,
    List<Ca> cas,
    List<Item> findings) {

  /**
   * One certificate where it is stored; {@code breaks} is the worst severity found on its object.
   */
  record Cert(
      String object,
      String namespace,
      String field,
      String subject,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      Optional<Severity> breaks,
      List<String> codes) {}

  /**
   * One hop of a caller's chain; {@code broken} says the link into it does not hold, {@code why}
   * says how.
   */
  record Hop(String kind, String label, boolean broken, String why) {}

  /** A caller and what it reaches; {@code namespace} is its Service's. */
  record Chain(String namespace, List<Hop> hops, List<String> codes) {}

  /**
   * A CA: the caBundles that trust it, the bundle copies holding it (Secret and ConfigMap fields)
   * and the Secrets whose certificate it issued.
   */
  record Ca(
      String subject,
      String sha256,
      Instant notAfter,
      List<String> trustedBy,
      List<String> copies,
      List<String> issued) {}

  /** A finding as the report lists it. */
  record Item(
      Severity severity,
      String code,
      String object,
      String namespace,
      String message,
      List<String> related,
      List<String> evidence,
      String fix,
      String location,
      String docs) {}

  HtmlModel {
    requireNonNull(title, "title == null");
    counts = Map.copyOf(counts);
    read = List.copyOf(read);
    certs = List.copyOf(certs);
    chains = List.copyOf(chains);
    cas = List.copyOf(cas);
    findings = List.copyOf(findings);
  }

  /** The namespaces anything in the report is in, sorted, for the filter. */
  Set<String> namespaces() {
    Set<String> out = new TreeSet<>();
    certs.forEach(c -> out.add(c.namespace()));
    chains.forEach(c -> out.add(c.namespace()));
    findings.forEach(f -> out.add(f.namespace()));
    out.remove("");
    return out;
  }

  static HtmlModel of(DoctorResult r, String title, Instant now) {
    Snapshot s = r.snapshot();
    List<Finding> findings = r.report().findings();
    List<Item> items = new ArrayList<>();
    for (Finding f : findings) {
      items.add(
          new Item(
              f.severity(),
              f.code().name(),
              f.object().describe(),
              namespace(f),
              f.message(),
              f.related().stream().map(ObjectRef::describe).toList(),
              f.evidence(),
              f.fix(),
              r.where(f)
                  .flatMap(InputLocation::parse)
                  .map(l -> l.file() + ":" + l.line())
                  .orElse(""),
              FindingHelp.uri(f.code())));
    }
    return new HtmlModel(
        title,
        r.at(),
        now,
        r.failOn().label(),
        r.exitCode(),
        r.report().counts(),
        r.report().objects(),
        read(r),
        certs(s, findings),
        chains(s, findings),
        cas(s),
        items);
  }

  /** The namespace a finding is filed under: its object's, else its first related object's. */
  static String namespace(Finding f) {
    if (!f.object().namespace().isEmpty()) {
      return f.object().namespace();
    }
    return f.related().stream()
        .map(ObjectRef::namespace)
        .filter(n -> !n.isEmpty())
        .findFirst()
        .orElse("");
  }

  /** {@code 3 Secrets, 1 ConfigMap, ... from a.yaml, b.yaml}. */
  private static List<String> read(DoctorResult r) {
    Snapshot s = r.snapshot();
    List<String> out = new ArrayList<>();
    count(out, s.secrets().size(), "Secret");
    count(out, s.configMaps().size(), "ConfigMap");
    count(out, s.services().size(), "Service");
    count(out, s.workloads().size(), "workload");
    count(out, s.callers().size(), "caller (webhook, conversion webhook, APIService)");
    count(out, s.certificates().size(), "cert-manager Certificate");
    count(out, s.kubeconfigs().size(), "kubeconfig");
    count(out, s.files().size(), "PEM file");
    Set<String> files = new TreeSet<>();
    for (String where : r.sources().values()) {
      InputLocation.parse(where).ifPresent(l -> files.add(l.file()));
      InputLocation.stdin(where).ifPresent(l -> files.add("stdin"));
    }
    if (!files.isEmpty()) {
      List<String> named = files.stream().limit(MAX_FILES_NAMED).toList();
      out.add(
          "from "
              + String.join(", ", named)
              + (files.size() > named.size()
                  ? " and " + (files.size() - named.size()) + " more files"
                  : ""));
    } else if (s.objectCount() > 0) {
      out.add("from the cluster");
    }
    return out;
  }

  /** Most input files the summary names. */
  static final int MAX_FILES_NAMED = 10;

  private static void count(List<String> out, int n, String what) {
    if (n > 0) {
      out.add(n + " " + what);
    }
  }

  private static List<Cert> certs(Snapshot s, List<Finding> all) {
    // each object's findings (as object or related), so that 50,000 certificates do not each
    // scan every finding
    Map<ObjectRef, List<Finding>> findings = new java.util.HashMap<>();
    for (Finding f : all) {
      findings.computeIfAbsent(f.object(), k -> new ArrayList<>()).add(f);
      for (ObjectRef o : f.related()) {
        if (!o.equals(f.object())) {
          findings.computeIfAbsent(o, k -> new ArrayList<>()).add(f);
        }
      }
    }
    Map<String, Cert> out = new LinkedHashMap<>();
    for (SecretRecord sec : s.secrets()) {
      sec.fields().forEach((k, v) -> add(out, findings, sec.meta().ref(), k, v.certs()));
    }
    for (ConfigMapRecord cm : s.configMaps()) {
      cm.fields().forEach((k, v) -> add(out, findings, cm.meta().ref(), k, v.certs()));
    }
    for (Caller c : s.callers()) {
      add(out, findings, c.meta().ref(), "caBundle", c.client().caBundle().certs());
    }
    for (KubeconfigRecord k : s.kubeconfigs()) {
      ObjectRef ref = DoctorResult.file(k.source());
      for (KubeconfigRecord.Cluster c : k.clusters()) {
        add(out, findings, ref, "cluster " + c.name(), certsOf(c.certificateAuthority()));
      }
      for (KubeconfigRecord.User u : k.users()) {
        add(out, findings, ref, "user " + u.name(), certsOf(u.clientCertificate()));
      }
    }
    for (PemFileRecord p : s.files()) {
      add(out, findings, DoctorResult.file(p.source()), "", p.content().certs());
    }
    List<Cert> list = new ArrayList<>(out.values());
    list.sort(Comparator.comparing(Cert::notAfter).thenComparing(Cert::object));
    return list;
  }

  private static List<CertInfo> certsOf(DataField f) {
    return f == null ? List.of() : f.certs();
  }

  private static void add(
      Map<String, Cert> out,
      Map<ObjectRef, List<Finding>> findings,
      ObjectRef ref,
      String field,
      List<CertInfo> certs) {
    for (CertInfo c : certs) {
      CertFacts f = c.facts();
      String key = ref + "|" + f.sha256();
      if (out.containsKey(key)) {
        continue;
      }
      Optional<Severity> worst = Optional.empty();
      Set<String> codes = new LinkedHashSet<>();
      for (Finding x : findings.getOrDefault(ref, List.of())) {
        codes.add(x.code().name());
        if (worst.isEmpty() || x.severity().compareTo(worst.get()) < 0) {
          worst = Optional.of(x.severity());
        }
      }
      out.put(
          key,
          new Cert(
              ref.describe() + (field.isEmpty() ? "" : " " + field),
              ref.namespace(),
              field,
              f.subject(),
              f.notBefore(),
              f.notAfter(),
              f.ca(),
              worst,
              List.copyOf(codes)));
    }
  }

  private static List<Chain> chains(Snapshot s, List<Finding> findings) {
    List<Chain> out = new ArrayList<>();
    for (Caller c : s.callers()) {
      CallerLink link = Links.resolve(s, c);
      List<Hop> hops = new ArrayList<>();
      hops.add(new Hop("caller", c.describe(), false, ""));
      String ns = c.meta().namespace();
      var ref = c.client().service();
      if (ref != null) {
        ns = ref.namespace();
      }
      switch (link.status()) {
        case URL -> hops.add(new Hop("url", "URL " + c.client().url(), false, ""));
        case APISERVER_SELF ->
            hops.add(new Hop("service", "Service default/kubernetes (the API server)", false, ""));
        case SERVICE_MISSING ->
            hops.add(
                new Hop(
                    "service",
                    "Service " + ref.namespace() + "/" + ref.name(),
                    true,
                    "Service not found"));
        case SERVICE_UNKNOWN ->
            hops.add(
                new Hop(
                    "service",
                    "Service " + ref.namespace() + "/" + ref.name(),
                    true,
                    "Service not in the input"));
        case PORT_MISSING ->
            hops.add(
                new Hop(
                    "service",
                    "Service " + ref.namespace() + "/" + ref.name() + ":" + ref.port(),
                    true,
                    "no such port"));
        case FOUND -> found(s, c, link, hops);
      }
      Set<String> codes = new LinkedHashSet<>();
      for (Finding f : findings) {
        if (f.object().equals(c.meta().ref())) {
          codes.add(f.code().name());
        }
      }
      out.add(new Chain(ns, hops, List.copyOf(codes)));
    }
    return out;
  }

  private static void found(Snapshot s, Caller c, CallerLink link, List<Hop> hops) {
    hops.add(
        new Hop(
            "service",
            "Service "
                + link.service().meta().namespace()
                + "/"
                + link.service().meta().name()
                + ":"
                + link.port().port(),
            false,
            ""));
    Optional<ServingLink> primary = link.primary().or(() -> link.serving().stream().findFirst());
    if (primary.isEmpty()) {
      hops.add(new Hop("secret", "no serving Secret", true, "no Secret found behind the port"));
      return;
    }
    ServingLink l = primary.get();
    if (!l.workloads().isEmpty()) {
      hops.add(new Hop("workload", l.workloads().get(0).describe(), false, ""));
    }
    if (l.secret() == null) {
      hops.add(new Hop("secret", l.secretRef().describe(), true, "Secret not in the input"));
      return;
    }
    Optional<ServingSecret> serving = ServingSecret.of(l.secret());
    if (serving.isEmpty()) {
      hops.add(new Hop("secret", l.secretRef().describe(), true, "holds no certificate"));
      return;
    }
    hops.add(new Hop("secret", l.secretRef().describe(), false, ""));
    CertFacts leaf = serving.get().leafCert().facts();
    Optional<TrustSource> trust = TrustSource.of(s, c);
    boolean trusted =
        trust.isPresent()
            && trust.get().roots().stream()
                .anyMatch(
                    root ->
                        root.facts().subject().equals(leaf.issuer())
                            && (leaf.authorityKeyId() == null
                                || leaf.authorityKeyId().isEmpty()
                                || root.facts().subjectKeyId() == null
                                || leaf.authorityKeyId().equals(root.facts().subjectKeyId())));
    hops.add(
        new Hop(
            "ca",
            "CA " + leaf.issuer(),
            !trusted,
            trust.isEmpty()
                ? "the caller has no caBundle"
                : trusted ? "" : "not in the caller's trust (" + trust.get().description() + ")"));
  }

  private static List<Ca> cas(Snapshot s) {
    Map<String, CertInfo> byFingerprint = new LinkedHashMap<>();
    Map<String, Set<String>> trusted = new LinkedHashMap<>();
    Map<String, Set<String>> copies = new LinkedHashMap<>();
    Map<String, Set<String>> issued = new LinkedHashMap<>();
    for (Caller c : s.callers()) {
      for (CertInfo ci : c.client().caBundle().certs()) {
        if (ci.facts().ca()) {
          byFingerprint.putIfAbsent(ci.facts().sha256(), ci);
          trusted
              .computeIfAbsent(ci.facts().sha256(), k -> new LinkedHashSet<>())
              .add(c.describe());
        }
      }
    }
    for (SecretRecord sec : s.secrets()) {
      sec.fields()
          .forEach(
              (k, v) -> {
                for (CertInfo ci : v.certs()) {
                  if (ci.facts().ca()) {
                    byFingerprint.putIfAbsent(ci.facts().sha256(), ci);
                    copies
                        .computeIfAbsent(ci.facts().sha256(), x -> new LinkedHashSet<>())
                        .add(sec.meta().ref().describe() + " " + k);
                  }
                }
              });
    }
    for (ConfigMapRecord cm : s.configMaps()) {
      cm.fields()
          .forEach(
              (k, v) -> {
                for (CertInfo ci : v.certs()) {
                  if (ci.facts().ca()) {
                    byFingerprint.putIfAbsent(ci.facts().sha256(), ci);
                    copies
                        .computeIfAbsent(ci.facts().sha256(), x -> new LinkedHashSet<>())
                        .add(cm.meta().ref().describe() + " " + k);
                  }
                }
              });
    }
    for (SecretRecord sec : s.secrets()) {
      ServingSecret.of(sec)
          .ifPresent(
              sv -> {
                CertFacts leaf = sv.leafCert().facts();
                for (CertInfo ca : byFingerprint.values()) {
                  if (ca.facts().subject().equals(leaf.issuer()) && !leaf.ca()) {
                    issued
                        .computeIfAbsent(ca.facts().sha256(), x -> new LinkedHashSet<>())
                        .add(sec.meta().ref().describe());
                  }
                }
              });
    }
    List<Ca> out = new ArrayList<>();
    byFingerprint.forEach(
        (fp, ci) ->
            out.add(
                new Ca(
                    ci.facts().subject(),
                    fp,
                    ci.facts().notAfter(),
                    List.copyOf(trusted.getOrDefault(fp, Set.of())),
                    List.copyOf(copies.getOrDefault(fp, Set.of())),
                    List.copyOf(issued.getOrDefault(fp, Set.of())))));
    return out;
  }
}
