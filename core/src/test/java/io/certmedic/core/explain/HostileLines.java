package io.certmedic.core.explain;

import java.util.List;

/**
 * Lines built to make a backtracking regular-expression engine work in quadratic or worse time: a
 * phrase every matcher looks for, then the start of what it captures repeated to the line cap.
 */
final class HostileLines {

  private HostileLines() {}

  static String repeat(String head, String unit, int chars) {
    StringBuilder s = new StringBuilder(chars + unit.length()).append(head);
    while (s.length() < chars) {
      s.append(unit);
    }
    return s.toString();
  }

  /** One line per matcher phrase, each {@code chars} long. */
  static List<String> all(int chars) {
    return List.of(
        repeat("x509: Hostname/IP does not match certificate's altnames: ", "Host: ", chars),
        repeat("ERR_TLS_CERT_ALTNAME_INVALID ", "IP: a is not in the cert's list:", chars),
        repeat("x509: certificate is valid for ", "a, ", chars),
        repeat("x509: certificate is valid for ", "a not", chars),
        repeat(
            "x509: certificate signed by unknown authority (possibly because of \"",
            "\" while trying to verify candidate authority certificate ",
            chars),
        repeat(
            "x509: certificate has expired or is not yet valid: ",
            "current time a is after ",
            chars),
        repeat("SSL: hostname 'a' doesn't match ", "either of 'b', ", chars),
        repeat("javax.net.ssl.SSLPeerUnverifiedException: ", "Certificate for <a", chars),
        repeat("x509: unknown authority Post ", "Get \"[https://", chars),
        repeat("x509: handshake error from ", "a.b.c", chars),
        repeat("x509: conversion webhook for ", "a.b/", chars),
        repeat("x509: v1.", "v1.a", chars),
        repeat("tls: failed ", "\\\"", chars),
        repeat("x509: failed to call webhook ", " and ", chars));
  }
}
