package io.certmedic.core.explain;

/**
 * .NET's SslStream and HttpClient: {@code The remote certificate is invalid according to the
 * validation procedure: RemoteCertificateNameMismatch, RemoteCertificateChainErrors}, the chain
 * status words ({@code UntrustedRoot}, {@code PartialChain}, {@code NotTimeValid}) and the alerts
 * the peer sent ({@code the remote party sent a TLS alert: 'BadCertificate'}).
 */
final class DotnetMatcher implements LineMatcher {

  private static final String INVALID = "remote certificate is invalid";
  private static final String PEER_ALERT = "remote party sent a TLS alert: '";

  /** {chain status, family}: what .NET's X509ChainStatusFlags say, in the order tried. */
  private static final String[][] STATUS = {
    {"NotTimeValid", "EXPIRED"},
    {"NotValidForUsage", "KEY_USAGE"},
    {"HasWeakSignature", "WEAK_SIGNATURE"},
    {"UntrustedRoot", "UNKNOWN_AUTHORITY"},
    {"PartialChain", "UNKNOWN_AUTHORITY"},
    {"NotSignatureValid", "UNKNOWN_AUTHORITY"},
    {"RemoteCertificateChainErrors", "UNKNOWN_AUTHORITY"}
  };

  private static final String[][] ALERTS = {
    {"BadCertificate", "bad certificate"},
    {"UnknownCA", "unknown ca"},
    {"CertificateExpired", "certificate expired"},
    {"CertificateUnknown", "certificate unknown"}
  };

  @Override
  public boolean match(Text line, ErrorFacts.Builder b) {
    if (line.contains("RemoteCertificateNameMismatch")) {
      b.stack(Stack.DOTNET).family(Family.HOSTNAME_MISMATCH);
      if (line.contains("RemoteCertificateChainErrors")) {
        b.reason("the chain did not verify either (RemoteCertificateChainErrors)");
      }
      return true;
    }
    boolean dotnet = line.contains(INVALID) || line.contains("RemoteCertificateChainErrors");
    if (dotnet || line.contains("X509ChainStatus")) {
      for (String[] s : STATUS) {
        if (line.contains(s[0])) {
          b.stack(Stack.DOTNET).family(Family.valueOf(s[1])).reason(s[0]);
          return true;
        }
      }
    }
    if (dotnet) {
      b.stack(Stack.DOTNET).family(Family.UNKNOWN);
      return true;
    }
    int at = line.indexOf(PEER_ALERT);
    if (at >= 0) {
      for (String[] a : ALERTS) {
        if (line.startsWith(a[0] + "'", at + PEER_ALERT.length())) {
          b.stack(Stack.DOTNET).family(Family.REMOTE_REJECTED).alert(a[1]);
          return true;
        }
      }
    }
    return false;
  }
}
