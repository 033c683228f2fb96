package io.certmedic.kube.manifest;

import java.io.Reader;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.IOContext;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLFactoryBuilder;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * A YAML factory whose parsers also report the anchor of a plain value ({@code image: &img nginx}),
 * which Jackson's own parser drops, so {@link YamlTreeBuilder} can resolve every alias as
 * Kubernetes' YAML reader does.
 */
final class KubeYamlFactory extends YAMLFactory {

  private static final long serialVersionUID = 1L;

  KubeYamlFactory(YAMLFactoryBuilder b) {
    super(b);
  }

  private KubeYamlFactory(KubeYamlFactory src) {
    super(src);
  }

  @Override
  public KubeYamlFactory copy() {
    return new KubeYamlFactory(this);
  }

  @Override
  protected YAMLParser _createParser(ObjectReadContext read, IOContext io, Reader r) {
    return new Parser(
        read,
        io,
        _getBufferRecycler(),
        read.getStreamReadFeatures(_streamReadFeatures),
        read.getFormatReadFeatures(_formatReadFeatures),
        _loadSettings,
        r);
  }

  /** A Jackson YAML parser that tells the anchor of the scalar it stands on. */
  static final class Parser extends YAMLParser {
    private Parser(
        ObjectReadContext read,
        IOContext io,
        tools.jackson.core.util.BufferRecycler recycler,
        int streamFeatures,
        int formatFeatures,
        LoadSettings settings,
        Reader r) {
      super(read, io, recycler, streamFeatures, formatFeatures, settings, r);
    }

    /** The anchor on the scalar value the parser stands on, if any. */
    Optional<String> scalarAnchor() {
      return _lastEvent instanceof ScalarEvent s
          ? s.getAnchor().map(Anchor::getValue)
          : Optional.empty();
    }
  }
}
