package io.certmedic.core.explain.cluster;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.explain.Explanation;
import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.ObjectRef;
import java.util.List;

/**
 * One failure group linked to the current state: the object its lines name (null when they name
 * none, or it is missing and the lines do not say which object it would be), the objects on the way
 * ({@code via}: the Service a webhook calls, the callers of a Service), the doctor's findings that
 * explain it (most relevant first; empty unless {@link LinkStatus#EXPLAINED}), when it was seen,
 * and one sentence that says it all:
 *
 * <pre>
 * 15,120 failures in 59 minutes (...): webhook validate.x calls x-svc.ns.svc: the linked serving
 * certificate does not chain to the caller's caBundle (CABUNDLE_UNTRUSTED on
 * ValidatingWebhookConfiguration x)
 * </pre>
 */
public record ClusterLink(
    Explanation explanation,
    LinkStatus status,
    ObjectRef object,
    List<ObjectRef> via,
    List<Finding> findings,
    GroupSpan span,
    String sentence) {

  public ClusterLink {
    requireNonNull(explanation, "explanation == null");
    requireNonNull(status, "status == null");
    via = List.copyOf(via);
    findings = List.copyOf(findings);
    requireNonNull(span, "span == null");
    requireNonNull(sentence, "sentence == null");
  }
}
