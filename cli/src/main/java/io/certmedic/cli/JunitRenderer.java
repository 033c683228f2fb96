package io.certmedic.cli;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML (the Surefire/Jenkins shape CI systems read): one {@code testsuite} whose testcases are
 * one per finding, failing when it is at or above {@code --fail-on} (the message, evidence and fix
 * in the failure) and otherwise passing with the finding as {@code system-out}, then one passing
 * testcase per finding code that found nothing. {@code classname} is {@code certmedic.CODE}, so CI
 * groups by code. Written with the JDK's StAX writer, which escapes.
 */
final class JunitRenderer {

  private JunitRenderer() {}

  /** {@code suite} names the run: {@code certmedic doctor} or {@code certmedic preflight}. */
  static String render(DoctorResult r, String suite) {
    List<Finding> findings = r.report().findings();
    Set<FindingCode> found = EnumSet.noneOf(FindingCode.class);
    findings.forEach(f -> found.add(f.code()));
    long failures = findings.stream().filter(f -> failing(r, f)).count();
    int tests = findings.size() + FindingCode.values().length - found.size();
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", suite);
      x.writeAttribute("tests", String.valueOf(tests));
      x.writeAttribute("failures", String.valueOf(failures));
      x.writeAttribute("errors", "0");
      x.writeCharacters("\n  ");
      x.writeStartElement("testsuite");
      x.writeAttribute("name", suite);
      x.writeAttribute("tests", String.valueOf(tests));
      x.writeAttribute("failures", String.valueOf(failures));
      x.writeAttribute("errors", "0");
      x.writeAttribute("skipped", "0");
      x.writeAttribute("time", "0");
      x.writeCharacters("\n    ");
      x.writeStartElement("properties");
      property(x, "at", CertView.rfc3339(r.at()));
      property(x, "failOn", r.failOn().label());
      property(x, "objects", String.valueOf(r.report().objects()));
      property(x, "exitCode", String.valueOf(r.exitCode()));
      x.writeCharacters("\n    ");
      x.writeEndElement();
      for (Finding f : findings) {
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", "certmedic." + f.code().name());
        x.writeAttribute("name", clean(f.severity().label() + ": " + f.object().describe()));
        x.writeAttribute("time", "0");
        if (failing(r, f)) {
          x.writeStartElement("failure");
          x.writeAttribute("message", clean(f.message()));
          x.writeAttribute("type", f.code().name());
          x.writeCharacters(clean(details(f)));
          x.writeEndElement();
        } else {
          x.writeStartElement("system-out");
          x.writeCharacters(clean(details(f)));
          x.writeEndElement();
        }
        x.writeEndElement();
      }
      for (FindingCode c : FindingCode.values()) {
        if (found.contains(c)) {
          continue;
        }
        x.writeCharacters("\n    ");
        x.writeEmptyElement("testcase");
        x.writeAttribute("classname", "certmedic." + c.name());
        x.writeAttribute("name", "no " + c.name() + ": " + c.summary());
        x.writeAttribute("time", "0");
      }
      x.writeCharacters("\n  ");
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing JUnit XML to a string failed: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /** True when {@code f} is at or above {@code --fail-on}. */
  static boolean failing(DoctorResult r, Finding f) {
    return r.failOn().threshold().map(t -> f.severity().compareTo(t) <= 0).orElse(false);
  }

  /** Severity, message, related objects, evidence and fix, one per line. */
  static String details(Finding f) {
    StringBuilder b = new StringBuilder();
    b.append(f.code().name())
        .append(' ')
        .append(f.severity().label())
        .append(": ")
        .append(f.object().describe())
        .append('\n')
        .append(f.message())
        .append('\n');
    for (var o : f.related()) {
      b.append("related: ").append(o.describe()).append('\n');
    }
    for (String e : f.evidence()) {
      b.append("evidence: ").append(e).append('\n');
    }
    if (!f.fix().isEmpty()) {
      b.append("fix: ").append(f.fix()).append('\n');
    }
    b.append("docs: ").append(FindingHelp.uri(f.code())).append('\n');
    return b.toString();
  }

  private static void property(XMLStreamWriter x, String name, String value)
      throws XMLStreamException {
    x.writeCharacters("\n      ");
    x.writeEmptyElement("property");
    x.writeAttribute("name", name);
    x.writeAttribute("value", value);
  }

  /** XML 1.0 cannot carry most control characters, even escaped: they become U+FFFD. */
  static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c ->
                b.appendCodePoint(
                    c == 0x9
                            || c == 0xA
                            || c == 0xD
                            || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000
                        ? c
                        : 0xFFFD));
    return b.toString();
  }
}
