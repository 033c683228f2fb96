package io.certmedic.core.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.testing.Records;
import io.certmedic.core.testing.TestPki;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Link resolution on records built in memory: caller -> Service -> workload -> Secret. */
class LinksTest {

  private static final TestPki.Cert CA = TestPki.ca("serving-ca").build();
  private static final TestPki.Cert LEAF = TestPki.leaf("svc.ns.svc").signedBy(CA).build();
  private static final Caller.Webhook HOOK =
      Records.webhook("hooks", "check.example.com", "ns", "svc", CA);

  private static SnapshotBuilder cluster() {
    return Snapshot.builder()
        .add(HOOK)
        .add(Records.service("ns", "svc", "server", 443, "https"))
        .add(Records.deployment("ns", "server", "server", "https", "svc-tls"));
  }

  @Test
  void followsTheWebhookThroughItsServiceAndWorkloadToTheMountedSecret() {
    Snapshot s =
        cluster()
            .add(
                Records.secret("ns", "svc-tls")
                    .cert("tls.crt", LEAF)
                    .key("tls.key", LEAF)
                    .cert("ca.crt", CA)
                    .build())
            .build();

    CallerLink l = Links.resolve(s, HOOK);

    assertThat(l.status()).isEqualTo(CallerLink.Status.FOUND);
    assertThat(l.evidence())
        .containsExactly(
            "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks ->"
                + " https://svc.ns.svc:443/validate",
            "Service ns/svc:443 -> targetPort https");
    ServingLink p = l.primary().orElseThrow();
    assertThat(p.secretRef()).isEqualTo(ObjectRef.of("Secret", "ns", "svc-tls"));
    assertThat(p.confidence()).isEqualTo(ServingLink.Confidence.VOLUME);
    assertThat(p.workloads()).containsExactly(ObjectRef.of("Deployment", "ns", "server"));
    assertThat(p.via().get(1))
        .isEqualTo(
            "Deployment ns/server container server -> volume certs at /certs -> Secret"
                + " ns/svc-tls");
    ServingSecret sc = ServingSecret.of(p.secret()).orElseThrow();
    assertThat(List.of(sc.certKey(), sc.keyKey(), sc.caKey()))
        .containsExactly("tls.crt", "tls.key", "ca.crt");
    assertThat(sc.leafCert().certificate()).isEqualTo(LEAF.cert());
  }

  @Test
  void linksASecretThatIsNotInTheInputButJudgesNoneOfIt() {
    CallerLink l = Links.resolve(cluster().build(), HOOK);

    assertThat(l.status()).isEqualTo(CallerLink.Status.FOUND);
    assertThat(l.serving()).extracting(ServingLink::secretName).containsExactly("svc-tls");
    assertThat(l.serving().get(0).secret()).isNull();
    assertThat(l.primary()).isEmpty();
  }

  @Test
  void saysTheServiceIsUnknownWhenTheInputHoldsNoServicesOfItsNamespace() {
    CallerLink l = Links.resolve(Snapshot.builder().add(HOOK).build(), HOOK);

    assertThat(l.status()).isEqualTo(CallerLink.Status.SERVICE_UNKNOWN);
    assertThat(l.serving()).isEmpty();
  }

  @Test
  void takesTheCallersCaBundleAsItsTrustSource() {
    TrustSource t = TrustSource.of(cluster().build(), HOOK).orElseThrow();

    assertThat(t.description()).isEqualTo("its caBundle");
    assertThat(t.roots()).extracting(r -> r.certificate()).containsExactly(CA.cert());
  }
}
