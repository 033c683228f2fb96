package io.certmedic.core.verify;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A verified chain, leaf first and the trust anchor last (just the leaf when it is itself trusted).
 */
public record Verified(List<X509Certificate> chain) implements VerifyResult {

  public Verified {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a verified chain has at least the leaf");
    }
  }

  @Override
  public boolean ok() {
    return true;
  }
}
