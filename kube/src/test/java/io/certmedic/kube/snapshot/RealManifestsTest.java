package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real install manifests in shared/real-manifests, with what a correct doctor says of each
 * (shared/real-manifests/README.md): never anything at error level, and exactly these warnings.
 */
class RealManifestsTest {

  static Path dir() {
    Path p = Path.of("..", "..", "shared", "real-manifests");
    return Files.isDirectory(p) ? p : Path.of("/work/shared/real-manifests");
  }

  static Report doctor(String file) throws Exception {
    return Doctor.run(
        DumpReader.read(List.of(dir().resolve(file).toString()), System.in),
        DoctorOptions.at(Instant.parse("2026-11-23T00:00:00Z")));
  }

  @ParameterizedTest(name = "{0}: no error, warnings {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gatekeeper.yaml                                 | ''",
        "metrics-server-components-v0.8.1.yaml           | INSECURE_SKIP_TLS_VERIFY APIService v1beta1.metrics.k8s.io",
        "ingress-nginx-cloud-deploy.yaml                 | ''",
        "cert-manager-v1.21.0.yaml                       | ''",
        "kyverno-install-latest-testing.filtered.yaml    | ''",
        "external-secrets-crds-bundle.yaml               | CONVERSION_WEBHOOK_PLACEHOLDER CustomResourceDefinition clusterexternalsecrets.external-secrets.io;CONVERSION_WEBHOOK_PLACEHOLDER CustomResourceDefinition clustersecretstores.external-secrets.io;CONVERSION_WEBHOOK_PLACEHOLDER CustomResourceDefinition externalsecrets.external-secrets.io;CONVERSION_WEBHOOK_PLACEHOLDER CustomResourceDefinition secretstores.external-secrets.io",
        "kubebuilder-multiversion-tutorial-install.yaml  | ''",
        "kubebuilder-project-v4-install.yaml             | CERTIFICATE_PLACEHOLDER_NAMES Certificate project-v4-system/project-v4-metrics-certs",
      })
  void aCorrectDoctorRaisesNoFalseAlarm(String file, String warnings) throws Exception {
    Report r = doctor(file);
    assertThat(r.findings()).filteredOn(f -> f.severity().atLeast(Severity.ERROR)).isEmpty();
    List<String> got =
        r.findings().stream()
            .filter(f -> f.severity() == Severity.WARNING)
            .map(RealManifestsTest::line)
            .toList();
    assertThat(got)
        .containsExactlyElementsOf(warnings.isEmpty() ? List.of() : List.of(warnings.split(";")));
  }

  @ParameterizedTest(name = "{0}: says at info that {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gatekeeper.yaml                | SERVING_CERT_UNKNOWN | gatekeeper-webhook-server-cert holds no certificate yet (an empty placeholder, filled at runtime)",
        "ingress-nginx-cloud-deploy.yaml | CABUNDLE_INJECTED_AT_RUNTIME | kube-webhook-certgen Job ingress-nginx/ingress-nginx-admission-patch",
        "ingress-nginx-cloud-deploy.yaml | SERVING_CERT_UNKNOWN | Secret ingress-nginx/ingress-nginx-admission is not in the input (it is created at runtime)",
        "cert-manager-v1.21.0.yaml      | CABUNDLE_INJECTED_AT_RUNTIME | cert-manager cainjector (cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca)",
        "metrics-server-components-v0.8.1.yaml | '' | ''",
        "kubebuilder-multiversion-tutorial-install.yaml | CABUNDLE_INJECTED_AT_RUNTIME | cert-manager.io/inject-ca-from: project-system/project-serving-cert",
      })
  void explainsAtInfoWhatItCannotCheckOffline(String file, String code, String text)
      throws Exception {
    Report r = doctor(file);
    if (code.isEmpty()) {
      assertThat(r.findings()).noneMatch(f -> f.code().name().startsWith("CABUNDLE"));
      return;
    }
    assertThat(r.findings())
        .anySatisfy(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.code().name()).isEqualTo(code);
              assertThat(f.message()).contains(text);
            });
  }

  private static String line(Finding f) {
    return f.code() + " " + f.object().describe();
  }
}
