package io.certmedic.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.Snapshot;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OrphanedApiServicesTest {

  static final ObjectRef API = ObjectRef.cluster("APIService", "v1.gone.example.com");
  static final String WHY =
      "its Service gone/api does not exist: a leftover of an uninstall or an OLM to Helm move";

  record Case(String sentence, boolean allowDelete, FindingCode code, List<Step> steps) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "deletes an orphaned APIService when deletes are allowed",
            true,
            FindingCode.APISERVICE_ORPHANED,
            List.of(new Step.DeleteApiService(API, WHY))),
        new Case(
            "leaves an orphaned APIService to a person with the command when deletes are not allowed",
            false,
            FindingCode.APISERVICE_ORPHANED,
            List.of(
                new Step.ManualAction(
                    API,
                    "",
                    "delete APIService v1.gone.example.com ("
                        + WHY
                        + "): fix deletes only with --allow-delete",
                    List.of("kubectl delete apiservice v1.gone.example.com"),
                    java.util.Map.of()))),
        new Case(
            "does nothing for an APIService that is unavailable for another reason",
            true,
            FindingCode.APISERVICE_UNAVAILABLE,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    PlanInput in =
        PlanFixtures.input(
            Snapshot.builder().build(),
            FixOptions.defaults().withAllowDelete(c.allowDelete()),
            PlanFixtures.finding(
                c.code(), Severity.CRITICAL, API, ObjectRef.of("Service", "gone", "api")));

    assertThat(new OrphanedApiServices().decide(in, Decisions.NONE).steps())
        .containsExactlyElementsOf(c.steps());
  }

  /**
   * The printed command, pasted into a real shell with a fake kubectl on PATH that records its
   * argv: the hostile name arrives as one argument, and nothing else runs.
   */
  @org.junit.jupiter.api.Test
  void aPastedDeleteCommandPassesAHostileNameAsOneArgumentAndRunsNothingElse(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path marker = dir.resolve("pwned");
    java.nio.file.Path argv = dir.resolve("argv");
    java.nio.file.Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
    java.nio.file.Path kubectl = bin.resolve("kubectl");
    java.nio.file.Files.writeString(
        kubectl, "#!/bin/sh\nprintf '%s\\0' \"$@\" > \"" + argv + "\"\n");
    kubectl.toFile().setExecutable(true);
    for (String hostile :
        List.of(
            "x\"; touch " + marker + "; echo \"",
            "$(touch " + marker + ")",
            "it's a `touch " + marker + "` name",
            "v1 spaced.example.com")) {
      ObjectRef api = ObjectRef.cluster("APIService", hostile);
      PlanInput in =
          PlanFixtures.input(
              Snapshot.builder().build(),
              FixOptions.defaults().withAllowDelete(false),
              PlanFixtures.finding(
                  FindingCode.APISERVICE_ORPHANED,
                  Severity.CRITICAL,
                  api,
                  ObjectRef.of("Service", "gone", "api")));
      Step.ManualAction m =
          (Step.ManualAction) new OrphanedApiServices().decide(in, Decisions.NONE).steps().get(0);
      String command = m.commands().get(0);

      ProcessBuilder p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
      p.environment().put("PATH", bin + ":/usr/bin:/bin");
      Process run = p.start();
      run.getInputStream().readAllBytes();

      assertThat(run.waitFor()).as(command).isZero();
      assertThat(java.nio.file.Files.readString(argv))
          .as(command)
          .isEqualTo("delete\0apiservice\0" + hostile + "\0");
      assertThat(marker).as(command).doesNotExist();
    }
  }
}
