package io.certmedic.cli;

import java.io.PrintWriter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON writer of the CLI: indented, fields in insertion order, a newline at the end. */
final class Json {

  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  static void write(Object value, PrintWriter out) {
    out.println(MAPPER.writeValueAsString(value));
    out.flush();
  }
}
