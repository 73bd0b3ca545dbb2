package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.JSON;
import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.RequestFields;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/augmentation} against a real server: every bound of the contract (at the bound,
 * just outside it, a wrong type), every enum-like field, {@code name} length, malformed and empty
 * bodies, unknown fields, and the 400 rules beyond the schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestApiValidation {

  /** A bounded field as the seed contract states it ({@code null}: no bound on that side). */
  record Bound(String field, boolean integer, String min, String max) {}

  /** Transcribed from the seed contract page, independently of {@link RequestFields}. */
  static final List<Bound> CONTRACT_BOUNDS =
      List.of(
          new Bound("augment_copies", true, "1", "20"),
          new Bound("augment_brightness_min", false, "-50", null),
          new Bound("augment_brightness_max", false, null, "50"),
          new Bound("augment_contrast_min", false, "-50", null),
          new Bound("augment_contrast_max", false, null, "50"),
          new Bound("augment_color_temp_min", true, "2000", "6500"),
          new Bound("augment_color_temp_max", true, "4000", "10000"),
          new Bound("noise_gaussian_sigma_min", false, null, "50"),
          new Bound("noise_gaussian_sigma_max", false, null, "50"),
          new Bound("noise_shot_scale_min", false, null, "5"),
          new Bound("noise_shot_scale_max", false, null, "5"),
          new Bound("blur_motion_kernel_min", true, "3", "50"),
          new Bound("blur_motion_kernel_max", true, "3", "50"),
          new Bound("blur_defocus_sigma_min", false, "0.1", "10"),
          new Bound("blur_defocus_sigma_max", false, "0.1", "10"),
          new Bound("occlusion_num_patches_min", true, "1", "10"),
          new Bound("occlusion_num_patches_max", true, "1", "10"),
          new Bound("occlusion_patch_width_min", false, "0.01", "0.5"),
          new Bound("occlusion_patch_width_max", false, "0.01", "0.5"),
          new Bound("occlusion_patch_height_min", false, "0.01", "0.5"),
          new Bound("occlusion_patch_height_max", false, "0.01", "0.5"),
          new Bound("cosmos_control_weight", false, null, "2"),
          new Bound("cosmos_guidance", true, "1", "20"),
          new Bound("cosmos_num_steps", true, "1", "100"));

  private Path dir;
  private TestingApi api;

  @BeforeAll
  void startServer(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    api = TestingApi.start(dir);
  }

  @AfterAll
  void stopServer() {
    api.close();
  }

  @Test
  void contractBoundsAreExactlyTheBoundedNumericFieldsOfTheFieldTable() {
    Set<String> bounded =
        RequestFields.all().stream()
            .filter(f -> f.minimum() != null || f.maximum() != null)
            .map(RequestFields.Field::name)
            .collect(Collectors.toSet());
    assertThat(CONTRACT_BOUNDS.stream().map(Bound::field))
        .containsExactlyInAnyOrderElementsOf(bounded);
    for (Bound bound : CONTRACT_BOUNDS) {
      RequestFields.Field field = RequestFields.get(bound.field());
      assertThat(field.kind())
          .as(bound.field())
          .isEqualTo(bound.integer() ? RequestFields.Kind.INTEGER : RequestFields.Kind.NUMBER);
      assertThat(field.minimum()).as(bound.field()).isEqualTo(decimal(bound.min()));
      assertThat(field.maximum()).as(bound.field()).isEqualTo(decimal(bound.max()));
    }
  }

  static Stream<Arguments> boundsAtTheLimit() {
    List<Arguments> cases = new ArrayList<>();
    for (Bound bound : CONTRACT_BOUNDS) {
      if (bound.min() != null) {
        cases.add(Arguments.of(bound.field(), new BigDecimal(bound.min())));
      }

      if (bound.max() != null) {
        cases.add(Arguments.of(bound.field(), new BigDecimal(bound.max())));
      }
    }

    return cases.stream();
  }

  @ParameterizedTest(name = "{0} = {1} is accepted")
  @MethodSource("boundsAtTheLimit")
  void valueAtTheBoundIsAcceptedAndStored(String field, BigDecimal bound) throws Exception {
    ObjectNode body = validBody();
    body.put(field, bound);
    keepRangeOrdered(body, field, bound);

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JobSpec spec = api.spec(json(response).get("job_id").asText());
    JsonNode stored = JSON.valueToTree(spec.request()).get(field);
    assertThat(stored.decimalValue()).isEqualByComparingTo(bound);
  }

  static Stream<Arguments> boundsJustOutside() {
    List<Arguments> cases = new ArrayList<>();
    for (Bound bound : CONTRACT_BOUNDS) {
      BigDecimal step = bound.integer() ? BigDecimal.ONE : new BigDecimal("0.001");
      if (bound.min() != null) {
        BigDecimal outside = new BigDecimal(bound.min()).subtract(step);
        cases.add(Arguments.of(bound.field(), outside, "greater_than_equal", "ge", bound.min()));
      }

      if (bound.max() != null) {
        BigDecimal outside = new BigDecimal(bound.max()).add(step);
        cases.add(Arguments.of(bound.field(), outside, "less_than_equal", "le", bound.max()));
      }
    }

    return cases.stream();
  }

  @ParameterizedTest(name = "{0} = {1} is {2}")
  @MethodSource("boundsJustOutside")
  void valueJustOutsideTheBoundIsA422NamingTheBound(
      String field, BigDecimal outside, String type, String ctxKey, String bound) throws Exception {
    ObjectNode body = validBody();
    body.put(field, outside);

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(422);
    String words =
        type.equals("greater_than_equal") ? "greater than or equal to " : "less than or equal to ";
    ObjectNode expected =
        problem(type, field, "Input should be " + words + bound, JSON.valueToTree(outside));
    expected.putObject("ctx").put(ctxKey, new BigDecimal(bound));
    assertThat(json(response)).isEqualTo(detail(expected));
  }

  @ParameterizedTest(name = "{0} = \"abc\"")
  @MethodSource("boundedFields")
  void wrongTypeOfABoundedFieldIsA422ParsingError(String field, boolean integer) throws Exception {
    ObjectNode body = validBody();
    body.put(field, "abc");

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(422);
    ObjectNode expected =
        integer
            ? problem(
                "int_parsing",
                field,
                "Input should be a valid integer, unable to parse string as an integer",
                JSON.valueToTree("abc"))
            : problem(
                "float_parsing",
                field,
                "Input should be a valid number, unable to parse string as a number",
                JSON.valueToTree("abc"));
    assertThat(json(response)).isEqualTo(detail(expected));
  }

  static Stream<Arguments> boundedFields() {
    return CONTRACT_BOUNDS.stream().map(b -> Arguments.of(b.field(), b.integer()));
  }

  @Test
  void objectForANumberIsA422TypeError() {
    ObjectNode body = validBody();
    body.putObject("augment_copies");
    body.putArray("augment_brightness_min");

    JsonNode detail = json(api.submit(body)).get("detail");

    assertThat(detail).hasSize(2);
    assertThat(detail.get(0).get("type").asText()).isEqualTo("int_type");
    assertThat(detail.get(0).get("msg").asText()).isEqualTo("Input should be a valid integer");
    assertThat(detail.get(1).get("type").asText()).isEqualTo("float_type");
    assertThat(detail.get(1).get("msg").asText()).isEqualTo("Input should be a valid number");
  }

  @Test
  void nameOf255CharactersIsAcceptedAnd256IsA422() throws Exception {
    ObjectNode body = validBody();
    body.put("name", "n".repeat(255));
    HttpResponse<String> accepted = api.submit(body);
    body.put("name", "n".repeat(256));
    HttpResponse<String> refused = api.submit(body);

    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(api.spec(json(accepted).get("job_id").asText()).request().name()).hasSize(255);
    assertThat(refused.statusCode()).isEqualTo(422);
    ObjectNode expected =
        problem(
            "string_too_long",
            "name",
            "String should have at most 255 characters",
            JSON.valueToTree("n".repeat(256)));
    expected.putObject("ctx").put("max_length", 255);
    assertThat(json(refused)).isEqualTo(detail(expected));
  }

  @Test
  void nameLengthCountsCharactersNotUtf16Units() {
    ObjectNode body = validBody();
    body.put("name", "\uD83E\uDD16".repeat(255));

    assertThat(api.submit(body).statusCode()).isEqualTo(200);
  }

  @Test
  void nameOfWrongTypeIsA422AndNullIsAccepted() throws Exception {
    ObjectNode body = validBody();
    body.put("name", 42);
    HttpResponse<String> refused = api.submit(body);
    body.putNull("name");
    HttpResponse<String> accepted = api.submit(body);

    assertThat(json(refused))
        .isEqualTo(
            detail(
                problem(
                    "string_type",
                    "name",
                    "Input should be a valid string",
                    JSON.valueToTree(42))));
    assertThat(accepted.statusCode()).isEqualTo(200);
  }

  static Stream<Arguments> schemaEnums() {
    return Stream.of(
        Arguments.of(
            "augmentation_type",
            "deterministic",
            "Deterministic",
            "'deterministic' or 'generative'"),
        Arguments.of("augment_mode", "independent", "Stacked", "'stacked' or 'independent'"),
        Arguments.of("augment_dataset_mode", "inplace", "replace", "'copy' or 'inplace'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaEnums")
  void schemaEnumTakesItsValuesAndRefusesOthersWith422(
      String field, String valid, String invalid, String expected) throws Exception {
    ObjectNode body = validBody();
    body.put(field, valid);
    HttpResponse<String> accepted = api.submit(body);
    body.put(field, invalid);
    HttpResponse<String> refused = api.submit(body);

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    JsonNode stored = JSON.valueToTree(api.spec(json(accepted).get("job_id").asText()).request());
    assertThat(stored.get(field).asText()).isEqualTo(valid);
    ObjectNode problem =
        problem("enum", field, "Input should be " + expected, JSON.valueToTree(invalid));
    problem.putObject("ctx").put("expected", expected);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(json(refused)).isEqualTo(detail(problem));
  }

  static Stream<Arguments> listedValues() {
    return Stream.of(
        Arguments.of("noise_type", List.of("gaussian", "shot", "read", "mixed"), "pink"),
        Arguments.of("blur_type", List.of("motion", "defocus", "mixed"), "Motion"),
        Arguments.of("occlusion_type", List.of("rectangle", "overlay", "mixed"), "circle"),
        Arguments.of("cosmos_control_type", List.of("edge", "depth", "seg", "vis"), "canny"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listedValues")
  void listedValueFieldTakesItsValuesAndRefusesOthersWith400(
      String field, List<String> values, String invalid) {
    for (String value : values) {
      ObjectNode body = validBody();
      body.put(field, value);
      assertThat(api.submit(body).statusCode()).as(field + "=" + value).isEqualTo(200);
    }

    ObjectNode body = validBody();
    body.put(field, invalid);
    HttpResponse<String> refused = api.submit(body);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("detail").asText())
        .isEqualTo(
            "Invalid " + field + ": '" + invalid + "', allowed: " + String.join(", ", values));
  }

  @Test
  void generativeIsA400SayingItIsDisabled() {
    ObjectNode body = validBody();
    body.put("augmentation_type", "generative");

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("detail").asText())
        .contains("augmentation_type")
        .contains("'generative' is disabled")
        .contains("allowed: deterministic");
  }

  @Test
  void malformedJsonIsA422JsonInvalidAtItsOffset() {
    HttpResponse<String> response = api.submit("{\"project_id\": ");

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode problem = json(response).get("detail").get(0);
    assertThat(problem.get("type").asText()).isEqualTo("json_invalid");
    assertThat(problem.get("msg").asText()).isEqualTo("JSON decode error");
    assertThat(problem.get("loc").get(0).asText()).isEqualTo("body");
    assertThat(problem.get("loc").get(1).asInt()).isEqualTo(15);
    assertThat(problem.get("input")).isEqualTo(JSON.createObjectNode());
    assertThat(problem.get("ctx").get("error").asText()).isNotEmpty();
  }

  @Test
  void emptyBodyIsA422MissingBody() throws Exception {
    HttpResponse<String> response = api.post("/v1/augmentation", null, TestingApi.KEY_A);

    assertThat(response.statusCode()).isEqualTo(422);
    ObjectNode expected = JSON.createObjectNode();
    expected.put("type", "missing");
    expected.putArray("loc").add("body");
    expected.put("msg", "Field required");
    expected.putNull("input");
    assertThat(json(response)).isEqualTo(detail(expected));
  }

  @Test
  void bodyOverOneMebibyteIs413InTheErrorShape() {
    ObjectNode body = validBody();
    body.put("name", "x".repeat((int) ApiServer.MAX_BODY_BYTES));

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("detail").isTextual()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1, 2]", "\"text\"", "42", "null"})
  void bodyThatIsNoObjectIsA422(String body) {
    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode problem = json(response).get("detail").get(0);
    assertThat(problem.get("type").asText()).isEqualTo("model_attributes_type");
    assertThat(problem.get("loc")).isEqualTo(JSON.createArrayNode().add("body"));
  }

  @Test
  void unknownFieldsAreEachA422ExtraForbidden() throws Exception {
    ObjectNode body = validBody();
    body.put("augment_copy", 5);
    body.put("seed", 1);

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(json(response))
        .isEqualTo(
            detail(
                problem(
                    "extra_forbidden",
                    "augment_copy",
                    "Extra inputs are not permitted",
                    JSON.valueToTree(5)),
                problem(
                    "extra_forbidden",
                    "seed",
                    "Extra inputs are not permitted",
                    JSON.valueToTree(1))));
  }

  @Test
  void everySchemaProblemIsReportedAtOnceInFieldOrder() {
    ObjectNode body = JSON.createObjectNode();
    body.put("augment_copies", 0);
    body.put("augment_mode", "both");
    body.put("noise_shot_scale_max", 9);
    body.put("extra", true);

    JsonNode detail = json(api.submit(body)).get("detail");

    assertThat(detail).hasSize(6);
    assertThat(detail.findValuesAsText("type"))
        .containsExactly(
            "missing",
            "missing",
            "enum",
            "greater_than_equal",
            "less_than_equal",
            "extra_forbidden");
    assertThat(detail.get(0).get("loc"))
        .isEqualTo(JSON.createArrayNode().add("body").add("project_id"));
    assertThat(detail.get(0).get("input")).isEqualTo(body);
  }

  @Test
  void projectIdMustBeAUuid() {
    ObjectNode body = validBody();
    body.put("project_id", "project-a");

    JsonNode problem = json(api.submit(body)).get("detail").get(0);

    assertThat(problem.get("type").asText()).isEqualTo("uuid_parsing");
    assertThat(problem.get("msg").asText())
        .startsWith("Input should be a valid UUID, invalid character");
    assertThat(problem.get("ctx").get("error").asText()).contains("found `p` at 1");
  }

  @Test
  void laxCoercionsFollowPydantic() throws Exception {
    ObjectNode body = validBody();
    body.put("augment_copies", 3.0);
    body.put("augment_color_temp_min", "4500");
    body.put("augment_brightness_max", "12.5");
    body.put("cosmos_disable_guardrails", "yes");
    body.put("project_id", TestingApi.PROJECT_A.toUpperCase(java.util.Locale.ROOT));

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JobSpec spec = api.spec(json(response).get("job_id").asText());
    assertThat(spec.request().augmentCopies()).isEqualTo(3);
    assertThat(spec.request().augmentColorTempMin()).isEqualTo(4500);
    assertThat(spec.request().augmentBrightnessMax()).isEqualTo(12.5);
    assertThat(spec.request().cosmosDisableGuardrails()).isTrue();
    assertThat(spec.request().projectId()).isEqualTo(TestingApi.PROJECT_A);
  }

  @Test
  void fractionalIntegerIsA422IntFromFloat() {
    ObjectNode body = validBody();
    body.put("augment_copies", 3.5);

    JsonNode problem = json(api.submit(body)).get("detail").get(0);

    assertThat(problem.get("type").asText()).isEqualTo("int_from_float");
    assertThat(problem.get("msg").asText())
        .isEqualTo("Input should be a valid integer, got a number with a fractional part");
    assertThat(problem.get("input").asDouble()).isEqualTo(3.5);
  }

  @Test
  void minimalRequestIsStoredWithEveryContractFieldAndItsDefault() throws Exception {
    HttpResponse<String> response = api.submit(validBody());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = json(response);
    assertThat(answer.get("status").asText()).isEqualTo("queued");
    assertThat(answer.get("message").asText()).isNotBlank();
    String jobId = answer.get("job_id").asText();
    assertThat(java.util.UUID.fromString(jobId).toString()).isEqualTo(jobId);

    JsonNode stored =
        JSON.readTree(
            java.nio.file.Files.readString(dir.resolve("store/jobs/" + jobId + "/spec.json")));
    JsonNode request = stored.get("request");
    assertThat(request.size()).isEqualTo(RequestFields.all().size());
    for (RequestFields.Field field : RequestFields.all()) {
      if (field.required()) {
        continue;
      }

      JsonNode expected = JSON.readTree(JSON.writeValueAsString(field.defaultValue()));
      if (field.name().equals("augment_copies_per_transform")) {
        expected = JSON.createObjectNode();
      }

      assertThat(request.get(field.name())).as(field.name()).isEqualTo(expected);
    }

    assertThat(stored.get("compute_profile").asText()).isEqualTo("cpu");
    assertThat(stored.get("source").asText()).isEqualTo("lerobot/pusht");
    assertThat(stored.get("output").asText()).endsWith("/datasets/" + jobId);
    assertThat(stored.get("seed").asLong()).isEqualTo(JobSpec.seedFromJobId(jobId));
  }

  @Test
  void minimumAboveMaximumIsA400NamingBoth() {
    ObjectNode body = validBody();
    body.put("blur_motion_kernel_min", 20);
    body.put("blur_motion_kernel_max", 10);

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("detail").asText())
        .isEqualTo("Invalid blur_motion_kernel_min: 20 is greater than blur_motion_kernel_max 10");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lighting,glow", "lighting,lighting", "", "lighting,,noise"})
  void badTransformListIsA400(String transforms) {
    ObjectNode body = validBody();
    body.put("augment_transforms", transforms);

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("detail").asText()).startsWith("Invalid augment_transforms");
  }

  @Test
  void copiesPerTransformIsCheckedAgainstModeTransformsAndRange() {
    ObjectNode body = validBody();
    body.put("augment_transforms", "lighting, noise");
    body.putObject("augment_copies_per_transform")
        .put("noise", 2)
        .put("blur", 2)
        .put("lighting", 21);

    String stacked = json(api.submit(body)).get("detail").asText();
    body.put("augment_mode", "independent");
    String independent = json(api.submit(body)).get("detail").asText();
    body.putObject("augment_copies_per_transform").put("noise", 20).put("lighting", 1);
    HttpResponse<String> accepted = api.submit(body);

    assertThat(stacked).contains("augment_mode 'independent' only");
    assertThat(independent)
        .doesNotContain("augment_mode 'independent' only")
        .contains("'blur' is not a chosen transform, chosen: lighting, noise")
        .contains("augment_copies_per_transform['lighting']: 21, allowed: 1..20");
    assertThat(accepted.statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pusht",
        "/data/pusht",
        "http://example.com/pusht",
        "lerobot/../secrets",
        "file:///data/../etc/passwd",
        "file:///data/%2e%2e/etc",
        "lerobot/pusht@../main",
        "s3a://bucket/a/../../b"
      })
  void datasetIdThatIsNoHubIdNorAllowedUriIsA400(String datasetId) {
    ObjectNode body = validBody();
    body.put("dataset_id", datasetId);

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("detail").asText()).startsWith("Invalid dataset_id");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lerobot/pusht@v2.1",
        "org-1/data.set_2",
        "file:///data/pusht",
        "s3a://bucket/pusht"
      })
  void datasetIdAsHubIdOrAllowedUriIsAccepted(String datasetId) throws Exception {
    ObjectNode body = validBody();
    body.put("dataset_id", datasetId);

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(api.spec(json(response).get("job_id").asText()).source()).isEqualTo(datasetId);
  }

  @Test
  void negativeNoiseSigmaIsA400() {
    ObjectNode body = validBody();
    body.put("noise_gaussian_sigma_min", -1);

    HttpResponse<String> response = api.submit(body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("detail").asText())
        .isEqualTo("Invalid noise_gaussian_sigma_min: -1, it must be >= 0");
  }

  /**
   * Keeps the partner of a {@code *_min}/{@code *_max} pair on the right side of a tested bound.
   */
  private static void keepRangeOrdered(ObjectNode body, String field, BigDecimal value) {
    if (field.endsWith("_min")) {
      String max = field.replaceFirst("_min$", "_max");
      BigDecimal current = decimal(RequestFields.get(max).defaultValue().toString());
      body.put(max, current.max(value));
    } else if (field.endsWith("_max")) {
      String min = field.replaceFirst("_max$", "_min");
      BigDecimal current = decimal(RequestFields.get(min).defaultValue().toString());
      body.put(min, current.min(value));
    }
  }

  private static ObjectNode problem(String type, String field, String msg, JsonNode input) {
    ObjectNode problem = JSON.createObjectNode();
    problem.put("type", type);
    problem.putArray("loc").add("body").add(field);
    problem.put("msg", msg);
    problem.set("input", input);
    return problem;
  }

  /** The expected 422 body, written and read back so numbers compare as the server's do. */
  private static JsonNode detail(ObjectNode... problems) throws Exception {
    ObjectNode detail = JSON.createObjectNode();
    detail.putArray("detail").addAll(List.of(problems));
    return JSON.readTree(JSON.writeValueAsString(detail));
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }
}
