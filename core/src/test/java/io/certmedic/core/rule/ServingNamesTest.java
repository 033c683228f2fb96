package io.certmedic.core.rule;

import static io.certmedic.core.finding.FindingCode.CERT_NO_SAN;
import static io.certmedic.core.finding.FindingCode.SAN_INCOMPLETE;
import static io.certmedic.core.finding.FindingCode.SAN_MISMATCH;
import static io.certmedic.core.rule.Rows.fail;
import static io.certmedic.core.rule.Rows.pass;
import static io.certmedic.core.rule.Rows.row;
import static io.certmedic.core.rule.Rule.SERVING_NAMES;
import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.testing.TestPki;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServingNamesTest {

  private static final ClientConfig.ServiceRef REF =
      new ClientConfig.ServiceRef("ns", "svc", 443, "/validate");
  private static final String WHERE = "the serving certificate in Secret ns/svc-tls (tls.crt)";
  private static final String BLOCKS = "failurePolicy Fail: the API server refuses CREATE pods";

  private static CertInfo leaf(String... names) {
    return CertInfo.of(TestPki.leaf(names).build().cert());
  }

  private static Verdict served(CertInfo leaf) {
    return ServingNames.served(leaf, REF, false, "cluster.local", NOW, WHERE, BLOCKS);
  }

  private static final String INGRESS = "Ingress web/shop (spec.tls[0])";

  private static Verdict host(CertInfo leaf, String host) {
    return ServingNames.host(leaf, host, NOW, INGRESS, WHERE);
  }

  static Stream<Arguments> cases() {
    CertInfo cnOnly = CertInfo.of(TestPki.leaf("svc.ns.svc").noSans().build().cert());
    return Stream.of(
        row(
            "a certificate with every name of the Service passes",
            served(leaf("svc", "svc.ns", "svc.ns.svc", "svc.ns.svc.cluster.local")),
            pass(SERVING_NAMES)),
        row(
            "a certificate made for the same namespace's other Service is SAN_MISMATCH with the renamed-Service hint",
            served(leaf("old-svc.ns.svc")),
            fail(
                SERVING_NAMES,
                SAN_MISMATCH,
                "the API server dials svc.ns.svc and "
                    + WHERE
                    + " does not carry that name: \"x509: certificate is valid for old-svc.ns.svc,"
                    + " not svc.ns.svc\" ("
                    + BLOCKS
                    + "); the certificate was made for Service old-svc: was the Service renamed"
                    + " and the certificate kept?")),
        row(
            "a certificate naming its host only in the Common Name is CERT_NO_SAN, without a hint",
            served(cnOnly),
            fail(
                SERVING_NAMES,
                CERT_NO_SAN,
                "the API server dials svc.ns.svc and "
                    + WHERE
                    + " does not carry that name: \"x509: certificate relies on legacy Common Name"
                    + " field, use SANs instead\" ("
                    + BLOCKS
                    + ")")),
        row(
            "a certificate with only svc.ns.svc is SAN_INCOMPLETE, naming what in-cluster clients dial",
            served(leaf("svc.ns.svc")),
            fail(
                SERVING_NAMES,
                SAN_INCOMPLETE,
                WHERE
                    + " carries svc.ns.svc (enough for the API server) but not svc, svc.ns,"
                    + " svc.ns.svc.cluster.local, which pods using the short or fully qualified name"
                    + " dial, and which platforms that probe webhooks (OpenShift) expect")),
        row(
            "an issued certificate with exactly the wanted names, in any order, passes",
            ServingNames.issued(
                TestPki.leaf("b.ns.svc", "a.ns.svc").build().cert(),
                Set.of("a.ns.svc", "b.ns.svc")),
            pass(SERVING_NAMES)),
        row(
            "an issued certificate that lacks a wanted name and has another is SAN_MISMATCH saying both",
            ServingNames.issued(
                TestPki.leaf("old.ns.svc").build().cert(), Set.of("svc.ns.svc", "svc.ns")),
            fail(
                SERVING_NAMES,
                SAN_MISMATCH,
                "the certificate lacks svc.ns, svc.ns.svc; has unexpected old.ns.svc")),
        row(
            "an Ingress host covered by a one-label wildcard SAN passes",
            host(leaf("*.example.com"), "shop.example.com"),
            pass(SERVING_NAMES)),
        row(
            "an Ingress host two labels under a wildcard SAN is SAN_MISMATCH in Go's words",
            host(leaf("*.example.com"), "a.shop.example.com"),
            fail(
                SERVING_NAMES,
                SAN_MISMATCH,
                INGRESS
                    + " serves a.shop.example.com with "
                    + WHERE
                    + ", which does not carry that name: clients say \"x509: certificate is valid"
                    + " for *.example.com, not a.shop.example.com\"")),
        row(
            "the apex of a wildcard SAN is not covered by it",
            host(leaf("*.example.com"), "example.com"),
            fail(
                SERVING_NAMES,
                SAN_MISMATCH,
                INGRESS
                    + " serves example.com with "
                    + WHERE
                    + ", which does not carry that name: clients say \"x509: certificate is valid"
                    + " for *.example.com, not example.com\"")),
        row(
            "a wildcard Ingress host is covered by the same wildcard SAN, as Go compares it",
            host(leaf("*.example.com"), "*.example.com"),
            pass(SERVING_NAMES)),
        row(
            "a host is matched without regard to ASCII case",
            host(leaf("Shop.Example.com"), "shop.example.COM"),
            pass(SERVING_NAMES)),
        row(
            "a host named only in the Common Name is CERT_NO_SAN in Go's words",
            host(
                CertInfo.of(TestPki.leaf("shop.example.com").noSans().build().cert()),
                "shop.example.com"),
            fail(
                SERVING_NAMES,
                CERT_NO_SAN,
                INGRESS
                    + " serves shop.example.com with "
                    + WHERE
                    + ", which does not carry that name: clients say \"x509: certificate relies on"
                    + " legacy Common Name field, use SANs instead\"")),
        row(
            "an apiserver.crt with kubeadm's four service names passes",
            ServingNames.apiServer(
                leaf(
                    "node1",
                    "kubernetes",
                    "kubernetes.default",
                    "kubernetes.default.svc",
                    "kubernetes.default.svc.cluster.local"),
                "cluster.local",
                NOW,
                "pki/apiserver.crt"),
            pass(SERVING_NAMES)),
        row(
            "an apiserver.crt without the service names is SAN_MISMATCH listing them, in Go's words for the first",
            ServingNames.apiServer(
                leaf("node1", "kubernetes"), "cluster.local", NOW, "pki/apiserver.crt"),
            fail(
                SERVING_NAMES,
                SAN_MISMATCH,
                "pki/apiserver.crt does not carry kubernetes.default, kubernetes.default.svc,"
                    + " kubernetes.default.svc.cluster.local, which pods dial the API server by:"
                    + " \"x509: certificate is valid for node1, kubernetes, not"
                    + " kubernetes.default\"")),
        row(
            "an apiserver.crt for another cluster domain lacks only that fully qualified name",
            ServingNames.apiServer(
                leaf(
                    "kubernetes",
                    "kubernetes.default",
                    "kubernetes.default.svc",
                    "kubernetes.default.svc.cluster.local"),
                "corp.example",
                NOW,
                "pki/apiserver.crt"),
            fail(
                SERVING_NAMES,
                SAN_MISMATCH,
                "pki/apiserver.crt does not carry kubernetes.default.svc.corp.example, which pods"
                    + " dial the API server by: \"x509: certificate is valid for kubernetes,"
                    + " kubernetes.default, kubernetes.default.svc,"
                    + " kubernetes.default.svc.cluster.local, not"
                    + " kubernetes.default.svc.corp.example\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Verdict got, Verdict want) {
    assertThat(got).isEqualTo(want);
  }
}
