package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.NodePkiRecord;
import io.certmedic.core.snapshot.NodePkiRecord.Entry;
import io.certmedic.core.snapshot.NodePkiRecord.Role;
import io.certmedic.core.testing.TestPki;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePkiTableTest {

  private static final TestPki.Cert CA =
      TestPki.ca("kubernetes")
          .validity(TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(3650)))
          .build();
  private static final TestPki.Cert APISERVER =
      TestPki.leaf("kube-apiserver")
          .signedBy(CA)
          .validity(TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(348)))
          .build();
  private static final TestPki.Cert EXPIRED =
      TestPki.leaf("front-proxy-client").signedBy(CA).expiredDaysAgo(3).build();

  private static DataField certs(TestPki.Cert c) {
    return new DataField.Certs(List.of(CertInfo.of(c.cert())));
  }

  private static NodePkiRecord pki(boolean caKey) {
    return new NodePkiRecord(
        "/etc/kubernetes",
        NodePkiRecord.Layout.KUBEADM,
        List.of(
            new Entry(
                "ca",
                Role.AUTHORITY,
                "/etc/kubernetes/pki/ca.crt",
                certs(CA),
                caKey ? "/etc/kubernetes/pki/ca.key" : "",
                caKey ? new DataField.Key("EC P-256", "id", false) : DataField.EMPTY,
                ""),
            new Entry(
                "front-proxy-client",
                Role.CERTIFICATE,
                "/etc/kubernetes/pki/front-proxy-client.crt",
                certs(EXPIRED),
                "",
                DataField.EMPTY,
                "front-proxy-ca"),
            new Entry(
                "apiserver",
                Role.CERTIFICATE,
                "/etc/kubernetes/pki/apiserver.crt",
                certs(APISERVER),
                "",
                DataField.EMPTY,
                "ca"),
            new Entry(
                "kubelet.conf",
                Role.KUBECONFIG,
                "/etc/kubernetes/kubelet.conf",
                new DataField.Unparsable("cannot read /var/lib/kubelet/pki/x.pem: no such file"),
                "",
                DataField.EMPTY,
                "ca")),
        List.of());
  }

  @Test
  void residualTimeIsWrittenAsKubeadmWritesIt() {
    Map<Duration, String> cases =
        Map.of(
            Duration.ofSeconds(-5), "<invalid>",
            Duration.ofMillis(-500), "0s",
            Duration.ofSeconds(59), "59s",
            Duration.ofMinutes(59), "59m",
            Duration.ofHours(23), "23h",
            Duration.ofDays(348).plusHours(5), "348d",
            Duration.ofDays(364), "364d",
            Duration.ofDays(365 * 6 + 100), "6y");
    cases.forEach(
        (d, text) ->
            assertThat(NodePkiTable.shortHumanDuration(d)).as(d.toString()).isEqualTo(text));
  }

  @Test
  void theTableHasKubeadmsColumnsRowsSortedByNameAndTheCasBelow() {
    String out = NodePkiTable.render(List.of(pki(true)), TestPki.NOW);

    assertThat(out.lines().toList())
        .containsSubsequence(
            "NODE PKI /etc/kubernetes (kubeadm layout, judged at 2026-06-01T12:00:00Z)",
            "CERTIFICATE          EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED",
            "apiserver            "
                + NodePkiTable.EXPIRES.format(APISERVER.cert().getNotAfter().toInstant())
                + "   348d            ca                      no",
            "front-proxy-client   "
                + NodePkiTable.EXPIRES.format(EXPIRED.cert().getNotAfter().toInstant())
                + "   <invalid>       front-proxy-ca          no",
            "!UNREADABLE! kubelet.conf: cannot read /var/lib/kubelet/pki/x.pem: no such file",
            "CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED",
            "ca                      "
                + NodePkiTable.EXPIRES.format(CA.cert().getNotAfter().toInstant())
                + "   10y             no");
  }

  @Test
  void expiresIsWrittenInGosFormatInUtc() {
    assertThat(NodePkiTable.EXPIRES.format(Instant.parse("2024-04-09T09:17:00Z")))
        .isEqualTo("Apr 09, 2024 09:17 UTC");
  }

  @Test
  void aCaWithoutItsKeyIsExternallyManagedAndSoAreTheCertificatesItSigned() {
    NodePkiRecord pki = pki(false);

    assertThat(NodePkiTable.authorities(pki, TestPki.NOW))
        .singleElement()
        .satisfies(r -> assertThat(r.externallyManaged()).isTrue());
    assertThat(NodePkiTable.certificates(pki, TestPki.NOW))
        .filteredOn(r -> r.authority().equals("ca"))
        .extracting(NodePkiTable.Row::externallyManaged)
        .containsOnly(true);
  }

  @Test
  void jsonNamesEveryCertificateWithItsDatesAndNoKeyMaterial() {
    Object json = NodePkiTable.json(List.of(pki(true)), TestPki.NOW);
    String text = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(json)).toString();

    assertThat(text)
        .contains(
            "\"name\":\"apiserver\",\"path\":\"/etc/kubernetes/pki/apiserver.crt\",\"expires\":\""
                + CertView.rfc3339(APISERVER.cert().getNotAfter().toInstant())
                + "\",\"residualTime\":\"348d\",\"certificateAuthority\":\"ca\",\"externallyManaged\":false")
        .contains("\"problem\":\"cannot read /var/lib/kubelet/pki/x.pem: no such file\"")
        .doesNotContain("PRIVATE KEY");
  }
}
