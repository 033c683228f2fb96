package io.certmedic.kube.snapshot;

import io.certmedic.core.snapshot.DataField;
import io.certmedic.core.snapshot.RouteRecord;
import io.certmedic.kube.manifest.Document;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * Maps an OpenShift Route (route.openshift.io/v1) into a {@link RouteRecord}. Its inline PEM fields
 * go through the same {@link FieldParser} as Secret data: the private key is reduced to its
 * description and public-key id at once.
 */
final class RouteMapper {

  /** The OpenShift Route API group. */
  static final String GROUP = "route.openshift.io";

  private RouteMapper() {}

  static boolean isRoute(Document d) {
    return d.apiVersion().startsWith(GROUP + "/");
  }

  static RouteRecord route(Document d, FieldParser fields) {
    JsonNode spec = d.node().path("spec");
    JsonNode tls = spec.path("tls");
    return new RouteRecord(
        SnapshotReader.meta(d),
        spec.path("host").asString(""),
        spec.path("to").path("name").asString(""),
        tls.path("termination").asString(""),
        tls.path("insecureEdgeTerminationPolicy").asString(""),
        pem(d, fields, tls, "certificate"),
        pem(d, fields, tls, "key"),
        pem(d, fields, tls, "caCertificate"),
        pem(d, fields, tls, "destinationCACertificate"));
  }

  private static DataField pem(Document d, FieldParser fields, JsonNode tls, String name) {
    JsonNode v = tls.path(name);
    if (!v.isString() || v.asString().isBlank()) {
      return DataField.EMPTY;
    }
    DataField f =
        fields.parse(
            v.asString().getBytes(StandardCharsets.UTF_8),
            d.describe() + " spec.tls." + name,
            true);
    return f == null ? DataField.EMPTY : f;
  }
}
