package io.certmedic.controller.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The controller's image name and tag come from one place, the root pom.xml ({@code
 * image.repository} and the project version): the Helm chart, the Kustomize base and the Dockerfile
 * say the same.
 */
class ImageNameTest {

  private static Document pom() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(Deploy.root().resolve("pom.xml").toFile());
  }

  private static String child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().strip();
      }
    }
    throw new AssertionError("pom.xml has no " + name + " under " + parent.getTagName());
  }

  private static String version() throws Exception {
    return child(pom().getDocumentElement(), "version");
  }

  private static String repository() throws Exception {
    Element props = (Element) pom().getDocumentElement().getElementsByTagName("properties").item(0);
    return child(props, "image.repository");
  }

  @Test
  void theHelmChartsImageIsThePomsRepositoryAtItsVersion() throws Exception {
    assertThat(
            Deploy.parseFile(Deploy.chart().resolve("Chart.yaml"))
                .get(0)
                .path("appVersion")
                .asString())
        .isEqualTo(version());
    assertThat(
            Deploy.parseFile(Deploy.chart().resolve("values.yaml"))
                .get(0)
                .path("image")
                .path("repository")
                .asString())
        .isEqualTo(repository());
    assertThat(Deploy.container(Deploy.helmDefault()).path("image").asString())
        .isEqualTo(repository() + ":" + version());
  }

  @Test
  void theKustomizeBasesImageIsThePomsRepositoryAtItsVersion() throws Exception {
    assertThat(Deploy.container(Deploy.kustomizeBase()).path("image").asString())
        .isEqualTo(repository() + ":" + version());
  }

  @Test
  void theDockerfileBuildsThePomsVersionAndSaysItsName() throws Exception {
    List<String> lines = Files.readAllLines(Deploy.root().resolve("Dockerfile"));
    assertThat(lines).contains("ARG VERSION=" + version());
    assertThat(String.join("\n", lines))
        .contains("docker build -t " + repository() + ":" + version() + " .");
  }
}
