package io.certmedic.core.explain.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.explain.ExplainAggregator;
import io.certmedic.core.explain.ExplainOptions;
import io.certmedic.core.explain.Explanation;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.IngressRecord;
import io.certmedic.core.snapshot.KubeconfigRecord;
import io.certmedic.core.snapshot.NodeRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.testing.Records;
import io.certmedic.core.testing.TestPki;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failure groups of a log linked to a snapshot built in memory: webhook validate.x trusts the wrong
 * CA (CABUNDLE_UNTRUSTED now), webhook validate.y is healthy now, and Service gone-svc is not
 * there.
 */
class ClusterLinkerTest {

  private static final TestPki.Cert CA_X = TestPki.ca("x-ca").build();
  private static final TestPki.Cert OTHER_CA = TestPki.ca("old-x-ca").build();
  private static final TestPki.Cert LEAF_X = TestPki.leaf("x-svc.x.svc").signedBy(CA_X).build();
  private static final TestPki.Cert CA_Y = TestPki.ca("y-ca").build();
  private static final TestPki.Cert LEAF_Y = TestPki.leaf("y-svc.y.svc").signedBy(CA_Y).build();

  private static final String UNKNOWN_AUTHORITY =
      "tls: failed to verify certificate: x509: certificate signed by unknown authority";

  private static Snapshot cluster() {
    return Snapshot.builder()
        .add(Records.webhook("x-hooks", "validate.x", "x", "x-svc", OTHER_CA))
        .add(Records.service("x", "x-svc", "x", 443, "https"))
        .add(Records.deployment("x", "x", "x", "https", "x-tls"))
        .add(Records.secret("x", "x-tls").cert("tls.crt", LEAF_X).key("tls.key", LEAF_X).build())
        .add(Records.webhook("y-hooks", "validate.y", "y", "y-svc", CA_Y))
        .add(Records.service("y", "y-svc", "y", 443, "https"))
        .add(Records.deployment("y", "y", "y", "https", "y-tls"))
        .add(Records.secret("y", "y-tls").cert("tls.crt", LEAF_Y).key("tls.key", LEAF_Y).build())
        .build();
  }

  private static String webhookLine(String ts, String hook, String host) {
    return ts
        + " E failed calling webhook \""
        + hook
        + "\": failed to call webhook: Post \"https://"
        + host
        + ":443/validate?timeout=10s\": "
        + UNKNOWN_AUTHORITY;
  }

  /** The groups of {@code lines}, linked; keyed by each group's target. */
  private static Map<String, ClusterLink> link(Snapshot s, String... lines) {
    ExplainAggregator agg = new ExplainAggregator(ExplainOptions.DEFAULTS);
    for (String l : lines) {
      agg.accept(l);
    }
    List<Explanation> es = agg.explanations();
    List<ClusterLink> links =
        ClusterLinker.link(es, s, DoctorOptions.at(TestPki.NOW), "the cluster");
    assertThat(links).hasSameSizeAs(es);
    Map<String, ClusterLink> byTarget = new LinkedHashMap<>();
    links.forEach(l -> byTarget.put(l.explanation().facts().target(), l));
    return byTarget;
  }

  @Test
  void aWebhookWhoseCaBundleIsUntrustedNowIsExplainedByTheDoctorsFinding() {
    Map<String, ClusterLink> links =
        link(
            cluster(),
            webhookLine("2026-06-01T11:00:00Z", "validate.x", "x-svc.x.svc"),
            webhookLine("2026-06-01T11:30:00Z", "validate.x", "x-svc.x.svc"),
            webhookLine("2026-06-01T11:59:00Z", "validate.x", "x-svc.x.svc"));

    ClusterLink l = links.get("webhook validate.x");
    assertThat(l.status()).isEqualTo(LinkStatus.EXPLAINED);
    assertThat(l.object())
        .isEqualTo(ObjectRef.cluster("ValidatingWebhookConfiguration", "x-hooks"));
    assertThat(l.via()).containsExactly(ObjectRef.of("Service", "x", "x-svc"));
    assertThat(l.findings().get(0).code()).isEqualTo(FindingCode.CABUNDLE_UNTRUSTED);
    assertThat(l.span().length()).hasMinutes(59);
    assertThat(l.sentence())
        .isEqualTo(
            "3 failures in 59 minutes (2026-06-01T11:00:00Z to 2026-06-01T11:59:00Z): webhook"
                + " validate.x calls x-svc.x.svc: "
                + FindingCode.CABUNDLE_UNTRUSTED.summary()
                + " (CABUNDLE_UNTRUSTED on ValidatingWebhookConfiguration x-hooks)");
  }

  @Test
  void aWebhookThatIsHealthyNowIsNotExplainedByTheCurrentState() {
    Map<String, ClusterLink> links =
        link(
            cluster(), "E1204 19:01:02.123456   1 " + webhookLine("", "validate.y", "y-svc.y.svc"));

    ClusterLink l = links.get("webhook validate.y");
    assertThat(l.status()).isEqualTo(LinkStatus.NOT_EXPLAINED);
    assertThat(l.object())
        .isEqualTo(ObjectRef.cluster("ValidatingWebhookConfiguration", "y-hooks"));
    assertThat(l.findings()).isEmpty();
    assertThat(l.sentence())
        .isEqualTo(
            "1 failure at 1204 19:01:02.123456: webhook validate.y calls y-svc.y.svc: not"
                + " explained by the current state: fixed since, or transient");
  }

  @Test
  void aServiceThatIsNotInTheClusterIsSaidToBeMissing() {
    Map<String, ClusterLink> links =
        link(cluster(), "Post \"https://gone-svc.x.svc:443/hook\": " + UNKNOWN_AUTHORITY);

    ClusterLink l = links.get("service x/gone-svc");
    assertThat(l.status()).isEqualTo(LinkStatus.NOT_FOUND);
    assertThat(l.object()).isEqualTo(ObjectRef.of("Service", "x", "gone-svc"));
    assertThat(l.sentence())
        .isEqualTo("1 failure: the Service gone-svc in x is not in the cluster");
  }

  @Test
  void aServiceInANamespaceTheInputDoesNotHoldIsNotJudged() {
    Map<String, ClusterLink> links =
        link(cluster(), "Post \"https://a-svc.elsewhere.svc:443/hook\": " + UNKNOWN_AUTHORITY);

    ClusterLink l = links.get("service elsewhere/a-svc");
    assertThat(l.status()).isEqualTo(LinkStatus.NOT_JUDGED);
    assertThat(l.sentence())
        .isEqualTo(
            "1 failure: Service elsewhere/a-svc: the cluster holds no Services in elsewhere, so"
                + " certmedic cannot tell whether it exists");
  }

  @Test
  void aWebhookNoConfigurationHasIsNotFound() {
    Map<String, ClusterLink> links =
        link(cluster(), webhookLine("2026-06-01T11:00:00Z", "validate.ghost", "x-svc.x.svc"));

    ClusterLink l = links.get("webhook validate.ghost");
    assertThat(l.status()).isEqualTo(LinkStatus.NOT_FOUND);
    assertThat(l.object()).isNull();
    assertThat(l.sentence())
        .isEqualTo(
            "1 failure at 2026-06-01T11:00:00Z: no webhook configuration in the cluster has a"
                + " webhook named validate.ghost");
  }

  @Test
  void aServiceTheLinesNameIsExplainedByAFindingOnItsCaller() {
    Map<String, ClusterLink> links =
        link(cluster(), "Post \"https://x-svc.x.svc:443/validate\": " + UNKNOWN_AUTHORITY);

    ClusterLink l = links.get("service x/x-svc");
    assertThat(l.status()).isEqualTo(LinkStatus.EXPLAINED);
    assertThat(l.object()).isEqualTo(ObjectRef.of("Service", "x", "x-svc"));
    assertThat(l.via())
        .containsExactly(ObjectRef.cluster("ValidatingWebhookConfiguration", "x-hooks"));
    assertThat(l.findings().get(0).code()).isEqualTo(FindingCode.CABUNDLE_UNTRUSTED);
  }

  @Test
  void aKubeconfigServerAndAnIngressHostAreFoundByHost() {
    Snapshot s =
        cluster().toBuilder()
            .add(
                new KubeconfigRecord(
                    "ci.kubeconfig",
                    List.of(
                        new KubeconfigRecord.Cluster(
                            "prod", "https://api.prod.example:6443", DataField.EMPTY, "", false))))
            .add(
                new IngressRecord(
                    Records.meta("Ingress", "web", "shop"),
                    "nginx",
                    List.of(new IngressRecord.Tls(List.of("*.shop.example"), "shop-tls")),
                    List.of("www.shop.example")))
            .build();

    Map<String, ClusterLink> links =
        link(
            s,
            "Get \"https://api.prod.example:6443/api\": " + UNKNOWN_AUTHORITY,
            "Get \"https://cart.shop.example/\": " + UNKNOWN_AUTHORITY,
            "Get \"https://api.other.example/\": " + UNKNOWN_AUTHORITY);

    ClusterLink server = links.get("api.prod.example:6443");
    assertThat(server.status()).isEqualTo(LinkStatus.NOT_EXPLAINED);
    assertThat(server.object()).isEqualTo(ObjectRef.cluster("Kubeconfig", "ci.kubeconfig"));
    ClusterLink ingress = links.get("cart.shop.example:443");
    assertThat(ingress.object()).isEqualTo(ObjectRef.of("Ingress", "web", "shop"));
    ClusterLink outside = links.get("api.other.example:443");
    assertThat(outside.status()).isEqualTo(LinkStatus.UNLINKED);
    assertThat(outside.object()).isNull();
  }

  @Test
  void aKubeletAddressIsLinkedToTheNodeThatHasIt() {
    NodeRecord worker =
        new NodeRecord(
            Records.meta("Node", "", "worker-1"),
            List.of(new NodeRecord.Address("InternalIP", "10.0.0.27")),
            NodeRecord.DEFAULT_KUBELET_PORT);
    Snapshot s = cluster().toBuilder().add(worker).build();

    Map<String, ClusterLink> links =
        link(
            s,
            "Error from server: Get \"https://10.0.0.27:10250/containerLogs/x/x-1/x\": tls: failed"
                + " to verify certificate: x509: cannot validate certificate for 10.0.0.27 because"
                + " it doesn't contain any IP SANs",
            "Get \"https://10.0.0.99:10250/metrics\": x509: cannot validate certificate for"
                + " 10.0.0.99 because it doesn't contain any IP SANs");

    assertThat(links.values())
        .filteredOn(l -> worker.meta().ref().equals(l.object()))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.status()).isEqualTo(LinkStatus.NOT_EXPLAINED);
              assertThat(l.sentence()).contains("Node worker-1 (InternalIP 10.0.0.27");
            });
    assertThat(links.values())
        .filteredOn(l -> l.explanation().facts().target().contains("10.0.0.99"))
        .singleElement()
        .satisfies(l -> assertThat(l.status()).isEqualTo(LinkStatus.UNLINKED));
  }
}
