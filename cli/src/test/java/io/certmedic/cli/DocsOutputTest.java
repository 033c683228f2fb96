package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.text.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;

/**
 * Examples in docs/ that show real output stay real: a block preceded by {@code <!-- output:
 * ["explain", "-o", "json", "..."] -->} (the arguments as a JSON array, so nothing here parses
 * shell) must start with {@code $ certmedic} and those arguments, quoted as {@link Shell} quotes
 * them, and what follows up to the block's end (or the next {@code $} line) must be exactly what
 * the command prints today.
 */
class DocsOutputTest {

  private static final Path DOCS = Path.of("..", "docs");
  private static final String MARKER = "<!-- output: ";

  /** One marked example: where it is, the arguments, and the output the docs show. */
  record Example(
      Path file, int line, String where, List<String> args, String shown, String prompt) {
    @Override
    public String toString() {
      return where;
    }
  }

  static Stream<Arguments> examples() throws Exception {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(DOCS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          String l = lines.get(i);
          if (!l.startsWith(MARKER)) {
            continue;
          }
          String array = l.substring(MARKER.length(), l.lastIndexOf("-->")).strip();
          List<String> args = Json.MAPPER.readValue(array, new TypeReference<List<String>>() {});
          assertThat(lines.get(i + 1)).as("%s:%d opens a block", f, i + 2).isEqualTo("```");
          String prompt = lines.get(i + 2);
          StringBuilder shown = new StringBuilder();
          for (int j = i + 3; j < lines.size(); j++) {
            String s = lines.get(j);
            if (s.equals("```") || s.startsWith("$ ")) {
              break;
            }
            shown.append(s).append('\n');
          }
          out.add(
              Arguments.of(
                  new Example(
                      f, i, f.getFileName() + ":" + (i + 1), args, shown.toString(), prompt)));
        }
      }
    }
    assertThat(out).as("docs mark their real-output examples").hasSizeGreaterThanOrEqualTo(3);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void theExampleShowsWhatTheCommandPrintsToday(Example e) throws Exception {
    assertThat(e.prompt()).isEqualTo("$ certmedic " + Shell.command(e.args()));
    CliRun r = CliRun.of(e.args().toArray(String[]::new));
    assertThat(r.err()).isEmpty();
    if (Boolean.getBoolean(UPDATE) && !r.out().equals(e.shown())) {
      update(e, r.out());
      return;
    }
    assertThat(r.out())
        .as("%s shows what the command prints (-D%s=true rewrites it)", e.where(), UPDATE)
        .isEqualTo(e.shown());
  }

  /** With {@code -Dcertmedic.updateDocs=true}, the test writes today's output into the docs. */
  private static final String UPDATE = "certmedic.updateDocs";

  private static synchronized void update(Example e, String out) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(e.file()));
    int from = e.line() + 3;
    int to = from;
    while (!lines.get(to).equals("```") && !lines.get(to).startsWith("$ ")) {
      to++;
    }
    lines.subList(from, to).clear();
    lines.addAll(from, List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1));
    Files.write(e.file(), lines);
  }
}
