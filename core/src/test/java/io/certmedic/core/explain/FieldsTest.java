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
  void nameListsSplitAtCommasAndAndAsTheRegularExpressionDid() {
    com.google.re2j.Pattern separator = com.google.re2j.Pattern.compile(",\\s*|\\s+and\\s+");
    java.util.Random random = new java.util.Random(14);
    String[] pieces = {
      "a", "b.example", ",", ", ", " ", "  ", "and", " and ", "\t", "'", "DNS:", "andy"
    };
    for (int i = 0; i < 2000; i++) {
      StringBuilder list = new StringBuilder();
      for (int k = random.nextInt(12); k >= 0; k--) {
        list.append(pieces[random.nextInt(pieces.length)]);
      }
      java.util.List<String> want = new java.util.ArrayList<>();
      for (String part : separator.split(list.toString())) {
        String p = part.strip();
        for (String prefix :
            new String[] {"DNS:", "IP Address:", "IP:", "DNSName:", "IPAddress:"}) {
          if (p.startsWith(prefix)) {
            p = p.substring(prefix.length()).strip();
          }
        }
        p = Fields.cleanName(p);
        if (!p.isEmpty()) {
          want.add(p);
        }
      }
      assertThat(Fields.names(list.toString())).as("[%s]", list).isEqualTo(want);
    }
  }

  @Test
  void aNameListLongerThanTheCapKeepsTheFirstNamesAndCountsTheRest() {
    StringBuilder list = new StringBuilder("n0");
    for (int i = 1; i < Fields.MAX_NAMES + 10; i++) {
      list.append(i % 7 == 0 ? " and " : ", ").append('n').append(i);
    }
    java.util.List<String> names = Fields.names(list.toString());
    assertThat(names).hasSize(Fields.MAX_NAMES + 1);
    assertThat(names.get(0)).isEqualTo("n0");
    assertThat(names.get(Fields.MAX_NAMES - 1)).isEqualTo("n" + (Fields.MAX_NAMES - 1));
    assertThat(names.get(Fields.MAX_NAMES)).isEqualTo("(and 10 more)");
  }

  @Test
  void unescapesJsonAndKlogQuoting() {
    assertThat(Fields.unescape("a \\\"b\\\" c\\nd")).isEqualTo("a \"b\" c d");
    assertThat(Fields.unescape("no escapes")).isEqualTo("no escapes");
  }
}
