package io.certmedic.core.verify;

/** The verdict of {@link ServingVerifier#verify}: {@link Verified} or one {@link VerifyFailure}. */
public sealed interface VerifyResult permits Verified, VerifyFailure {

  /** True when a chain to the trust bundle was found and the name and usage match. */
  boolean ok();
}
