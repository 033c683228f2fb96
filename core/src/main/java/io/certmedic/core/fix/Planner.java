package io.certmedic.core.fix;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.doctor.Analysis;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.doctor.TrustBundleStale;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.IssuedCertificate;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.pem.PrivateKeyEntry;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.ServiceRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.Verified;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes a {@link Plan} from a snapshot and the doctor's report: pure apart from the keys it
 * makes with {@code random}, and the same snapshot, report and instant always give the same steps.
 *
 * <p>Per Secret that serves callers with a finding that a new certificate cures (expired, names,
 * key, usage), it reissues the certificate with every name the callers' Services need, signed by
 * the CA whose key is in the cluster when one fits, else by a new CA; it widens the caBundle of
 * every caller of that Secret that lacks the signing CA, and restarts the workloads that mount it.
 * Where only the trust is wrong and the signing CA is known, it only widens the caBundles. Stale
 * trust-bundle copies get the majority bundle; orphaned APIServices are deleted only when allowed;
 * what another controller keeps, and node files, become {@link Step.ManualAction}s.
 *
 * <p>Example: {@code Planner.plan(snapshot, Doctor.run(snapshot, DoctorOptions.at(now)),
 * FixOptions.defaults(), now, new SecureRandom())}.
 */
public final class Planner {

  /**
   * Object annotation listing the CAs (sha256, 16 hex digits each) a later fix run removes from its
   * caBundles.
   */
  public static final String RETIRE_ANNOTATION = "certmedic.io/retire-cas";

  /** Findings a new serving certificate cures. */
  static final Set<FindingCode> REISSUE =
      EnumSet.of(
          FindingCode.CERT_EXPIRED,
          FindingCode.CERT_NOT_YET_VALID,
          FindingCode.CERT_EXPIRING_SOON,
          FindingCode.SAN_MISMATCH,
          FindingCode.CERT_NO_SAN,
          FindingCode.CERT_KEY_MISMATCH,
          FindingCode.CERT_WRONG_USAGE,
          FindingCode.CERT_WEAK);

  /** Findings a caBundle change cures, when the served certificate is otherwise sound. */
  static final Set<FindingCode> TRUST =
      EnumSet.of(FindingCode.CABUNDLE_UNTRUSTED, FindingCode.CABUNDLE_MISSING);

  /** Pairs of Secret keys that hold a CA certificate and its key. */
  static final List<List<String>> CA_KEY_PAIRS =
      List.of(
          List.of("ca.crt", "ca.key"),
          List.of("tls.crt", "tls.key"),
          List.of("ca.pem", "ca-key.pem"));

  /** Kinds {@code kubectl rollout restart} restarts. */
  static final Set<String> RESTARTABLE = Set.of("Deployment", "StatefulSet", "DaemonSet");

  private final Snapshot snapshot;
  private final Report report;
  private final FixOptions options;
  private final Instant at;
  private final SecureRandom random;
  private final Analysis analysis;
  private final List<Step> steps = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Set<ObjectRef> restarts = new LinkedHashSet<>();
  private final Map<ObjectRef, Set<String>> retiring = new LinkedHashMap<>();
  private final Set<ObjectRef> reissuedCallers = new LinkedHashSet<>();

  private Planner(
      Snapshot snapshot, Report report, FixOptions options, Instant at, SecureRandom random) {
    this.snapshot = requireNonNull(snapshot, "snapshot == null");
    this.report = requireNonNull(report, "report == null");
    this.options = requireNonNull(options, "options == null");
    this.at = requireNonNull(at, "at == null");
    this.random = requireNonNull(random, "random == null");
    this.analysis =
        new Analysis(
            snapshot,
            new DoctorOptions(at, DoctorOptions.DEFAULT_EXPIRY_WARNING, options.clusterDomain()));
  }

  public static Plan plan(
      Snapshot snapshot, Report report, FixOptions options, Instant at, SecureRandom random) {
    Planner p = new Planner(snapshot, report, options, at, random);
    p.servingCertificates();
    p.retireOldCas();
    p.bundleCopies();
    p.kubeconfigs();
    p.orphanedApiServices();
    p.everythingElse();
    return new Plan(at, p.withRetireAnnotations(), p.notes);
  }

  // --- serving certificates and the caBundles that trust them -------------------------------

  private void servingCertificates() {
    Map<ObjectRef, List<CallerLink>> groups = new LinkedHashMap<>();
    for (CallerLink l : analysis.links()) {
      if (l.status() != CallerLink.Status.FOUND || l.primary().isEmpty()) {
        continue;
      }
      if (l.caller() instanceof Caller.ApiService api && api.insecureSkipTlsVerify()) {
        continue;
      }
      groups.computeIfAbsent(l.primary().get().secretRef(), k -> new ArrayList<>()).add(l);
    }
    groups.forEach(this::servingGroup);
  }

  private void servingGroup(ObjectRef secretRef, List<CallerLink> callers) {
    Set<ObjectRef> callerRefs = new LinkedHashSet<>();
    callers.forEach(l -> callerRefs.add(l.caller().meta().ref()));
    List<Finding> found =
        report.findings().stream()
            .filter(f -> f.severity().atLeast(Severity.WARNING))
            .filter(
                f ->
                    REISSUE.contains(f.code()) && f.related().contains(secretRef)
                        || TRUST.contains(f.code()) && callerRefs.contains(f.object()))
            .toList();
    if (found.isEmpty()) {
      return;
    }
    ServingLink link = callers.get(0).primary().orElseThrow();
    ServingSecret sc = ServingSecret.of(link.secret()).orElseThrow();
    List<X509Certificate> chain = sc.chain().stream().map(CertInfo::certificate).toList();
    Instant inside = inside(sc.leafCert(), at);
    List<CallerLink> untrusted =
        callers.stream().filter(l -> !verifies(chain, bundle(l), inside)).toList();
    List<String> reasons =
        new ArrayList<>(
            new LinkedHashSet<>(
                found.stream()
                    .filter(f -> REISSUE.contains(f.code()))
                    .map(f -> f.code().name())
                    .toList()));
    boolean reissue = !reasons.isEmpty();
    if (!reissue && untrusted.isEmpty()) {
      return;
    }
    if (!reissue) {
      Optional<CertInfo> issuer = issuerOf(sc, chain, inside);
      if (issuer.isPresent()) {
        for (CallerLink l : untrusted) {
          trust(
              l,
              issuer.get(),
              "the served certificate in "
                  + secretRef.describe()
                  + " is signed by "
                  + issuer.get().facts().subject()
                  + ", which its caBundle lacks",
              false);
        }
        return;
      }
      reasons.add("CABUNDLE_UNTRUSTED and the CA that signed it is nowhere in the input");
    }
    ServiceRecord service = callers.get(0).service();
    Optional<Owners.Owner> owner = Owners.ofSecret(snapshot, link, service);
    if (owner.isPresent()) {
      steps.add(ownedSecret(link, owner.get(), callers, found));
      return;
    }
    Signer signer = chooseCa(link, sc, chain, callers, inside);
    List<CallerLink> blockers =
        callers.stream()
            .filter(
                l ->
                    Owners.ofCaBundle(snapshot, l.caller()).isPresent()
                        && verifies(chain, bundle(l), inside)
                        && !contains(bundle(l), signer.cert()))
            .toList();
    if (!blockers.isEmpty()) {
      CallerLink b = blockers.get(0);
      Owners.Owner o = Owners.ofCaBundle(snapshot, b.caller()).orElseThrow();
      steps.add(
          new Step.ManualAction(
              secretRef,
              o.manager(),
              "not reissued: "
                  + b.caller().describe()
                  + " works now and its caBundle is kept by "
                  + o.manager()
                  + " ("
                  + o.how()
                  + "), which would not trust "
                  + signer.description()
                  + "; reissue "
                  + secretRef.describe()
                  + " with the CA "
                  + o.manager()
                  + " injects",
              List.of(),
              Map.of()));
      return;
    }
    for (CallerLink l : callers) {
      if (!contains(bundle(l), signer.cert())) {
        trust(
            l,
            signer.info(),
            "the new certificate is signed by "
                + signer.description()
                + "; the old CA stays until the rollout is done",
            true);
      }
      reissuedCallers.add(l.caller().meta().ref());
    }
    steps.add(issue(link, sc, callers, signer, reasons));
    for (ObjectRef w : mounting(link)) {
      restart(w, "it reads " + secretRef.describe() + " at start");
    }
  }

  /** Adds {@code ca} to a caller's caBundle, or says who must when another controller keeps it. */
  private void trust(CallerLink l, CertInfo ca, String reason, boolean retireOld) {
    Caller c = l.caller();
    Optional<Owners.Owner> owner = Owners.ofCaBundle(snapshot, c);
    if (owner.isPresent()) {
      steps.add(
          new Step.ManualAction(
              c.meta().ref(),
              owner.get().manager(),
              c.describe()
                  + ": its caBundle is injected by "
                  + owner.get().manager()
                  + " ("
                  + owner.get().how()
                  + "), so certmedic does not write it; "
                  + "the served certificate in Secret "
                  + l.primary().map(p -> p.secretNamespace() + "/" + p.secretName()).orElse("?")
                  + " is signed by "
                  + ca.facts().subject()
                  + ", which that injector does not hand out. Let the injector's platform issue the serving certificate too"
                  + ("OpenShift service-ca operator".equals(owner.get().manager())
                      ? " (annotate the Service with service.beta.openshift.io/serving-cert-secret-name, mount that Secret in the server, turn the project's own cert controller off)"
                      : "")
                  + ", or remove the injection annotation and run fix again",
              ownerCommands(l, owner.get()),
              Map.of()));
      return;
    }
    List<CertInfo> current = bundle(l);
    List<CertInfo> next = new ArrayList<>(current);
    next.add(ca);
    if (retireOld) {
      Set<String> ids = retiring.computeIfAbsent(c.meta().ref(), k -> new LinkedHashSet<>());
      current.forEach(x -> ids.add(id(x)));
    }
    steps.add(
        new Step.SetCaBundle(
            c.meta().ref(),
            c instanceof Caller.Webhook w ? w.webhook() : null,
            c.describe(),
            next,
            Phase.TRUST,
            reason,
            Map.of(),
            List.of(),
            List.of()));
  }

  private static List<String> ownerCommands(CallerLink l, Owners.Owner o) {
    if (!"OpenShift service-ca operator".equals(o.manager())
        || l.service() == null
        || l.primary().isEmpty()) {
      return List.of();
    }
    String ns = l.service().meta().namespace();
    String svc = l.service().meta().name();
    String secret = "serving-cert-" + svc;
    return List.of(
        "oc -n "
            + ns
            + " annotate service "
            + svc
            + " service.beta.openshift.io/serving-cert-secret-name="
            + secret,
        "# then mount Secret "
            + ns
            + "/"
            + secret
            + " (tls.crt, tls.key) where the server reads "
            + l.primary().get().secretName()
            + " today, and turn the project's cert controller off");
  }

  private Step.ManualAction ownedSecret(
      ServingLink link, Owners.Owner o, List<CallerLink> callers, List<Finding> found) {
    String ns = link.secretNamespace();
    boolean names =
        found.stream()
            .anyMatch(
                f -> f.code() == FindingCode.SAN_MISMATCH || f.code() == FindingCode.CERT_NO_SAN);
    List<String> commands = new ArrayList<>();
    String what;
    if ("cert-manager".equals(o.manager()) && names) {
      String cert = o.how().substring("Certificate ".length());
      List<String> want = neededNames(callers, List.of());
      what =
          "Secret "
              + ns
              + "/"
              + link.secretName()
              + " is kept by cert-manager ("
              + o.how()
              + "): fix Certificate "
              + cert
              + "'s dnsNames to include "
              + String.join(", ", want)
              + "; cert-manager then reissues it";
      commands.add(
          "kubectl -n "
              + ns
              + " edit certificate "
              + cert.substring(cert.indexOf('/') + 1)
              + "   # spec.dnsNames: "
              + String.join(", ", want));
    } else {
      what =
          "Secret "
              + ns
              + "/"
              + link.secretName()
              + " is kept by "
              + o.manager()
              + " ("
              + o.how()
              + "): delete it so "
              + o.manager()
              + " reissues it ("
              + String.join(", ", found.stream().map(f -> f.code().name()).distinct().toList())
              + ")";
      commands.add("kubectl -n " + ns + " delete secret " + link.secretName());
    }
    for (ObjectRef w : mounting(link)) {
      commands.add(
          "kubectl -n "
              + w.namespace()
              + " rollout restart "
              + w.kind().toLowerCase(java.util.Locale.ROOT)
              + " "
              + w.name()
              + "   # once the new Secret is there");
    }
    return new Step.ManualAction(link.secretRef(), o.manager(), what, commands, Map.of());
  }

  /**
   * A CA that signs: one whose key is in the cluster and that the callers trust (or that signed
   * what is served), else a new one.
   */
  private record Signer(CertificateAuthority ca, CertInfo info, String description) {
    X509Certificate cert() {
      return ca.certificate();
    }
  }

  private Signer chooseCa(
      ServingLink link,
      ServingSecret sc,
      List<X509Certificate> chain,
      List<CallerLink> callers,
      Instant inside) {
    Signer best = null;
    int bestScore = -1;
    List<String> unusable = new ArrayList<>();
    for (SecretRecord x : snapshot.secrets()) {
      for (List<String> pair : CA_KEY_PAIRS) {
        List<CertInfo> certs = x.field(pair.get(0)).certs();
        if (certs.isEmpty() || !certs.get(0).facts().ca()) {
          continue;
        }
        CertInfo c = certs.get(0);
        int trustedBy =
            (int) callers.stream().filter(l -> contains(bundle(l), c.certificate())).count();
        boolean signedCurrent = verifies(chain, List.of(c), inside);
        boolean sameNamespace = x.meta().namespace().equals(link.secretNamespace());
        if (trustedBy == 0 && !signedCurrent && !sameNamespace) {
          continue; // a CA unrelated to this Service: not ours to sign with
        }
        if (!(x.field(pair.get(1)) instanceof DataField.Key k)
            || k.publicKeyId() == null
            || !k.publicKeyId().equals(c.publicKeyId())) {
          continue;
        }
        String where = "Secret " + x.meta().namespace() + "/" + x.meta().name() + " " + pair.get(1);
        if (k.standIn()) {
          unusable.add(where + " is a public-key stand-in (a redacted dump), not the key");
          continue;
        }
        if (c.facts().notAfter().isBefore(at.plus(DoctorOptions.DEFAULT_EXPIRY_WARNING))
            || c.facts().notBefore().isAfter(at)) {
          unusable.add(
              "CA "
                  + c.facts().subject()
                  + " in "
                  + where
                  + " is not valid long enough to sign (until "
                  + c.facts().notAfter()
                  + ")");
          continue;
        }
        Optional<PrivateKeyEntry> key = options.caKeys().privateKey(x.meta().ref(), pair.get(1));
        if (key.isEmpty()) {
          unusable.add(where + " could not be read");
          continue;
        }
        CertificateAuthority ca;
        try {
          ca = CertificateAuthority.of(c.certificate(), key.get());
        } catch (IllegalArgumentException e) {
          unusable.add(where + ": " + e.getMessage());
          continue;
        }
        int score = trustedBy * 4 + (signedCurrent ? 2 : 0) + (sameNamespace ? 1 : 0);
        if (score > bestScore) {
          bestScore = score;
          best =
              new Signer(
                  ca,
                  c,
                  "the existing CA " + c.facts().subject() + " (its key is in " + where + ")");
        }
      }
    }
    if (best != null) {
      return best;
    }
    String cn = "certmedic " + link.secretName() + "." + link.secretNamespace() + " CA";
    CertificateAuthority ca = Issuer.newCa(cn, options.keyType(), options.caLifetime(), at, random);
    notes.add(
        "A new CA '"
            + cn
            + "' signs the certificate for "
            + link.secretRef().describe()
            + ": no key of a CA its callers trust is in the cluster"
            + (unusable.isEmpty() ? "" : " (" + String.join("; ", unusable) + ")")
            + ". Its private key is used once and not kept; the next reissue makes another CA.");
    return new Signer(ca, CertInfo.of(ca.certificate()), "a new CA '" + cn + "'");
  }

  private Step.IssueServingCert issue(
      ServingLink link,
      ServingSecret sc,
      List<CallerLink> callers,
      Signer signer,
      List<String> reasons) {
    CertInfo old = sc.leafCert();
    List<String> names = neededNames(callers, old.facts().dnsNames());
    ServiceRecord svc = callers.get(0).service();
    String cn = ServiceNames.apiServerName(svc.meta().name(), svc.meta().namespace());
    IssuedCertificate issued =
        Issuer.leaf(
            signer.ca(),
            cn,
            names,
            old.facts().ipAddresses(),
            options.keyType(),
            options.leafLifetime(),
            at,
            random);
    String keyKey = sc.keyKey() != null ? sc.keyKey() : defaultKeyKey(sc.certKey());
    String caKey = sc.caKey() != null ? sc.caKey() : "ca.crt";
    List<String> notes = new ArrayList<>();
    if (link.confidence() == ServingLink.Confidence.ARGUMENT) {
      notes.add(
          "the server reads this Secret through the API (its arguments name it) and keeps what it finds, so a correct certificate there stays");
    }
    notes.add(
        "nothing renews it: it lasts until "
            + issued.certificate().getNotAfter().toInstant()
            + "; run certmedic fix again before then, or let a controller own it");
    return new Step.IssueServingCert(
        link.secretRef(),
        sc.certKey(),
        keyKey,
        caKey,
        CertInfo.of(issued.certificate()),
        issued.privateKey(),
        CertInfo.of(signer.cert()),
        signer.description(),
        reasons,
        notes);
  }

  private static String defaultKeyKey(String certKey) {
    return switch (certKey) {
      case "cert" -> "key";
      case "cert.pem" -> "key.pem";
      case "server.crt" -> "server.key";
      case "server-cert.pem" -> "server-key.pem";
      default -> "tls.key";
    };
  }

  /**
   * Every name of every caller's Service, then the names the old certificate carried (a client may
   * dial them).
   */
  private List<String> neededNames(List<CallerLink> callers, List<String> oldNames) {
    Set<String> names = new LinkedHashSet<>();
    for (CallerLink l : callers) {
      ServiceRecord s = l.service();
      names.addAll(
          ServiceNames.of(
              s.meta().name(), s.meta().namespace(), options.clusterDomain(), s.headless()));
    }
    names.addAll(oldNames);
    return new ArrayList<>(names);
  }

  /**
   * The certificate in the input that signed the served chain: the Secret's CA field first, then
   * any CA certificate.
   */
  private Optional<CertInfo> issuerOf(
      ServingSecret sc, List<X509Certificate> chain, Instant inside) {
    List<CertInfo> candidates = new ArrayList<>(sc.ca());
    for (SecretRecord x : snapshot.secrets()) {
      x.fields()
          .values()
          .forEach(f -> f.certs().stream().filter(c -> c.facts().ca()).forEach(candidates::add));
    }
    for (Caller c : snapshot.callers()) {
      candidates.addAll(c.client().caBundle().certs());
    }
    for (ConfigMapRecord c : snapshot.configMaps()) {
      c.fields()
          .values()
          .forEach(f -> f.certs().stream().filter(x -> x.facts().ca()).forEach(candidates::add));
    }
    return candidates.stream().filter(c -> verifies(chain, List.of(c), inside)).findFirst();
  }

  /**
   * Workloads in the Secret's namespace that mount it, or that the link found reading it; owned
   * ReplicaSets and Pods speak through their owner.
   */
  private List<ObjectRef> mounting(ServingLink link) {
    Set<ObjectRef> out = new LinkedHashSet<>(link.workloads());
    List<WorkloadRecord> all = snapshot.workloadsIn(link.secretNamespace());
    for (WorkloadRecord w : all) {
      boolean mounts =
          w.volumes().stream()
              .flatMap(v -> v.sources().stream())
              .anyMatch(src -> "Secret".equals(src.kind()) && src.name().equals(link.secretName()));
      if (mounts) {
        out.add(w.meta().ref());
      }
    }
    return topLevel(out, all);
  }

  private static List<ObjectRef> topLevel(Set<ObjectRef> refs, List<WorkloadRecord> all) {
    Set<ObjectRef> present = new LinkedHashSet<>();
    all.forEach(w -> present.add(w.meta().ref()));
    List<ObjectRef> out = new ArrayList<>();
    for (ObjectRef r : refs) {
      boolean owned =
          all.stream()
              .anyMatch(
                  w ->
                      w.meta().ref().equals(r)
                          && w.meta().owners().stream().anyMatch(present::contains));
      if (!owned) {
        out.add(r);
      }
    }
    return out;
  }

  private void restart(ObjectRef w, String reason) {
    if (!restarts.add(w)) {
      return;
    }
    if (RESTARTABLE.contains(w.kind())) {
      steps.add(new Step.RolloutRestart(w, reason));
    } else {
      steps.add(
          new Step.ManualAction(
              w,
              "",
              w.describe()
                  + " cannot be rolled out: "
                  + reason
                  + "; delete its pods so they start again",
              List.of(
                  "kubectl -n "
                      + w.namespace()
                      + " delete "
                      + w.kind().toLowerCase(java.util.Locale.ROOT)
                      + " "
                      + w.name()
                      + ("Pod".equals(w.kind())
                          ? "   # if nothing recreates it, re-apply its manifest"
                          : "   # let its owner recreate it")),
              Map.of()));
    }
  }

  // --- a later run: old CAs leave the bundles once nothing signed by them is served ---------

  private void retireOldCas() {
    Map<ObjectRef, Boolean> allRetired = new LinkedHashMap<>();
    for (CallerLink l : analysis.links()) {
      Caller c = l.caller();
      String ann = c.meta().annotation(RETIRE_ANNOTATION);
      if (ann == null || reissuedCallers.contains(c.meta().ref())) {
        continue;
      }
      Set<String> ids = Set.of(ann.split(","));
      List<CertInfo> current = bundle(l);
      List<CertInfo> kept = current.stream().filter(x -> !ids.contains(id(x))).toList();
      allRetired.putIfAbsent(c.meta().ref(), true);
      if (kept.size() == current.size()) {
        continue;
      }
      Optional<ServingLink> p = l.primary();
      boolean safe =
          !kept.isEmpty()
              && p.isPresent()
              && Owners.ofCaBundle(snapshot, c).isEmpty()
              && verifies(
                  ServingSecret.of(p.get().secret()).orElseThrow().chain().stream()
                      .map(CertInfo::certificate)
                      .toList(),
                  kept,
                  at);
      if (!safe) {
        allRetired.put(c.meta().ref(), false);
        continue;
      }
      steps.add(
          new Step.SetCaBundle(
              c.meta().ref(),
              c instanceof Caller.Webhook w ? w.webhook() : null,
              c.describe(),
              kept,
              Phase.RETIRE,
              "remove "
                  + (current.size() - kept.size())
                  + " CA(s) a previous fix kept for the rollout; "
                  + p.get().secretRef().describe()
                  + " no longer needs them",
              Map.of(),
              List.of(),
              mounting(p.get())));
    }
    // the annotation goes with the last bundle that needed it
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) instanceof Step.SetCaBundle b
          && b.phase() == Phase.RETIRE
          && Boolean.TRUE.equals(allRetired.get(b.target()))) {
        steps.set(
            i,
            new Step.SetCaBundle(
                b.target(),
                b.webhook(),
                b.caller(),
                b.bundle(),
                b.phase(),
                b.reason(),
                b.annotations(),
                List.of(RETIRE_ANNOTATION),
                b.afterRollouts()));
      }
    }
  }

  /**
   * The widening steps carry the object's full list of CAs to retire (what it had, plus what this
   * run adds).
   */
  private List<Step> withRetireAnnotations() {
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      if (s instanceof Step.SetCaBundle b
          && b.phase() == Phase.TRUST
          && retiring.containsKey(b.target())) {
        Set<String> ids = new LinkedHashSet<>();
        snapshot.callers().stream()
            .filter(c -> c.meta().ref().equals(b.target()))
            .findFirst()
            .map(c -> c.meta().annotation(RETIRE_ANNOTATION))
            .filter(a -> !a.isBlank())
            .ifPresent(a -> ids.addAll(List.of(a.split(","))));
        ids.addAll(retiring.get(b.target()));
        out.add(
            new Step.SetCaBundle(
                b.target(),
                b.webhook(),
                b.caller(),
                b.bundle(),
                b.phase(),
                b.reason(),
                Map.of(RETIRE_ANNOTATION, String.join(",", ids)),
                List.of(),
                List.of()));
      } else {
        out.add(s);
      }
    }
    if (!retiring.isEmpty()) {
      notes.add(
          "Old CAs stay in the widened caBundles (annotation "
              + RETIRE_ANNOTATION
              + ") so that pods not yet restarted keep working; once 'kubectl rollout status'"
              + " shows the restarts done, run certmedic fix again to remove them (it checks the rollouts first).");
    }
    return out;
  }

  // --- trust-bundle copies, kubeconfigs, APIServices, the rest ----------------------------

  private void bundleCopies() {
    for (Finding f : report.findings()) {
      if (f.code() != FindingCode.TRUST_BUNDLE_STALE || !"ConfigMap".equals(f.object().kind())) {
        continue;
      }
      Optional<ConfigMapRecord> cm = snapshot.configMap(f.object().namespace(), f.object().name());
      if (cm.isEmpty()) {
        continue;
      }
      ConfigMapRecord c = cm.get();
      List<ConfigMapRecord> copies = copiesOf(c);
      Map<String, Integer> holders = new LinkedHashMap<>();
      Map<String, CertInfo> byId = new LinkedHashMap<>();
      for (ConfigMapRecord x : copies) {
        for (CertInfo ci : cas(x)) {
          holders.merge(id(ci), 1, Integer::sum);
          byId.putIfAbsent(id(ci), ci);
        }
      }
      List<CertInfo> next = new ArrayList<>();
      holders.forEach(
          (id, n) -> {
            if (n * 2 >= copies.size()) {
              next.add(byId.get(id));
            }
          });
      cas(c).stream().filter(x -> !next.contains(x)).forEach(next::add);
      Optional<Owners.Owner> owner = Owners.ofConfigMap(c);
      if (owner.isPresent()) {
        steps.add(
            new Step.ManualAction(
                c.meta().ref(),
                owner.get().manager(),
                c.meta().ref().describe()
                    + " is written by "
                    + owner.get().manager()
                    + " ("
                    + owner.get().how()
                    + "): make its source hold "
                    + describe(next)
                    + ", and it copies them here",
                List.of(),
                Map.of()));
        continue;
      }
      String key = key(c);
      steps.add(
          new Step.PatchBundleCopy(
              c.meta().ref(),
              key,
              next,
              "the other "
                  + (copies.size() - 1)
                  + " copies of "
                  + c.meta().name()
                  + " hold "
                  + describe(next.stream().filter(x -> !cas(c).contains(x)).toList())
                  + "; this copy keeps what it has and gains those"));
      for (WorkloadRecord w : snapshot.workloadsIn(c.meta().namespace())) {
        boolean mounts =
            w.volumes().stream()
                .flatMap(v -> v.sources().stream())
                .anyMatch(
                    src -> "ConfigMap".equals(src.kind()) && src.name().equals(c.meta().name()));
        if (mounts && w.meta().owners().isEmpty()) {
          restart(w.meta().ref(), "it reads " + c.meta().ref().describe() + " at start");
        }
      }
      if ("kube-root-ca.crt".equals(c.meta().name())) {
        notes.add(
            "kube-controller-manager publishes kube-root-ca.crt from its --root-ca-file: if it writes the old bundle back into "
                + c.meta().ref().describe()
                + ", fix that file on the control plane.");
      }
    }
  }

  private List<ConfigMapRecord> copiesOf(ConfigMapRecord c) {
    if (TrustBundleStale.DISTRIBUTED.containsKey(c.meta().name())) {
      return snapshot.configMaps().stream()
          .filter(x -> x.meta().name().equals(c.meta().name()))
          .toList();
    }
    for (String l : TrustBundleStale.DISTRIBUTION_LABELS) {
      String v = c.meta().labels().get(l);
      if (v != null) {
        return snapshot.configMaps().stream()
            .filter(
                x -> v.equals(x.meta().labels().get(l)) && x.meta().name().equals(c.meta().name()))
            .toList();
      }
    }
    return List.of(c);
  }

  private static String key(ConfigMapRecord c) {
    String k = TrustBundleStale.DISTRIBUTED.get(c.meta().name());
    if (k != null) {
      return k;
    }
    return c.fields().entrySet().stream()
        .filter(e -> !e.getValue().certs().isEmpty())
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst()
        .orElse("ca.crt");
  }

  private static List<CertInfo> cas(ConfigMapRecord c) {
    return c.field(key(c)).certs();
  }

  private void kubeconfigs() {
    Map<String, List<CertInfo>> sources = new LinkedHashMap<>();
    TrustBundleStale.CLUSTER_CA_SOURCES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String[] nn = e.getKey().split("/");
              snapshot
                  .configMap(nn[0], nn[1])
                  .ifPresent(
                      c -> {
                        if (!c.field(e.getValue()).certs().isEmpty()) {
                          sources.put(
                              "ConfigMap " + e.getKey() + " " + e.getValue(),
                              c.field(e.getValue()).certs());
                        }
                      });
            });
    Set<String> stale = new LinkedHashSet<>();
    report.findings().stream()
        .filter(
            f ->
                f.code() == FindingCode.TRUST_BUNDLE_STALE
                    && "Kubeconfig".equals(f.object().kind()))
        .forEach(f -> stale.add(f.object().name()));
    int n = 0;
    for (KubeconfigRecord k : snapshot.kubeconfigs()) {
      if (!stale.contains(k.source())) {
        continue;
      }
      for (KubeconfigRecord.Cluster cl : k.clusters()) {
        List<CertInfo> trusted = cl.certificateAuthority().certs();
        for (Map.Entry<String, List<CertInfo>> src : sources.entrySet()) {
          if (src.getValue().stream().noneMatch(trusted::contains)) {
            continue;
          }
          List<CertInfo> lacking =
              src.getValue().stream().filter(c -> !trusted.contains(c)).toList();
          if (lacking.isEmpty()) {
            continue;
          }
          List<CertInfo> next = new ArrayList<>(trusted);
          next.addAll(lacking);
          String file = "kubeconfig-" + (++n) + "-" + cl.name() + "-certificate-authority-data.b64";
          String data =
              Base64.getEncoder()
                  .encodeToString(
                      PemWriter.certificates(next.stream().map(CertInfo::certificate).toList())
                          .getBytes(StandardCharsets.US_ASCII));
          steps.add(
              new Step.ManualAction(
                  ObjectRef.cluster("Kubeconfig", k.source()),
                  "",
                  "the kubeconfig read from "
                      + k.source()
                      + " (a node's /etc/kubernetes/kubeconfig) trusts "
                      + trusted.size()
                      + " CA(s) for cluster "
                      + cl.name()
                      + " ("
                      + cl.server()
                      + ") and lacks "
                      + describe(lacking)
                      + " from "
                      + src.getKey()
                      + ": the API cannot write node files. On every node with this kubeconfig,"
                      + " set clusters["
                      + cl.name()
                      + "].cluster.certificate-authority-data to the base64 bundle in "
                      + file
                      + " ("
                      + describe(next)
                      + "), then restart the kubelet",
                  List.of(
                      "cp /etc/kubernetes/kubeconfig /etc/kubernetes/kubeconfig.bak",
                      "kubectl config set clusters."
                          + cl.name()
                          + ".certificate-authority-data \"$(cat "
                          + file
                          + ")\" --kubeconfig=/etc/kubernetes/kubeconfig",
                      "systemctl restart kubelet",
                      "# then delete the Multus pods on that node so they read the new bundle"),
                  Map.of(file, data)));
        }
      }
    }
  }

  private void orphanedApiServices() {
    for (Finding f : report.findings()) {
      if (f.code() != FindingCode.APISERVICE_ORPHANED) {
        continue;
      }
      String reason =
          "its "
              + f.related().stream().map(ObjectRef::describe).findFirst().orElse("")
              + " does not exist: a leftover of an uninstall or an OLM to Helm move";
      if (options.allowDelete()) {
        steps.add(new Step.DeleteApiService(f.object(), reason));
      } else {
        steps.add(
            new Step.ManualAction(
                f.object(),
                "",
                "delete "
                    + f.object().describe()
                    + " ("
                    + reason
                    + "): fix deletes only with --allow-delete",
                List.of("kubectl delete apiservice " + f.object().name()),
                Map.of()));
      }
    }
  }

  /**
   * Every finding at error or above that no step addresses becomes a manual action carrying the
   * doctor's fix.
   */
  private void everythingElse() {
    Set<ObjectRef> addressed = new LinkedHashSet<>();
    steps.forEach(s -> addressed.add(s.target()));
    for (Finding f : report.findings()) {
      if (!f.severity().atLeast(Severity.ERROR)
          || addressed.contains(f.object())
          || f.related().stream().anyMatch(addressed::contains)) {
        continue;
      }
      addressed.add(f.object());
      steps.add(
          new Step.ManualAction(
              f.object(),
              "",
              f.code() + ": fix does not repair this automatically; " + f.message(),
              f.fix().isEmpty() ? List.of() : List.of("# " + f.fix()),
              Map.of()));
    }
  }

  // --- small helpers -------------------------------------------------------------------------

  private static List<CertInfo> bundle(CallerLink l) {
    return l.caller().client().caBundle().certs();
  }

  private static boolean contains(List<CertInfo> bundle, X509Certificate ca) {
    return bundle.stream().anyMatch(c -> c.certificate().equals(ca));
  }

  static boolean verifies(List<X509Certificate> chain, List<CertInfo> roots, Instant at) {
    return !roots.isEmpty()
        && ServingVerifier.verify(chain, roots.stream().map(CertInfo::certificate).toList(), "", at)
            instanceof Verified;
  }

  /** An instant inside the leaf's validity, so trust is judged apart from expiry. */
  private static Instant inside(CertInfo leaf, Instant at) {
    if (at.isAfter(leaf.facts().notAfter())) {
      return leaf.facts().notAfter();
    }
    return at.isBefore(leaf.facts().notBefore()) ? leaf.facts().notBefore() : at;
  }

  /** How a CA is named in the retire annotation: the first 16 hex digits of its sha256. */
  public static String id(CertInfo c) {
    return c.facts().sha256().substring(0, 16);
  }

  static String describe(List<CertInfo> cas) {
    return String.join(
        ", ",
        cas.stream()
            .map(
                c ->
                    c.facts().subject()
                        + " (sha256 "
                        + id(c)
                        + ", until "
                        + c.facts().notAfter()
                        + ")")
            .toList());
  }
}
