package io.certmedic.kube.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Doctor;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.kube.manifest.ManifestReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A generator's declared names checked against what the API server dials, on real install
 * manifests: the Service (and its callers) renamed, the generator's names kept, as an upgrade of a
 * chart that renames its Service does.
 */
class GeneratedCertNamesTest {

  @ParameterizedTest(
      name =
          "{0}: renaming {1} without its generator's names is a critical SAN_MISMATCH naming {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ingress-nginx-cloud-deploy.yaml | ingress-nginx-controller-admission | --host= | Job ingress-nginx/ingress-nginx-admission-create",
        "cert-manager-v1.21.0.yaml       | cert-manager-webhook                | --dynamic-serving-dns-names= | Deployment cert-manager/cert-manager-webhook",
      })
  void aRenamedServiceIsCaughtBeforeTheCertificateExists(
      String file, String service, String generatorFlag, String generator) throws Exception {
    String original = Files.readString(RealManifestsTest.dir().resolve(file));
    StringBuilder renamed = new StringBuilder();
    for (String line : original.split("\n", -1)) {
      boolean generatorLine = line.contains(generatorFlag);
      boolean selectorOrDeployment =
          line.contains("app.kubernetes.io/name: " + service) || line.contains("app: " + service);
      renamed
          .append(
              generatorLine || selectorOrDeployment
                  ? line
                  : line.replace("name: " + service + "\n", "name: " + service + "-v2\n")
                      .replaceAll(
                          "^(\\s*)name: " + java.util.regex.Pattern.quote(service) + "$",
                          "$1name: " + service + "-v2"))
          .append('\n');
    }
    var findings =
        Doctor.run(
                read(renamed.toString()), DoctorOptions.at(Instant.parse("2026-11-23T00:00:00Z")))
            .findings();
    assertThat(findings)
        .filteredOn(f -> f.severity().atLeast(Severity.ERROR))
        .isNotEmpty()
        .allSatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.SAN_MISMATCH);
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.message())
                  .contains(
                      "dials " + service + "-v2.", "x509: certificate is valid for ", generator);
            });
  }

  @ParameterizedTest(
      name = "{0} as published: the generator's names carry what the API server dials")
  @CsvSource({"ingress-nginx-cloud-deploy.yaml", "cert-manager-v1.21.0.yaml"})
  void theUntouchedManifestIsQuiet(String file) throws Exception {
    var findings =
        Doctor.run(
                read(Files.readString(RealManifestsTest.dir().resolve(file))),
                DoctorOptions.at(Instant.parse("2026-11-23T00:00:00Z")))
            .findings();
    assertThat(findings).noneMatch(f -> f.code() == FindingCode.SAN_MISMATCH);
  }

  private static Snapshot read(String yaml) throws Exception {
    SnapshotBuilder b = Snapshot.builder();
    SnapshotReader r = new SnapshotReader(b, null);
    ManifestReader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "in.yaml", r);
    r.finish();
    return b.build();
  }
}
