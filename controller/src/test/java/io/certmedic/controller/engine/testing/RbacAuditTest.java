package io.certmedic.controller.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RbacAuditTest {

  /** request -> "verb group/resource ns allowed?" */
  private static final Map<String, String> CASES =
      Map.ofEntries(
          Map.entry("GET /api/v1/services?resourceVersion=0", "list /services - true"),
          Map.entry(
              "GET /api/v1/services?allowWatchBookmarks=true&resourceVersion=2&watch=true",
              "watch /services - true"),
          Map.entry(
              "GET /api/v1/namespaces/demo/secrets?fieldSelector=metadata.name%3Dx&watch=true",
              "watch /secrets demo true"),
          Map.entry("GET /api/v1/namespaces/demo/secrets/x", "get /secrets demo true"),
          Map.entry("POST /api/v1/namespaces/demo/secrets", "create /secrets demo true"),
          Map.entry("PUT /api/v1/namespaces/demo/secrets/x", "update /secrets demo true"),
          Map.entry("DELETE /api/v1/namespaces/demo/secrets/x", "delete /secrets demo false"),
          Map.entry("DELETE /api/v1/namespaces/demo/configmaps/x", "delete /configmaps demo true"),
          Map.entry(
              "DELETE /api/v1/namespaces/demo/configmaps",
              "deletecollection /configmaps demo false"),
          Map.entry(
              "PATCH /apis/apps/v1/namespaces/demo/deployments/web",
              "patch apps/deployments demo true"),
          Map.entry(
              "PUT /apis/apps/v1/namespaces/demo/deployments/web",
              "update apps/deployments demo false"),
          Map.entry(
              "PUT /apis/apps/v1/namespaces/demo/statefulsets/db",
              "update apps/statefulsets demo false"),
          Map.entry(
              "PATCH /apis/apps/v1/namespaces/demo/daemonsets/agent",
              "patch apps/daemonsets demo true"),
          Map.entry(
              "PUT /apis/apps/v1/namespaces/demo/deployments/web/status",
              "update apps/deployments/status demo false"),
          Map.entry("GET /api/v1/namespaces", "list /namespaces - true"),
          Map.entry("GET /api/v1/namespaces/demo", "get /namespaces demo true"),
          Map.entry(
              "GET /apis/apiregistration.k8s.io/v1/apiservices?watch=1",
              "watch apiregistration.k8s.io/apiservices - true"),
          Map.entry(
              "PATCH /apis/coordination.k8s.io/v1/namespaces/certmedic/leases/certmedic-controller",
              "patch coordination.k8s.io/leases certmedic true"),
          Map.entry(
              "PATCH /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/x",
              "patch coordination.k8s.io/leases kube-system false"),
          Map.entry(
              "PUT /apis/coordination.k8s.io/v1/namespaces/certmedic/leases/certmedic-controller",
              "update coordination.k8s.io/leases certmedic false"),
          Map.entry(
              "GET /apis/coordination.k8s.io/v1/leases", "list coordination.k8s.io/leases - false"),
          Map.entry("GET /version", "nonresource / - false"));

  @Test
  void mapsEachRequestAsTheAuthorizerWouldAndChecksItAgainstRbac() {
    CASES.forEach(
        (request, expected) -> {
          String[] r = request.split(" ", 2);
          RbacAudit.Call c = RbacAudit.parse(r[0], r[1]);
          String got =
              c.verb()
                  + " "
                  + c.apiGroup()
                  + "/"
                  + c.resource()
                  + " "
                  + (c.namespace().isEmpty() ? "-" : c.namespace())
                  + " "
                  + RbacAudit.allowed(c, "certmedic");
          assertThat(got).as(request).isEqualTo(expected);
        });
  }
}
