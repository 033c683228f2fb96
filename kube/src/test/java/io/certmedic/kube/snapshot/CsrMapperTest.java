package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.snapshot.CertificateSigningRequestRecord;
import io.certmedic.core.snapshot.Snapshot;
import java.io.StringWriter;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CsrMapperTest {

  /** A kubelet-serving request as the kubelet writes it: node name and IP SANs. */
  static String kubeletRequest(String node, String... ips) throws Exception {
    KeyPair kp = KeyType.ECDSA_P256.generate(new SecureRandom());
    ExtensionsGenerator ext = new ExtensionsGenerator();
    GeneralName[] names = new GeneralName[1 + ips.length];
    names[0] = new GeneralName(GeneralName.dNSName, node);
    for (int i = 0; i < ips.length; i++) {
      names[i + 1] =
          new GeneralName(
              GeneralName.iPAddress,
              new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(ips[i]).getAddress()));
    }
    ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    var csr =
        new JcaPKCS10CertificationRequestBuilder(
                new X500Name("O=system:nodes,CN=system:node:" + node), kp.getPublic())
            .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(csr);
    }
    return w.toString();
  }

  @Test
  void readsAPendingKubeletServingRequestWithTheNamesItAsksFor() throws Exception {
    Snapshot s =
        Fixture.manifest()
            .csr(
                "csr-7xk2p",
                CertificateSigningRequestRecord.KUBELET_SERVING,
                "system:node:worker-1",
                "2026-06-01T11:00:00Z",
                kubeletRequest("worker-1", "10.0.0.27", "fd00::27"))
            .snapshot();

    CertificateSigningRequestRecord c = s.certificateSigningRequests().get(0);
    assertThat(c.meta().ref().describe()).isEqualTo("CertificateSigningRequest csr-7xk2p");
    assertThat(c.signerName()).isEqualTo("kubernetes.io/kubelet-serving");
    assertThat(c.username()).isEqualTo("system:node:worker-1");
    assertThat(c.created()).isEqualTo(Instant.parse("2026-06-01T11:00:00Z"));
    assertThat(c.pending()).isTrue();
    assertThat(c.issued()).isFalse();
    assertThat(c.dnsNames()).containsExactly("worker-1");
    assertThat(c.ipAddresses()).containsExactly("10.0.0.27", "fd00:0:0:0:0:0:0:27");
    assertThat(c.requestProblem()).isEmpty();
  }

  @Test
  void readsDeniedAndApprovedConditionsWithTheirTimes() throws Exception {
    Snapshot s =
        Fixture.manifest()
            .csr(
                "csr-denied",
                CertificateSigningRequestRecord.KUBELET_CLIENT,
                "system:bootstrap:abcdef",
                "2026-06-01T10:00:00Z",
                kubeletRequest("worker-2"))
            .status(
                Map.of(
                    "conditions",
                    List.of(
                        Map.of(
                            "type", "Denied",
                            "status", "True",
                            "reason", "AdminDenied",
                            "message", "not one of ours",
                            "lastUpdateTime", "2026-06-01T10:05:00Z"))))
            .csr(
                "csr-ok",
                CertificateSigningRequestRecord.KUBELET_SERVING,
                "system:node:worker-3",
                "2026-06-01T10:00:00Z",
                kubeletRequest("worker-3", "10.0.0.3"))
            .status(
                Map.of(
                    "certificate",
                    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t",
                    "conditions",
                    List.of(
                        Map.of(
                            "type", "Approved",
                            "status", "True",
                            "lastTransitionTime", "2026-06-01T10:01:00Z"))))
            .snapshot();

    var denied = s.certificateSigningRequests().get(0);
    assertThat(denied.pending()).isFalse();
    assertThat(denied.condition("Denied"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.reason()).isEqualTo("AdminDenied");
              assertThat(c.lastTransitionTime()).isEqualTo(Instant.parse("2026-06-01T10:05:00Z"));
            });
    var ok = s.certificateSigningRequests().get(1);
    assertThat(ok.issued()).isTrue();
    assertThat(ok.condition("Approved")).isPresent();
  }

  @Test
  void aRequestThatDoesNotReadIsKeptWithItsProblem() {
    Snapshot s =
        Fixture.manifest()
            .csr(
                "csr-bad",
                CertificateSigningRequestRecord.KUBELET_SERVING,
                "system:node:worker-4",
                "2026-06-01T10:00:00Z",
                "not a request")
            .snapshot();
    assertThat(s.certificateSigningRequests().get(0).requestProblem())
        .isEqualTo("the request holds no PEM CERTIFICATE REQUEST block");
    assertThat(s.unreadable()).isEmpty();
  }
}
