package io.certmedic.core.explain;

import static io.certmedic.core.explain.Advice.always;
import static io.certmedic.core.explain.Advice.root;
import static io.certmedic.core.explain.Advice.when;

import io.certmedic.core.finding.FindingCode;
import java.util.List;

/**
 * Advice when the certificate may not be used this way (key usage, a weak signature), and when the
 * line names no reason certmedic knows.
 */
final class UsageAdvice {

  private UsageAdvice() {}

  static final Advice KEY_USAGE =
      new Advice(
          Family.KEY_USAGE,
          s ->
              s.what()
                  + ": the certificate's key usage or extended key usage does not allow this use (a serving cert needs"
                  + " extKeyUsage serverAuth, a client cert clientAuth).",
          List.of(
              when(
                  "any certificate used beyond its key usage",
                  always(),
                  List.of(
                      root(
                          "a CA or client cert served as a server cert",
                          "A CA cert or a client cert is being served as a server cert.",
                          FindingCode.PROBE_FAILED),
                      root(
                          "the issuer's profile leaves out server auth",
                          "The issuer's profile leaves out 'server auth' (cert-manager usages, an openssl extfile without extendedKeyUsage=serverAuth).",
                          FindingCode.PROBE_FAILED)),
                  s ->
                      "Reissue with keyUsage digitalSignature (plus keyEncipherment for RSA) and extendedKeyUsage serverAuth (add clientAuth for mutual TLS clients).")));

  static final Advice WEAK_SIGNATURE =
      new Advice(
          Family.WEAK_SIGNATURE,
          s ->
              s.what()
                  + ": a certificate in the chain is signed with SHA-1 or MD5"
                  + (s.f.reason() != null ? " (" + s.f.reason() + ")" : "")
                  + (s.f.authority() != null
                      ? " while checking the CA \"" + s.f.authority() + "\""
                      : "")
                  + "; Go 1.18+ and current JDKs reject such signatures.",
          List.of(
              when(
                  "any weak signature",
                  always(),
                  List.of(
                      root(
                          "an old tool defaulting to SHA-1",
                          "The cert or its CA was made by an old script or tool defaulting to SHA-1.",
                          FindingCode.CERT_WEAK)),
                  s ->
                      "Reissue the cert (and the CA if it is the SHA-1 one) with SHA-256; GODEBUG=x509sha1=1 is only a stopgap and is gone in recent Go.")));

  static final Advice UNKNOWN =
      new Advice(
          Family.UNKNOWN,
          s ->
              s.what()
                  + ": a TLS failure certmedic cannot place precisely from this line (it names no verify reason"
                  + " certmedic knows); look for a more specific line nearby.",
          List.of(
              when(
                  "any failure certmedic cannot place",
                  always(),
                  List.of(
                      root(
                          "probe to see what the server presents",
                          "Run a probe to see what the server presents and why it fails.",
                          FindingCode.PROBE_FAILED)),
                  s ->
                      "Probe the endpoint (certmedic probe, openssl s_client) and run certmedic doctor; look for a more specific line nearby in the log.")));
}
