package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingTest {

  private static final Path EXAMPLES = Path.of("../examples");

  @Test
  void everyTrainingRunIsACommandLineCertmedicAcceptsAndRunsWithoutAnInternalError(
      @TempDir Path dir) {
    Map<String, Integer> codes = CdsTraining.train(EXAMPLES, dir);
    assertThat(codes).hasSizeGreaterThanOrEqualTo(10);
    codes.forEach(
        (run, code) ->
            assertThat(code).as(run).isNotEqualTo(ExitCode.USAGE).isNotEqualTo(ExitCode.INTERNAL));
  }

  @Test
  void inspectAndProbeJudgeTheFreshCertificateIssueWroteAsHealthy(@TempDir Path dir) {
    Map<String, Integer> codes = CdsTraining.train(EXAMPLES, dir);
    codes.forEach(
        (run, code) -> {
          if (run.startsWith("inspect ") || run.startsWith("probe ") || run.startsWith("issue ")) {
            assertThat(code).as(run).isZero();
          }
        });
    assertThat(codes.keySet()).anyMatch(run -> run.startsWith("probe 127.0.0.1:"));
  }

  @Test
  void theTrainingCoversTheCommandsPeopleRunAtThePrompt(@TempDir Path dir) {
    List<String> commands = CdsTraining.runs(EXAMPLES, dir).stream().map(r -> r[0]).toList();
    assertThat(commands).contains("--help", "explain", "issue", "inspect", "doctor");
    assertThat(CdsTraining.runs(EXAMPLES, dir))
        .anySatisfy(r -> assertThat(r).containsExactly("doctor", "-f", EXAMPLES.toString()));
  }
}
