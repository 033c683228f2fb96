package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.DefaultSslCertificate;
import io.certmedic.core.snapshot.IngressRecord;
import io.certmedic.core.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressMapperTest {

  @Test
  void readsTheTlsEntriesClassAndRuleHostsOfAnIngress() {
    Snapshot s =
        Fixture.manifest()
            .ingress("web", "shop", "shop-tls", "shop.example.com", "*.shop.example.com")
            .snapshot();

    IngressRecord i = s.ingresses().get(0);
    assertThat(i.meta().ref().describe()).isEqualTo("Ingress web/shop");
    assertThat(i.ingressClassName()).isEqualTo("nginx");
    assertThat(i.tls())
        .containsExactly(
            new IngressRecord.Tls(List.of("shop.example.com", "*.shop.example.com"), "shop-tls"));
    assertThat(i.ruleHosts()).containsExactly("shop.example.com", "*.shop.example.com");
    assertThat(i.certManagerMakesSecrets()).isFalse();
    assertThat(s.ignoredKinds()).doesNotContainKey("Ingress");
    assertThat(s.holds("Ingress", "web")).isTrue();
  }

  @Test
  void certManagerAnnotationsSayTheSecretWillBeMade() {
    for (var a :
        Map.of(
                "cert-manager.io/cluster-issuer", "letsencrypt",
                "cert-manager.io/issuer", "ca",
                "kubernetes.io/tls-acme", "true")
            .entrySet()) {
      Snapshot s =
          Fixture.manifest()
              .ingress("web", "shop", "shop-tls", "shop.example.com")
              .annotate(a.getKey(), a.getValue())
              .snapshot();
      assertThat(s.ingresses().get(0).certManagerMakesSecrets()).as(a.getKey()).isTrue();
    }
    Snapshot notAcme =
        Fixture.manifest()
            .ingress("web", "shop", "shop-tls", "shop.example.com")
            .annotate("kubernetes.io/tls-acme", "false")
            .snapshot();
    assertThat(notAcme.ingresses().get(0).certManagerMakesSecrets()).isFalse();
  }

  @Test
  void anIngressOfAnotherApiVersionIsCountedAsIgnored() {
    Snapshot s =
        Fixture.manifest()
            .raw(
                Map.of(
                    "apiVersion", "extensions/v1beta1",
                    "kind", "Ingress",
                    "metadata", Map.of("name", "old", "namespace", "web")))
            .snapshot();
    assertThat(s.ingresses()).isEmpty();
    assertThat(s.ignoredKinds()).containsEntry("Ingress", 1);
  }

  @Test
  void findsIngressNginxDefaultSslCertificateInBothSpellingsAndThePodNamespaceVariable() {
    Snapshot s =
        Fixture.manifest()
            .workload(
                "Deployment",
                "ingress-nginx",
                "ingress-nginx-controller",
                Fixture.pod(Map.of("app", "nginx"))
                    .args(
                        "/nginx-ingress-controller",
                        "--default-ssl-certificate=$(POD_NAMESPACE)/default-tls",
                        "--default-ssl-certificate",
                        "certs/wildcard",
                        "--default-ssl-certificate=no-namespace"))
            .snapshot();

    assertThat(s.defaultSslCertificates())
        .extracting(DefaultSslCertificate::namespace, DefaultSslCertificate::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ingress-nginx", "default-tls"),
            org.assertj.core.groups.Tuple.tuple("certs", "wildcard"));
    assertThat(s.defaultSslCertificates().get(0).workload().describe())
        .isEqualTo("Deployment ingress-nginx/ingress-nginx-controller");
    assertThat(s.defaultSslCertificates().get(0).container()).isEqualTo("server");
  }
}
