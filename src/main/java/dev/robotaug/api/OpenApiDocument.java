package dev.robotaug.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.spec.JobState;
import dev.robotaug.spec.RequestFields;
import dev.robotaug.spec.RequestFields.Field;
import dev.robotaug.spec.SpecJson;
import java.util.Arrays;

/**
 * The OpenAPI 3.1 document served at {@code /openapi.json}, generated from {@link RequestFields} so
 * that every request field shows the contract's type, default, bounds, length limit, format and
 * allowed values, next to the job resource paths and every error answer.
 */
final class OpenApiDocument {
  private static final ObjectMapper JSON = SpecJson.mapper();
  private static final String SCHEMAS = "#/components/schemas/";

  private OpenApiDocument() {}

  static ObjectNode build(String version) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "robotaug augmentation API");
    info.put("version", version);
    info.put(
        "description",
        "Submit deterministic augmentation jobs for LeRobot datasets and follow them. Every call"
            + " needs an x-api-key bound to the project it names.");

    ObjectNode paths = doc.putObject("paths");
    ObjectNode collection = paths.putObject("/v1/augmentation");
    collection.set("post", createOperation());
    collection.set("get", listOperation());
    paths.putObject("/v1/augmentation/{job_id}").set("get", getOperation());
    paths.putObject("/v1/augmentation/{job_id}/cancel").set("post", cancelOperation());

    ObjectNode components = doc.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    schemas.set("AugmentationRequest", requestSchema());
    schemas.set("AugmentationResponse", submittedSchema());
    schemas.set("ErrorResponse", errorSchema());
    schemas.set("HTTPValidationError", validationErrorListSchema());
    schemas.set("ValidationError", validationErrorSchema());
    schemas.set("JobStatus", jobSchema());
    schemas.set("JobPage", pageSchema());
    ObjectNode key = components.putObject("securitySchemes").putObject("APIKeyHeader");
    key.put("type", "apiKey");
    key.put("in", "header");
    key.put("name", AugmentationApi.KEY_HEADER);
    return doc;
  }

  /** The JSON schema of one request field. */
  static ObjectNode fieldSchema(Field field) {
    ObjectNode schema = JSON.createObjectNode();
    schema.put("title", field.title());
    ObjectNode type = typeSchema(field);
    if (field.nullable()) {
      schema.putArray("anyOf").add(type).add(JSON.createObjectNode().put("type", "null"));
    } else {
      schema.setAll(type);
    }

    if (field.description() != null) {
      schema.put("description", field.description());
    }

    if (!field.required()) {
      schema.set("default", JSON.valueToTree(field.defaultValue()));
    }

    return schema;
  }

  private static ObjectNode typeSchema(Field field) {
    ObjectNode type = JSON.createObjectNode();
    switch (field.kind()) {
      case STRING -> type.put("type", "string");
      case INTEGER -> type.put("type", "integer");
      case NUMBER -> type.put("type", "number");
      case BOOLEAN -> type.put("type", "boolean");
      case INTEGER_MAP -> {
        type.put("type", "object");
        type.putObject("additionalProperties").put("type", "integer");
      }
      case STRING_LIST -> {
        type.put("type", "array");
        type.putObject("items").put("type", "string");
      }
    }

    if (field.format() != null) {
      type.put("format", field.format());
    }

    if (field.isEnum()) {
      ArrayNode values = type.putArray("enum");
      field.allowedValues().forEach(values::add);
    }

    if (field.minimum() != null) {
      type.put("minimum", field.minimum());
    }

    if (field.maximum() != null) {
      type.put("maximum", field.maximum());
    }

    if (field.maxLength() != null) {
      type.put("maxLength", field.maxLength());
    }

    return type;
  }

  private static ObjectNode requestSchema() {
    ObjectNode schema = JSON.createObjectNode();
    schema.put("title", "AugmentationRequest");
    schema.put("description", "Request to start a dataset augmentation job.");
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (Field field : RequestFields.all()) {
      properties.set(field.name(), fieldSchema(field));
      if (field.required()) {
        required.add(field.name());
      }
    }

    schema.put("additionalProperties", false);
    return schema;
  }

  private static ObjectNode createOperation() {
    ObjectNode op =
        operation(
            "create_augmentation_job",
            "Create Augmentation Job",
            "Start a new dataset augmentation job. Applies deterministic transforms (lighting,"
                + " noise, blur, occlusion) to a dataset and publishes the augmented result. The"
                + " compute profile is chosen from the augmentation type. Generative augmentation"
                + " (Cosmos Transfer2.5) is currently disabled and returns 400 if requested.");
    ObjectNode body = op.putObject("requestBody");
    body.put("required", true);
    body.putObject("content")
        .putObject("application/json")
        .set("schema", ref("AugmentationRequest"));
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("Augmentation job created successfully", "AugmentationResponse"));
    responses.set("400", response("Invalid request parameters", "ErrorResponse"));
    responses.set("401", response("Invalid or missing API key", "ErrorResponse"));
    responses.set("403", response("The API key may not use this project", "ErrorResponse"));
    responses.set("422", response("Validation error", "HTTPValidationError"));
    responses.set("500", response("The job could not be started", "ErrorResponse"));
    return op;
  }

  private static ObjectNode listOperation() {
    ObjectNode op =
        operation(
            "list_augmentation_jobs",
            "List Augmentation Jobs",
            "The jobs of a project, newest first, a page at a time. Pass next_cursor as cursor"
                + " to read the next page.");
    ArrayNode parameters = (ArrayNode) op.get("parameters");
    ObjectNode project = parameter("project_id", "query", true, "Project whose jobs to list");
    project.putObject("schema").put("type", "string").put("format", "uuid");
    parameters.add(project);
    ObjectNode limit = parameter("limit", "query", false, "Jobs per page");
    limit
        .putObject("schema")
        .put("type", "integer")
        .put("minimum", 1)
        .put("maximum", AugmentationApi.MAX_LIMIT)
        .put("default", AugmentationApi.DEFAULT_LIMIT);
    parameters.add(limit);
    ObjectNode cursor = parameter("cursor", "query", false, "next_cursor of the previous page");
    cursor.putObject("schema").put("type", "string");
    parameters.add(cursor);
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("One page of jobs", "JobPage"));
    responses.set("400", response("Invalid cursor", "ErrorResponse"));
    responses.set("401", response("Invalid or missing API key", "ErrorResponse"));
    responses.set("403", response("The API key may not use this project", "ErrorResponse"));
    responses.set("422", response("Validation error", "HTTPValidationError"));
    return op;
  }

  private static ObjectNode getOperation() {
    ObjectNode op =
        operation(
            "get_augmentation_job",
            "Get Augmentation Job",
            "Status, progress (episodes done / total), timestamps, output location and error of a"
                + " job.");
    ((ArrayNode) op.get("parameters")).add(jobIdParameter());
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("The job", "JobStatus"));
    responses.set("401", response("Invalid or missing API key", "ErrorResponse"));
    responses.set(
        "404", response("No such job, or one of a project the key may not use", "ErrorResponse"));
    responses.set("422", response("Validation error", "HTTPValidationError"));
    return op;
  }

  private static ObjectNode cancelOperation() {
    ObjectNode op =
        operation(
            "cancel_augmentation_job",
            "Cancel Augmentation Job",
            "Asks the job to stop. A queued job is cancelled at once; a running one stops at its"
                + " next checkpoint and then shows status cancelled.");
    ((ArrayNode) op.get("parameters")).add(jobIdParameter());
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("The job, with cancel_requested true", "JobStatus"));
    responses.set("401", response("Invalid or missing API key", "ErrorResponse"));
    responses.set(
        "404", response("No such job, or one of a project the key may not use", "ErrorResponse"));
    responses.set("409", response("The job has already finished", "ErrorResponse"));
    responses.set("422", response("Validation error", "HTTPValidationError"));
    return op;
  }

  private static ObjectNode operation(String id, String summary, String description) {
    ObjectNode op = JSON.createObjectNode();
    op.putArray("tags").add("augmentation");
    op.put("summary", summary);
    op.put("description", description);
    op.put("operationId", id);
    op.putArray("security").addObject().putArray("APIKeyHeader");
    ObjectNode key = parameter(AugmentationApi.KEY_HEADER, "header", false, "API key");
    ArrayNode anyOf = key.putObject("schema").putArray("anyOf");
    anyOf.addObject().put("type", "string");
    anyOf.addObject().put("type", "null");
    op.putArray("parameters").add(key);
    return op;
  }

  private static ObjectNode parameter(
      String name, String in, boolean required, String description) {
    ObjectNode parameter = JSON.createObjectNode();
    parameter.put("name", name);
    parameter.put("in", in);
    parameter.put("required", required);
    parameter.put("description", description);
    return parameter;
  }

  private static ObjectNode jobIdParameter() {
    ObjectNode jobId = parameter("job_id", "path", true, "Job id returned at submission");
    jobId.putObject("schema").put("type", "string").put("format", "uuid");
    return jobId;
  }

  private static ObjectNode response(String description, String schema) {
    ObjectNode response = JSON.createObjectNode();
    response.put("description", description);
    response.putObject("content").putObject("application/json").set("schema", ref(schema));
    return response;
  }

  private static ObjectNode ref(String schema) {
    return JSON.createObjectNode().put("$ref", SCHEMAS + schema);
  }

  private static ObjectNode submittedSchema() {
    ObjectNode schema =
        object("AugmentationResponse", "Response after creating an augmentation job.");
    ObjectNode properties = (ObjectNode) schema.get("properties");
    properties.set("job_id", property("string", "Unique job identifier").put("format", "uuid"));
    properties.set("status", property("string", "Current job status"));
    properties.set("message", nullable("string", "What happened"));
    schema.putArray("required").add("job_id").add("status");
    return schema;
  }

  private static ObjectNode errorSchema() {
    ObjectNode schema = object("ErrorResponse", "Standard error response.");
    ((ObjectNode) schema.get("properties"))
        .set("detail", property("string", "Error message describing what went wrong"));
    schema.putArray("required").add("detail");
    return schema;
  }

  private static ObjectNode validationErrorListSchema() {
    ObjectNode schema = object("HTTPValidationError", "Every schema problem of the request.");
    ObjectNode detail = property("array", "One entry per problem");
    detail.set("items", ref("ValidationError"));
    ((ObjectNode) schema.get("properties")).set("detail", detail);
    return schema;
  }

  private static ObjectNode validationErrorSchema() {
    ObjectNode schema = object("ValidationError", "One schema problem, as pydantic v2 reports it.");
    ObjectNode properties = (ObjectNode) schema.get("properties");
    ObjectNode loc = property("array", "Where: body, query or path, then the field");
    ArrayNode item = loc.putObject("items").putArray("anyOf");
    item.addObject().put("type", "string");
    item.addObject().put("type", "integer");
    properties.set("loc", loc);
    properties.set("msg", property("string", "What is wrong"));
    properties.set("type", property("string", "Error type, e.g. greater_than_equal"));
    properties.set("input", JSON.createObjectNode().put("description", "The value as sent"));
    properties.set("ctx", property("object", "Context of the error, e.g. the bound"));
    schema.putArray("required").add("loc").add("msg").add("type");
    return schema;
  }

  private static ObjectNode jobSchema() {
    ObjectNode schema = object("JobStatus", "A job's status document.");
    ObjectNode properties = (ObjectNode) schema.get("properties");
    properties.set("job_id", property("string", "Job id").put("format", "uuid"));
    properties.set("project_id", nullable("string", "Project id"));
    properties.set("name", nullable("string", "Name given at submission"));
    ObjectNode status = property("string", "Life cycle state");
    ArrayNode states = status.putArray("enum");
    Arrays.stream(JobState.values()).forEach(state -> states.add(state.wireName()));
    properties.set("status", status);
    properties.set("progress", property("string", "Output episodes done / planned, e.g. 12/40"));
    properties.set("episodes_done", property("integer", "Output episodes finished"));
    properties.set(
        "episodes_total", property("integer", "Output episodes planned, 0 until planned"));
    for (String time : new String[] {"created_at", "started_at", "finished_at", "updated_at"}) {
      ObjectNode stamp = nullable("string", "Timestamp (ISO 8601, UTC)");
      ((ObjectNode) stamp.get("anyOf").get(0)).put("format", "date-time");
      properties.set(time, stamp);
    }

    properties.set("output", nullable("string", "Where the augmented dataset is published"));
    properties.set("error", nullable("string", "Why the job failed"));
    properties.set("message", nullable("string", "Latest progress message"));
    properties.set("cancel_requested", property("boolean", "Whether a cancel was asked for"));
    schema.putArray("required").add("job_id").add("status");
    return schema;
  }

  private static ObjectNode pageSchema() {
    ObjectNode schema = object("JobPage", "One page of a project's jobs, newest first.");
    ObjectNode properties = (ObjectNode) schema.get("properties");
    ObjectNode data = property("array", "The jobs of this page");
    data.set("items", ref("JobStatus"));
    properties.set("data", data);
    properties.set("has_more", property("boolean", "Whether another page follows"));
    properties.set("next_cursor", nullable("string", "Cursor of the next page"));
    schema.putArray("required").add("data").add("has_more");
    return schema;
  }

  private static ObjectNode object(String title, String description) {
    ObjectNode schema = JSON.createObjectNode();
    schema.put("title", title);
    schema.put("description", description);
    schema.put("type", "object");
    schema.putObject("properties");
    return schema;
  }

  private static ObjectNode property(String type, String description) {
    return JSON.createObjectNode().put("type", type).put("description", description);
  }

  private static ObjectNode nullable(String type, String description) {
    ObjectNode schema = JSON.createObjectNode();
    ArrayNode anyOf = schema.putArray("anyOf");
    anyOf.addObject().put("type", type);
    anyOf.addObject().put("type", "null");
    schema.put("description", description);
    return schema;
  }
}
