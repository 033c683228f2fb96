package io.certmedic.controller.rotation;

import java.util.Map;

/**
 * How a {@link CaState} is kept in the CA Secret's data and annotations, so any replica (after
 * a failover, a restart) continues a rotation exactly where it stood.
 */
public final class CaSecret {

  /** The Secret's content: data keys to bytes, and annotations. */
  public record Content(Map<String, byte[]> data, Map<String, String> annotations) {}

  private CaSecret() {}

  public static Content encode(CaState state) {
    throw new UnsupportedOperationException("filled in by the rotation work");
  }

  /** @throws IllegalArgumentException naming the key that is missing or does not parse */
  public static CaState decode(Content content) {
    throw new UnsupportedOperationException("filled in by the rotation work");
  }
}
