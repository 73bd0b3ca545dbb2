package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.JSON;
import static dev.robotaug.api.TestingApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.RequestFields;
import dev.robotaug.spec.RequestFields.Field;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /openapi.json} lists every request field as the contract and the model have it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestOpenApi {
  private TestingApi api;
  private JsonNode doc;

  @BeforeAll
  void fetch(@TempDir Path dir) throws Exception {
    api = TestingApi.start(dir);
    HttpResponse<String> response = api.get("/openapi.json", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    doc = json(response);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void documentIsOpenApi31() {
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(doc.path("info").path("version").asText()).isEqualTo(ApiServer.VERSION);
  }

  @Test
  void requestSchemaHasExactlyTheModelsFields() {
    List<String> modelFields =
        Arrays.stream(AugmentationRequest.class.getRecordComponents())
            .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value())
            .toList();
    List<String> documented = new ArrayList<>();
    requestProperties().fieldNames().forEachRemaining(documented::add);

    assertThat(documented).containsExactlyElementsOf(modelFields);
    assertThat(requestSchema().get("required").toString())
        .isEqualTo("[\"project_id\",\"dataset_id\"]");
    assertThat(requestSchema().get("additionalProperties").asBoolean()).isFalse();
  }

  @Test
  void everyFieldShowsTypeDefaultBoundsAndAllowedValuesOfTheFieldTable() {
    for (Field field : RequestFields.all()) {
      JsonNode property = requestProperties().get(field.name());
      JsonNode type = field.nullable() ? property.get("anyOf").get(0) : property;
      if (field.nullable()) {
        assertThat(property.get("anyOf").get(1).get("type").asText())
            .as(field.name())
            .isEqualTo("null");
      }

      assertThat(type.get("type").asText()).as(field.name()).isEqualTo(jsonType(field));
      assertThat(property.get("title").asText()).as(field.name()).isEqualTo(field.title());
      assertNumber(
          type.get("minimum"),
          field.minimum() == null ? null : field.minimum().doubleValue(),
          field.name());
      assertNumber(
          type.get("maximum"),
          field.maximum() == null ? null : field.maximum().doubleValue(),
          field.name());
      assertNumber(
          type.get("maxLength"),
          field.maxLength() == null ? null : field.maxLength().doubleValue(),
          field.name());
      assertThat(type.path("format").asText(null)).as(field.name()).isEqualTo(field.format());
      List<String> values = new ArrayList<>();
      type.path("enum").forEach(v -> values.add(v.asText()));
      assertThat(values).as(field.name()).isEqualTo(field.allowedValues());
      if (field.required()) {
        assertThat(property.has("default")).as(field.name()).isFalse();
      } else {
        assertThat(property.get("default"))
            .as(field.name())
            .isEqualTo(roundTrip(field.defaultValue()));
      }
    }
  }

  @Test
  void documentedDefaultsAreTheModelsDefaults() {
    JsonNode model = roundTrip(AugmentationRequest.defaults());
    for (Field field : RequestFields.all()) {
      if (field.required() || field.name().equals("augment_copies_per_transform")) {
        continue;
      }

      JsonNode documented = requestProperties().get(field.name()).get("default");
      assertThat(documented).as(field.name()).isEqualTo(model.get(field.name()));
    }

    assertThat(requestProperties().get("augment_copies_per_transform").get("default").isNull())
        .isTrue();
    assertThat(model.get("augment_copies_per_transform")).isEmpty();
  }

  @Test
  void contractBoundsAppearInTheDocument() {
    for (TestApiValidation.Bound bound : TestApiValidation.CONTRACT_BOUNDS) {
      JsonNode property = requestProperties().get(bound.field());
      assertNumber(
          property.get("minimum"),
          bound.min() == null ? null : Double.valueOf(bound.min()),
          bound.field());
      assertNumber(
          property.get("maximum"),
          bound.max() == null ? null : Double.valueOf(bound.max()),
          bound.field());
    }

    assertThat(requestProperties().get("name").get("anyOf").get(0).get("maxLength").asInt())
        .isEqualTo(255);
    assertThat(requestProperties().get("project_id").get("format").asText()).isEqualTo("uuid");
  }

  @Test
  void submitOperationListsEveryAnswerWithItsSchema() {
    JsonNode responses = doc.path("paths").path("/v1/augmentation").path("post").path("responses");

    assertThat(schemaOf(responses, "200")).isEqualTo("#/components/schemas/AugmentationResponse");
    for (String status : List.of("400", "401", "403")) {
      assertThat(schemaOf(responses, status))
          .as(status)
          .isEqualTo("#/components/schemas/ErrorResponse");
    }

    assertThat(schemaOf(responses, "422")).isEqualTo("#/components/schemas/HTTPValidationError");
    JsonNode schemas = doc.path("components").path("schemas");
    assertThat(schemas.path("ErrorResponse").path("required").toString()).isEqualTo("[\"detail\"]");
    assertThat(
            schemas
                .path("HTTPValidationError")
                .path("properties")
                .path("detail")
                .path("items")
                .path("$ref")
                .asText())
        .isEqualTo("#/components/schemas/ValidationError");
    assertThat(schemas.path("ValidationError").path("properties").fieldNames())
        .toIterable()
        .containsExactly("loc", "msg", "type", "input", "ctx");
  }

  @Test
  void jobResourcePathsAreDocumented() {
    JsonNode paths = doc.path("paths");

    assertThat(paths.path("/v1/augmentation").has("get")).isTrue();
    assertThat(paths.path("/v1/augmentation/{job_id}").has("get")).isTrue();
    assertThat(paths.path("/v1/augmentation/{job_id}/cancel").has("post")).isTrue();
    assertThat(
            schemaOf(
                paths.path("/v1/augmentation/{job_id}/cancel").path("post").path("responses"),
                "409"))
        .isEqualTo("#/components/schemas/ErrorResponse");
    assertThat(
            doc.path("components")
                .path("securitySchemes")
                .path("APIKeyHeader")
                .path("name")
                .asText())
        .isEqualTo("x-api-key");
  }

  private JsonNode requestSchema() {
    return doc.path("components").path("schemas").path("AugmentationRequest");
  }

  private JsonNode requestProperties() {
    return requestSchema().path("properties");
  }

  private static String schemaOf(JsonNode responses, String status) {
    return responses
        .path(status)
        .path("content")
        .path("application/json")
        .path("schema")
        .path("$ref")
        .asText();
  }

  private static String jsonType(Field field) {
    return switch (field.kind()) {
      case STRING -> "string";
      case INTEGER -> "integer";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case INTEGER_MAP -> "object";
      case STRING_LIST -> "array";
    };
  }

  private static void assertNumber(JsonNode node, Double expected, String field) {
    if (expected == null) {
      assertThat(node).as(field).isNull();
    } else {
      assertThat(node).as(field).isNotNull();
      assertThat(node.asDouble()).as(field).isEqualTo(expected);
    }
  }

  private static JsonNode roundTrip(Object value) {
    try {
      return JSON.readTree(JSON.writeValueAsString(value));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
