package io.certmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.doctor.Report;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.finding.Severity;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * {@code -o junit}: valid against the JUnit schema, one testcase per finding and per quiet code.
 */
class JunitRendererTest {

  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  private static Finding finding(FindingCode code, Severity s, String name, String message) {
    return new Finding(
        code,
        s,
        ObjectRef.of("Secret", "demo", name),
        List.of(),
        message,
        List.of("evidence of " + name),
        "certmedic fix");
  }

  private static final List<Finding> FINDINGS =
      List.of(
          finding(FindingCode.SAN_MISMATCH, Severity.CRITICAL, "a", "served <the wrong> name"),
          finding(FindingCode.CERT_EXPIRED, Severity.ERROR, "b", "expired & gone \u0007"),
          finding(FindingCode.CERT_EXPIRING_SOON, Severity.WARNING, "c", "expires soon"));

  private static String render(DoctorResult.FailOn failOn) {
    return JunitRenderer.render(
        DoctorResult.of(new Report(FINDINGS, 3, Map.of()), AT, failOn), "certmedic doctor");
  }

  private static void validate(String xml) throws Exception {
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(
            new StreamSource(JunitRendererTest.class.getResourceAsStream("/junit/junit.xsd")))
        .newValidator()
        .validate(new StreamSource(new StringReader(xml)));
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)));
  }

  @Test
  void findingsAtOrAboveFailOnFailAndTheRestPassWithTheFindingAsOutput() throws Exception {
    String xml = render(DoctorResult.FailOn.ERROR);
    validate(xml);
    Document d = parse(xml);
    XPath x = XPathFactory.newInstance().newXPath();
    int quiet = FindingCode.values().length - 3;
    assertThat(x.evaluate("/testsuites/testsuite/@tests", d)).isEqualTo(String.valueOf(3 + quiet));
    assertThat(x.evaluate("/testsuites/testsuite/@failures", d)).isEqualTo("2");
    assertThat(
            ((Number) x.evaluate("count(//testcase/failure)", d, XPathConstants.NUMBER)).intValue())
        .isEqualTo(2);
    assertThat(x.evaluate("//testcase[@classname='certmedic.SAN_MISMATCH']/failure/@message", d))
        .isEqualTo("served <the wrong> name");
    assertThat(x.evaluate("//testcase[@classname='certmedic.CERT_EXPIRED']/failure/@message", d))
        .as("a control character XML cannot carry is replaced")
        .isEqualTo("expired & gone \uFFFD");
    assertThat(x.evaluate("//testcase[@classname='certmedic.CERT_EXPIRING_SOON']/system-out", d))
        .contains("expires soon", "evidence: evidence of c", "fix: certmedic fix");
    assertThat(
            ((Number)
                    x.evaluate(
                        "count(//testcase[starts-with(@name, 'no ')][not(*)])",
                        d,
                        XPathConstants.NUMBER))
                .intValue())
        .as("one passing testcase per code that found nothing")
        .isEqualTo(quiet);
    assertThat(x.evaluate("//testcase[@classname='certmedic.CABUNDLE_MISSING']/@name", d))
        .isEqualTo("no CABUNDLE_MISSING: " + FindingCode.CABUNDLE_MISSING.summary());
    assertThat(x.evaluate("//property[@name='failOn']/@value", d)).isEqualTo("error");
  }

  @Test
  void failOnNeverFailsNothingAndWarningFailsAllThree() throws Exception {
    Document never = parse(render(DoctorResult.FailOn.NEVER));
    Document warning = parse(render(DoctorResult.FailOn.WARNING));
    XPath x = XPathFactory.newInstance().newXPath();
    assertThat(x.evaluate("count(//failure)", never)).isEqualTo("0");
    assertThat(x.evaluate("count(//failure)", warning)).isEqualTo("3");
  }

  @Test
  void theCommandWritesValidJunitForTheExamples() throws Exception {
    CliRun r =
        CliRun.of("doctor", "-f", "../examples", "--at", "2026-12-04T00:00:00Z", "-o", "junit");
    assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS);
    validate(r.out());
    assertThat(XPathFactory.newInstance().newXPath().evaluate("count(//failure)", parse(r.out())))
        .isNotEqualTo("0");
  }
}
