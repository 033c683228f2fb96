package io.certmedic.core.pem;

import static java.util.Objects.requireNonNull;

/**
 * Input that should hold certificates or keys and does not. The message names the source and says
 * what is wrong there, in one line, so the CLI can print it as is.
 */
public final class CertParseException extends Exception {

  /** What went wrong, as a closed set that callers (and the doctor's findings) can switch on. */
  public enum Problem {
    EMPTY("holds no data"),
    TOO_LARGE("is too large"),
    TOO_MANY_BLOCKS("holds too many PEM blocks"),
    TRUNCATED("has a PEM block with no END line"),
    BAD_ARMOR("has a malformed PEM block"),
    BAD_BASE64("has a PEM block whose body is not valid base64"),
    BAD_CERTIFICATE("has a certificate that does not parse"),
    BAD_KEY("has a private key that does not parse"),
    NOT_PEM_OR_DER("is neither PEM nor DER"),
    NO_CERTIFICATE("holds no certificate"),
    BAD_PKCS12("is a PKCS#12 keystore that does not open");

    private final String phrase;

    Problem(String phrase) {
      this.phrase = phrase;
    }

    public String phrase() {
      return phrase;
    }
  }

  private final Problem problem;
  private final String source;

  CertParseException(Problem problem, String source, String detail) {
    super(
        source
            + " "
            + problem.phrase()
            + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    this.problem = requireNonNull(problem, "problem == null");
    this.source = requireNonNull(source, "source == null");
  }

  public static CertParseException of(Problem problem, String source, String detail) {
    return new CertParseException(problem, source, detail);
  }

  public Problem problem() {
    return problem;
  }

  public String source() {
    return source;
  }
}
