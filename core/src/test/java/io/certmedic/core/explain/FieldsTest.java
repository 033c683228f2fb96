package io.certmedic.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://svc.ns.svc:443/validate?timeout=10s | svc.ns.svc | 443 | /validate",
        "https://svc.ns.svc/convert                   | svc.ns.svc | 443 | /convert",
        "https://[2001:db8::1]:6443/api               | 2001:db8::1 | 6443 | /api",
        "https://user@host.example:8443               | host.example | 8443 | ",
        "http://10.0.0.1/healthz                      | 10.0.0.1 | 80 | /healthz",
      })
  void splitsUrlsIntoHostPortAndPathWithoutQuery(String url, String host, int port, String path) {
    ErrorFacts.Builder b = ErrorFacts.builder(Family.UNKNOWN);
    Fields.parseUrl(url, b);
    assertThat(b.host).isEqualTo(host);
    assertThat(b.port).isEqualTo(port);
    assertThat(b.path).isEqualTo(path);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "webhook.ns.svc                    | ns/webhook",
        "webhook.ns.svc.cluster.local      | ns/webhook",
        "webhook.ns.svc.                   | ns/webhook",
        "Webhook.NS.svc                    | ns/webhook",
      })
  void namesTheServiceOfASvcHost(String host, String service) {
    assertThat(Fields.service(host)).hasToString(service);
  }

  @Test
  void otherHostsNameNoService() {
    assertThat(Fields.service("api.example.com")).isNull();
    assertThat(Fields.service("pod-0.headless.ns.svc.cluster.local")).isNull();
    assertThat(Fields.service("kubernetes")).isNull();
    assertThat(Fields.service(null)).isNull();
  }

  @Test
  void prefersTheDialledUrlOverLinksToDocumentation() {
    ErrorFacts.Builder b = ErrorFacts.builder(Family.UNKNOWN);
    Fields.extract(
        "cURL error 60: SSL certificate problem (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for https://k8s.example:6443/api",
        b);
    assertThat(b.host).isEqualTo("k8s.example");
  }

  @Test
  void nameListsLoseTheirPrefixesQuotesAndBrackets() {
    assertThat(Fields.names("DNS:a.example, IP Address:10.0.0.1, 'b.example'"))
        .containsExactly("a.example", "10.0.0.1", "b.example");
    assertThat(Fields.names("[release-name]-db")).containsExactly("[release-name]-db");
    assertThat(Fields.cleanName("\"x.ns.svc\")")).isEqualTo("x.ns.svc");
  }

  @Test
  void unescapesJsonAndKlogQuoting() {
    assertThat(Fields.unescape("a \\\"b\\\" c\\nd")).isEqualTo("a \"b\" c d");
    assertThat(Fields.unescape("no escapes")).isEqualTo("no escapes");
  }
}
