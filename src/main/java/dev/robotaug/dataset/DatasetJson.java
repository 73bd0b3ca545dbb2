package dev.robotaug.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** JSON as LeRobot writes its metadata: 4-space indentation, key order preserved. */
public final class DatasetJson {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DatasetJson() {}

  public static String write(Object value) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("    ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** One line of a {@code .jsonl} file: the value on one line, no trailing newline. */
  public static String writeLine(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A JSON object as an ordered map of plain values. */
  @SuppressWarnings("unchecked")
  public static java.util.Map<String, Object> readMap(String json) {
    try {
      return MAPPER.readValue(json, java.util.LinkedHashMap.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot read JSON: " + e.getOriginalMessage(), e);
    }
  }
}
