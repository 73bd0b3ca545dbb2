package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.KEY_A;
import static dev.robotaug.api.TestingApi.KEY_B;
import static dev.robotaug.api.TestingApi.PROJECT_A;
import static dev.robotaug.api.TestingApi.PROJECT_B;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.spec.RequestFields;
import dev.robotaug.spec.RequestFields.Field;
import dev.robotaug.spec.RequestFields.Kind;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Generates hostile and malformed requests from a seeded {@link SplittableRandom}, each with the
 * statuses it may get. The same seed gives the same requests, so a failure can be replayed by its
 * number. Categories take turns, so each gets an equal share.
 */
final class HostileRequests {
  /** Where a request goes: one of the API's own paths, or bytes made by hand. */
  enum Category {
    WRONG_TYPES,
    HUGE_NUMBERS,
    NON_FINITE,
    DEEP_NESTING,
    LARGE_BODIES,
    CONTROL_AND_UNICODE,
    PATH_TRAVERSAL,
    CONTENT_TYPES,
    HEADER_INJECTION,
    MALFORMED_HTTP,
    MALFORMED_JSON,
    AUTH,
    METHODS_AND_PATHS,
    QUERY
  }

  /**
   * One request.
   *
   * @param method HTTP method
   * @param target path and query, sent as written
   * @param headers header lines after Host, each {@code name: value}; null value for none
   * @param body body bytes or null
   * @param chunked whether the body goes chunked rather than with Content-Length
   * @param raw the whole request as bytes, when made by hand; the other fields then only describe
   * @param expected the statuses the API may answer
   * @param secret a presented key that must never come back or be logged, or null
   */
  record Probe(
      int number,
      Category category,
      String what,
      String method,
      String target,
      List<String[]> headers,
      byte[] body,
      boolean chunked,
      byte[] raw,
      Set<Integer> expected,
      String secret) {

    /** The request as it goes on the wire, closing the connection after the answer. */
    byte[] bytes() {
      if (raw != null) {
        return raw;
      }

      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1\r\n");
      for (String[] header : headers) {
        head.append(header[0]).append(": ").append(header[1]).append("\r\n");
      }

      head.append("Connection: close\r\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (body != null && chunked) {
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        for (int at = 0; at < body.length; at += 64 * 1024) {
          int size = Math.min(64 * 1024, body.length - at);
          out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body, at, size);
          out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        if (body != null) {
          head.append("Content-Length: ").append(body.length).append("\r\n");
        }

        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
          out.writeBytes(body);
        }
      }

      return out.toByteArray();
    }

    /** Whether {@link java.net.http.HttpClient} can send it as it is. */
    boolean fitsHttpClient() {
      if (raw != null
          || chunked
          || !Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
        return false;
      }

      if (body != null && body.length > 64 * 1024) {
        return false;
      }

      for (char c : target.toCharArray()) {
        if (c <= 0x20 || c >= 0x7F || "\"<>\\^`{|}".indexOf(c) >= 0) {
          return false;
        }
      }

      try {
        java.net.URI.create("http://127.0.0.1" + target);
      } catch (IllegalArgumentException badEscape) {
        return false;
      }

      for (String[] header : headers) {
        if (!Set.of("x-api-key", "content-type", "accept").contains(header[0])) {
          return false;
        }

        String value = header[1];
        if (value.isEmpty() || value.strip().length() != value.length()) {
          return false;
        }

        for (char c : value.toCharArray()) {
          if (c < 0x20 || c >= 0x7F) {
            return false;
          }
        }
      }

      return true;
    }

    @Override
    public String toString() {
      return "#" + number + " " + category + ": " + what;
    }
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<Integer> UNPROCESSABLE = Set.of(422);
  private static final Set<Integer> BAD_OR_UNPROCESSABLE = Set.of(400, 422);
  private static final String POST_PATH = "/v1/augmentation";
  private static final String ODD_CHARACTERS =
      "\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u007f\u0085\u00a0\u200b\u200d\u200e\u202e\u2028"
          + "\u2029\u2066\ufeff\ufffd\uffff\u0130\u0131\u017f\u212a\u00df\u0301\u0663\uff10\uff21";
  private static final String[] EMOJI = {
    "\ud83e\udd16", "\ud83d\udc4d\ud83c\udffd", "\ud834\udd1e"
  };

  private final SplittableRandom random;
  private final String jobOfProjectB;
  private int count;

  /**
   * @param jobOfProjectB an existing job of {@link TestingApi#PROJECT_B}, which key A must not see
   */
  HostileRequests(SplittableRandom random, String jobOfProjectB) {
    this.random = random;
    this.jobOfProjectB = jobOfProjectB;
  }

  Probe next() {
    Category category = Category.values()[count % Category.values().length];
    count++;
    return switch (category) {
      case WRONG_TYPES -> wrongType();
      case HUGE_NUMBERS -> hugeNumber();
      case NON_FINITE -> nonFinite();
      case DEEP_NESTING -> deepNesting();
      case LARGE_BODIES -> largeBody();
      case CONTROL_AND_UNICODE -> controlAndUnicode();
      case PATH_TRAVERSAL -> pathTraversal();
      case CONTENT_TYPES -> contentType();
      case HEADER_INJECTION -> headerInjection();
      case MALFORMED_HTTP -> malformedHttp();
      case MALFORMED_JSON -> malformedJson();
      case AUTH -> auth();
      case METHODS_AND_PATHS -> methodsAndPaths();
      case QUERY -> query();
    };
  }

  // ---- body categories ----

  private Probe wrongType() {
    Field field = pick(RequestFields.all());
    JsonNode value = wrongValueFor(field);
    ObjectNode body = TestingApi.validBody();
    body.set(field.name(), value);
    return submit(
        Category.WRONG_TYPES,
        field.name() + " = " + abbreviate(value.toString()),
        body,
        UNPROCESSABLE);
  }

  /** A value the schema refuses for the field, whatever lax mode coerces. */
  private JsonNode wrongValueFor(Field field) {
    List<Supplier<JsonNode>> wrong = new ArrayList<>();
    wrong.add(() -> NODES.objectNode().put("x", 1));
    if (!field.nullable()) {
      wrong.add(NODES::nullNode);
    }

    switch (field.kind()) {
      case STRING -> {
        if (!field.isEnum() && !"uuid".equals(field.format())) {
          wrong.add(() -> NODES.numberNode(random.nextInt()));
          wrong.add(() -> NODES.booleanNode(random.nextBoolean()));
          wrong.add(() -> NODES.arrayNode().add("lighting"));
        } else {
          wrong.add(() -> NODES.numberNode(random.nextInt()));
          wrong.add(() -> NODES.textNode(field.isEnum() ? "STACKED" : "not-a-uuid"));
          wrong.add(() -> NODES.textNode(""));
          wrong.add(() -> NODES.arrayNode());
        }
      }
      case INTEGER -> {
        wrong.add(() -> NODES.textNode("abc"));
        wrong.add(() -> NODES.numberNode(new java.math.BigDecimal("3.5")));
        wrong.add(() -> NODES.textNode("3.5x"));
        wrong.add(() -> NODES.textNode(""));
        wrong.add(() -> NODES.arrayNode().add(1));
      }
      case NUMBER -> {
        wrong.add(() -> NODES.textNode("abc"));
        wrong.add(() -> NODES.textNode("1e5e5"));
        wrong.add(() -> NODES.textNode(""));
        wrong.add(() -> NODES.arrayNode().add(1.5));
      }
      case BOOLEAN -> {
        wrong.add(() -> NODES.textNode("maybe"));
        wrong.add(() -> NODES.numberNode(2));
        wrong.add(() -> NODES.numberNode(0.5));
        wrong.add(() -> NODES.textNode(""));
        wrong.add(() -> NODES.arrayNode().add(true));
      }
      case INTEGER_MAP -> {
        wrong.add(() -> NODES.arrayNode().add("lighting"));
        wrong.add(() -> NODES.textNode("lighting=2"));
        wrong.add(() -> NODES.objectNode().put("lighting", "two"));
        wrong.add(() -> NODES.objectNode().put("lighting", 1.5));
        wrong.add(() -> NODES.objectNode().set("lighting", NODES.arrayNode().add(1)));
      }
      case STRING_LIST -> {
        wrong.add(() -> NODES.textNode("a prompt"));
        wrong.add(() -> NODES.numberNode(7));
        wrong.add(() -> NODES.arrayNode().add(1).add(2));
        wrong.add(() -> NODES.arrayNode().addNull());
        wrong.add(() -> NODES.arrayNode().add(NODES.arrayNode().add("x")));
      }
    }

    return pick(wrong).get();
  }

  private Probe hugeNumber() {
    Field field =
        pick(
            RequestFields.all().stream()
                .filter(f -> f.kind() == Kind.INTEGER || f.kind() == Kind.NUMBER)
                .toList());
    int shape = random.nextInt(8);
    String literal =
        switch (shape) {
          case 0 -> (random.nextBoolean() ? "-" : "") + "1e" + (309 + random.nextInt(1000));
          case 1 -> "1e999999999";
          case 2 -> "\"1e" + (1_000_000 + random.nextInt(1 << 30)) + "\"";
          case 3 -> "9".repeat(1001 + random.nextInt(4000));
          case 4 -> "\"" + "9".repeat(4301 + random.nextInt(20_000)) + "\"";
          case 5 -> "1e99999999999";
          case 6 -> (random.nextBoolean() ? "-" : "") + "1" + "0".repeat(19 + random.nextInt(900));
          default -> BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE).toString();
        };
    if (field.name().equals("cosmos_control_weight") && literal.startsWith("-")) {
      // The one field without a lower bound or rule: any negative weight is accepted.
      literal = literal.substring(1);
    }

    Set<Integer> expected = UNPROCESSABLE;
    if (shape >= 6 && field.name().equals("cosmos_seed")) {
      expected = Set.of(400); // within JSON's limits, beyond a signed 64-bit integer: a rule
    } else if (shape >= 6 && field.kind() == Kind.NUMBER) {
      // A finite number beyond a one-sided bound breaks min <= max or non-negativity instead.
      expected = BAD_OR_UNPROCESSABLE;
    }

    String body = withRawValue(field.name(), literal);
    return submitText(
        Category.HUGE_NUMBERS, field.name() + " = " + abbreviate(literal), body, expected);
  }

  private Probe nonFinite() {
    Field field =
        pick(
            RequestFields.all().stream()
                .filter(
                    f ->
                        f.kind() == Kind.INTEGER
                            || f.kind() == Kind.NUMBER
                            || f.kind() == Kind.BOOLEAN)
                .toList());
    String literal =
        pick(
            List.of(
                "NaN",
                "-NaN",
                "Infinity",
                "-Infinity",
                "\"inf\"",
                "\"-inf\"",
                "\"NaN\"",
                "\"nan\"",
                "\" +Infinity \"",
                "\"infinity\"",
                "1e309",
                "-1e309",
                "\"1e309\""));
    String body = withRawValue(field.name(), literal);
    return submitText(Category.NON_FINITE, field.name() + " = " + literal, body, UNPROCESSABLE);
  }

  private Probe deepNesting() {
    int depth = random.nextInt(4) == 0 ? 1001 + random.nextInt(50_000) : 2 + random.nextInt(998);
    boolean arrays = random.nextBoolean();
    StringBuilder nested = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      nested.append(arrays ? "[" : "{\"a\":");
    }

    nested.append(arrays ? "1" : "1");
    for (int i = 0; i < depth; i++) {
      nested.append(arrays ? "]" : "}");
    }

    String body;
    String where;
    if (random.nextInt(3) == 0) {
      body = nested.toString();
      where = "the whole body";
    } else {
      Field field = pick(RequestFields.all());
      body = withRawValue(field.name(), nested.toString());
      where = field.name();
    }

    return submitText(
        Category.DEEP_NESTING,
        (arrays ? "arrays" : "objects") + " " + depth + " deep in " + where,
        body,
        UNPROCESSABLE);
  }

  private Probe largeBody() {
    int shape = random.nextInt(6);
    long limit = ApiServer.MAX_BODY_BYTES;
    return switch (shape) {
      case 0, 1 -> {
        int size = (int) limit + 1 + random.nextInt(2 << 20);
        boolean chunked = shape == 1;
        yield probe(
            Category.LARGE_BODIES,
            (chunked ? "chunked " : "") + size + " bytes",
            "POST",
            POST_PATH,
            jsonHeaders(KEY_A),
            paddedBody(size),
            chunked,
            Set.of(413));
      }
      case 2 -> {
        int size = (int) limit - 1024 - random.nextInt(64 * 1024);
        yield probe(
            Category.LARGE_BODIES,
            "name of " + size + " bytes, under the limit",
            "POST",
            POST_PATH,
            jsonHeaders(KEY_A),
            paddedBody(size),
            random.nextBoolean(),
            UNPROCESSABLE);
      }
      case 3 -> {
        int items = 1000 + random.nextInt(20_000);
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < items; i++) {
          list.append(i == 0 ? "" : ",").append(i);
        }

        String body = withRawValue("cosmos_prompts", list.append(']').toString());
        yield submitText(Category.LARGE_BODIES, items + " numbers as prompts", body, UNPROCESSABLE);
      }
      case 4 -> {
        int fields = 1000 + random.nextInt(30_000);
        ObjectNode body = TestingApi.validBody();
        for (int i = 0; i < fields; i++) {
          body.put("extra_" + i, i);
        }

        yield submit(Category.LARGE_BODIES, fields + " unknown fields", body, UNPROCESSABLE);
      }
      default -> {
        int size = (int) limit + 1 + random.nextInt(1 << 20);
        yield probe(
            Category.LARGE_BODIES,
            "a declared length of " + size + " and no body sent",
            "POST",
            POST_PATH,
            withHeader(jsonHeaders(KEY_A), "Content-Length", Integer.toString(size)),
            null,
            false,
            Set.of(413));
      }
    };
  }

  private Probe controlAndUnicode() {
    int shape = random.nextInt(9);
    ObjectNode body = TestingApi.validBody();
    return switch (shape) {
      case 0 -> {
        String dataset = "lerobot/" + insertOdd("pusht");
        body.put("dataset_id", dataset);
        yield submit(Category.CONTROL_AND_UNICODE, "Hub id " + escape(dataset), body, Set.of(400));
      }
      case 1 -> {
        char odd =
            pick(
                List.of(
                    '\u0000', '\u0001', '\u001f', '\u007f', '\u0085', ' ', '\u00a0', '\u2028',
                    '\u3000'));
        String dataset = "file:///data/push" + odd + "t";
        body.put("dataset_id", dataset);
        yield submit(
            Category.CONTROL_AND_UNICODE, "file URI " + escape(dataset), body, Set.of(400));
      }
      case 2 -> {
        String project = oddUuid();
        body.put("project_id", project);
        yield submit(
            Category.CONTROL_AND_UNICODE, "project_id " + escape(project), body, UNPROCESSABLE);
      }
      case 3 -> {
        Field field = pick(RequestFields.all().stream().filter(Field::isEnum).toList());
        String value = insertOdd(pick(field.allowedValues()));
        body.put(field.name(), value);
        yield submit(
            Category.CONTROL_AND_UNICODE,
            field.name() + " = " + escape(value),
            body,
            UNPROCESSABLE);
      }
      case 4 -> {
        String name =
            pick(
                List.of(
                    "noise_type",
                    "blur_type",
                    "occlusion_type",
                    "augment_transforms",
                    "cosmos_control_type"));
        String listed =
            switch (name) {
              case "augment_transforms" -> "lighting";
              case "noise_type" -> "gaussian";
              case "blur_type" -> "motion";
              case "occlusion_type" -> "rectangle";
              default -> "edge";
            };
        // Inside the word: augment_transforms strips whitespace around its names.
        int at = 1 + random.nextInt(listed.length() - 1);
        String value = listed.substring(0, at) + insertOdd("") + listed.substring(at);
        body.put(name, value);
        yield submit(Category.CONTROL_AND_UNICODE, name + " = " + escape(value), body, Set.of(400));
      }
      case 5 -> {
        String key = insertOdd("augment_copies");
        body.put(key, 2);
        yield submit(
            Category.CONTROL_AND_UNICODE, "field name " + escape(key), body, UNPROCESSABLE);
      }
      case 6 -> {
        Field field =
            pick(RequestFields.all().stream().filter(f -> f.kind() == Kind.STRING).toList());
        String escapeText =
            pick(List.of("\\ud800", "\\udfff", "\\ud83e", "\\udd16\\ud83e", "x\\ud800y"));
        String text = compact(body);
        String json =
            text.replaceFirst(
                "\\{", "{\"" + field.name() + "\":\"" + escapeText.replace("\\", "\\\\") + "\",");
        yield submitText(
            Category.CONTROL_AND_UNICODE,
            field.name() + " with lone surrogate " + escapeText,
            dedupe(json, field.name()),
            UNPROCESSABLE);
      }
      case 7 -> {
        StringBuilder name = new StringBuilder();
        while (name.codePointCount(0, name.length()) <= 255) {
          name.append(EMOJI[random.nextInt(EMOJI.length)]);
        }

        body.put("name", name.toString());
        yield submit(
            Category.CONTROL_AND_UNICODE,
            "name of " + name.codePointCount(0, name.length()) + " emoji code points",
            body,
            UNPROCESSABLE);
      }
      default -> {
        byte[][] invalid = {
          {(byte) 0xC0, (byte) 0xAF},
          {(byte) 0xFF},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xE2, (byte) 0x82},
          {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}
        };
        byte[] bad = invalid[random.nextInt(invalid.length)];
        byte[] valid = compact(body).getBytes(StandardCharsets.UTF_8);
        int at = valid.length - 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        out.writeBytes(bad);
        out.write(valid, at, valid.length - at);
        yield probe(
            Category.CONTROL_AND_UNICODE,
            "invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad) + " in the body",
            "POST",
            POST_PATH,
            jsonHeaders(KEY_A),
            out.toByteArray(),
            false,
            Set.of(400));
      }
    };
  }

  private Probe pathTraversal() {
    int shape = random.nextInt(3);
    if (shape == 0) {
      String dataset =
          pick(
              List.of(
                  "file:///data/../../etc/passwd",
                  "file:///data/%2e%2e/%2e%2e/etc/passwd",
                  "file:///data/%2E%2E%2Fsecrets",
                  "file:///data/sub/..",
                  "file:///..",
                  "file:/data/./../x",
                  "s3a://bucket/datasets/../other-team",
                  "hdfs://namenode/a/..%2f..%2fb",
                  "lerobot/../../etc",
                  "../../etc/passwd",
                  "..\\..\\windows\\system32",
                  "lerobot/pusht@../../x",
                  "lerobot/..",
                  "./lerobot/pusht",
                  "/etc/passwd",
                  "file://evil.example.com/data",
                  "ftp://example.com/data",
                  "jar:file:///app.jar!/x",
                  "file:",
                  "lerobot/pusht/../../../root"));
      ObjectNode body = TestingApi.validBody();
      body.put("dataset_id", dataset);
      return submit(Category.PATH_TRAVERSAL, "dataset_id " + dataset, body, Set.of(400));
    }

    if (shape == 1) {
      String path =
          pick(
              List.of(
                  "/v1/augmentation/..%2F..%2Fetc%2Fpasswd",
                  "/v1/augmentation/%2e%2e/%2e%2e/openapi.json",
                  "/v1/augmentation/../../../../etc/passwd",
                  "/v1/augmentation/%00",
                  "/v1/augmentation/..;/openapi.json",
                  "/v1/augmentation/%252e%252e%252f",
                  "/v1/augmentation/" + jobOfProjectB + "/../" + jobOfProjectB,
                  "/v1/augmentation/%2e%2e%5c%2e%2e%5cwindows",
                  "/v1//augmentation///x",
                  "/v1/augmentation/\u2025/x"));
      return probe(
          Category.PATH_TRAVERSAL,
          "GET " + path,
          "GET",
          path,
          keyHeader(KEY_A),
          null,
          false,
          Set.of(400, 404, 422));
    }

    String cursorText =
        pick(
            List.of(
                "v1:1:../../../../etc/passwd",
                "v1:99999999999999999999:x",
                "../../etc",
                "v2:1:" + UUID.randomUUID()));
    String cursor =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(cursorText.getBytes(StandardCharsets.UTF_8));
    return probe(
        Category.PATH_TRAVERSAL,
        "cursor " + cursorText,
        "GET",
        POST_PATH + "?project_id=" + PROJECT_A + "&cursor=" + cursor,
        keyHeader(KEY_A),
        null,
        false,
        Set.of(400));
  }

  private Probe contentType() {
    String type =
        pick(
            List.of(
                "text/plain",
                "text/html; charset=utf-8",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
                "application/octet-stream",
                "json",
                "application/jsonp",
                "application/json-patch",
                "text/json",
                "*/*",
                "application",
                "application/ json",
                "image/png"));
    return probe(
        Category.CONTENT_TYPES,
        "Content-Type " + type,
        "POST",
        POST_PATH,
        List.of(new String[] {"x-api-key", KEY_A}, new String[] {"content-type", type}),
        compact(TestingApi.validBody()).getBytes(StandardCharsets.UTF_8),
        false,
        UNPROCESSABLE);
  }

  // ---- protocol categories ----

  private Probe headerInjection() {
    String body = compact(TestingApi.validBody());
    String length = "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n";
    String start = "POST " + POST_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    String json = "Content-Type: application/json\r\n";
    String wrongKey = "injected-" + Long.toHexString(random.nextLong());
    List<String[]> heads =
        List.of(
            new String[] {"NUL in the key", "x-api-key: " + KEY_A + "\u0000x\r\n", "400"},
            new String[] {
              "bare CR in the key", "x-api-key: " + wrongKey + "\rX-Admin: 1\r\n", "400"
            },
            new String[] {"space before the colon", "x-api-key : " + KEY_A + "\r\n", "400"},
            new String[] {
              "folded key header", "x-api-key: " + wrongKey + "\r\n " + KEY_A + "\r\n", "400"
            },
            new String[] {"header line without colon", "x-api-key " + KEY_A + "\r\n", "400"},
            new String[] {
              "injected second key after a wrong one",
              "x-api-key: " + wrongKey + "\r\nx-api-key: " + KEY_A + "\r\n",
              "401"
            },
            new String[] {
              "two keys in one value", "x-api-key: " + wrongKey + ", " + KEY_A + "\r\n", "401"
            },
            new String[] {
              "UTF-8 bytes in the key", "x-api-key: " + KEY_A + "\u00e9\u00e8\r\n", "401"
            },
            new String[] {"key of project B injected", "x-api-key: " + KEY_B + "\r\n", "403"},
            new String[] {"CRLF injected into the target", null, "400"},
            new String[] {
              "duplicate differing Content-Length",
              "x-api-key: " + KEY_A + "\r\nContent-Length: 3\r\n",
              "400"
            },
            new String[] {
              "Content-Length with Transfer-Encoding",
              "x-api-key: " + KEY_A + "\r\nTransfer-Encoding: chunked\r\n",
              "400"
            },
            new String[] {
              "header of 20 KB",
              "x-api-key: " + KEY_A + "\r\nX-Pad: " + "p".repeat(20_000) + "\r\n",
              "431"
            },
            new String[] {
              "2000 headers", "x-api-key: " + KEY_A + "\r\n" + "X-Many: 1\r\n".repeat(2000), "431"
            });
    String[] head = pick(heads);
    byte[] raw;
    if (head[1] == null) {
      raw =
          RawHttp.request(
              "GET /v1/augmentation/x\r\nX-Injected: 1 HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: "
                  + KEY_A
                  + "\r\nConnection: close\r\n\r\n",
              null);
    } else {
      raw =
          RawHttp.request(
              start + json + head[1] + length + "\r\n", body.getBytes(StandardCharsets.UTF_8));
      if (head[0].equals("UTF-8 bytes in the key")) {
        byte[] utf8 = (start + json + head[1] + length + "\r\n").getBytes(StandardCharsets.UTF_8);
        raw =
            RawHttp.request(
                new String(utf8, StandardCharsets.ISO_8859_1),
                body.getBytes(StandardCharsets.UTF_8));
      }
    }

    return rawProbe(
        Category.HEADER_INJECTION, head[0], raw, Set.of(Integer.parseInt(head[2])), wrongKey);
  }

  private Probe malformedHttp() {
    String key = "x-api-key: " + KEY_A + "\r\n";
    String host = "Host: 127.0.0.1\r\nConnection: close\r\n";
    String[][] cases = {
      {
        "garbage request line",
        "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n",
        "400"
      },
      {"request line without version", "GET /v1/augmentation\r\n" + host + "\r\n", "400"},
      {
        "lowercase method",
        "get /v1/augmentation HTTP/1.1\r\n" + host + key + "\r\n",
        "400,404,405,422"
      },
      {"unknown method", "FROB /v1/augmentation HTTP/1.1\r\n" + host + key + "\r\n", "400,404,405"},
      {
        "no Host header",
        "GET /v1/augmentation?project_id="
            + PROJECT_A
            + " HTTP/1.1\r\n"
            + key
            + "Connection: close\r\n\r\n",
        "400"
      },
      {
        "two Host headers",
        "GET /openapi.json HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
        "400"
      },
      {
        "negative Content-Length",
        "POST /v1/augmentation HTTP/1.1\r\n" + host + key + "Content-Length: -5\r\n\r\n{}",
        "400"
      },
      {
        "non-numeric Content-Length",
        "POST /v1/augmentation HTTP/1.1\r\n" + host + key + "Content-Length: 12abc\r\n\r\n{}",
        "400"
      },
      {
        "Content-Length beyond 64 bits",
        "POST /v1/augmentation HTTP/1.1\r\n"
            + host
            + key
            + "Content-Length: 99999999999999999999999\r\n\r\n{}",
        "400,413"
      },
      {
        "bad chunk size",
        "POST /v1/augmentation HTTP/1.1\r\n"
            + host
            + key
            + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        "400"
      },
      {
        "chunked body cut short",
        "POST /v1/augmentation HTTP/1.1\r\n"
            + host
            + key
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"project_id\"",
        "400"
      },
      {
        "body shorter than its Content-Length",
        "POST /v1/augmentation HTTP/1.1\r\n"
            + host
            + key
            + "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"project_id\": 1}",
        "400"
      },
      {
        "URI of 20 KB",
        "GET /v1/augmentation/" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + key + "\r\n",
        "414,431"
      },
      {
        "absolute-form target to another host",
        "GET http://evil.example.com/v1/augmentation/"
            + jobOfProjectB
            + " HTTP/1.1\r\n"
            + host
            + key
            + "\r\n",
        "400,404"
      },
      {
        "tab inside the request line",
        "GET\t/v1/augmentation HTTP/1.1\r\n" + host + key + "\r\n",
        "400,422"
      },
      {
        "unsupported Transfer-Encoding",
        "POST /v1/augmentation HTTP/1.1\r\n" + host + key + "Transfer-Encoding: gzip\r\n\r\n{}",
        "400,411,413"
      },
      {
        "Expect header not understood",
        "POST /v1/augmentation HTTP/1.1\r\n"
            + host
            + key
            + "Expect: 200-ok\r\nContent-Length: 2\r\n\r\n{}",
        "417"
      },
    };
    String[] c = cases[random.nextInt(cases.length)];
    Set<Integer> expected = new java.util.LinkedHashSet<>();
    for (String status : c[2].split(",")) {
      expected.add(Integer.parseInt(status));
    }

    return rawProbe(Category.MALFORMED_HTTP, c[0], RawHttp.request(c[1], null), expected, null);
  }

  private Probe malformedJson() {
    String valid = compact(TestingApi.validBody());
    int shape = random.nextInt(10);
    String body;
    String what;
    switch (shape) {
      case 0 -> {
        int cut = 1 + random.nextInt(valid.length() - 1);
        body = valid.substring(0, cut);
        what = "cut at " + cut;
      }
      case 1 -> {
        body = valid + pick(List.of(" x", "}", "]", ",", valid, "null", "\u0000"));
        what = "trailing garbage";
      }
      case 2 -> {
        body = valid.replace('"', '\'');
        what = "single quotes";
      }
      case 3 -> {
        body = valid.replaceFirst("\\{", "{/* comment */");
        what = "a comment";
      }
      case 4 -> {
        body = valid.replaceFirst("\\}$", ",}");
        what = "a trailing comma";
      }
      case 5 -> {
        body = valid.replace("\"project_id\"", "project_id");
        what = "an unquoted key";
      }
      case 6 -> {
        body = pick(List.of("null", "true", "123", "\"text\"", "[]", "[{}]", "-0", "1e5"));
        what = "no object: " + body;
      }
      case 7 -> {
        body = pick(List.of("", " ", "\n\t\r ", "\ufeff\ufeff{}"));
        what = "empty or blank: " + escape(body);
      }
      case 8 -> {
        body = valid.replaceFirst(":", ":\u0001");
        what = "raw control character";
      }
      default -> {
        body = valid.replaceFirst("\"dataset_id\":\"", "\"dataset_id\":\"tab\there\\q");
        what = "unescaped tab and a bad escape";
      }
    }

    return submitText(Category.MALFORMED_JSON, what, body, UNPROCESSABLE);
  }

  private Probe auth() {
    String key = "wrong-" + Long.toHexString(random.nextLong());
    int shape = random.nextInt(10);
    String jobOfB = "/v1/augmentation/" + jobOfProjectB;
    return switch (shape) {
      case 0 ->
          probe(
              Category.AUTH,
              "no key",
              "POST",
              POST_PATH,
              java.util.Collections.singletonList(
                  new String[] {"content-type", "application/json"}),
              validBytes(),
              false,
              Set.of(401));
      case 1 ->
          secretProbe(
              Category.AUTH,
              "wrong key",
              "POST",
              POST_PATH,
              jsonHeaders(key),
              validBytes(),
              Set.of(401),
              key);
      case 2 ->
          secretProbe(
              Category.AUTH,
              "key with one more character",
              "POST",
              POST_PATH,
              jsonHeaders(KEY_A + "x"),
              validBytes(),
              Set.of(401),
              KEY_A + "x");
      case 3 ->
          secretProbe(
              Category.AUTH,
              "upper-cased key",
              "GET",
              POST_PATH + "?project_id=" + PROJECT_A,
              keyHeader(KEY_A.toUpperCase()),
              null,
              Set.of(401),
              KEY_A.toUpperCase());
      case 4 ->
          secretProbe(
              Category.AUTH,
              "the stored hash as key",
              "GET",
              POST_PATH + "?project_id=" + PROJECT_A,
              keyHeader(ApiKeys.sha256Hex(KEY_A)),
              null,
              Set.of(401),
              ApiKeys.sha256Hex(KEY_A));
      case 5 ->
          probe(
              Category.AUTH,
              "key B for project A",
              "POST",
              POST_PATH,
              jsonHeaders(KEY_B),
              validBytes(),
              false,
              Set.of(403));
      case 6 ->
          probe(
              Category.AUTH,
              "key A reads project B's job",
              "GET",
              jobOfB,
              keyHeader(KEY_A),
              null,
              false,
              Set.of(404));
      case 7 ->
          probe(
              Category.AUTH,
              "key A cancels project B's job",
              "POST",
              jobOfB + "/cancel",
              keyHeader(KEY_A),
              null,
              false,
              Set.of(404));
      case 8 ->
          probe(
              Category.AUTH,
              "key A lists project B",
              "GET",
              POST_PATH + "?project_id=" + PROJECT_B,
              keyHeader(KEY_A),
              null,
              false,
              Set.of(403));
      default -> {
        String longKey = "k".repeat(1000 + random.nextInt(6000));
        yield secretProbe(
            Category.AUTH,
            "key of " + longKey.length() + " characters",
            "GET",
            POST_PATH + "?project_id=" + PROJECT_A,
            keyHeader(longKey),
            null,
            Set.of(401),
            longKey);
      }
    };
  }

  private Probe methodsAndPaths() {
    String job = "/v1/augmentation/" + UUID.randomUUID();
    String[][] cases = {
      {"DELETE", POST_PATH, "405"},
      {"PUT", POST_PATH, "405"},
      {"PATCH", POST_PATH, "405"},
      {"DELETE", job, "405"},
      {"PUT", job + "/cancel", "405"},
      {"GET", job + "/cancel", "405"},
      {"POST", job, "405"},
      {"GET", "/v2/augmentation", "404"},
      {"GET", "/v1/augmentation/x/y/z", "404"},
      {"GET", "/", "404"},
      {"POST", "/openapi.json", "405"},
      {"GET", "/v1/augmentation/" + "9".repeat(36), "422"},
      {"GET", job + "%20", "422"},
      {"TRACE", POST_PATH, "400,404,405"},
      {"CONNECT", "127.0.0.1:80", "400,404,405"},
      {"OPTIONS", POST_PATH, "400,404,405"},
    };
    String[] c = cases[random.nextInt(cases.length)];
    Set<Integer> expected = new java.util.LinkedHashSet<>();
    for (String status : c[2].split(",")) {
      expected.add(Integer.parseInt(status));
    }

    return probe(
        Category.METHODS_AND_PATHS,
        c[0] + " " + c[1],
        c[0],
        c[1],
        keyHeader(KEY_A),
        null,
        false,
        expected);
  }

  private Probe query() {
    String[][] cases = {
      {"limit=abc", "422"},
      {"limit=0", "422"},
      {"limit=101", "422"},
      {"limit=1e3", "422"},
      {"limit=999999999999999999999", "422"},
      {"limit=-1", "422"},
      {"limit=%zz", "400,422"},
      {"limit=%", "400,422"},
      {"cursor=%ff%fe", "400"},
      {"cursor=!!!", "400"},
      {"cursor=" + "A".repeat(5000), "400"},
      {"project_id=" + PROJECT_A.replace('-', '_'), "422"},
      {"project_id=%00", "422"},
      {"project_id=", "422"},
      {"project_id=..%2F..%2Fetc", "422"},
      {"nothing=1", "422"},
    };
    String[] c = cases[random.nextInt(cases.length)];
    String query =
        c[0].startsWith("project_id") || c[0].startsWith("nothing")
            ? c[0]
            : "project_id=" + PROJECT_A + "&" + c[0];
    Set<Integer> expected = new java.util.LinkedHashSet<>();
    for (String status : c[1].split(",")) {
      expected.add(Integer.parseInt(status));
    }

    return probe(
        Category.QUERY,
        "?" + abbreviate(query),
        "GET",
        POST_PATH + "?" + query,
        keyHeader(KEY_A),
        null,
        false,
        expected);
  }

  // ---- helpers ----

  private Probe submit(Category category, String what, ObjectNode body, Set<Integer> expected) {
    return submitText(category, what, compact(body), expected);
  }

  private Probe submitText(Category category, String what, String body, Set<Integer> expected) {
    return probe(
        category,
        what,
        "POST",
        POST_PATH,
        jsonHeaders(KEY_A),
        body.getBytes(StandardCharsets.UTF_8),
        random.nextInt(8) == 0,
        expected);
  }

  private Probe probe(
      Category category,
      String what,
      String method,
      String target,
      List<String[]> headers,
      byte[] body,
      boolean chunked,
      Set<Integer> expected) {
    return new Probe(
        count, category, what, method, target, headers, body, chunked, null, expected, null);
  }

  private Probe secretProbe(
      Category category,
      String what,
      String method,
      String target,
      List<String[]> headers,
      byte[] body,
      Set<Integer> expected,
      String secret) {
    return new Probe(
        count, category, what, method, target, headers, body, false, null, expected, secret);
  }

  private Probe rawProbe(
      Category category, String what, byte[] raw, Set<Integer> expected, String secret) {
    return new Probe(count, category, what, "", "", List.of(), null, false, raw, expected, secret);
  }

  private static List<String[]> keyHeader(String key) {
    return java.util.Collections.singletonList(new String[] {"x-api-key", key});
  }

  private static List<String[]> jsonHeaders(String key) {
    return List.of(
        new String[] {"x-api-key", key}, new String[] {"content-type", "application/json"});
  }

  private static List<String[]> withHeader(List<String[]> headers, String name, String value) {
    List<String[]> more = new ArrayList<>(headers);
    more.add(new String[] {name, value});
    return more;
  }

  /** JSON on one line, as most clients send it (the test mapper indents). */
  private static String compact(JsonNode node) {
    return node.toString();
  }

  private static byte[] validBytes() {
    return compact(TestingApi.validBody()).getBytes(StandardCharsets.UTF_8);
  }

  /** A valid body made {@code size} bytes long by its name: too long a name, a 422. */
  private static byte[] paddedBody(int size) {
    ObjectNode body = TestingApi.validBody();
    body.put("name", "");
    int rest = size - compact(body).getBytes(StandardCharsets.UTF_8).length;
    body.put("name", "n".repeat(Math.max(0, rest)));
    return compact(body).getBytes(StandardCharsets.UTF_8);
  }

  /** A valid body with one field's value replaced by JSON text as written. */
  private static String withRawValue(String field, String literal) {
    ObjectNode body = TestingApi.validBody();
    body.remove(field);
    String rest = compact(body);
    return "{\"" + field + "\":" + literal + (rest.equals("{}") ? "}" : "," + rest.substring(1));
  }

  /** Removes a later duplicate of a field that a replacement put first. */
  private static String dedupe(String json, String field) {
    int first = json.indexOf("\"" + field + "\"");
    int second = json.indexOf("\"" + field + "\"", first + 1);
    if (second < 0) {
      return json;
    }

    int end = json.indexOf(',', second);
    int close = json.indexOf('}', second);
    int stop = end < 0 || close < end ? close : end + 1;
    String cut = json.substring(0, second) + json.substring(stop);
    return cut.replace(",}", "}");
  }

  private String insertOdd(String text) {
    int at = random.nextInt(text.length() + 1);
    char odd = ODD_CHARACTERS.charAt(random.nextInt(ODD_CHARACTERS.length()));
    return text.substring(0, at) + odd + text.substring(at);
  }

  private String oddUuid() {
    String uuid = PROJECT_A;
    int shape = random.nextInt(4);
    return switch (shape) {
      case 0 -> uuid.replace('3', '\u0663');
      case 1 -> uuid.replace('f', '\uff46');
      case 2 -> uuid.replace('a', '\uff21');
      default -> insertOdd(uuid);
    };
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 60) + "...(" + text.length() + " chars)";
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x7e) {
                out.append(String.format("\\u%04x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return abbreviate(out.toString());
  }
}
