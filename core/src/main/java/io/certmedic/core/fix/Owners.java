package io.certmedic.core.fix;

import io.certmedic.core.link.Injectors;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.ConfigMapRecord;
import io.certmedic.core.snapshot.Meta;
import io.certmedic.core.snapshot.ServiceRecord;
import io.certmedic.core.snapshot.Snapshot;
import java.util.List;
import java.util.Optional;

/**
 * Who else writes an object certmedic would change. An object a controller keeps is never rewritten
 * by fix: the controller would undo it, or the two would fight. Who keeps what: cert-manager
 * (Certificate-backed Secrets, {@code cert-manager.io/inject-*} caBundles, trust-manager bundles),
 * OpenShift's service-ca operator (serving-cert Secrets, inject-cabundle objects) and certmedic's
 * own controller (its annotations).
 */
final class Owners {

  /** Who keeps a Secret: the manager, and the object that tells it to (for the message). */
  record Owner(String manager, String how) {}

  private static final List<String> OPENSHIFT_SERVING =
      List.of(
          "service.beta.openshift.io/serving-cert-secret-name",
          "service.alpha.openshift.io/serving-cert-secret-name");

  private Owners() {}

  static Optional<Owner> ofSecret(Snapshot s, ServingLink link, ServiceRecord service) {
    String ns = link.secretNamespace();
    String name = link.secretName();
    for (CertificateRecord c : s.certificates()) {
      if (c.meta().namespace().equals(ns) && c.secretName().equals(name)) {
        return Optional.of(new Owner("cert-manager", "Certificate " + ns + "/" + c.meta().name()));
      }
    }
    Meta m = link.secret() == null ? null : link.secret().meta();
    if (m != null && m.annotation("cert-manager.io/certificate-name") != null) {
      return Optional.of(
          new Owner(
              "cert-manager",
              "Certificate " + ns + "/" + m.annotation("cert-manager.io/certificate-name")));
    }
    for (String a : OPENSHIFT_SERVING) {
      if (service != null && name.equals(service.meta().annotation(a))) {
        return Optional.of(
            new Owner(
                "OpenShift service-ca operator",
                "annotation " + a + " on Service " + ns + "/" + service.meta().name()));
      }
    }
    if (m != null
        && (m.annotation("service.beta.openshift.io/originating-service-name") != null
            || m.annotation("service.alpha.openshift.io/originating-service-name") != null)) {
      return Optional.of(
          new Owner(
              "OpenShift service-ca operator",
              "annotation originating-service-name on the Secret"));
    }
    if (service != null
            && name.equals(service.meta().annotation("certmedic.io/serving-cert-secret-name"))
        || m != null && m.annotation("certmedic.io/originating-service-uid") != null) {
      return Optional.of(
          new Owner(
              "certmedic controller",
              "annotation certmedic.io/serving-cert-secret-name on Service "
                  + ns
                  + "/"
                  + (service == null ? "?" : service.meta().name())));
    }
    return Optional.empty();
  }

  /** Who injects a caller's caBundle; a one-shot kube-webhook-certgen Job does not count. */
  static Optional<Owner> ofCaBundle(Snapshot s, Caller c) {
    for (Injectors.Injector i : Injectors.of(s, c)) {
      if (!i.annotation().isEmpty()) {
        return Optional.of(
            new Owner(
                i.name(),
                "annotation " + i.annotation() + (i.source().isEmpty() ? "" : ": " + i.source())));
      }
    }
    return Optional.empty();
  }

  static Optional<Owner> ofConfigMap(ConfigMapRecord c) {
    if (c.meta().labels().containsKey("trust.cert-manager.io/bundle")) {
      return Optional.of(
          new Owner(
              "trust-manager", "Bundle " + c.meta().labels().get("trust.cert-manager.io/bundle")));
    }
    if ("true".equals(c.meta().annotation(Injectors.OPENSHIFT))) {
      return Optional.of(
          new Owner("OpenShift service-ca operator", "annotation " + Injectors.OPENSHIFT));
    }
    if (c.meta().labels().containsKey("certmedic.io/trust-bundle")) {
      return Optional.of(new Owner("certmedic controller", "label certmedic.io/trust-bundle"));
    }
    return Optional.empty();
  }
}
