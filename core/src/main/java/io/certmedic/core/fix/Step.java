package io.certmedic.core.fix;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.snapshot.CertInfo;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;

/**
 * One change a {@link Plan} makes, on one object. The set is closed: a writer handles every kind,
 * and a renderer shows every kind. Steps hold public facts only, except {@link IssueServingCert},
 * whose new private key goes to the Secret it names and nowhere else ({@code toString} redacts it).
 */
public sealed interface Step {

  /** The object the step changes (or, for a manual action, is about). */
  ObjectRef target();

  Phase phase();

  /** One line: what and why. */
  String summary();

  /**
   * Writes a new serving certificate into {@code secret}: {@code certKey} gets the leaf, {@code
   * keyKey} its new key, {@code caKey} the CA that signed it. {@code ca} says which CA (an existing
   * one whose key is in the cluster, or a new one) and {@code reasons} which findings.
   */
  record IssueServingCert(
      ObjectRef target,
      String certKey,
      String keyKey,
      String caKey,
      CertInfo certificate,
      PrivateKey privateKey,
      CertInfo caCertificate,
      String ca,
      List<String> reasons,
      List<String> notes)
      implements Step {
    public IssueServingCert {
      requireNonNull(target, "target == null");
      requireNonNull(certKey, "certKey == null");
      requireNonNull(keyKey, "keyKey == null");
      requireNonNull(caKey, "caKey == null");
      requireNonNull(certificate, "certificate == null");
      requireNonNull(privateKey, "privateKey == null");
      requireNonNull(caCertificate, "caCertificate == null");
      requireNonNull(ca, "ca == null");
      reasons = List.copyOf(reasons);
      notes = List.copyOf(notes);
    }

    @Override
    public Phase phase() {
      return Phase.CERT;
    }

    @Override
    public String summary() {
      return "reissue the serving certificate in "
          + target.describe()
          + " for ["
          + String.join(", ", certificate.facts().dnsNames())
          + "], signed by "
          + ca
          + " ("
          + String.join("; ", reasons)
          + ")";
    }

    @Override
    public String toString() {
      return "IssueServingCert["
          + target.describe()
          + ", "
          + certificate.facts().subject()
          + ", key redacted]";
    }
  }

  /**
   * Sets the caBundle of one caller: a webhook entry ({@code webhook} names it), a CRD's conversion
   * webhook or an APIService. {@code annotations} are set on the object as well (the CAs to retire
   * later); {@code removeAnnotations} are removed. A {@link Phase#RETIRE} step waits for {@code
   * afterRollouts} to finish before it narrows the bundle.
   */
  record SetCaBundle(
      ObjectRef target,
      String webhook,
      String caller,
      List<CertInfo> bundle,
      Phase phase,
      String reason,
      Map<String, String> annotations,
      List<String> removeAnnotations,
      List<ObjectRef> afterRollouts)
      implements Step {
    public SetCaBundle {
      requireNonNull(target, "target == null");
      requireNonNull(caller, "caller == null");
      bundle = List.copyOf(bundle);
      requireNonNull(phase, "phase == null");
      requireNonNull(reason, "reason == null");
      annotations = Map.copyOf(annotations);
      removeAnnotations = List.copyOf(removeAnnotations);
      afterRollouts = List.copyOf(afterRollouts);
    }

    @Override
    public String summary() {
      return (phase == Phase.RETIRE ? "narrow the caBundle of " : "set the caBundle of ")
          + caller
          + " to "
          + bundle.size()
          + " CA(s): "
          + reason;
    }
  }

  /** Restarts a Deployment, StatefulSet or DaemonSet as {@code kubectl rollout restart} does. */
  record RolloutRestart(ObjectRef target, String reason) implements Step {
    public RolloutRestart {
      requireNonNull(target, "target == null");
      requireNonNull(reason, "reason == null");
    }

    @Override
    public Phase phase() {
      return Phase.RESTART;
    }

    @Override
    public String summary() {
      return "rollout restart " + target.describe() + ": " + reason;
    }
  }

  /** Writes the current bundle into a stale copy of a distributed ConfigMap ({@code key} of it). */
  record PatchBundleCopy(ObjectRef target, String key, List<CertInfo> bundle, String reason)
      implements Step {
    public PatchBundleCopy {
      requireNonNull(target, "target == null");
      requireNonNull(key, "key == null");
      bundle = List.copyOf(bundle);
      requireNonNull(reason, "reason == null");
    }

    @Override
    public Phase phase() {
      return Phase.TRUST;
    }

    @Override
    public String summary() {
      return "write "
          + bundle.size()
          + " CA(s) into "
          + key
          + " of "
          + target.describe()
          + ": "
          + reason;
    }
  }

  /** Deletes an APIService whose Service is gone (only with --allow-delete). */
  record DeleteApiService(ObjectRef target, String reason) implements Step {
    public DeleteApiService {
      requireNonNull(target, "target == null");
      requireNonNull(reason, "reason == null");
    }

    @Override
    public Phase phase() {
      return Phase.DELETE;
    }

    @Override
    public String summary() {
      return "delete " + target.describe() + ": " + reason;
    }
  }

  /**
   * Asks cert-manager to reissue a Certificate now, as {@code cmctl renew} does: sets the
   * Certificate's {@code Issuing} condition to True (reason {@link #REASON}) through its status
   * subresource; cert-manager's issuing controller then makes a new CertificateRequest.
   */
  record RenewCertificate(ObjectRef target, String reason) implements Step {

    /** The condition cert-manager's issuing controller acts on. */
    public static final String CONDITION = "Issuing";

    /** The reason {@code cmctl renew} writes. */
    public static final String REASON = "ManuallyTriggered";

    /** The message {@code cmctl renew} writes. */
    public static final String MESSAGE = "Certificate re-issuance manually triggered";

    public RenewCertificate {
      requireNonNull(target, "target == null");
      requireNonNull(reason, "reason == null");
    }

    @Override
    public Phase phase() {
      return Phase.CERT;
    }

    @Override
    public String summary() {
      return "renew "
          + target.describe()
          + " as cmctl renew does (status condition Issuing=True): "
          + reason;
    }
  }

  /**
   * Something certmedic does not write, and exactly what to do instead: {@code owner} is who keeps
   * the object ("" when nobody: a file on a node, a flag), {@code commands} the commands to run,
   * {@code files} contents to write somewhere (public data only: CA bundles), by file name.
   */
  record ManualAction(
      ObjectRef target, String owner, String what, List<String> commands, Map<String, String> files)
      implements Step {
    public ManualAction {
      requireNonNull(target, "target == null");
      requireNonNull(owner, "owner == null");
      requireNonNull(what, "what == null");
      commands = List.copyOf(commands);
      files = Map.copyOf(files);
    }

    @Override
    public Phase phase() {
      return Phase.MANUAL;
    }

    @Override
    public String summary() {
      return (owner.isEmpty() ? "" : "[" + owner + "] ") + what;
    }
  }
}
