package io.certmedic.core.rule;

import java.util.Map;

/** The Secret exists: else nothing has been issued yet, or someone deleted it. */
public final class SecretPresent {

  private SecretPresent() {}

  /** {@code data} is the Secret's data, null when the Secret does not exist. */
  public static Verdict issued(Map<String, byte[]> data) {
    return data == null
        ? Verdict.fail(Rule.SECRET_PRESENT, "the Secret does not exist")
        : Verdict.pass(Rule.SECRET_PRESENT);
  }
}
