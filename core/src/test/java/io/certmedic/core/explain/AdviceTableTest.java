package io.certmedic.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the advice tables is reached by a log line: each line below selects the case it is
 * listed for, and together they select every root cause of every case, so no row is dead.
 */
class AdviceTableTest {

  private static final String PKIX =
      "javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException:"
          + " unable to find valid certification path to requested target";

  /** A line, the sentence it illustrates, and the case of its family it must select. */
  record Reach(String sentence, String caseName, String line) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Reach> lines() {
    return Stream.of(
        new Reach(
            "a webhook whose Service was renamed keeps the old name in its certificate",
            "a Service name was dialled",
            "failed calling webhook \"v.example.io\": Post \"https://new-svc.ns.svc:443/validate\": x509: certificate is valid for old-svc.ns.svc, not new-svc.ns.svc"),
        new Reach(
            "a certificate made for the Service in another namespace",
            "a Service name was dialled",
            "x509: certificate is valid for web.other.svc, not web.ns.svc"),
        new Reach(
            "a certificate carrying only the short forms of the Service name",
            "a Service name was dialled",
            "x509: certificate is valid for web, web.ns, not web.ns.svc"),
        new Reach(
            "kubectl reaching the API server by a name its certificate lacks",
            "the API server was dialled",
            "Unable to connect to the server: x509: certificate is valid for kubernetes.default.svc, kubernetes, localhost, not k8s.example.com"),
        new Reach(
            "a kubelet dialled by IP on port 10250",
            "a kubelet was dialled (port 10250)",
            "Get \"https://10.0.0.2:10250/pods\": x509: cannot validate certificate for 10.0.0.2 because it doesn't contain any IP SANs"),
        new Reach(
            "a client dialling an outside server by a name its certificate lacks",
            "any other server was dialled",
            "Post \"https://hooks.example.com/in\": x509: certificate is valid for a.example.com, not hooks.example.com"),
        new Reach(
            "a certificate naming its host only in the Common Name",
            "any certificate without SANs",
            "Unexpected error validating SSL certificate \"default/tls\" for server \"app.example.com\": x509: certificate relies on legacy Common Name field, use SANs instead"),
        new Reach(
            "an expired certificate of a server outside the cluster",
            "a server outside the cluster",
            "[2017-11-28 17:25:51] [ERROR] Get https://dns.example.com/dns-query: x509: certificate has expired or is not yet valid"),
        new Reach(
            "an expired webhook serving certificate",
            "a serving cert in the cluster",
            "failed calling webhook \"webhook.cert-manager.io\": failed to call webhook: Post \"https://cert-manager-webhook.cert-manager.svc:443/validate?timeout=30s\": x509: certificate has expired or is not yet valid"),
        new Reach(
            "an expired API server certificate on port 6443",
            "the cluster's own certificates",
            "node3: unable to recognize \"STDIN\": Get https://172.17.8.101:6443/api?timeout=32s: x509: certificate has expired or is not yet valid"),
        new Reach(
            "a certificate not valid yet",
            "any certificate not valid yet",
            "SSL certificate problem: certificate is not yet valid"),
        new Reach(
            "an image pull from a registry whose CA the node does not trust",
            "an image pull",
            "E0301 10:00:00.000000 1234 kuberuntime_manager.go:1] Failed to pull image \"registry.corp.example/app:1\": "
                + "rpc error: code = Unknown desc = failed to do request: Head \"https://registry.corp.example/v2/app/manifests/1\": x509: certificate signed by unknown authority"),
        new Reach(
            "an aggregated API whose caBundle does not hold its server's CA",
            "an aggregated API",
            "E0225 04:24:18.123456      17 available_controller.go:460] v1beta1.external-secrets.io failed with: "
                + "failing or missing response from https://10.128.2.15:443/apis/external-secrets.io/v1beta1: Get \"https://10.128.2.15:443/apis/external-secrets.io/v1beta1\": "
                + "x509: certificate signed by unknown authority"),
        new Reach(
            "a webhook whose caBundle does not hold the serving CA",
            "a webhook or a Service in the cluster",
            "Internal error occurred: failed calling webhook \"webhook.cert-manager.io\": Post \"https://cert-manager-webhook.cert-manager.svc:443/mutate?timeout=10s\": x509: certificate signed by unknown authority"),
        new Reach(
            "a Java client of an in-cluster Service that does not trust its CA",
            "a webhook or a Service in the cluster",
            "Get https://web.ns.svc:8443/x: " + PKIX),
        new Reach(
            "a kubelet whose copy of the cluster CA is stale",
            "a client of the API server",
            "E0629 05:29:43.583645    2413 kubelet_node_status.go:106] Unable to register node \"n1\" with API server: Post https://35.192.63.12/api/v1/nodes: x509: certificate signed by unknown authority"),
        new Reach(
            "a Java client of the API server that does not trust its CA",
            "a client of the API server",
            "Get https://api.c.example.com:6443/api: " + PKIX),
        new Reach(
            "a Java client whose line names no server",
            "no caller named, not outside the cluster",
            "Caused by: " + PKIX),
        new Reach(
            "a client of a server outside the cluster whose CA it lacks",
            "a server outside the cluster",
            "Post \"https://hooks.example.com/in\": tls: failed to verify certificate: x509: certificate signed by unknown authority"),
        new Reach(
            "a Java client of a server outside the cluster whose CA it lacks",
            "a server outside the cluster",
            "Get https://hooks.example.com/in: " + PKIX),
        new Reach(
            "a webhook whose peer rejected its certificate without saying why",
            "any rejection by the peer",
            "2022/02/28 18:11:37 http: TLS handshake error from 10.0.2.15:59316: remote error: tls: bad certificate"),
        new Reach(
            "a webhook whose peer does not know its CA",
            "any rejection by the peer",
            "2017/11/01 10:26:22 http: TLS handshake error from 10.254.93.0:60297: remote error: tls: unknown certificate authority"),
        new Reach(
            "a webhook whose peer says its certificate expired",
            "any rejection by the peer",
            "2017/11/01 10:26:22 http: TLS handshake error from 10.254.93.0:60297: remote error: tls: expired certificate"),
        new Reach(
            "a certificate used beyond its key usage",
            "any certificate used beyond its key usage",
            "error verifying chain: x509: certificate specifies an incompatible key usage"),
        new Reach(
            "a certificate signed with SHA-1",
            "any weak signature",
            "Error is not nil: x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)"),
        new Reach(
            "a webhook certificate that carries no DNS name at all",
            "a Service name was dialled",
            "failed calling webhook \"gensc.sfdc.internal\": Post \"https://gensc.nsaux-cs.svc:443/mutate?timeout=30s\": x509: certificate is not valid for any names, but wanted to match gensc.nsaux-cs.svc"),
        new Reach(
            "a certificate without DNS names on a server outside the cluster",
            "any other server was dialled",
            "Get \"https://ipa.example.com/ipa\": x509: certificate is not valid for any names, but wanted to match ipa.example.com"),
        new Reach(
            "a client dialling an IP its certificate does not carry",
            "an IP address was dialled",
            "x509: cannot validate certificate for 100.116.232.47 because it doesn't contain any IP SANs"),
        new Reach(
            "a client speaking TLS to a plain-text port",
            "one side does not speak TLS on this port",
            "curl: (35) error:0A00010B:SSL routines::wrong version number"),
        new Reach(
            "a client and server with no TLS version in common",
            "no protocol version both sides accept",
            "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version"),
        new Reach(
            "a client and server with no cipher suite in common",
            "no cipher suite or algorithm both sides accept",
            "http: TLS handshake error from 10.0.0.7:51234: tls: no cipher suite supported by both client and server"),
        new Reach(
            "a TLS failure that names no reason certmedic knows",
            "any failure certmedic cannot place",
            "WARNING:urllib3.connectionpool:Retrying after connection broken by 'SSLError(SSLError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:777)'),)': /api/v1/namespaces"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void eachLineSelectsTheCaseItIsListedFor(Reach r) {
    ErrorFacts f = Explainer.classify(r.line()).orElseThrow();
    Situation s = new Situation(f);
    Advice.Case chosen = AdviceTable.of(f.family()).select(s);
    assertThat(chosen.name()).as(r.line()).isEqualTo(r.caseName());
    Explanation e = Explainer.explain(r.line()).orElseThrow();
    assertThat(e.rootCauses())
        .as("the explanation lists the selected rows' words, in their order")
        .containsExactlyElementsOf(chosen.roots(s).stream().map(x -> x.text().apply(s)).toList())
        .isNotEmpty();
    assertThat(e.fix()).isEqualTo(chosen.fix().apply(s));
    assertThat(e.commands()).containsAll(chosen.commands());
  }

  @Test
  void everyCaseAndEveryRootCauseIsReachedByALine() {
    Set<String> reached = new HashSet<>();
    lines()
        .forEach(
            r -> {
              ErrorFacts f = Explainer.classify(r.line()).orElseThrow();
              Situation s = new Situation(f);
              Advice.Case c = AdviceTable.of(f.family()).select(s);
              reached.add(key(f.family(), c, null));
              c.roots(s).forEach(root -> reached.add(key(f.family(), c, root)));
            });
    Set<String> rows = new TreeSet<>();
    for (Advice a : AdviceTable.all()) {
      for (Advice.Case c : a.cases()) {
        rows.add(key(a.family(), c, null));
        c.roots().forEach(root -> rows.add(key(a.family(), c, root)));
      }
    }
    assertThat(rows).hasSizeGreaterThan(40);
    rows.removeAll(reached);
    assertThat(rows).as("rows no line reaches").isEmpty();
  }

  @Test
  void everyFamilyHasItsOwnAdvice() {
    for (Family f : Family.values()) {
      assertThat(AdviceTable.of(f).family()).isEqualTo(f);
      assertThat(AdviceTable.of(f).cases()).isNotEmpty();
    }
  }

  @Test
  void namesOfCasesAndRootCausesAreUniqueWhereTheyAreLooked() {
    for (Advice a : AdviceTable.all()) {
      List<String> cases = a.cases().stream().map(Advice.Case::name).toList();
      assertThat(cases).as(a.family().name()).doesNotHaveDuplicates();
      for (Advice.Case c : a.cases()) {
        List<String> roots = new ArrayList<>(c.roots().stream().map(Advice.Root::name).toList());
        assertThat(roots).as(c.name()).doesNotHaveDuplicates();
      }
    }
  }

  private static String key(Family f, Advice.Case c, Advice.Root root) {
    return f + " / " + c.name() + (root == null ? "" : " / " + root.name());
  }
}
