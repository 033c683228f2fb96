package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.TRUST_BUNDLE_STALE;
import static io.certmedic.core.finding.Severity.CRITICAL;
import static io.certmedic.core.finding.Severity.ERROR;
import static io.certmedic.core.finding.Severity.WARNING;

import io.certmedic.core.testing.TestPki;
import io.certmedic.kube.snapshot.Fixture;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrustBundleStaleTest {

  static final TestPki.Cert OLD = TestPki.ca("lb-signer-2020").build();
  static final TestPki.Cert NEW = TestPki.ca("lb-signer-2024").build();
  static final TestPki.Cert OTHER_CLUSTER = TestPki.ca("other-cluster-ca").build();
  static final String LB = "openshift-kube-apiserver-operator";
  static final String KUBECONFIG = "Kubeconfig fixture.yaml: document 1 (line 2)";

  /** kube-root-ca.crt in each namespace, holding the given CAs. */
  static Fixture roots(Map<String, List<TestPki.Cert>> byNamespace) {
    Fixture f = Fixture.manifest();
    byNamespace.forEach(
        (ns, cas) ->
            f.configMap(
                ns,
                "kube-root-ca.crt",
                Map.of("ca.crt", Fixture.pem(cas.toArray(TestPki.Cert[]::new)))));
    return f;
  }

  static Fixture kubelet(TestPki.Cert... trusted) {
    return Fixture.manifest()
        .kubeconfig("api-int", "https://api-int.okd.example.com:6443", trusted)
        .configMap(LB, "loadbalancer-serving-ca", Map.of("ca-bundle.crt", Fixture.pem(OLD, NEW)));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing when every kube-root-ca.crt copy holds the same CAs",
            () ->
                roots(
                    Map.of(
                        "a", List.of(OLD, NEW), "b", List.of(OLD, NEW), "c", List.of(OLD, NEW)))),
        row(
            "warns that a copy in an install manifest lacks a CA the other copies hold, as openshift-multus' did",
            () ->
                roots(
                    Map.of(
                        "default",
                        List.of(OLD, NEW),
                        "kube-system",
                        List.of(OLD, NEW),
                        "openshift-multus",
                        List.of(OLD))),
            want(
                TRUST_BUNDLE_STALE,
                WARNING,
                "ConfigMap openshift-multus/kube-root-ca.crt",
                "ConfigMap openshift-multus/kube-root-ca.crt lacks CA CN=lb-signer-2024 (from ",
                "which 2 other copies of kube-root-ca.crt hold: pods in openshift-multus cannot verify servers whose certificates chain to it")),
        row(
            "is error for a stale copy read from a running cluster",
            () ->
                roots(
                        Map.of(
                            "default",
                            List.of(OLD, NEW),
                            "kube-system",
                            List.of(OLD, NEW),
                            "openshift-multus",
                            List.of(OLD)))
                    .allLive(),
            want(
                TRUST_BUNDLE_STALE,
                ERROR,
                "ConfigMap openshift-multus/kube-root-ca.crt",
                "lacks CA CN=lb-signer-2024")),
        row(
            "counts only the copies that hold the missing CA when it names how many do",
            () ->
                roots(
                    Map.of(
                        "a",
                        List.of(OLD, NEW),
                        "b",
                        List.of(OLD, NEW),
                        "c",
                        List.of(OLD, NEW),
                        "d",
                        List.of(OLD),
                        "e",
                        List.of(OLD))),
            want(
                TRUST_BUNDLE_STALE,
                WARNING,
                "ConfigMap d/kube-root-ca.crt",
                "lacks CA CN=lb-signer-2024 (from ",
                "which 3 other copies of kube-root-ca.crt hold"),
            want(
                TRUST_BUNDLE_STALE,
                WARNING,
                "ConfigMap e/kube-root-ca.crt",
                "lacks CA CN=lb-signer-2024 (from ",
                "which 3 other copies of kube-root-ca.crt hold")),
        row(
            "says nothing of copies lacking a CA that only a minority holds",
            () -> roots(Map.of("a", List.of(OLD, NEW), "b", List.of(OLD), "c", List.of(OLD)))),
        row(
            "says nothing of a single copy: there is nothing to compare it with",
            () -> roots(Map.of("openshift-multus", List.of(OLD)))),
        row(
            "compares copies of OpenShift's openshift-service-ca.crt by service-ca.crt",
            () ->
                Fixture.manifest()
                    .configMap(
                        "a",
                        "openshift-service-ca.crt",
                        Map.of("service-ca.crt", Fixture.pem(OLD, NEW)))
                    .configMap(
                        "b",
                        "openshift-service-ca.crt",
                        Map.of("service-ca.crt", Fixture.pem(OLD, NEW)))
                    .configMap(
                        "c",
                        "openshift-service-ca.crt",
                        Map.of("service-ca.crt", Fixture.pem(OLD))),
            want(
                TRUST_BUNDLE_STALE,
                WARNING,
                "ConfigMap c/openshift-service-ca.crt",
                "lacks CA CN=lb-signer-2024")),
        row(
            "compares the copies of a trust-manager Bundle by its label",
            () ->
                Fixture.manifest()
                    .configMap("a", "corp-bundle", Map.of("bundle.pem", Fixture.pem(OLD, NEW)))
                    .label("trust.cert-manager.io/bundle", "corp-bundle")
                    .configMap("b", "corp-bundle", Map.of("bundle.pem", Fixture.pem(OLD, NEW)))
                    .label("trust.cert-manager.io/bundle", "corp-bundle")
                    .configMap("c", "corp-bundle", Map.of("bundle.pem", Fixture.pem(OLD)))
                    .label("trust.cert-manager.io/bundle", "corp-bundle"),
            want(
                TRUST_BUNDLE_STALE,
                WARNING,
                "ConfigMap c/corp-bundle",
                "lacks CA CN=lb-signer-2024",
                "which 2 other copies of corp-bundle hold")),
        row(
            "does not compare unlabelled ConfigMaps that merely share a name",
            () ->
                Fixture.manifest()
                    .configMap("a", "corp-bundle", Map.of("bundle.pem", Fixture.pem(OLD, NEW)))
                    .configMap("b", "corp-bundle", Map.of("bundle.pem", Fixture.pem(OLD, NEW)))
                    .configMap("c", "corp-bundle", Map.of("bundle.pem", Fixture.pem(OLD)))),
        row(
            "is critical when a kubelet kubeconfig trusts the old cluster CA but lacks the new one in loadbalancer-serving-ca, the OKD incident",
            () -> kubelet(OLD),
            want(
                TRUST_BUNDLE_STALE,
                CRITICAL,
                KUBECONFIG,
                "kubeconfig fixture.yaml: document 1 (line 2) cluster api-int (https://api-int.okd.example.com:6443) trusts 1 CA(s) but lacks CA CN=lb-signer-2024 (from ",
                "from ConfigMap openshift-kube-apiserver-operator/loadbalancer-serving-ca ca-bundle.crt: once the API server presents a certificate signed by it,"
                    + " this client (a kubelet, Multus) cannot verify it and the node goes NotReady")),
        row("says nothing of a kubeconfig that holds every current CA", () -> kubelet(OLD, NEW)),
        row(
            "says nothing of a kubeconfig for another cluster: another server, and no CA shared with the cluster's sources",
            () ->
                Fixture.manifest()
                    .kubeconfig("other", "https://k8s.other.example:6443", OTHER_CLUSTER)
                    .configMap(
                        LB,
                        "loadbalancer-serving-ca",
                        Map.of("ca-bundle.crt", Fixture.pem(OLD, NEW)))),
        row(
            "is critical when an api-int kubeconfig trusts none of the current CAs: the bundle was rotated completely",
            () ->
                Fixture.manifest()
                    .kubeconfig("api-int", "https://api-int.okd.example.com:6443", OLD)
                    .configMap(
                        LB, "loadbalancer-serving-ca", Map.of("ca-bundle.crt", Fixture.pem(NEW))),
            want(
                TRUST_BUNDLE_STALE,
                CRITICAL,
                KUBECONFIG,
                "trusts 1 CA(s) but lacks CA CN=lb-signer-2024")),
        row(
            "says nothing of a kubeconfig when the input holds no cluster CA source",
            () ->
                Fixture.manifest()
                    .kubeconfig("api-int", "https://api-int.okd.example.com:6443", OLD)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new TrustBundleStale(), c);
  }
}
