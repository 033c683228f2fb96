package io.certmedic.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Small parsing helpers shared by the commands; each failure is a one-line UserException. */
final class Cli {

  private Cli() {}

  /** Parses an RFC 3339 instant ({@code 2026-12-24T00:00:00Z} or with an offset). */
  static Instant parseInstant(String flag, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new UserException(flag + ": '" + value + "' is not an RFC 3339 time; use e.g. 2026-12-24T00:00:00Z");
    }
  }
}
