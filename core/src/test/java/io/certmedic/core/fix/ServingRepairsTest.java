package io.certmedic.core.fix;

import static io.certmedic.core.fix.PlanFixtures.DEPLOYMENT;
import static io.certmedic.core.fix.PlanFixtures.SECRET;
import static io.certmedic.core.fix.PlanFixtures.WEBHOOKS;
import static io.certmedic.core.fix.PlanFixtures.certs;
import static io.certmedic.core.fix.PlanFixtures.cluster;
import static io.certmedic.core.fix.PlanFixtures.finding;
import static io.certmedic.core.fix.PlanFixtures.info;
import static io.certmedic.core.fix.PlanFixtures.input;
import static io.certmedic.core.fix.PlanFixtures.key;
import static io.certmedic.core.fix.PlanFixtures.lines;
import static io.certmedic.core.fix.PlanFixtures.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServingRepairsTest {

  static final TestPki.Cert CA = TestPki.ca("gate-ca").build();
  static final TestPki.Cert OTHER = TestPki.ca("other-ca").build();
  static final TestPki.Cert LEAF = TestPki.leaf("gate.web.svc").signedBy(CA).build();
  static final TestPki.Cert EXPIRED =
      TestPki.leaf("gate.web.svc").signedBy(CA).expiredDaysAgo(3).build();
  static final String NAMES = "[gate, gate.web, gate.web.svc, gate.web.svc.cluster.local]";
  static final String NEW_CA = "a new CA 'certmedic gate-tls.web CA'";
  static final String WEBHOOK = "webhook \"v.gate\" in ValidatingWebhookConfiguration gate";

  static final Finding EXPIRED_FINDING =
      finding(FindingCode.CERT_EXPIRED, Severity.CRITICAL, WEBHOOKS, SECRET);
  static final Finding UNTRUSTED =
      finding(FindingCode.CABUNDLE_UNTRUSTED, Severity.CRITICAL, WEBHOOKS, SECRET);

  record Case(
      String sentence,
      Snapshot snapshot,
      FixOptions options,
      List<Finding> findings,
      Set<ObjectRef> restarted,
      List<String> steps,
      List<String> notes) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static FixOptions withCaKey() throws Exception {
    var key =
        PemReader.read(
                PemWriter.privateKey(CA.key()).getBytes(StandardCharsets.US_ASCII), "tls.key")
            .keys()
            .get(0);
    return FixOptions.defaults()
        .withCaKeys(
            (secret, k) ->
                secret.equals(ObjectRef.of("Secret", "web", "gate-ca")) && k.equals("tls.key")
                    ? Optional.of(key)
                    : Optional.empty());
  }

  static Stream<Case> cases() throws Exception {
    String widen =
        "the new certificate is signed by "
            + NEW_CA
            + "; the old CA stays until the rollout is done";
    String newCaNote =
        "A new CA 'certmedic gate-tls.web CA' signs the certificate for Secret web/gate-tls: no key"
            + " of a CA its callers trust is in the cluster. Its private key is used once and not"
            + " kept; the next reissue makes another CA.";
    return Stream.of(
        new Case(
            "reissues an expired certificate with a new CA, widening the caBundle first and restarting the Deployment",
            cluster(EXPIRED, CA, webhook("v.gate", Map.of(), CA)).build(),
            FixOptions.defaults(),
            List.of(EXPIRED_FINDING),
            Set.of(),
            List.of(
                "SetCaBundle ValidatingWebhookConfiguration gate: set the caBundle of "
                    + WEBHOOK
                    + " to 2 CA(s): "
                    + widen,
                "IssueServingCert Secret web/gate-tls: reissue the serving certificate in Secret web/gate-tls for "
                    + NAMES
                    + ", signed by "
                    + NEW_CA
                    + " (CERT_EXPIRED)",
                "RolloutRestart Deployment web/gate: rollout restart Deployment web/gate: it reads Secret web/gate-tls at start"),
            List.of(newCaNote)),
        new Case(
            "does not restart a Deployment an earlier step restarts",
            cluster(EXPIRED, CA, webhook("v.gate", Map.of(), CA)).build(),
            FixOptions.defaults(),
            List.of(EXPIRED_FINDING),
            Set.of(DEPLOYMENT),
            List.of(
                "SetCaBundle ValidatingWebhookConfiguration gate: set the caBundle of "
                    + WEBHOOK
                    + " to 2 CA(s): "
                    + widen,
                "IssueServingCert Secret web/gate-tls: reissue the serving certificate in Secret web/gate-tls for "
                    + NAMES
                    + ", signed by "
                    + NEW_CA
                    + " (CERT_EXPIRED)"),
            List.of(newCaNote)),
        new Case(
            "only widens the caBundle when the CA that signed the served certificate is in the input",
            cluster(LEAF, CA, webhook("v.gate", Map.of(), OTHER)).build(),
            FixOptions.defaults(),
            List.of(UNTRUSTED),
            Set.of(),
            List.of(
                "SetCaBundle ValidatingWebhookConfiguration gate: set the caBundle of "
                    + WEBHOOK
                    + " to 2 CA(s): the served certificate in Secret web/gate-tls is signed by CN=gate-ca, which its caBundle lacks"),
            List.of()),
        new Case(
            "reissues an untrusted certificate whose CA is nowhere in the input",
            cluster(LEAF, OTHER, webhook("v.gate", Map.of(), OTHER)).build(),
            FixOptions.defaults(),
            List.of(UNTRUSTED),
            Set.of(),
            List.of(
                "SetCaBundle ValidatingWebhookConfiguration gate: set the caBundle of "
                    + WEBHOOK
                    + " to 2 CA(s): "
                    + widen,
                "IssueServingCert Secret web/gate-tls: reissue the serving certificate in Secret web/gate-tls for "
                    + NAMES
                    + ", signed by "
                    + NEW_CA
                    + " (CABUNDLE_UNTRUSTED and the CA that signed it is nowhere in the input)",
                "RolloutRestart Deployment web/gate: rollout restart Deployment web/gate: it reads Secret web/gate-tls at start"),
            List.of(newCaNote)),
        new Case(
            "leaves a Secret cert-manager keeps to a person, with the commands",
            Snapshot.builder()
                .add(PlanFixtures.service())
                .add(PlanFixtures.deployment())
                .add(
                    PlanFixtures.secret(
                        SECRET,
                        Map.of("cert-manager.io/certificate-name", "gate"),
                        "tls.crt",
                        certs(EXPIRED),
                        "tls.key",
                        key(EXPIRED)))
                .add(webhook("v.gate", Map.of(), CA))
                .build(),
            FixOptions.defaults(),
            List.of(EXPIRED_FINDING),
            Set.of(),
            List.of(
                "ManualAction Secret web/gate-tls: [cert-manager] Secret web/gate-tls is kept by cert-manager (Certificate web/gate): delete it so cert-manager reissues it (CERT_EXPIRED)"),
            List.of()),
        new Case(
            "signs with the CA whose key is in the cluster and leaves a caBundle that trusts it as it is",
            cluster(EXPIRED, CA, webhook("v.gate", Map.of(), CA))
                .add(
                    PlanFixtures.secret(
                        ObjectRef.of("Secret", "web", "gate-ca"),
                        Map.of(),
                        "tls.crt",
                        certs(CA),
                        "tls.key",
                        key(CA)))
                .build(),
            withCaKey(),
            List.of(EXPIRED_FINDING),
            Set.of(),
            List.of(
                "IssueServingCert Secret web/gate-tls: reissue the serving certificate in Secret web/gate-tls for "
                    + NAMES
                    + ", signed by the existing CA CN=gate-ca (its key is in Secret web/gate-ca tls.key) (CERT_EXPIRED)",
                "RolloutRestart Deployment web/gate: rollout restart Deployment web/gate: it reads Secret web/gate-tls at start"),
            List.of()),
        new Case(
            "does not reissue when a caller that works now has a caBundle cert-manager injects",
            cluster(
                    LEAF,
                    CA,
                    webhook("v.gate", Map.of("cert-manager.io/inject-ca-from", "web/gate"), CA))
                .build(),
            FixOptions.defaults(),
            List.of(finding(FindingCode.CERT_EXPIRING_SOON, Severity.WARNING, WEBHOOKS, SECRET)),
            Set.of(),
            List.of(
                "ManualAction Secret web/gate-tls: [cert-manager cainjector] not reissued: "
                    + WEBHOOK
                    + " works now and its caBundle is kept by cert-manager cainjector (annotation"
                    + " cert-manager.io/inject-ca-from: web/gate), which would not trust "
                    + NEW_CA
                    + "; reissue Secret web/gate-tls with the CA cert-manager cainjector injects"),
            List.of(newCaNote)),
        new Case(
            "does nothing when no finding names the Secret or its callers",
            cluster(EXPIRED, CA, webhook("v.gate", Map.of(), CA)).build(),
            FixOptions.defaults(),
            List.of(finding(FindingCode.CERT_EXPIRED, Severity.CRITICAL, WEBHOOKS)),
            Set.of(),
            List.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesTheStepsForOneServingSecret(Case c) {
    PlanInput in = input(c.snapshot(), c.options(), c.findings().toArray(Finding[]::new));
    Decisions earlier = new Decisions(List.of(), List.of(), c.restarted(), Map.of(), Set.of());

    Decisions d = new ServingRepairs().decide(in, earlier);

    assertThat(lines(d)).containsExactlyElementsOf(c.steps());
    assertThat(d.notes()).containsExactlyElementsOf(c.notes());
  }

  @org.junit.jupiter.api.Test
  void aWidenedCaBundleNamesTheCasItRetiresAndTheNewCertificateIsSignedByTheAddedCa() {
    PlanInput in =
        input(cluster(EXPIRED, CA, webhook("v.gate", Map.of(), CA)).build(), EXPIRED_FINDING);

    Decisions d = new ServingRepairs().decide(in, Decisions.NONE);

    Step.SetCaBundle widen = (Step.SetCaBundle) d.steps().get(0);
    Step.IssueServingCert issue = (Step.IssueServingCert) d.steps().get(1);
    assertThat(widen.bundle()).containsExactly(info(CA), issue.caCertificate());
    assertThat(widen.annotations())
        .containsExactly(Map.entry(Planner.RETIRE_ANNOTATION, Planner.id(info(CA))));
    assertThat(d.retiring()).containsExactly(Map.entry(WEBHOOKS, List.of(Planner.id(info(CA)))));
    assertThat(d.reissuedCallers()).containsExactly(WEBHOOKS);
    assertThat(d.restarted()).containsExactly(DEPLOYMENT);
    assertThat(List.of(issue.certKey(), issue.keyKey(), issue.caKey()))
        .containsExactly("tls.crt", "tls.key", "ca.crt");
    assertThat(issue.certificate().facts().notAfter())
        .isEqualTo(TestPki.NOW.plus(FixOptions.DEFAULT_LEAF_LIFETIME));
  }
}
