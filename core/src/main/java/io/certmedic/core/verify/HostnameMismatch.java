package io.certmedic.core.verify;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The leaf does not carry {@code host}. {@code validFor} is what Go lists: the IP SANs (as Go
 * prints them) when {@code host} is an IP literal, else the DNS SANs.
 */
public record HostnameMismatch(X509Certificate certificate, String host, List<String> validFor)
    implements VerifyFailure {

  public HostnameMismatch {
    requireNonNull(certificate, "certificate == null");
    requireNonNull(host, "host == null");
    validFor = List.copyOf(validFor);
  }

  @Override
  public Reason reason() {
    return Reason.HOSTNAME_MISMATCH;
  }

  @Override
  public String message() {
    if (IpLiteral.parse(host) != null && validFor.isEmpty()) {
      return "x509: cannot validate certificate for "
          + host
          + " because it doesn't contain any IP SANs";
    }
    String valid = String.join(", ", validFor);
    if (valid.isEmpty()) {
      return "x509: certificate is not valid for any names, but wanted to match " + host;
    }
    return "x509: certificate is valid for " + valid + ", not " + host;
  }
}
