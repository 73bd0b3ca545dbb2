package dev.robotaug.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.robotaug.spec.RequestFields.Field;
import dev.robotaug.spec.RequestFields.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validates a {@code POST /v1/augmentation} body the way the API answers it, without any HTTP type,
 * so the command line gives the same verdicts.
 *
 * <p>Two phases. The <b>schema</b> phase checks what the contract expresses as schema (types,
 * enums, bounds, {@code name} length, uuid format, unknown fields) against {@link RequestFields}
 * and collects every problem as a pydantic-v2-shaped {@link ValidationProblem} (the API's 422). It
 * follows pydantic v2's lax mode, as FastAPI does: integer fields take {@code 3.0} but not {@code
 * 3.5}, numeric strings ({@code "5"}) and booleans (as 0/1); number fields take integers, numeric
 * strings and booleans; boolean fields take 0/1 and the strings pydantic knows ("true", "no",...);
 * strings take only strings. One deliberate difference: non-finite numbers ("inf", "nan" strings)
 * are refused with {@code finite_number}, since no parameter of the contract means anything at
 * infinity.
 *
 * <p>The <b>rules</b> phase runs only on a schema-valid body and checks what the schema cannot (the
 * API's 400): generative augmentation is disabled, each {@code *_min} is at most its {@code *_max},
 * sigmas and shot scale are not negative (the contract is silent below zero), listed values of
 * {@code noise_type}, {@code blur_type}, {@code occlusion_type} and {@code cosmos_control_type},
 * {@code augment_transforms} names, {@code augment_copies_per_transform} keys, values and mode,
 * {@code cosmos_seed} within 64 bits, and the dataset id: a Hub repo id ({@code
 * org/name[@revision]}) or a URI whose scheme is allowed, never climbing out of its root with
 * {@code ..}.
 */
public final class RequestValidator {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?[0-9]+(_[0-9]+)*(\\.0*)?");
  private static final Pattern NUMBER_TEXT =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern NON_FINITE_TEXT =
      Pattern.compile("[+-]?(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Pattern HUB_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,96}");
  private static final Pattern HUB_REVISION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]{0,254}");
  private static final Set<String> TRUE_TEXT = Set.of("t", "y", "on", "yes", "true", "True");
  private static final Set<String> FALSE_TEXT = Set.of("f", "n", "no", "off", "false", "False");
  private static final int MAX_INTEGER_DIGITS = 4300;
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** The {@code *_min}/{@code *_max} pairs, by common prefix. */
  private static final List<String> RANGES =
      List.of(
          "augment_brightness",
          "augment_contrast",
          "augment_color_temp",
          "noise_gaussian_sigma",
          "noise_shot_scale",
          "blur_motion_kernel",
          "blur_defocus_sigma",
          "occlusion_num_patches",
          "occlusion_patch_width",
          "occlusion_patch_height");

  private static final List<String> NON_NEGATIVE =
      List.of(
          "noise_gaussian_sigma_min",
          "noise_gaussian_sigma_max",
          "noise_shot_scale_min",
          "noise_shot_scale_max");

  private static final int MIN_COPIES = 1;
  private static final int MAX_COPIES = 20;

  private final Set<String> allowedSchemes;

  /**
   * @param allowedDatasetSchemes URI schemes a {@code dataset_id} may use besides a Hub repo id,
   *     e.g. {@code file}, {@code s3a}; compared case-insensitively
   */
  public RequestValidator(Collection<String> allowedDatasetSchemes) {
    Set<String> schemes = new LinkedHashSet<>();
    for (String scheme : allowedDatasetSchemes) {
      schemes.add(scheme.toLowerCase(Locale.ROOT));
    }

    this.allowedSchemes = Set.copyOf(schemes);
  }

  /** What became of a body. */
  public sealed interface Outcome permits Accepted, Invalid, Rejected {}

  /**
   * A valid request with defaults filled, and the dataset it names as a job source.
   *
   * @param source the Hub repo id or storage URI to read
   */
  public record Accepted(AugmentationRequest request, String source) implements Outcome {}

  /** Schema problems, every one of them (the API's 422). */
  public record Invalid(List<ValidationProblem> problems) implements Outcome {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }

  /**
   * A schema-valid body that breaks a rule beyond the schema (the API's 400).
   *
   * @param projectId the request's project id, canonical lower-case, for authorisation first
   * @param detail every broken rule, naming the field and the allowed values, joined by "; "
   */
  public record Rejected(String projectId, String detail) implements Outcome {}

  /** Validates a raw body: JSON syntax, then the schema, then the rules. */
  public Outcome validate(String body) {
    if (body == null || body.isEmpty()) {
      return new Invalid(List.of(problem(List.of("body"), "missing", "Field required", null)));
    }

    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JacksonException e) {
      return new Invalid(List.of(jsonInvalid(e)));
    }

    int loneSurrogate = loneSurrogateEscape(body);
    if (loneSurrogate >= 0) {
      return new Invalid(
          List.of(
              new ValidationProblem(
                  "json_invalid",
                  List.of("body", loneSurrogate),
                  "JSON decode error",
                  NODES.objectNode(),
                  Map.of("error", "lone surrogate in hex escape"))));
    }

    return validate(tree);
  }

  /**
   * The offset of the first hex escape (backslash, {@code u}, four digits) of half a surrogate pair
   * without its other half, or -1. Such a string is no Unicode text: pydantic refuses it as invalid
   * JSON, and it could not be written back as UTF-8. Only escapes need a look, since a Java string
   * decoded from UTF-8 holds no lone surrogate, and outside strings valid JSON has no backslash.
   */
  private static int loneSurrogateEscape(String json) {
    int i = json.indexOf('\\');
    while (i >= 0 && i + 1 < json.length()) {
      if (json.charAt(i + 1) != 'u') {
        i = json.indexOf('\\', i + 2);
        continue;
      }

      char unit = (char) Integer.parseInt(json.substring(i + 2, i + 6), 16);
      if (Character.isLowSurrogate(unit)) {
        return i;
      }

      if (Character.isHighSurrogate(unit)) {
        boolean paired =
            json.startsWith("\\u", i + 6)
                && i + 12 <= json.length()
                && Character.isLowSurrogate(
                    (char) Integer.parseInt(json.substring(i + 8, i + 12), 16));
        if (!paired) {
          return i;
        }

        i += 6;
      }

      i = json.indexOf('\\', i + 6);
    }

    return -1;
  }

  /** Validates a request built in code (for instance by the command line). */
  public Outcome validate(AugmentationRequest request) {
    return validate(SpecJson.write(request));
  }

  /** Validates a parsed body. */
  public Outcome validate(JsonNode body) {
    if (body == null || body.isMissingNode()) {
      return new Invalid(List.of(problem(List.of("body"), "missing", "Field required", null)));
    }

    if (!body.isObject()) {
      return new Invalid(
          List.of(
              problem(
                  List.of("body"),
                  "model_attributes_type",
                  "Input should be a valid dictionary or object to extract fields from",
                  body)));
    }

    List<ValidationProblem> problems = new ArrayList<>();
    ObjectNode coerced = checkSchema((ObjectNode) body, problems);
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }

    List<String> broken = new ArrayList<>();
    String source = checkRules(coerced, broken);
    if (!broken.isEmpty()) {
      return new Rejected(coerced.path("project_id").asText(), String.join("; ", broken));
    }

    AugmentationRequest request;
    try {
      request = SpecJson.mapper().treeToValue(coerced, AugmentationRequest.class);
    } catch (JacksonException e) {
      throw new IllegalStateException("Cannot build a request from a valid body", e);
    }

    return new Accepted(request, source);
  }

  /**
   * The job source a {@code dataset_id} names: a Hub repo id as given, or a URI of an allowed
   * scheme.
   *
   * @throws IllegalArgumentException naming {@code dataset_id}, the value and what is allowed
   */
  public String datasetSource(String datasetId) {
    if (datasetId.isBlank()) {
      throw new IllegalArgumentException(
          "Invalid dataset_id: it is empty, expected a Hub repo id (org/name[@revision]) or a URI"
              + " with scheme "
              + schemesText());
    }

    if (climbsOut(datasetId)) {
      throw new IllegalArgumentException(
          "Invalid dataset_id: '" + datasetId + "' climbs out of its root with '..'");
    }

    if (URI_SCHEME.matcher(datasetId).find()) {
      return checkUri(datasetId);
    }

    if (isHubRepoId(datasetId)) {
      return datasetId;
    }

    String hint = datasetId.startsWith("/") ? ", for a local path write file://" + datasetId : "";
    throw new IllegalArgumentException(
        "Invalid dataset_id: '"
            + datasetId
            + "' is neither a Hub repo id (org/name[@revision]) nor a URI with an allowed scheme ("
            + schemesText()
            + ")"
            + hint);
  }

  // ---- schema phase ----

  private static ObjectNode checkSchema(ObjectNode body, List<ValidationProblem> problems) {
    ObjectNode coerced = NODES.objectNode();
    for (Field field : RequestFields.all()) {
      JsonNode value = body.get(field.name());
      List<Object> loc = List.of("body", field.name());
      if (value == null) {
        if (field.required()) {
          problems.add(problem(loc, "missing", "Field required", body));
        }

        continue;
      }

      JsonNode checked = checkValue(field, value, loc, problems);
      if (checked != null) {
        coerced.set(field.name(), checked);
      }
    }

    Iterator<Map.Entry<String, JsonNode>> entries = body.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      if (RequestFields.find(entry.getKey()).isEmpty()) {
        problems.add(
            problem(
                List.of("body", entry.getKey()),
                "extra_forbidden",
                "Extra inputs are not permitted",
                entry.getValue()));
      }
    }

    return coerced;
  }

  /** The coerced value, or null after adding the problems found. */
  private static JsonNode checkValue(
      Field field, JsonNode value, List<Object> loc, List<ValidationProblem> problems) {
    if (value.isNull() && field.nullable()) {
      return value;
    }

    return switch (field.kind()) {
      case STRING -> checkString(field, value, loc, problems);
      case INTEGER -> checkBounds(field, toInteger(value, loc, problems), value, loc, problems);
      case NUMBER -> checkBounds(field, toNumber(value, loc, problems), value, loc, problems);
      case BOOLEAN -> toBoolean(value, loc, problems);
      case INTEGER_MAP -> checkIntegerMap(value, loc, problems);
      case STRING_LIST -> checkStringList(value, loc, problems);
    };
  }

  private static JsonNode checkString(
      Field field, JsonNode value, List<Object> loc, List<ValidationProblem> problems) {
    if (field.isEnum()) {
      if (value.isTextual() && field.allowedValues().contains(value.textValue())) {
        return value;
      }

      String expected = expected(field.allowedValues());
      problems.add(
          new ValidationProblem(
              "enum", loc, "Input should be " + expected, value, Map.of("expected", expected)));
      return null;
    }

    if ("uuid".equals(field.format())) {
      return checkUuid(value, loc, problems);
    }

    if (!value.isTextual()) {
      problems.add(problem(loc, "string_type", "Input should be a valid string", value));
      return null;
    }

    String text = value.textValue();
    Integer maxLength = field.maxLength();
    if (maxLength != null && text.codePointCount(0, text.length()) > maxLength) {
      problems.add(
          new ValidationProblem(
              "string_too_long",
              loc,
              "String should have at most "
                  + maxLength
                  + " character"
                  + (maxLength == 1 ? "" : "s"),
              value,
              Map.of("max_length", maxLength)));
      return null;
    }

    return value;
  }

  private static JsonNode checkUuid(
      JsonNode value, List<Object> loc, List<ValidationProblem> problems) {
    if (!value.isTextual()) {
      problems.add(
          problem(loc, "uuid_type", "UUID input should be a string, bytes or UUID object", value));
      return null;
    }

    try {
      return TextNode.valueOf(canonicalUuid(value.textValue()));
    } catch (IllegalArgumentException e) {
      problems.add(
          new ValidationProblem(
              "uuid_parsing",
              loc,
              "Input should be a valid UUID, " + e.getMessage(),
              value,
              Map.of("error", e.getMessage())));
      return null;
    }
  }

  private static BigDecimal toInteger(
      JsonNode value, List<Object> loc, List<ValidationProblem> problems) {
    if (value.isBoolean()) {
      return value.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
    }

    if (value.isIntegralNumber()) {
      return new BigDecimal(value.bigIntegerValue());
    }

    if (value.isNumber()) {
      BigDecimal number = decimal(value);
      if (number == null) {
        // Checked first: making 1e999999999 whole would build a billion-digit integer.
        problems.add(problem(loc, "finite_number", "Input should be a finite number", value));
        return null;
      }

      if (number.stripTrailingZeros().scale() > 0) {
        problems.add(
            problem(
                loc,
                "int_from_float",
                "Input should be a valid integer, got a number with a fractional part",
                value));
        return null;
      }

      return number.setScale(0);
    }

    if (value.isTextual()) {
      String text = value.textValue().strip();
      if (text.length() > MAX_INTEGER_DIGITS) {
        problems.add(
            problem(
                loc,
                "int_parsing_size",
                "Unable to parse input string as an integer, exceeded maximum size",
                value));
        return null;
      }

      if (INTEGER_TEXT.matcher(text).matches()) {
        String digits = text.replace("_", "");
        int dot = digits.indexOf('.');
        return new BigDecimal(dot < 0 ? digits : digits.substring(0, dot));
      }

      problems.add(
          problem(
              loc,
              "int_parsing",
              "Input should be a valid integer, unable to parse string as an integer",
              value));
      return null;
    }

    problems.add(problem(loc, "int_type", "Input should be a valid integer", value));
    return null;
  }

  private static BigDecimal toNumber(
      JsonNode value, List<Object> loc, List<ValidationProblem> problems) {
    if (value.isBoolean()) {
      return value.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
    }

    BigDecimal number = null;
    if (value.isNumber()) {
      number = decimal(value);
      if (number == null) {
        problems.add(problem(loc, "finite_number", "Input should be a finite number", value));
        return null;
      }
    } else if (value.isTextual()) {
      String text = value.textValue().strip();
      if (NUMBER_TEXT.matcher(text).matches()) {
        number = parseNumber(text);
        if (number == null) {
          problems.add(problem(loc, "finite_number", "Input should be a finite number", value));
          return null;
        }
      } else if (NON_FINITE_TEXT.matcher(text).matches()) {
        problems.add(problem(loc, "finite_number", "Input should be a finite number", value));
        return null;
      } else {
        problems.add(
            problem(
                loc,
                "float_parsing",
                "Input should be a valid number, unable to parse string as a number",
                value));
        return null;
      }
    } else {
      problems.add(problem(loc, "float_type", "Input should be a valid number", value));
      return null;
    }

    if (Double.isInfinite(number.doubleValue())) {
      problems.add(problem(loc, "finite_number", "Input should be a finite number", value));
      return null;
    }

    return number;
  }

  /**
   * A JSON number as a decimal, or null when it is beyond double range: Jackson keeps a literal
   * like {@code 1e309} as an infinite double, which has no decimal.
   */
  private static BigDecimal decimal(JsonNode number) {
    if (number.isFloatingPointNumber() && !Double.isFinite(number.doubleValue())) {
      return null;
    }

    BigDecimal value = number.decimalValue();
    return Double.isInfinite(value.doubleValue()) ? null : value;
  }

  /**
   * A numeric text as a decimal, or null when it is beyond double range. Long texts and exponents
   * beyond {@code int} go through {@code double}: exact decimals of them would cost time quadratic
   * in their length, or fail.
   */
  private static BigDecimal parseNumber(String text) {
    if (text.length() <= MAX_INTEGER_DIGITS) {
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException exponentOverflow) {
        // falls through to double
      }
    }

    double value = Double.parseDouble(text);
    return Double.isInfinite(value) ? null : BigDecimal.valueOf(value);
  }

  private static JsonNode checkBounds(
      Field field,
      BigDecimal number,
      JsonNode value,
      List<Object> loc,
      List<ValidationProblem> problems) {
    if (number == null) {
      return null;
    }

    if (field.minimum() != null && number.compareTo(field.minimum()) < 0) {
      problems.add(
          new ValidationProblem(
              "greater_than_equal",
              loc,
              "Input should be greater than or equal to " + field.minimum().toPlainString(),
              value,
              Map.of("ge", field.minimum())));
      return null;
    }

    if (field.maximum() != null && number.compareTo(field.maximum()) > 0) {
      problems.add(
          new ValidationProblem(
              "less_than_equal",
              loc,
              "Input should be less than or equal to " + field.maximum().toPlainString(),
              value,
              Map.of("le", field.maximum())));
      return null;
    }

    if (field.kind() == Kind.INTEGER) {
      return NODES.numberNode(number.toBigIntegerExact());
    }

    return NODES.numberNode(number.doubleValue());
  }

  private static JsonNode toBoolean(
      JsonNode value, List<Object> loc, List<ValidationProblem> problems) {
    if (value.isBoolean()) {
      return value;
    }

    if (value.isTextual() && TRUE_TEXT.contains(value.textValue())) {
      return BooleanNode.TRUE;
    }

    if (value.isTextual() && FALSE_TEXT.contains(value.textValue())) {
      return BooleanNode.FALSE;
    }

    BigDecimal number = value.isNumber() ? decimal(value) : null;
    if (number != null && number.compareTo(BigDecimal.ONE) == 0) {
      return BooleanNode.TRUE;
    }

    if (number != null && number.signum() == 0) {
      return BooleanNode.FALSE;
    }

    if (value.isTextual() || value.isNumber()) {
      problems.add(
          problem(
              loc,
              "bool_parsing",
              "Input should be a valid boolean, unable to interpret input",
              value));
      return null;
    }

    problems.add(problem(loc, "bool_type", "Input should be a valid boolean", value));
    return null;
  }

  private static JsonNode checkIntegerMap(
      JsonNode value, List<Object> loc, List<ValidationProblem> problems) {
    if (!value.isObject()) {
      problems.add(problem(loc, "dict_type", "Input should be a valid dictionary", value));
      return null;
    }

    ObjectNode coerced = NODES.objectNode();
    int before = problems.size();
    Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      BigDecimal number = toInteger(entry.getValue(), append(loc, entry.getKey()), problems);
      if (number != null) {
        coerced.set(entry.getKey(), NODES.numberNode(number.toBigIntegerExact()));
      }
    }

    return problems.size() == before ? coerced : null;
  }

  private static JsonNode checkStringList(
      JsonNode value, List<Object> loc, List<ValidationProblem> problems) {
    if (!value.isArray()) {
      problems.add(problem(loc, "list_type", "Input should be a valid list", value));
      return null;
    }

    int before = problems.size();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual()) {
        problems.add(
            problem(append(loc, i), "string_type", "Input should be a valid string", value.get(i)));
      }
    }

    return problems.size() == before ? value : null;
  }

  // ---- rules phase ----

  /** Adds each broken rule to {@code broken}; returns the dataset source when it is valid. */
  private String checkRules(ObjectNode body, List<String> broken) {
    if ("generative".equals(text(body, "augmentation_type"))) {
      broken.add(
          "Invalid augmentation_type: 'generative' is disabled (Cosmos Transfer2.5 generation is"
              + " not available), allowed: deterministic");
    }

    checkListed(body, "noise_type", NoiseType::fromWireName, broken);
    checkListed(body, "blur_type", BlurType::fromWireName, broken);
    checkListed(body, "occlusion_type", OcclusionType::fromWireName, broken);
    checkListed(body, "cosmos_control_type", CosmosControlType::fromWireName, broken);

    for (String name : NON_NEGATIVE) {
      if (number(body, name).signum() < 0) {
        broken.add("Invalid " + name + ": " + shown(body, name) + ", it must be >= 0");
      }
    }

    for (String range : RANGES) {
      String min = range + "_min";
      String max = range + "_max";
      if (number(body, min).compareTo(number(body, max)) > 0) {
        broken.add(
            "Invalid "
                + min
                + ": "
                + shown(body, min)
                + " is greater than "
                + max
                + " "
                + shown(body, max));
      }
    }

    BigInteger seed = number(body, "cosmos_seed").toBigIntegerExact();
    if (seed.compareTo(LONG_MIN) < 0 || seed.compareTo(LONG_MAX) > 0) {
      broken.add("Invalid cosmos_seed: " + seed + ", it must fit in a signed 64-bit integer");
    }

    checkCopiesPerTransform(body, broken);

    try {
      return datasetSource(text(body, "dataset_id"));
    } catch (IllegalArgumentException e) {
      broken.add(e.getMessage());
      return null;
    }
  }

  private static void checkListed(
      ObjectNode body, String name, Function<String, ?> parse, List<String> broken) {
    try {
      parse.apply(text(body, name));
    } catch (IllegalArgumentException e) {
      broken.add(e.getMessage());
    }
  }

  private static void checkCopiesPerTransform(ObjectNode body, List<String> broken) {
    List<TransformFamily> chosen = null;
    try {
      chosen = AugmentationRequest.parseTransforms(text(body, "augment_transforms"));
    } catch (IllegalArgumentException e) {
      broken.add(e.getMessage());
    }

    JsonNode copies = body.path("augment_copies_per_transform");
    if (!copies.isObject() || copies.isEmpty()) {
      return;
    }

    if (!"independent".equals(text(body, "augment_mode"))) {
      broken.add(
          "Invalid augment_copies_per_transform: it applies to augment_mode 'independent' only,"
              + " and augment_mode is '"
              + text(body, "augment_mode")
              + "'");
    }

    Iterator<Map.Entry<String, JsonNode>> entries = copies.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      checkCopiesEntry(entry.getKey(), entry.getValue(), chosen, broken);
    }
  }

  private static void checkCopiesEntry(
      String key, JsonNode copies, List<TransformFamily> chosen, List<String> broken) {
    if (chosen != null && chosen.stream().noneMatch(f -> f.wireName().equals(key))) {
      broken.add(
          "Invalid augment_copies_per_transform: '"
              + key
              + "' is not a chosen transform, chosen: "
              + TransformFamily.wireNames(chosen));
    }

    BigInteger value = copies.bigIntegerValue();
    if (value.compareTo(BigInteger.valueOf(MIN_COPIES)) < 0
        || value.compareTo(BigInteger.valueOf(MAX_COPIES)) > 0) {
      broken.add(
          "Invalid augment_copies_per_transform['"
              + key
              + "']: "
              + value
              + ", allowed: "
              + MIN_COPIES
              + ".."
              + MAX_COPIES);
    }
  }

  private String checkUri(String datasetId) {
    URI uri;
    try {
      uri = new URI(datasetId);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Invalid dataset_id: '" + datasetId + "' is not a valid URI: " + e.getReason(), e);
    }

    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!allowedSchemes.contains(scheme)) {
      throw new IllegalArgumentException(
          "Invalid dataset_id: scheme '" + scheme + "' is not allowed, allowed: " + schemesText());
    }

    if (uri.isOpaque() || uri.getPath() == null || uri.getPath().replace("/", "").isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid dataset_id: '"
              + datasetId
              + "' names no dataset path, write an absolute URI like "
              + scheme
              + ":///data/my_dataset");
    }

    String host = uri.getAuthority();
    if (scheme.equals("file") && host != null && !host.equals("localhost")) {
      throw new IllegalArgumentException(
          "Invalid dataset_id: '" + datasetId + "' names host '" + host + "', write file:///path");
    }

    return datasetId;
  }

  private static boolean isHubRepoId(String datasetId) {
    int at = datasetId.indexOf('@');
    String repo = at < 0 ? datasetId : datasetId.substring(0, at);
    if (at >= 0 && !HUB_REVISION.matcher(datasetId.substring(at + 1)).matches()) {
      return false;
    }

    String[] parts = repo.split("/", -1);
    return parts.length == 2 && isHubName(parts[0]) && isHubName(parts[1]);
  }

  private static boolean isHubName(String name) {
    return HUB_NAME.matcher(name).matches()
        && !name.contains("--")
        && !name.contains("..")
        && !name.startsWith("-")
        && !name.startsWith(".")
        && !name.endsWith("-")
        && !name.endsWith(".");
  }

  private static boolean climbsOut(String datasetId) {
    String decoded;
    try {
      decoded = URLDecoder.decode(datasetId.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      decoded = datasetId;
    }

    for (String text : List.of(datasetId, decoded)) {
      for (String segment : text.split("[/\\\\@]", -1)) {
        if (segment.equals("..")) {
          return true;
        }
      }
    }

    return false;
  }

  private String schemesText() {
    return allowedSchemes.isEmpty()
        ? "none"
        : String.join(", ", allowedSchemes.stream().sorted().toList());
  }

  // ---- helpers ----

  private static String text(ObjectNode body, String name) {
    JsonNode value = body.get(name);
    if (value != null) {
      return value.asText();
    }

    return String.valueOf(RequestFields.get(name).defaultValue());
  }

  private static BigDecimal number(ObjectNode body, String name) {
    JsonNode value = body.get(name);
    if (value != null) {
      return value.decimalValue();
    }

    return new BigDecimal(String.valueOf(RequestFields.get(name).defaultValue()));
  }

  private static String shown(ObjectNode body, String name) {
    return number(body, name).stripTrailingZeros().toPlainString();
  }

  private static String expected(List<String> values) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(i == values.size() - 1 ? " or " : ", ");
      }

      text.append('\'').append(values.get(i)).append('\'');
    }

    return text.toString();
  }

  private static List<Object> append(List<Object> loc, Object key) {
    List<Object> longer = new ArrayList<>(loc);
    longer.add(key);
    return longer;
  }

  private static ValidationProblem problem(
      List<Object> loc, String type, String msg, JsonNode input) {
    return ValidationProblem.of(loc, type, msg, input);
  }

  private static ValidationProblem jsonInvalid(JacksonException e) {
    JsonLocation where = e.getLocation();
    long offset = where == null ? 0 : Math.max(0, where.getCharOffset());
    String reason = Objects.requireNonNullElse(e.getOriginalMessage(), "invalid JSON");
    if (reason.startsWith("Unexpected character") && offset > 0) {
      // Jackson reports the position after the offending character; pydantic the character's own.
      offset--;
    }

    return new ValidationProblem(
        "json_invalid",
        List.of("body", offset),
        "JSON decode error",
        NODES.objectNode(),
        Map.of("error", reason.lines().findFirst().orElse(reason)));
  }

  /**
   * The canonical (lower-case, hyphenated) form of a UUID in any form pydantic accepts: hyphenated,
   * 32 hex digits, braced or {@code urn:uuid:} prefixed.
   *
   * @throws IllegalArgumentException with the reason, worded like pydantic's uuid errors
   */
  public static String canonicalUuid(String text) {
    String body = text;
    int offset = 0;
    if (body.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
      body = body.substring(9);
      offset = 9;
    } else if (body.startsWith("{") && body.endsWith("}") && body.length() > 2) {
      body = body.substring(1, body.length() - 1);
      offset = 1;
    }

    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!isAsciiHexDigit(c) && c != '-') {
        throw new IllegalArgumentException(
            "invalid character: expected an optional prefix of `urn:uuid:` followed by"
                + " [0-9a-fA-F-], found `"
                + c
                + "` at "
                + (offset + i + 1));
      }
    }

    String hex;
    if (body.indexOf('-') < 0) {
      if (body.length() != 32) {
        throw new IllegalArgumentException(
            "invalid length: expected length 32 for simple format, found " + body.length());
      }

      hex = body;
    } else {
      hex = joinGroups(body);
    }

    hex = hex.toLowerCase(Locale.ROOT);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20);
  }

  /** Only ASCII: {@link Character#digit} would also take Arabic-Indic or fullwidth digits. */
  private static boolean isAsciiHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String joinGroups(String body) {
    String[] groups = body.split("-", -1);
    if (groups.length != 5) {
      throw new IllegalArgumentException("invalid group count: expected 5, found " + groups.length);
    }

    int[] lengths = {8, 4, 4, 4, 12};
    for (int g = 0; g < 5; g++) {
      if (groups[g].length() != lengths[g]) {
        throw new IllegalArgumentException(
            "invalid group length in group "
                + g
                + ": expected "
                + lengths[g]
                + ", found "
                + groups[g].length());
      }
    }

    return String.join("", groups);
  }
}
