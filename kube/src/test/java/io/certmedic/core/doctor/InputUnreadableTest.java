package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.INPUT_UNREADABLE;
import static io.certmedic.core.finding.Severity.ERROR;

import io.certmedic.kube.snapshot.Fixture;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputUnreadableTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "says nothing when every document reads",
            () -> Fixture.manifest().configMap("team", "settings", Map.of("level", "debug"))),
        row(
            "reports a document that is not valid YAML, at error, naming where it is, and reads the rest",
            () ->
                Fixture.manifest()
                    .configMap("team", "settings", Map.of("level", "debug"))
                    .yamlText("kind: Service\nmetadata: {name: [unclosed\n"),
            // the fixture starts with "---", which the reader counts as an empty document 1
            want(
                INPUT_UNREADABLE,
                ERROR,
                "Input fixture.yaml: document 2 (line 10)",
                "fixture.yaml: document 2 (line 10) is not valid YAML: while parsing a flow sequence",
                "; everything else was analysed")),
        row(
            "reports an object that does not have its kind's shape on that object",
            () ->
                Fixture.manifest()
                    .yamlText(
                        "apiVersion: v1\nkind: Service\nmetadata: {name: odd, namespace: team}\nspec:\n  ports:\n  - port: 443\n    targetPort: {not: a port}\n"),
            want(
                INPUT_UNREADABLE,
                ERROR,
                "Service team/odd",
                "fixture.yaml: document 1 (line 2) cannot be read as a Service: ",
                "; everything else was analysed")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new InputUnreadable(), c);
  }
}
