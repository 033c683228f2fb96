package io.certmedic.core.fix;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.pem.PrivateKeyEntry;
import java.util.Optional;

/**
 * Reads a private key held in the cluster (a CA's {@code ca.key} or {@code tls.key}) when the
 * planner needs one to sign with. Snapshots keep only public facts of keys, so the edge that read
 * the objects (a dump, the API) answers this; a redacted dump's public-key stand-ins answer empty.
 */
@FunctionalInterface
public interface CaKeys {

  /** No key is readable: every reissue is signed by a new CA. */
  CaKeys NONE = (secret, key) -> Optional.empty();

  Optional<PrivateKeyEntry> privateKey(ObjectRef secret, String key);
}
