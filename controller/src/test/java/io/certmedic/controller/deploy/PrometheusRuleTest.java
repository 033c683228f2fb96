package io.certmedic.controller.deploy;

import static io.certmedic.controller.deploy.Deploy.one;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.controller.metrics.MetricNames;
import io.certmedic.core.finding.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The alerts query metrics the controller exports, by the label values it writes, and tell what to
 * run.
 */
class PrometheusRuleTest {

  private static final Pattern METRIC = Pattern.compile("\\bcertmedic_[A-Za-z0-9_:]*");
  private static final Pattern SEVERITY =
      Pattern.compile("severity\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
  private static final Pattern RESULT = Pattern.compile("result\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
  private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
  private static final Pattern LABEL_REF = Pattern.compile("\\$labels\\.([A-Za-z_][A-Za-z0-9_]*)");
  private static final Set<String> RESULTS = Set.of("success", "conflict", "error");
  private static final List<String> HISTOGRAM_SERIES = List.of("_bucket", "_sum", "_count");

  /** The alerts asked for, with their severity label. */
  private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

  static {
    REQUIRED.put("CertmedicCertificateExpiringCritical", "critical");
    REQUIRED.put("CertmedicCertificateExpiringWarning", "warning");
    REQUIRED.put("CertmedicErrorFindings", null);
    REQUIRED.put("CertmedicReconcileFailures", null);
    REQUIRED.put("CertmedicCaRotationStuck", null);
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("kustomize monitoring", one(Deploy.kustomizeMonitoring(), "PrometheusRule")),
        Arguments.of(
            "helm with the Prometheus Operator",
            one(
                Deploy.helm(
                    Deploy.RELEASE,
                    Deploy.NAMESPACE,
                    null,
                    List.of(Deploy.ASSUME_PROMETHEUS_OPERATOR)),
                "PrometheusRule")));
  }

  private static Map<String, JsonNode> alerts(JsonNode rule) {
    assertThat(rule.path("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode group : rule.path("spec").path("groups").values()) {
      for (JsonNode r : group.path("rules").values()) {
        assertThat(r.path("alert").asString("")).as("every rule is an alert: " + r).isNotBlank();
        assertThat(out.put(r.path("alert").asString(), r)).as("alert names are unique").isNull();
      }
    }
    return out;
  }

  /**
   * Whether {@code name} is a series the controller exports: a metric name, or a histogram's
   * series.
   */
  static boolean exported(String name) {
    if (MetricNames.ALL.contains(name)) {
      return true;
    }
    return HISTOGRAM_SERIES.stream().anyMatch(s -> name.equals(MetricNames.RECONCILE_DURATION + s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void everyMetricAnExpressionNamesIsExported(String source, JsonNode rule) {
    for (Map.Entry<String, JsonNode> a : alerts(rule).entrySet()) {
      String expr = a.getValue().path("expr").asString();
      List<String> metrics = new ArrayList<>();
      Matcher m = METRIC.matcher(expr);
      while (m.find()) {
        metrics.add(m.group());
      }
      assertThat(metrics).as(a.getKey() + " names a certmedic metric").isNotEmpty();
      assertThat(metrics)
          .as(a.getKey() + ": metrics named in " + expr)
          .allMatch(PrometheusRuleTest::exported);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void labelValuesAreTheOnesTheControllerWrites(String source, JsonNode rule) {
    for (Map.Entry<String, JsonNode> a : alerts(rule).entrySet()) {
      String expr = a.getValue().path("expr").asString();
      Matcher s = SEVERITY.matcher(expr);
      while (s.find()) {
        for (String v : s.group(2).split("\\|")) {
          // certmedic_findings' severity is the label the JSON output uses too (error), never the
          // enum name
          assertThat(Stream.of(Severity.values()).map(Severity::label))
              .as(a.getKey() + ": severity " + v)
              .contains(v);
        }
      }
      Matcher r = RESULT.matcher(expr);
      while (r.find()) {
        assertThat(RESULTS)
            .as(a.getKey() + ": result " + r.group(2))
            .contains(r.group(2).split("\\|"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void theAlertsAskedForAreThere(String source, JsonNode rule) {
    Map<String, JsonNode> alerts = alerts(rule);
    assertThat(alerts).containsKeys(REQUIRED.keySet().toArray(String[]::new));
    REQUIRED.forEach(
        (name, severity) -> {
          if (severity != null) {
            assertThat(alerts.get(name).path("labels").path("severity").asString())
                .as(name)
                .isEqualTo(severity);
          }
        });
    assertThat(expr(alerts, "CertmedicCertificateExpiringCritical"))
        .contains(MetricNames.CERTIFICATE_NOT_AFTER)
        .contains("time()")
        .contains("< 14 * 86400");
    assertThat(expr(alerts, "CertmedicCertificateExpiringWarning"))
        .contains(MetricNames.CERTIFICATE_NOT_AFTER)
        .contains("< 28 * 86400")
        .contains(">= 14 * 86400");
    assertThat(expr(alerts, "CertmedicErrorFindings"))
        .contains(MetricNames.FINDINGS + "{severity=\"" + Severity.ERROR.label() + "\"}")
        .endsWith("> 0");
    assertThat(expr(alerts, "CertmedicReconcileFailures"))
        .contains("rate(" + MetricNames.RECONCILE_TOTAL + "{result=\"error\"}")
        .endsWith("> 0");
    assertThat(alerts.get("CertmedicReconcileFailures").path("for").asString()).isEqualTo("15m");
    assertThat(expr(alerts, "CertmedicCaRotationStuck"))
        .contains(MetricNames.CA_ROTATION_PHASE)
        .endsWith("!= 0");
    assertThat(alerts.get("CertmedicCaRotationStuck").path("for").asString()).isEqualTo("1d");
  }

  private static String expr(Map<String, JsonNode> alerts, String name) {
    return alerts.get(name).path("expr").asString().strip();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void everyAlertSaysWhatHappenedAndWhatToRun(String source, JsonNode rule) {
    for (Map.Entry<String, JsonNode> a : alerts(rule).entrySet()) {
      JsonNode alert = a.getValue();
      assertThat(alert.path("labels").path("severity").asString())
          .as(a.getKey())
          .isIn("critical", "warning");
      assertThat(alert.path("for").asString("")).as(a.getKey() + " for").isNotBlank();
      JsonNode ann = alert.path("annotations");
      assertThat(ann.path("summary").asString("")).as(a.getKey() + " summary").isNotBlank();
      assertThat(ann.path("description").asString("")).as(a.getKey() + " description").isNotBlank();
      assertThat(ann.path("runbook").asString(""))
          .as(a.getKey() + " runbook")
          .containsAnyOf("certmedic doctor", "certmedic explain");
    }
  }

  /** A {@code {{ $labels.x }}} in an annotation needs x to survive the expression's aggregation. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void annotationsUseOnlyLabelsTheExpressionKeeps(String source, JsonNode rule) {
    for (Map.Entry<String, JsonNode> a : alerts(rule).entrySet()) {
      String expr = a.getValue().path("expr").asString();
      Set<String> kept = new TreeSet<>();
      Matcher by = BY.matcher(expr);
      while (by.find()) {
        for (String l : by.group(1).split(",")) {
          kept.add(l.strip());
        }
      }
      a.getValue()
          .path("annotations")
          .forEachEntry(
              (k, v) -> {
                Matcher ref = LABEL_REF.matcher(v.asString());
                while (ref.find()) {
                  assertThat(kept)
                      .as(a.getKey() + " " + k + " uses $labels." + ref.group(1))
                      .contains(ref.group(1));
                }
              });
    }
  }
}
