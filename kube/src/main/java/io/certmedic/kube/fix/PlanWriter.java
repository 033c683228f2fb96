package io.certmedic.kube.fix;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.fix.Phase;
import io.certmedic.core.fix.Plan;
import io.certmedic.core.fix.Step;
import io.certmedic.kube.live.ClusterConnection;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries out a plan's automatic steps, in order, with RFC 6902 JSON Patch as field manager {@code
 * certmedic}. Every write is guarded by the resourceVersion the plan was made from (a {@code test}
 * op, and a precondition on deletes); an object changed by someone else since, a 409 or a failed
 * test stops the run at once with nothing more written. The next write to an object certmedic
 * itself just changed expects the resourceVersion of its own write.
 */
public final class PlanWriter {

  public static final String FIELD_MANAGER = "certmedic";

  /**
   * Told after each step lands, so a caller can report progress (or a test can check invariants).
   */
  @FunctionalInterface
  public interface Listener {
    void applied(int number, Step step);
  }

  /** How far the run got: the steps applied, and why it stopped early (null when it did not). */
  public record Result(List<Step> applied, Step stoppedAt, String problem, boolean conflict) {
    public Result {
      applied = List.copyOf(applied);
    }

    public boolean complete() {
      return problem == null;
    }
  }

  /** Where each kind fix writes lives in the API. */
  static final Map<String, ResourceDefinitionContext> KINDS =
      Map.of(
          "Secret", ctx("", "v1", "secrets", "Secret", true),
          "ConfigMap", ctx("", "v1", "configmaps", "ConfigMap", true),
          "Deployment", ctx("apps", "v1", "deployments", "Deployment", true),
          "StatefulSet", ctx("apps", "v1", "statefulsets", "StatefulSet", true),
          "DaemonSet", ctx("apps", "v1", "daemonsets", "DaemonSet", true),
          "ValidatingWebhookConfiguration",
              ctx(
                  "admissionregistration.k8s.io",
                  "v1",
                  "validatingwebhookconfigurations",
                  "ValidatingWebhookConfiguration",
                  false),
          "MutatingWebhookConfiguration",
              ctx(
                  "admissionregistration.k8s.io",
                  "v1",
                  "mutatingwebhookconfigurations",
                  "MutatingWebhookConfiguration",
                  false),
          "CustomResourceDefinition",
              ctx(
                  "apiextensions.k8s.io",
                  "v1",
                  "customresourcedefinitions",
                  "CustomResourceDefinition",
                  false),
          "APIService", ctx("apiregistration.k8s.io", "v1", "apiservices", "APIService", false),
          "Certificate", ctx("cert-manager.io", "v1", "certificates", "Certificate", true));

  private final KubernetesClient client;
  private final ObjectIndex index;
  private final Patches.Marks marks;
  private final Map<ObjectRef, String> written = new HashMap<>();

  public PlanWriter(KubernetesClient client, ObjectIndex index, Patches.Marks marks) {
    this.client = client;
    this.index = index;
    this.marks = marks;
  }

  public Result apply(Plan plan, Listener listener) {
    List<Step> done = new ArrayList<>();
    int n = 0;
    for (Step s : plan.automatic()) {
      n++;
      String problem;
      try {
        problem = one(s);
      } catch (Conflict c) {
        return new Result(done, s, c.getMessage(), true);
      }
      if (problem != null) {
        return new Result(done, s, problem, false);
      }
      done.add(s);
      listener.applied(n, s);
    }
    return new Result(done, null, null, false);
  }

  private static final class Conflict extends Exception {
    Conflict(String message) {
      super(message);
    }
  }

  /** Applies one step; returns a problem in words, or null. */
  private String one(Step s) throws Conflict {
    ObjectRef ref = s.target();
    ResourceDefinitionContext kind = KINDS.get(ref.kind());
    if (kind == null) {
      return "certmedic does not write a " + ref.kind();
    }
    Resource<GenericKubernetesResource> r =
        ref.namespace().isEmpty()
            ? client.genericKubernetesResources(kind).withName(ref.name())
            : client
                .genericKubernetesResources(kind)
                .inNamespace(ref.namespace())
                .withName(ref.name());
    String expected = written.getOrDefault(ref, index.resourceVersion(ref));
    GenericKubernetesResource current;
    try {
      current = r.get();
    } catch (KubernetesClientException e) {
      return "cannot read " + ref.describe() + ": " + ClusterConnection.rootMessage(e);
    }
    if (current == null) {
      throw new Conflict(
          ref.describe()
              + " was deleted after the plan was made; nothing more was changed. Run certmedic fix again for a fresh plan.");
    }
    String now = current.getMetadata().getResourceVersion();
    if (!expected.isEmpty() && !expected.equals(now)) {
      throw new Conflict(
          ref.describe()
              + " changed after the plan was made (resourceVersion "
              + expected
              + " -> "
              + now
              + "): someone else wrote it, so certmedic stopped and changed nothing more. Run certmedic fix again for a fresh plan.");
    }
    if (s instanceof Step.SetCaBundle b && b.phase() == Phase.RETIRE) {
      String waiting = unfinishedRollout(b.afterRollouts());
      if (waiting != null) {
        return "not narrowing the caBundle of "
            + b.caller()
            + " yet: "
            + waiting
            + "; run certmedic fix again once 'kubectl rollout status' says it is done";
      }
    }
    try {
      if (s instanceof Step.DeleteApiService) {
        r.lockResourceVersion(now).delete();
        return null;
      }
      JsonNode json = client.getKubernetesSerialization().convertValue(current, JsonNode.class);
      List<ObjectNode> ops = Patches.of(s, json, now, marks);
      PatchContext ctx = PatchContext.of(PatchType.JSON);
      ctx.setFieldManager(FIELD_MANAGER);
      GenericKubernetesResource after =
          s instanceof Step.RenewCertificate
              ? r.subresource("status").patch(ctx, JsonPatch.array(ops).toString())
              : r.patch(ctx, JsonPatch.array(ops).toString());
      written.put(ref, after.getMetadata().getResourceVersion());
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 422 || changedSince(r, now)) {
        throw new Conflict(
            ref.describe()
                + " changed while certmedic wrote it ("
                + (e.getCode() > 0 ? e.getCode() + " " : "")
                + ClusterConnection.rootMessage(e)
                + "); nothing more was changed. Run certmedic fix again for a fresh plan.");
      }
      return "cannot write "
          + ref.describe()
          + ": "
          + (e.getCode() > 0 ? e.getCode() + " " : "")
          + ClusterConnection.rootMessage(e);
    }
  }

  /**
   * After a refused write: does the object now have another resourceVersion than the one the patch
   * tested?
   */
  private static boolean changedSince(Resource<GenericKubernetesResource> r, String version) {
    try {
      GenericKubernetesResource g = r.get();
      return g == null || !version.equals(g.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /**
   * A workload whose last restart has not rolled out everywhere, in words; null when all are done.
   */
  private String unfinishedRollout(List<ObjectRef> workloads) {
    for (ObjectRef w : workloads) {
      ResourceDefinitionContext kind = KINDS.get(w.kind());
      if (kind == null) {
        continue;
      }
      GenericKubernetesResource g =
          client
              .genericKubernetesResources(kind)
              .inNamespace(w.namespace())
              .withName(w.name())
              .get();
      if (g == null) {
        continue;
      }
      JsonNode n = client.getKubernetesSerialization().convertValue(g, JsonNode.class);
      JsonNode st = n.path("status");
      long generation = n.path("metadata").path("generation").asLong(0);
      if (st.path("observedGeneration").asLong(0) < generation) {
        return w.describe() + " has not observed its latest spec";
      }
      int replicas = n.path("spec").path("replicas").asInt(1);
      boolean done =
          switch (w.kind()) {
            case "Deployment" ->
                st.path("updatedReplicas").asInt(0) >= replicas
                    && st.path("replicas").asInt(0) == st.path("updatedReplicas").asInt(0)
                    && st.path("availableReplicas").asInt(0) >= replicas;
            case "StatefulSet" ->
                st.path("updatedReplicas").asInt(0) >= replicas
                    && st.path("currentRevision")
                        .asString("")
                        .equals(st.path("updateRevision").asString(""));
            case "DaemonSet" ->
                st.path("updatedNumberScheduled").asInt(-1)
                        == st.path("desiredNumberScheduled").asInt(-2)
                    && st.path("numberUnavailable").asInt(0) == 0;
            default -> true;
          };
      if (!done) {
        return "the rollout of " + w.describe() + " is not finished";
      }
    }
    return null;
  }

  private static ResourceDefinitionContext ctx(
      String group, String version, String plural, String kind, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(namespaced)
        .build();
  }
}
