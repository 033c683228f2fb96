package io.certmedic.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a hostile log for {@code explain --log}: every line passes the prefilter and is built to
 * make a backtracking regular-expression engine work hard (a phrase a matcher looks for, then the
 * start of what it captures repeated), {@value #LINE_CHARS} characters long, the size of the window
 * the matchers read ({@code Explainer.MAX_MATCH_CHARS}), so every byte is matched.
 *
 * <p>Usage: {@code HostileLog FILE [MEGABYTES=200]}
 */
public final class HostileLog {

  /** Characters per line: the matchers' window, so no byte of the file escapes them. */
  static final int LINE_CHARS = 4096;

  /** Each a phrase, then the unit repeated to the line's end. */
  static final List<String[]> LINES =
      List.of(
          new String[] {"x509: Hostname/IP does not match certificate's altnames: ", "Host: "},
          new String[] {"ERR_TLS_CERT_ALTNAME_INVALID ", "IP: a is not in the cert's list:"},
          new String[] {"x509: certificate is valid for ", "a, "},
          new String[] {"x509: certificate is valid for ", "a not"},
          new String[] {
            "x509: certificate signed by unknown authority (possibly because of \"",
            "\" while trying to verify candidate authority certificate "
          },
          new String[] {
            "x509: certificate has expired or is not yet valid: ", "current time a is after "
          },
          new String[] {"SSL: hostname 'a' doesn't match ", "either of 'b', "},
          new String[] {"ssl.CertificateError: hostname '", "a' doesn't match '"},
          new String[] {"javax.net.ssl.SSLPeerUnverifiedException: ", "Certificate for <a"},
          new String[] {
            "javax.net.ssl.SSLPeerUnverifiedException: Certificate for <a> doesn't match any of"
                + " the subject alternative names: [",
            "a, "
          },
          new String[] {"x509: unknown authority Post ", "Get \"[https://"},
          new String[] {"x509: handshake error from ", "a.b.c"},
          new String[] {"http: TLS handshake error from ", "1.2.3.4"},
          new String[] {"x509: conversion webhook for ", "a.b/"},
          new String[] {"x509: v1.", "v1.a"},
          new String[] {"x509: ", "v1beta1.a.b failed with"},
          new String[] {"tls: failed ", "\\\""},
          new String[] {"x509: failed to call webhook ", " and "});

  private HostileLog() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: HostileLog FILE [MEGABYTES=200]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    long target = (args.length > 1 ? Long.parseLong(args[1]) : 200) << 20;
    long[] counts;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      counts = write(out, target);
    }
    System.out.printf("wrote %s: %d bytes, %d hostile lines%n", file, counts[0], counts[1]);
  }

  /** Writes at least {@code target} bytes; returns {bytes, lines}. */
  public static long[] write(OutputStream out, long target) throws IOException {
    byte[][] lines = new byte[LINES.size()][];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = (line(LINES.get(i)[0], LINES.get(i)[1]) + "\n").getBytes(StandardCharsets.UTF_8);
    }
    long written = 0;
    long n = 0;
    while (written < target) {
      byte[] b = lines[(int) (n % lines.length)];
      out.write(b);
      written += b.length;
      n++;
    }
    return new long[] {written, n};
  }

  static String line(String head, String unit) {
    StringBuilder s = new StringBuilder(LINE_CHARS).append("E0225 04:24:18.000000 1 x.go:1] ");
    s.append(head);
    while (s.length() + unit.length() <= LINE_CHARS - 1) {
      s.append(unit);
    }
    return s.toString();
  }
}
