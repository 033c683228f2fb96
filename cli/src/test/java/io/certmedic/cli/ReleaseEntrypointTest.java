package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image recipe without a container engine: the files the Dockerfile copies exist after {@code
 * -Prelease}, and the archive's launcher, unpacked where the Dockerfile puts it, runs the image's
 * ENTRYPOINT and CMD (the controller) against the mock API server with no Java on the PATH, until
 * /readyz answers.
 *
 * <p>Runs when the release archive exists ({@code mvn -B -ntp package -DskipTests -Prelease}, as
 * {@code .ci/run} does first), or when {@code -Dcertmedic.release.archive=PATH} names one; skipped
 * otherwise, saying so.
 */
@EnableKubernetesMockClient(crud = true)
class ReleaseEntrypointTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern HEALTH_PORT = Pattern.compile("\\bstarting\\b.*\\bhealth=(\\d+)");

  /** The tools the launcher uses, linked into an otherwise empty PATH (no java, javac or mvn). */
  private static final List<String> TOOLS =
      List.of("bash", "dirname", "readlink", "mkdir", "mv", "rm", "sha256sum");

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path dir;

  /** The Dockerfile's instructions, keyed by name (the last of each), ARGs resolved. */
  record Dockerfile(Map<String, String> args, Map<String, String> instructions) {

    static Dockerfile read(Path file) throws IOException {
      Map<String, String> args = new LinkedHashMap<>();
      Map<String, String> ins = new LinkedHashMap<>();
      StringBuilder line = new StringBuilder();
      for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
          continue;
        }
        if (raw.endsWith("\\")) {
          line.append(raw, 0, raw.length() - 1).append(' ');
          continue;
        }
        line.append(raw);
        String[] p = line.toString().strip().split("\\s+", 2);
        line.setLength(0);
        String value = p.length > 1 ? p[1] : "";
        if (p[0].equals("ARG")) {
          String[] kv = value.split("=", 2);
          args.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        ins.put(p[0], value);
      }
      return new Dockerfile(args, ins);
    }

    String resolved(String instruction) {
      String v = instructions.getOrDefault(instruction, "");
      for (Map.Entry<String, String> a : args.entrySet()) {
        v = v.replace("${" + a.getKey() + "}", a.getValue());
      }
      return v;
    }

    List<String> exec(String instruction) {
      return List.of(JsonMapper.builder().build().readValue(resolved(instruction), String[].class));
    }
  }

  private static Path archive() {
    String given = System.getProperty("certmedic.release.archive");
    if (given != null && !given.isBlank()) {
      return Path.of(given).toAbsolutePath();
    }
    try {
      Dockerfile d = Dockerfile.read(REPO.resolve("Dockerfile"));
      return REPO.resolve(d.resolved("ADD").split("\\s+")[0]);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theDockerfileCopiesTheReleaseArchiveTheBuildWrites() throws Exception {
    Dockerfile d = Dockerfile.read(REPO.resolve("Dockerfile"));
    String[] add = d.resolved("ADD").split("\\s+");
    assertThat(add).hasSize(2);
    assertThat(add[0]).startsWith("dist/certmedic-").endsWith("-linux-amd64.tar.gz");
    assertThat(d.instructions()).containsKeys("FROM", "USER", "ENTRYPOINT", "CMD");
    assertThat(d.instructions()).doesNotContainKey("HEALTHCHECK");
    assertThat(d.resolved("USER")).matches("\\d+:\\d+").doesNotStartWith("0:");
    assertThat(d.resolved("FROM")).matches("[a-z0-9./-]+:[0-9][0-9.]*-slim(@sha256:[0-9a-f]{64})?");
    assertThat(d.exec("CMD")).containsExactly("controller");

    Path archive = REPO.resolve(add[0]);
    assumeTrue(
        Files.isRegularFile(archive),
        archive + " is not built (mvn -B -ntp package -DskipTests -Prelease)");
    assertThat(archive).isEqualTo(archive().normalize());
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theArchivesLauncherRunsTheImagesEntrypointAgainstTheApiServer() throws Exception {
    Path archive = archive();
    assumeTrue(
        Files.isRegularFile(archive),
        archive + " is not built (mvn -B -ntp package -DskipTests -Prelease)");
    Dockerfile d = Dockerfile.read(REPO.resolve("Dockerfile"));

    // Given: the archive unpacked where the Dockerfile ADDs it, with the Dockerfile's symlink
    String[] add = d.resolved("ADD").split("\\s+");
    Path root = dir.resolve("root");
    Path dest = root.resolve(add[1].replaceFirst("^/", ""));
    Files.createDirectories(dest);
    run(List.of("tar", "-xzf", archive.toString(), "-C", dest.toString()));
    String version = d.args().get("VERSION");
    Files.createSymbolicLink(dest.resolve("certmedic"), Path.of("certmedic-" + version));

    Path tools = Files.createDirectories(dir.resolve("tools"));
    for (String t : TOOLS) {
      Files.createSymbolicLink(tools.resolve(t), Path.of(which(t)));
    }
    Path kubeconfig =
        LiveCommandsTest.kubeconfig(dir, client.getConfiguration().getMasterUrl()).toAbsolutePath();

    // When: ENTRYPOINT + CMD run as in the pod, with the flags a test needs (free local ports)
    List<String> command = new ArrayList<>();
    List<String> entrypoint = d.exec("ENTRYPOINT");
    assertThat(entrypoint.get(0)).startsWith("/");
    command.add(root + entrypoint.get(0));
    command.addAll(entrypoint.subList(1, entrypoint.size()));
    command.addAll(d.exec("CMD"));
    command.addAll(
        List.of(
            "--kubeconfig=" + kubeconfig,
            "--no-leader-elect",
            "--metrics-port=0",
            "--health-port=0",
            "--metrics-bind-address=127.0.0.1",
            "--health-bind-address=127.0.0.1"));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", tools.toString());
    pb.environment().put("HOME", dir.resolve("home").toString());
    pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    pb.environment().put("POD_NAMESPACE", "certmedic");
    pb.environment().put("POD_NAME", "certmedic-0");
    Path log = dir.resolve("controller.log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      // Then: the controller serves /readyz 200 once its caches synced from the mock server
      int port = awaitHealthPort(p, log);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ready = null;
      Instant deadline = Instant.now().plusSeconds(60);
      while (Instant.now().isBefore(deadline)) {
        ready =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(ready).isNotNull();
      assertThat(ready.statusCode()).as(Files.readString(log)).isEqualTo(200);
      // and the JVM is the archive's own runtime, not a java found on a PATH
      Path ownJava = dest.resolve("certmedic-" + version).resolve("runtime/bin/java").toRealPath();
      assertThat(p.info().command()).isPresent();
      assertThat(Path.of(p.info().command().get()).toRealPath()).isEqualTo(ownJava);
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertThat(Files.readString(log)).doesNotContain("Exception in thread");
  }

  private static int awaitHealthPort(Process p, Path log) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      Matcher m = HEALTH_PORT.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!p.isAlive()) {
        throw new AssertionError(
            "the controller exited " + p.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the controller did not start in 90 s:\n" + Files.readString(log));
  }

  private static String which(String tool) {
    for (String d : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(tool + " is not in /usr/bin or /bin");
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
