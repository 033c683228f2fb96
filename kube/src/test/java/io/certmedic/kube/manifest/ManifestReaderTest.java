package io.certmedic.kube.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

  /** Collects what the reader hands over. */
  static final class Collected implements ManifestSink {
    final List<Document> docs = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();

    @Override
    public void document(Document d) {
      docs.add(d);
    }

    @Override
    public void unreadable(String where, String problem) {
      unreadable.add(where + " " + problem);
    }

    List<String> described() {
      return docs.stream().map(Document::describe).toList();
    }
  }

  static Collected read(String text) throws Exception {
    Collected c = new Collected();
    ManifestReader.read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "in.yaml", c);
    return c;
  }

  @Test
  void readsMultiDocumentYamlAsHelmTemplateWritesIt() throws Exception {
    Collected c =
        read(
            """
        # Source: chart/templates/svc.yaml
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: demo}
        --- # a comment after the separator
        apiVersion: v1
        kind: Secret
        metadata:
          name: web-tls
          namespace: demo
        ---
        ---
        """);
    assertThat(c.described()).containsExactly("Service demo/web", "Secret demo/web-tls");
    assertThat(c.unreadable).isEmpty();
  }

  @Test
  void aBrokenDocumentIsReportedAndTheOnesAfterItAreStillRead() throws Exception {
    Collected c =
        read(
            """
        kind: Service
        metadata: {name: a}
        ---
        kind: Secret
        metadata: {name: [unclosed
        ---
        kind: ConfigMap
        metadata: {name: c}
        """);
    assertThat(c.described()).containsExactly("Service a", "ConfigMap c");
    assertThat(c.unreadable)
        .singleElement()
        .asString()
        .startsWith("in.yaml: document 2 (line 4) is not valid YAML");
  }

  @Test
  void streamsTheItemsOfAKubectlListInJsonAndYaml() throws Exception {
    String json =
        """
        {"apiVersion": "v1", "items": [
          {"kind": "Secret", "metadata": {"name": "s1", "namespace": "a"}},
          {"kind": "Service", "metadata": {"name": "svc", "namespace": "a"}}
        ], "kind": "List", "metadata": {"resourceVersion": ""}}
        """;
    assertThat(read(json).described()).containsExactly("Secret a/s1", "Service a/svc");
    assertThat(read(json).docs.get(0).where())
        .as("a pretty-printed item names the line it opens on")
        .isEqualTo("in.yaml: items[0] (line 2)");
    assertThat(read(json).docs.get(1).where()).isEqualTo("in.yaml: items[1] (line 3)");
    assertThat(read(json.replace("\n", "")).docs.get(1).where())
        .as("on one line, every item is at line 1: the plain index")
        .isEqualTo("in.yaml: items[1]");
    String yaml =
        """
        apiVersion: v1
        items:
        - kind: Secret
          metadata: {name: s1, namespace: a}
        kind: List
        """;
    assertThat(read(yaml).described()).containsExactly("Secret a/s1");
  }

  @Test
  void anObjectWithItemsThatIsNotAListIsKeptWhole() throws Exception {
    Collected c = read("kind: ConfigMap\nmetadata: {name: cm}\nitems: [1, 2]\n");
    assertThat(c.described()).containsExactly("ConfigMap cm");
  }

  @Test
  void refusesAYamlAliasBomb() throws Exception {
    StringBuilder bomb =
        new StringBuilder(
            "kind: ConfigMap\nmetadata: {name: bomb}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    bomb.append("---\nkind: Service\nmetadata: {name: after}\n");
    Collected c = read(bomb.toString());
    assertThat(c.unreadable)
        .singleElement()
        .asString()
        .contains("document 1")
        .containsIgnoringCase("alias");
    assertThat(c.described()).containsExactly("Service after");
  }

  @Test
  void refusesAnOversizedObjectButKeepsItsNeighbours() throws Exception {
    String big = "x".repeat(ManifestReader.MAX_OBJECT_CHARS - 100);
    String json =
        "{\"kind\":\"List\",\"items\":[{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\""
            + big
            + "\",\"b\":\""
            + "y".repeat(200)
            + "\"}},"
            + "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"small\"}}]}";
    Collected c = read(json);
    assertThat(c.described()).containsExactly("Secret small");
    assertThat(c.unreadable)
        .singleElement()
        .asString()
        .contains("items[0] (ConfigMap big) is an oversized object");
  }

  @Test
  void invalidJsonIsReportedWithItsLine() throws Exception {
    Collected c = read("{\"kind\": \"Secret\",\n \"metadata\": {\"name\": }\n}");
    assertThat(c.unreadable)
        .singleElement()
        .asString()
        .startsWith("in.yaml is not valid JSON")
        .contains("line 2");
  }

  @Test
  void readsEveryRealInstallManifestWithoutAnUnreadableDocument() throws Exception {
    Path dir = Path.of("..", "..", "shared", "real-manifests");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("/work/shared/real-manifests");
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Collected c = new Collected();
        try (var in = Files.newInputStream(p)) {
          ManifestReader.read(in, p.getFileName().toString(), c);
        }
        assertThat(c.unreadable).as(p.toString()).isEmpty();
        assertThat(c.docs)
            .as(p.toString())
            .isNotEmpty()
            .allSatisfy(d -> assertThat(d.kind()).isNotEmpty());
      }
    }
  }

  @Test
  void expandsAliasesAndMergeKeysAsKubernetesDoes() throws Exception {
    Collected c =
        read(
            """
        kind: Deployment
        metadata: {name: d, labels: &labels {app: web}}
        spec:
          selector: {matchLabels: *labels}
          template:
            metadata:
              labels:
                <<: *labels
                tier: front
        """);
    assertThat(c.unreadable).isEmpty();
    var spec = c.docs.get(0).node().path("spec");
    assertThat(spec.path("selector").path("matchLabels").path("app").asString()).isEqualTo("web");
    assertThat(spec.path("template").path("metadata").path("labels").path("tier").asString())
        .isEqualTo("front");
    assertThat(spec.path("template").path("metadata").path("labels").path("app").asString())
        .isEqualTo("web");
  }

  @Test
  void readsAnAnchorOnAPlainValueAsLinkerdInstallWritesIt() throws Exception {
    Collected c =
        read(
            """
        kind: Deployment
        metadata: {name: linkerd-destination, namespace: linkerd}
        spec:
          template:
            spec:
              containers:
              - name: proxy
                image: &img cr.l5d.io/linkerd/proxy:edge-24.1.1
              - name: destination
                image: *img
        ---
        kind: Deployment
        metadata: {name: linkerd-identity, namespace: linkerd}
        """);
    assertThat(c.unreadable).isEmpty();
    assertThat(c.described())
        .containsExactly(
            "Deployment linkerd/linkerd-destination", "Deployment linkerd/linkerd-identity");
    var containers =
        c.docs.get(0).node().path("spec").path("template").path("spec").path("containers");
    assertThat(containers.get(1).path("image").asString())
        .isEqualTo("cr.l5d.io/linkerd/proxy:edge-24.1.1");
  }

  @Test
  void refusesADuplicateKeyWithKubectlsWordsAndReadsTheRestOfTheFile() throws Exception {
    Collected c =
        read(
            """
        kind: Service
        metadata: {name: before}
        ---
        kind: Secret
        metadata:
          name: twice
          name: again
        ---
        kind: Service
        metadata: {name: after}
        """);
    assertThat(c.unreadable)
        .singleElement()
        .asString()
        .contains("document 2 (line 4)")
        .contains("line 7: mapping key \"name\" already defined at line 6");
    assertThat(c.described()).containsExactly("Service before", "Service after");
  }
}
