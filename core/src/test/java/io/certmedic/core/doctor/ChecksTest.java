package io.certmedic.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Locks the doctor's chain: every check, once, in this order (see the comments in {@link Checks}).
 */
class ChecksTest {

  @Test
  void runsEveryCheckOnceInThisOrder() {
    assertThat(Checks.ALL.stream().map(c -> c.getClass().getSimpleName()).toList())
        .containsExactly(
            "InputUnreadable",
            "ServiceReference",
            "CaBundlePresence",
            "Injection",
            "ServingCertificate",
            "CertNotManaged",
            "CertificateNames",
            "GeneratedCertNames",
            "ApiServiceStatus",
            "TrustBundleStale",
            "EnvTrustOverride",
            "CertificateHygiene",
            "ServedCertificate",
            "KubeconfigServerTrust",
            "IngressTls",
            "GatewayListenerTls",
            "RouteTls",
            "CertManagerStatus",
            "KubeletCsrs",
            "KubeconfigClientCertificate",
            "NodePkiCertificates",
            "CaExpiresBeforeLeaf",
            "PodsOnStaleTrust",
            "KubeletServing");
  }
}
