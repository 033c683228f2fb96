package io.certmedic.kube.manifest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads what users dump and render: {@code kubectl get -o yaml|json} (kind List), multi-document
 * YAML ({@code helm template}), single objects and kubeconfigs. Objects are handed to a {@link
 * ManifestSink} one at a time; the items of a List are streamed, so memory grows with the largest
 * object, not with the input.
 *
 * <p>Example: {@code ManifestReader.read(in, "dump.yaml", sink)}.
 */
public final class ManifestReader {

  /**
   * Most aliases one YAML document may expand. Kubernetes manifests almost never use anchors; a
   * "billion laughs" bomb needs thousands. Same as SnakeYAML's own default.
   */
  public static final int MAX_YAML_ALIASES = 50;

  /**
   * Largest single object: 16 MiB of text. etcd refuses requests over about 1.5 MiB, so no real
   * object comes near; anything larger is refused as an oversized object.
   */
  public static final int MAX_OBJECT_CHARS = 16 * 1024 * 1024;

  /**
   * Largest YAML document: 2 GiB of code points (the parser's counter is an int). A List of 50,000
   * Secrets is about 150 MiB; its items are streamed, so this bounds time, not memory.
   */
  public static final int MAX_YAML_DOCUMENT_CODE_POINTS = Integer.MAX_VALUE;

  /** Deepest nesting: CRD schemas reach about 40 levels; 200 refuses only pathological input. */
  public static final int MAX_NESTING_DEPTH = 200;

  /**
   * Longest YAML line: 2 Mi characters. The longest real line is a Secret's value as {@code kubectl
   * get -o yaml} writes it, base64 on one line: etcd's 1.5 MiB request limit makes that at most
   * about 2 Mi characters. A 200 MB one-line file, or a kubeconfig with a 9 MiB {@code
   * certificate-authority-data}, is refused here at once: SnakeYAML scans one long plain scalar at
   * about a megabyte a second, so such a line would take minutes. JSON has no such limit: it is
   * streamed, whatever its lines.
   */
  public static final int MAX_YAML_LINE_CHARS = 2 * 1024 * 1024;

  /**
   * SnakeYAML's read buffer: 64 Ki characters instead of its 1 Ki. It copies what is left of the
   * buffer at every refill, so a long scalar costs (length squared / buffer); at 1 Ki a 2 Mi line
   * took a minute on a loaded machine.
   */
  static final int YAML_BUFFER_CHARS = 64 * 1024;

  private static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxStringLength(MAX_OBJECT_CHARS)
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .build();

  private static final ObjectMapper JSON =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
          .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // objects are read mid-stream
          .build();

  private static final ObjectMapper YAML =
      YAMLMapper.builder(
              new KubeYamlFactory(
                  YAMLFactory.builder()
                      .streamReadConstraints(CONSTRAINTS)
                      .loadSettings(
                          LoadSettings.builder()
                              .setMaxAliasesForCollections(MAX_YAML_ALIASES)
                              .setCodePointLimit(MAX_YAML_DOCUMENT_CODE_POINTS)
                              .setBufferSize(YAML_BUFFER_CHARS)
                              .setAllowDuplicateKeys(true) // refused per object, in kubectl's words
                              .build())))
          .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ManifestReader() {}

  /**
   * Reads {@code in} (named {@code source} in messages) into {@code sink}. Problems inside the
   * input go to {@link ManifestSink#unreadable} and reading goes on; only I/O failures throw.
   */
  public static void read(InputStream in, String source, ManifestSink sink) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    if (startsWithJson(buffered)) {
      readJson(buffered, source, sink);
    } else {
      readYaml(
          new LineBounded(new InputStreamReader(buffered, StandardCharsets.UTF_8), source),
          source,
          sink);
    }
  }

  /**
   * Reads one list response of the Kubernetes API ({@code {"kind":"SecretList","metadata":
   * {"continue":...},"items":[...]}}): its items are streamed into {@code sink} one at a time, and
   * its {@code metadata} (continue token, resourceVersion) is returned, empty if absent.
   *
   * @throws IOException if the response is not a JSON object
   */
  public static JsonNode readList(InputStream in, String source, ManifestSink sink)
      throws IOException {
    JsonNode metadata = JsonNodeFactory.instance.objectNode();
    try (JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(source + " is not a JSON list");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("items".equals(name) && value == JsonToken.START_ARRAY) {
          streamArray(p, JSON::readTree, source, false, sink);
        } else if ("metadata".equals(name) && value == JsonToken.START_OBJECT) {
          metadata = JSON.readTree(p);
        } else {
          p.skipChildren();
        }
      }
    } catch (JacksonException e) {
      throw new IOException(source + " is not valid JSON: " + oneLine(e, 0), e);
    }
    return metadata;
  }

  /** True if the first non-blank byte opens a JSON object or array. */
  private static boolean startsWithJson(BufferedInputStream in) throws IOException {
    in.mark(4096);
    try {
      for (int i = 0; i < 4096; i++) {
        int b = in.read();
        if (b < 0) {
          return false;
        }
        if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB
            || b == 0xBF) {
          continue;
        }
        return b == '{' || b == '[';
      }
      return false;
    } finally {
      in.reset();
    }
  }

  private static void readJson(InputStream in, String source, ManifestSink sink)
      throws IOException {
    try (JsonParser p = JSON.createParser(in)) {
      int root = 0;
      while (p.nextToken() != null) {
        root++;
        String where = root == 1 ? source : source + ": value " + root;
        readRoot(p, JSON::readTree, where, true, sink);
      }
    } catch (JacksonException e) {
      rethrowIo(e);
      sink.unreadable(source, "is not valid JSON: " + oneLine(e, 0));
    }
  }

  private static void readYaml(Reader reader, String source, ManifestSink sink) throws IOException {
    YamlDocumentReader docs = new YamlDocumentReader(reader);
    int index = 0; // counts documents that hold something, as a person counts them
    do {
      String where =
          source + ": document " + (index + 1) + " (line " + docs.documentStartLine() + ")";
      try (JsonParser p = YAML.createParser(new NonClosing(docs))) {
        if (p.nextToken() != null) {
          index++;
          readRoot(p, new YamlTreeBuilder(docs.documentStartLine() - 1)::build, where, false, sink);
        }
      } catch (JacksonException e) {
        rethrowIo(e);
        index++;
        sink.unreadable(where, "is not valid YAML: " + oneLine(e, docs.documentStartLine() - 1));
      }
    } while (docs.nextDocument());
  }

  /**
   * Reads the value at the parser's current token: a List is streamed item by item, each item's
   * {@code where} naming its start line when {@code itemLines} (JSON files, whose YAML counterpart
   * names the document's line instead).
   */
  private static void readRoot(
      JsonParser p,
      Function<JsonParser, JsonNode> tree,
      String where,
      boolean itemLines,
      ManifestSink sink) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_ARRAY) {
      streamArray(p, tree, where, itemLines, sink);
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren(); // a scalar or empty document: nothing to analyse
      return;
    }
    long start = offset(p.currentLocation());
    ObjectNode top = JsonNodeFactory.instance.objectNode();
    boolean streamed = false;
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if ("items".equals(name) && value == JsonToken.START_ARRAY && mayBeList(top)) {
        streamArray(p, tree, where, itemLines, sink);
        streamed = true;
      } else {
        top.set(name, tree.apply(p));
      }
    }
    if (!streamed) {
      emit(top, where, offset(p.currentLocation()) - start, sink);
    }
  }

  /** kubectl writes {@code items} before {@code kind}: an unknown kind may still be a List. */
  private static boolean mayBeList(ObjectNode soFar) {
    JsonNode kind = soFar.path("kind");
    return !kind.isString() || kind.asString().endsWith("List");
  }

  /**
   * Streams the array at the parser's current token. With {@code itemLines}, each item's {@code
   * where} ends with the line its {@code {}} opens on, e.g. {@code dump.json: items[2] (line 40)}:
   * {@code kubectl get -o json} pretty-prints, one item starting per line, so findings can point at
   * the item rather than at line 1. A one-line list's items keep their plain {@code items[i]}.
   */
  private static void streamArray(
      JsonParser p,
      Function<JsonParser, JsonNode> tree,
      String where,
      boolean itemLines,
      ManifestSink sink) {
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String itemWhere = where + ": items[" + i + "]";
      if (p.currentToken() == JsonToken.START_OBJECT) {
        int line = p.currentTokenLocation().getLineNr();
        if (itemLines && line > 1) { // without it the item is at line 1, as the file is
          itemWhere += " (line " + line + ")";
        }
        long start = offset(p.currentLocation());
        JsonNode item = tree.apply(p);
        emit(item, itemWhere, offset(p.currentLocation()) - start, sink);
      } else {
        p.skipChildren();
      }
      i++;
    }
  }

  private static void emit(JsonNode node, String where, long size, ManifestSink sink) {
    Document d = new Document(node, where);
    if (size > MAX_OBJECT_CHARS) {
      sink.unreadable(
          where + " (" + d.describe() + ")",
          "is an oversized object of " + size + " characters; the limit is " + MAX_OBJECT_CHARS);
      return;
    }
    if (node.isEmpty()) {
      return;
    }
    sink.document(d);
  }

  private static long offset(TokenStreamLocation l) {
    long b = l.getByteOffset();
    return b >= 0 ? b : l.getCharOffset();
  }

  /**
   * The parser's message on one line, with the line number made absolute ({@code lineOffset}
   * added).
   */
  static String oneLine(JacksonException e, int lineOffset) {
    String m = e.getOriginalMessage();
    if (m == null) {
      m = e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    TokenStreamLocation loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      m += " (at line " + (loc.getLineNr() + lineOffset) + ", column " + loc.getColumnNr() + ")";
    }
    return m;
  }

  /** An I/O failure (the input too large, a line too long) is not a broken document: rethrow it. */
  private static void rethrowIo(JacksonException e) throws IOException {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof IOException io) {
        throw io;
      }
    }
  }

  /** Fails once a line holds more than {@link #MAX_YAML_LINE_CHARS} characters. */
  private static final class LineBounded extends Reader {
    private final Reader in;
    private final String source;
    private long line;

    LineBounded(Reader in, String source) {
      this.in = in;
      this.source = source;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      int n = in.read(cbuf, off, len);
      for (int i = off; i < off + n; i++) {
        if (cbuf[i] == '\n') {
          line = 0;
        } else if (++line > MAX_YAML_LINE_CHARS) {
          throw new IOException(
              source
                  + ": a YAML line longer than "
                  + MAX_YAML_LINE_CHARS
                  + " characters is not a Kubernetes object");
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Keeps the parser from closing the shared document reader at the end of one document. */
  private static final class NonClosing extends Reader {
    private final Reader in;

    NonClosing(Reader in) {
      this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      return in.read(cbuf, off, len);
    }

    @Override
    public void close() {}
  }
}
