package io.certmedic.kube.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.kube.manifest.Document;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

class OverlayTest {

  private static final ObjectMapper YAML = new YAMLMapper();

  private static Document doc(String yaml) {
    return new Document(YAML.readTree(yaml), "test");
  }

  private static final String RELEASE_META = "  labels: {app.kubernetes.io/instance: rel}\n";

  private static Document service(String ns, String name, String app, boolean released) {
    return doc(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: "
            + name
            + "\n"
            + (ns == null ? "" : "  namespace: " + ns + "\n")
            + (released ? RELEASE_META : "")
            + "spec:\n  selector: {app: "
            + app
            + "}\n  ports: [{port: 443, targetPort: 8443}]\n");
  }

  private static Document webhook(String svc, String caBundle) {
    return doc(
        "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: hook\n  uid: u-1\n"
            + RELEASE_META
            + "webhooks:\n- name: a.example.com\n  clientConfig:\n    service: {namespace: ns, name: "
            + svc
            + ", port: 443}\n"
            + (caBundle == null ? "" : "    caBundle: \"" + caBundle + "\"\n"));
  }

  private static List<String> keys(List<Document> docs) {
    List<String> out = new ArrayList<>();
    docs.forEach(d -> out.add(Overlay.Key.of(d).describe()));
    return out;
  }

  private static List<String> changes(Overlay.Result r) {
    return r.changes().stream().map(c -> c.type() + " " + c.object()).toList();
  }

  @Test
  void replacesTheObjectOfTheSameKindNamespaceAndNameAndKeepsItsIdentity() {
    Overlay o = Overlay.of(List.of(webhook("svc", "Q0E=")), "rel", "ns");
    Overlay.Result r = o.apply(List.of(webhook("svc", "T0xE")));
    assertThat(keys(r.predicted())).containsExactly("ValidatingWebhookConfiguration hook");
    assertThat(
            r.predicted()
                .get(0)
                .node()
                .path("webhooks")
                .get(0)
                .path("clientConfig")
                .path("caBundle")
                .asString())
        .isEqualTo("Q0E=");
    assertThat(r.predicted().get(0).node().path("metadata").path("uid").asString())
        .isEqualTo("u-1");
    assertThat(r.dropped())
        .containsExactly(new Overlay.Key("ValidatingWebhookConfiguration", "", "hook"));
    assertThat(r.removed()).isEmpty();
  }

  @Test
  void aWebhookTheRenderLeavesWithoutCaBundleKeepsTheLiveOne() {
    for (String empty : new String[] {null, ""}) {
      Overlay.Result r =
          Overlay.of(List.of(webhook("svc", empty)), "rel", "ns")
              .apply(List.of(webhook("svc", "T0xE")));
      JsonNode hook = r.predicted().get(0).node().path("webhooks").get(0);
      assertThat(hook.path("clientConfig").path("caBundle").asString()).isEqualTo("T0xE");
      assertThat(changes(r))
          .containsExactly("CABUNDLE_EMPTIED ValidatingWebhookConfiguration hook");
    }
  }

  @Test
  void aWebhookWithoutLiveCaBundleStaysEmpty() {
    Overlay.Result r =
        Overlay.of(List.of(webhook("svc", "")), "rel", "ns").apply(List.of(webhook("svc", null)));
    assertThat(
            r.predicted()
                .get(0)
                .node()
                .path("webhooks")
                .get(0)
                .path("clientConfig")
                .path("caBundle")
                .asString())
        .isEmpty();
    assertThat(r.changes()).isEmpty();
  }

  @Test
  void removesObjectsOfTheReleaseTheRenderNoLongerHoldsAndSeesARename() {
    Overlay o =
        Overlay.of(
            List.of(service(null, "new-svc", "hook", true), webhook("new-svc", "")), "rel", "ns");
    Document old = service("ns", "old-svc", "hook", true);
    Document other = service("ns", "unrelated", "x", false);
    assertThat(o.touches(old)).isTrue();
    assertThat(o.touches(other)).isFalse();
    Overlay.Result r = o.apply(List.of(old, other, webhook("old-svc", "T0xE")));
    assertThat(keys(r.predicted()))
        .containsExactly("ValidatingWebhookConfiguration hook", "Service ns/new-svc");
    assertThat(r.removed()).containsExactly(new Overlay.Key("Service", "ns", "old-svc"));
    assertThat(changes(r))
        .containsExactly(
            "CABUNDLE_EMPTIED ValidatingWebhookConfiguration hook",
            "CALLER_REPOINTED ValidatingWebhookConfiguration hook",
            "SERVICE_RENAMED Service ns/old-svc");
  }

  @Test
  void keepsSecretsOfTheReleaseTheRenderDoesNotHold() {
    Document secret =
        doc(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: webhook-certs\n  namespace: ns\n"
                + RELEASE_META);
    assertThat(Overlay.of(List.of(), "rel", "ns").touches(secret)).isFalse();
  }

  @Test
  void onlyTheReleaseInItsNamespaceIsRemoved() {
    Document elsewhere =
        doc(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: other\n"
                + "  annotations: {meta.helm.sh/release-name: rel, meta.helm.sh/release-namespace: other}\n");
    Document here =
        doc(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: ns\n"
                + "  annotations: {meta.helm.sh/release-name: rel, meta.helm.sh/release-namespace: ns}\n");
    Overlay o = Overlay.of(List.of(), "rel", "ns");
    assertThat(o.touches(elsewhere)).isFalse();
    assertThat(o.touches(here)).isTrue();
    assertThat(Overlay.of(List.of(), null, "ns").touches(here)).isFalse();
  }

  @Test
  void givesNamespacedRenderObjectsTheReleaseNamespaceButNotClusterScopedOnes() {
    Overlay o = Overlay.of(List.of(service(null, "s", "a", true), webhook("s", "")), "rel", "ns");
    assertThat(keys(o.render()))
        .containsExactly("Service ns/s", "ValidatingWebhookConfiguration hook");
  }

  @Test
  void listsASecretNoLongerMountedAndChangedCertificateData() {
    String dep =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: ns}\nspec:\n  template:\n    spec:\n      volumes:\n%s";
    Document before = doc(String.format(dep, "      - {name: certs, secret: {secretName: tls}}\n"));
    Document after = doc(String.format(dep, "      - {name: other, emptyDir: {}}\n"));
    Document cmBefore =
        doc(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ca, namespace: ns}\ndata: {ca.crt: \"-----BEGIN CERTIFICATE-----\\nA\"}\n");
    Document cmAfter =
        doc(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ca, namespace: ns}\ndata: {ca.crt: \"-----BEGIN CERTIFICATE-----\\nB\"}\n");
    Overlay.Result r =
        Overlay.of(List.of(after, cmAfter), null, "ns").apply(List.of(before, cmBefore));
    assertThat(changes(r))
        .containsExactly("SECRET_UNMOUNTED Deployment ns/d", "CERT_DATA_CHANGED ConfigMap ns/ca");
  }

  private static Document selected(String name, String selector, String targetPort) {
    return doc(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: "
            + name
            + "\n  namespace: ns\n"
            + RELEASE_META
            + "spec:\n  selector: "
            + selector
            + "\n  ports: [{port: 443, targetPort: "
            + targetPort
            + "}]\n");
  }

  private static Document configuration(String name, String svc, boolean released, String rule) {
    return doc(
        "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: "
            + name
            + "\n"
            + (released ? RELEASE_META : "")
            + "webhooks:\n- name: "
            + name
            + ".example.com\n  clientConfig:\n    service: {namespace: ns, name: "
            + svc
            + ", port: 443}\n  rules: [{apiGroups: [\"\"], resources: ["
            + rule
            + "], apiVersions: [v1], operations: [CREATE]}]\n");
  }

  @Test
  void aServiceWhoseSelectorGainsALabelIsARenameNotARemovalAndAnAddition() {
    Overlay o =
        Overlay.of(List.of(selected("new", "{app: a, component: webhook}", "web")), "rel", "ns");
    Overlay.Result r = o.apply(List.of(selected("old", "{app: a}", "web")));
    assertThat(r.changes())
        .extracting(Change::message)
        .containsExactly(
            "renamed from old to new (its selector gains component=webhook): a certificate issued"
                + " for old.ns.svc does not name new.ns.svc");
    assertThat(r.renames())
        .containsExactly(
            new Overlay.Rename(
                new Overlay.Key("Service", "ns", "old"), new Overlay.Key("Service", "ns", "new")));
  }

  @Test
  void aServiceWithAnotherSelectorButTheSameTargetPortsIsARename() {
    Overlay o = Overlay.of(List.of(selected("new", "{app: b}", "web")), "rel", "ns");
    assertThat(o.apply(List.of(selected("old", "{app: a}", "web"))).changes())
        .extracting(Change::message)
        .containsExactly(
            "renamed from old to new (same target ports [web]): a certificate issued for"
                + " old.ns.svc does not name new.ns.svc");
  }

  @Test
  void servicesWithDisjointSelectorsAndOtherPortsAreARemovalAndAnAddition() {
    Overlay o = Overlay.of(List.of(selected("new", "{app: b}", "other")), "rel", "ns");
    assertThat(changes(o.apply(List.of(selected("old", "{app: a}", "web")))))
        .containsExactly("SERVICE_REMOVED Service ns/old", "SERVICE_ADDED Service ns/new");
  }

  @Test
  void aConfigurationTheRenderAddsReplacesOneRegisteredAtRunTimeThatCallsTheRenamedService() {
    Overlay o =
        Overlay.of(
            List.of(
                selected("new", "{app: a, component: webhook}", "web"),
                configuration("chart-hook", "new", true, "pods")),
            "rel",
            "ns");
    Document registered = configuration("operator-hook", "old", false, "pods");
    assertThat(o.touches(registered)).isTrue();
    Overlay.Result r = o.apply(List.of(selected("old", "{app: a}", "web"), registered));
    assertThat(changes(r))
        .containsExactly(
            "SERVICE_RENAMED Service ns/old",
            "WEBHOOK_CONFIGURATION_RENAMED MutatingWebhookConfiguration chart-hook");
    assertThat(r.changes().get(1).message())
        .startsWith(
            "renamed from operator-hook to chart-hook (this release did not render the old one");
    assertThat(r.dropped())
        .as("helm upgrade leaves what it did not render")
        .doesNotContain(new Overlay.Key("MutatingWebhookConfiguration", "", "operator-hook"));
  }

  @Test
  void aConfigurationWithNoWebhookNameOrRuleInCommonIsNotARename() {
    Overlay o =
        Overlay.of(
            List.of(
                selected("new", "{app: a, component: webhook}", "web"),
                configuration("chart-hook", "new", true, "configmaps")),
            "rel",
            "ns");
    Overlay.Result r =
        o.apply(
            List.of(
                selected("old", "{app: a}", "web"),
                configuration("operator-hook", "old", false, "pods")));
    assertThat(changes(r)).containsExactly("SERVICE_RENAMED Service ns/old");
  }

  private static Document callerAt(String name, String svc, String path) {
    return doc(
        "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\n"
            + "metadata:\n  name: "
            + name
            + "\n"
            + RELEASE_META
            + "webhooks:\n- name: "
            + name
            + ".example.com\n  clientConfig:\n    service: {namespace: ns, name: "
            + svc
            + ", port: 443, path: "
            + path
            + "}\n");
  }

  @Test
  void servicesWhoseCallersDialTheSamePathIsARenameEvenWithOtherSelectorsAndPorts() {
    Overlay o =
        Overlay.of(
            List.of(
                selected("new", "{app: b}", "other"), callerAt("hook-v2", "new", "/validate-pod")),
            "rel",
            "ns");
    Overlay.Result r =
        o.apply(
            List.of(selected("old", "{app: a}", "web"), callerAt("hook", "old", "/validate-pod")));
    assertThat(r.changes())
        .extracting(Change::message)
        .contains(
            "renamed from old to new (its callers dial the same paths [/validate-pod]): a"
                + " certificate issued for old.ns.svc does not name new.ns.svc");
  }

  @Test
  void callersOnTheRootPathOrOtherPathsDoNotMakeARename() {
    Overlay o =
        Overlay.of(
            List.of(selected("new", "{app: b}", "other"), callerAt("hook-v2", "new", "/b")),
            "rel",
            "ns");
    assertThat(
            changes(
                o.apply(
                    List.of(selected("old", "{app: a}", "web"), callerAt("hook", "old", "/a")))))
        .contains("SERVICE_REMOVED Service ns/old", "SERVICE_ADDED Service ns/new");
    Overlay root =
        Overlay.of(
            List.of(selected("new", "{app: b}", "other"), callerAt("hook-v2", "new", "/")),
            "rel",
            "ns");
    assertThat(
            changes(
                root.apply(
                    List.of(selected("old", "{app: a}", "web"), callerAt("hook", "old", "/")))))
        .contains("SERVICE_REMOVED Service ns/old", "SERVICE_ADDED Service ns/new");
  }
}
