package io.certmedic.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The shape of every check test: a table of rows keyed by a whole sentence, each with an input (a
 * {@link Fixture} read through the real snapshot reader), the options, and exactly the findings the
 * check must return (code, severity, object, and the parts of the message that matter, Go's words
 * verbatim where the check quotes Go). A row that wants nothing is a negative row: a false alarm
 * fails it.
 */
final class CheckTable {

  static final String NS = "team";
  static final String SVC = "hook-svc";
  static final String DNS = SVC + "." + NS + ".svc";
  static final String SECRET = "hook-tls";
  static final String VWC = "ValidatingWebhookConfiguration hooks";
  static final Map<String, String> APP = Map.of("app", "hook");

  private CheckTable() {}

  /** A finding a row wants: {@code object} as {@code ObjectRef.describe()} writes it. */
  record Want(FindingCode code, Severity severity, String object, List<String> says) {
    @Override
    public String toString() {
      return severity + " " + code + " " + object;
    }
  }

  /** A row: the input, when it is judged, and what must come out. */
  record Case(Supplier<Fixture> given, DoctorOptions options, List<Want> want) {
    @Override
    public String toString() {
      return want.toString();
    }
  }

  static Want want(FindingCode code, Severity severity, String object, String... says) {
    return new Want(code, severity, object, List.of(says));
  }

  static Arguments row(String sentence, Supplier<Fixture> given, Want... want) {
    return row(sentence, DoctorOptions.at(TestPki.NOW), given, want);
  }

  static Arguments row(
      String sentence, DoctorOptions options, Supplier<Fixture> given, Want... want) {
    return Arguments.of(sentence, new Case(given, options, List.of(want)));
  }

  static DoctorOptions at(Instant at, Duration expiryWarning) {
    return new DoctorOptions(at, expiryWarning, ServiceNames.DEFAULT_CLUSTER_DOMAIN);
  }

  static List<Finding> run(Check check, Snapshot s, DoctorOptions o) {
    return check.run(new Analysis(s, o));
  }

  /** Runs {@code check} on the row's input and asserts it returns exactly the wanted findings. */
  static List<Finding> verify(Check check, Case c) {
    Snapshot s = c.given().get().snapshot();
    List<Finding> got = new ArrayList<>(run(check, s, c.options()));
    got.sort(Doctor.ORDER);
    List<String> gotLines = got.stream().map(CheckTable::line).sorted().toList();
    List<String> wantLines = c.want().stream().map(Want::toString).sorted().toList();
    assertThat(gotLines)
        .as("findings (messages: %s)", got.stream().map(Finding::message).toList())
        .containsExactlyElementsOf(wantLines);
    for (Want w : c.want()) {
      assertThat(got)
          .as("a %s whose message says %s", w, w.says())
          .anySatisfy(
              f -> {
                assertThat(line(f)).isEqualTo(w.toString());
                for (String part : w.says()) {
                  assertThat(f.message()).contains(part);
                }
              });
    }
    return got;
  }

  static String line(Finding f) {
    return f.severity() + " " + f.code() + " " + f.object().describe();
  }

  // --- common inputs -----------------------------------------------------------------------------

  /** Every name a Service's certificate should carry: short, name.ns, name.ns.svc, FQDN. */
  static String[] allNames(String svc, String ns) {
    return ServiceNames.of(svc, ns, ServiceNames.DEFAULT_CLUSTER_DOMAIN, false)
        .toArray(String[]::new);
  }

  /**
   * A CA valid from two years before {@link TestPki#NOW} to ten years after, so leaves expired in
   * the past chain to it.
   */
  static TestPki.Cert ca() {
    return TestPki.ca("team-ca")
        .validity(TestPki.NOW.minus(Duration.ofDays(730)), TestPki.NOW.plus(Duration.ofDays(3650)))
        .build();
  }

  /** A good serving leaf for {@link #SVC} signed by {@code ca}. */
  static TestPki.Cert goodLeaf(TestPki.Cert ca) {
    return TestPki.leaf(allNames(SVC, NS)).signedBy(ca).build();
  }

  /**
   * The pod that serves {@link #SVC}: port "https" 8443, Secret {@code secret} mounted at /certs.
   */
  static Fixture.Pod server(String secret) {
    return Fixture.pod(APP).port("https", 8443).secretVolume("certs", secret, "/certs");
  }

  /**
   * A webhook "check.example.com" in VWC "hooks" (failurePolicy {@code policy}, caBundle {@code
   * caBundle}) calling Service team/hook-svc:443 -> https, served by Deployment server which mounts
   * Secret team/hook-tls holding {@code leaf} (and ca.crt {@code ca}).
   */
  static Fixture webhookServedBy(
      TestPki.Cert leaf, TestPki.Cert ca, TestPki.Cert caBundle, String policy) {
    Fixture.Hook h = Fixture.hook("check.example.com").service(NS, SVC).failurePolicy(policy);
    if (caBundle != null) {
      h.caBundle(caBundle);
    }
    return Fixture.manifest()
        .service(NS, SVC, APP, 443, "https")
        .workload("Deployment", NS, "server", server(SECRET))
        .tlsSecret(NS, SECRET, leaf, ca)
        .webhooks("Validating", "hooks", h);
  }

  /** The same, healthy: a full-name leaf signed by ca, caBundle ca, failurePolicy Fail. */
  static Fixture healthyWebhook(TestPki.Cert ca) {
    return webhookServedBy(goodLeaf(ca), ca, ca, "Fail");
  }
}
