package io.certmedic.kube.preflight;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.certmedic.kube.manifest.ManifestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a Helm chart (a directory or a .tgz) in-process, as {@code helm template} does, with
 * helm-java (Helm's Go code in a native library): no helm binary, no network, no cluster.
 */
public final class ChartRenderer {

  private ChartRenderer() {}

  /**
   * The rendered YAML of {@code chart} as release {@code release} in {@code namespace}, with the
   * values files in order, then each {@code key=value} of {@code sets}. A chart Helm cannot render
   * (a template error, a missing required value) is a {@link ManifestException} whose message is
   * Helm's, on one line.
   */
  public static String render(
      Path chart, String release, String namespace, List<Path> values, List<String> sets)
      throws ManifestException {
    if (!Files.exists(chart)) {
      throw new ManifestException(chart + ": no such chart directory or archive");
    }
    for (Path v : values) {
      if (!Files.isRegularFile(v)) {
        throw new ManifestException(v + ": no such values file");
      }
    }
    TemplateCommand t = new Helm(chart).template().withName(release).withNamespace(namespace);
    for (Path v : values) {
      t = t.withValuesFile(v);
    }
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new ManifestException("--set " + s + ": expected key=value");
      }
      t = t.set(s.substring(0, eq), s.substring(eq + 1));
    }
    try {
      return t.call();
    } catch (RuntimeException | LinkageError e) {
      throw new ManifestException(
          "helm could not render "
              + chart
              + ": "
              + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  static String oneLine(String s) {
    return s.replace("\r", "").replaceAll("\\s*\n\\s*", "; ").strip();
  }
}
