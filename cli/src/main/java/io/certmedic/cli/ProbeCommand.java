package io.certmedic.cli;

import io.certmedic.core.pem.CertParseException;
import io.certmedic.core.pem.PemReader;
import io.certmedic.core.verify.ServingVerifier;
import io.certmedic.core.verify.Verified;
import io.certmedic.core.verify.VerifyFailure;
import io.certmedic.core.verify.VerifyResult;
import io.certmedic.core.x509.CertFacts;
import io.certmedic.kube.probe.ProbeException;
import io.certmedic.kube.probe.ProbeResult;
import io.certmedic.kube.probe.TlsProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code certmedic probe}: dial a TLS endpoint and judge its chain as the API server would. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    header = "Verifies a TLS endpoint as the API server would.",
    description = {
      "Dials HOST:PORT over TLS, records the chain the server presents, and verifies it",
      "as the Kubernetes API server does (Go crypto/x509): against the --ca bundle, for",
      "the name it dials (<service>.<namespace>.svc), at --at. Prints the verdict in",
      "Go's words and the chain."
    },
    footer = {
      "",
      "Examples:",
      "  # through a port-forward, judged for the name the API server dials",
      "  kubectl -n policy port-forward svc/policy-gate 8443:443 &",
      "  certmedic probe 127.0.0.1:8443 --ca ca.crt \\",
      "    --server-name policy-gate.policy.svc",
      "",
      "  # will it still verify in 30 days?",
      "  certmedic probe 127.0.0.1:8443 --ca ca.crt \\",
      "    --server-name policy-gate.policy.svc --at 2026-07-01T00:00:00Z",
      "",
      "  # IPv6, JSON for scripts",
      "  certmedic probe [::1]:8443 --ca ca.crt --server-name webhook.ns.svc -o json",
      "",
      "Exit codes: 0 verified, 1 verification failed, 2 usage, unreadable --ca or no",
      "TLS connection."
    })
final class ProbeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "HOST:PORT",
      description = "Where to connect, e.g. 127.0.0.1:8443 or [::1]:8443.")
  String target;

  @Option(
      names = "--ca",
      required = true,
      paramLabel = "FILE",
      description =
          "The trust bundle to verify against (PEM or DER), e.g. the webhook's caBundle decoded.")
  Path caFile;

  @Option(
      names = "--server-name",
      paramLabel = "NAME",
      description = "The name to verify (and send as SNI), e.g. svc.ns.svc. Default: HOST.")
  String serverName;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Judge at this RFC 3339 instant instead of now, e.g. 2026-07-01T00:00:00Z.")
  String at;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Connect and handshake timeout, e.g. 2s or 1m; a bare number is seconds"
              + " (default: ${DEFAULT-VALUE}).")
  String timeout = io.certmedic.core.text.Durations.format(TlsProbe.DEFAULT_TIMEOUT);

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "Output format: " + OutputFormat.NAMES + " (default: ${DEFAULT-VALUE}).")
  String output;

  @Override
  public Integer call() {
    Target t = Target.parse(target);
    OutputFormat format = OutputFormat.parse(output);
    Duration bound = Cli.parseTimeout("--timeout", timeout);
    if (bound.isZero()) {
      throw new UserException("--timeout: give a positive duration, e.g. 5s");
    }
    Instant when = at == null ? Instant.now() : parseTime(at);
    List<X509Certificate> roots = readCa(caFile);
    String name = serverName == null ? t.host() : serverName;

    ProbeResult probed;
    try {
      probed = TlsProbe.probe(t.host(), t.port(), name, bound);
    } catch (ProbeException e) {
      throw new UserException(e.getMessage(), e);
    }
    VerifyResult result = ServingVerifier.verify(probed.presented(), roots, name, when);
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.JSON) {
      out.println(
          JsonMapper.shared()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(json(probed, name, when, result)));
    } else if (format == OutputFormat.YAML) {
      out.print(Renderers.yamlOf(json(probed, name, when, result)));
    } else {
      text(out, probed, name, when, result);
    }
    out.flush();
    return result.ok() ? ExitCode.OK : ExitCode.PROBLEMS;
  }

  /** The verdict in one line: {@code verified: chain of 2 for svc.ns.svc} or Go's error. */
  static String verdict(VerifyResult result, String name) {
    if (result instanceof Verified v) {
      return "verified: chain of " + v.chain().size() + (name.isEmpty() ? "" : " for " + name);
    }
    return ((VerifyFailure) result).message();
  }

  private static void text(
      PrintWriter out, ProbeResult p, String name, Instant when, VerifyResult result) {
    out.println("target:       " + p.target() + " (" + p.protocol() + ", " + p.cipherSuite() + ")");
    out.println("server name:  " + name);
    out.println("judged at:    " + CertView.rfc3339(when));
    out.println((result.ok() ? "verdict:      " : "verdict:      FAILED ") + verdict(result, name));
    if (result instanceof VerifyFailure f
        && f.certificate() != null
        && !f.certificate().equals(p.presented().get(0))) {
      out.println("about:        " + f.certificate().getSubjectX500Principal().getName());
    }
    out.println();
    out.println(
        "presented chain ("
            + p.presented().size()
            + (p.presented().size() == 1 ? " certificate" : " certificates")
            + ", as sent):");
    for (int i = 0; i < p.presented().size(); i++) {
      List<String> lines = CertView.text(CertFacts.of(p.presented().get(i)), when);
      for (int j = 0; j < lines.size(); j++) {
        out.println((j == 0 ? String.format("[%d] ", i) : "    ") + lines.get(j));
      }
    }
    if (result instanceof Verified v && v.chain().size() > 1) {
      X509Certificate anchor = v.chain().get(v.chain().size() - 1);
      out.println();
      out.println("trusted via:  " + anchor.getSubjectX500Principal().getName() + " (from --ca)");
    }
  }

  private static Map<String, Object> json(
      ProbeResult p, String name, Instant when, VerifyResult result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", p.target());
    m.put("serverName", name);
    m.put("at", CertView.rfc3339(when));
    m.put("verified", result.ok());
    VerifyFailure f = result instanceof VerifyFailure failure ? failure : null;
    m.put("reason", f == null ? null : f.reason().name().toLowerCase(Locale.ROOT));
    m.put("error", f == null ? null : f.message());
    m.put("protocol", p.protocol());
    m.put("cipherSuite", p.cipherSuite());
    List<Map<String, Object>> chain = new ArrayList<>();
    for (X509Certificate c : p.presented()) {
      chain.add(CertView.json(CertFacts.of(c), when));
    }
    m.put("chain", chain);
    return m;
  }

  private static Instant parseTime(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new UserException(
          "--at: '" + s + "' is not an RFC 3339 time, e.g. 2026-07-01T00:00:00Z");
    }
  }

  private static List<X509Certificate> readCa(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UserException("--ca " + file + ": no such file");
    } catch (IOException e) {
      throw new UserException("--ca " + file + ": cannot read it: " + e.getMessage(), e);
    }
    try {
      return PemReader.readCertificates(bytes, "--ca " + file);
    } catch (CertParseException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /** HOST:PORT with IPv6 literals in brackets. */
  record Target(String host, int port) {
    static Target parse(String s) {
      String host;
      String port;
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
          throw new UserException("'" + s + "' is not HOST:PORT; write IPv6 as [::1]:8443");
        }
        host = s.substring(1, close);
        port = s.substring(close + 2);
      } else {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || s.indexOf(':') != colon) {
          throw new UserException(
              "'" + s + "' is not HOST:PORT, e.g. 127.0.0.1:8443 or [::1]:8443");
        }
        host = s.substring(0, colon);
        port = s.substring(colon + 1);
      }
      try {
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
          throw new NumberFormatException();
        }
        return new Target(host, p);
      } catch (NumberFormatException e) {
        throw new UserException("'" + s + "': the port must be 1-65535");
      }
    }
  }
}
