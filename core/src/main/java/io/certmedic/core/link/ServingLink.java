package io.certmedic.core.link;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.SecretRecord;
import java.util.List;

/**
 * A Secret that a caller's Service may serve, how certmedic knows it ({@code via}, one line of
 * evidence per hop), and how sure it is: a volume mounted by the container behind the port, a
 * platform annotation and a cert-manager Certificate are sure; a Secret named in a container's args
 * is a guess the evidence says is one. {@code secret} is empty when it is not in the input.
 */
public record ServingLink(
    String secretNamespace,
    String secretName,
    SecretRecord secret,
    List<String> via,
    Confidence confidence,
    List<ObjectRef> workloads) {

  /** How the link was found. */
  public enum Confidence {
    ANNOTATION,
    CERTIFICATE,
    VOLUME,
    ARGUMENT
  }

  public ServingLink {
    via = List.copyOf(via);
    workloads = List.copyOf(workloads);
  }

  public ObjectRef secretRef() {
    return ObjectRef.of("Secret", secretNamespace, secretName);
  }
}
