package io.certmedic.cli;

import io.certmedic.core.doctor.Analysis;
import io.certmedic.core.doctor.DoctorOptions;
import io.certmedic.core.link.CallerLink;
import io.certmedic.core.link.ServingSecret;
import io.certmedic.core.snapshot.CertInfo;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.Verified;
import io.certmedic.kube.live.LiveReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Seeds a fabric8 mock server (CRUD mode) with a dump, and judges its callers as the API server
 * would.
 */
final class MockCluster {

  private static final java.util.regex.Pattern SKIPPED =
      java.util.regex.Pattern.compile("(?m)^kind:\\s*\"?(Config|Certificate)\"?\\s*$");

  private MockCluster() {}

  /**
   * Creates every object of a multi-document dump; kubeconfigs (node files) and server-owned
   * metadata are left out.
   */
  static void seed(KubernetesClient client, String yaml) {
    StringBuilder objects = new StringBuilder();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.isBlank() || SKIPPED.matcher(doc).find()) {
        continue; // node files, and kinds the mock serves no handler for (cert-manager's CRDs)
      }
      String cleaned = doc.replaceAll("(?m)^  (resourceVersion|uid|creationTimestamp): .*\\n", "");
      objects.append("---\n").append(cleaned.strip()).append('\n');
    }
    for (HasMetadata o :
        client
            .load(new ByteArrayInputStream(objects.toString().getBytes(StandardCharsets.UTF_8)))
            .items()) {
      client.resource(o).create();
    }
  }

  static Snapshot read(KubernetesClient client) throws Exception {
    return LiveReader.read(client, null);
  }

  /**
   * The callers that work: the certificate in the Secret they are served verifies against their
   * caBundle, for the name the API server dials, at {@code at}.
   */
  static Set<String> working(Snapshot s, Instant at) {
    Set<String> ok = new LinkedHashSet<>();
    for (CallerLink l : new Analysis(s, DoctorOptions.at(at)).links()) {
      if (l.primary().isEmpty()) {
        continue;
      }
      List<java.security.cert.X509Certificate> chain =
          ServingSecret.of(l.primary().get().secret()).orElseThrow().chain().stream()
              .map(CertInfo::certificate)
              .toList();
      List<java.security.cert.X509Certificate> roots =
          l.caller().client().caBundle().certs().stream().map(CertInfo::certificate).toList();
      if (!roots.isEmpty()
          && ServingVerifier.verify(chain, roots, l.caller().client().service().dnsName(), at)
              instanceof Verified) {
        ok.add(l.caller().describe());
      }
    }
    return ok;
  }

  /** A kubeconfig for the mock server, for running the CLI against it. */
  static Path kubeconfig(KubernetesClient client, Path dir) throws Exception {
    String server = client.getConfiguration().getMasterUrl().replaceAll("/$", "");
    return Files.writeString(
        dir.resolve("kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        contexts:
        - name: mock
          context: {cluster: mock, user: mock, namespace: default}
        current-context: mock
        users:
        - name: mock
          user: {token: test}
        """
            .formatted(server));
  }
}
