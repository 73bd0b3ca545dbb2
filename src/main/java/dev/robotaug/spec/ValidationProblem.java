package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One schema problem of a request, in the shape of a pydantic v2 error as FastAPI returns it (one
 * entry of the 422 {@code detail} list): {@code type}, {@code loc}, {@code msg}, {@code input} and
 * {@code ctx} only when the error type carries context.
 *
 * @param type pydantic error type, e.g. {@code greater_than_equal}
 * @param loc where: {@code ["body", field]}, {@code ["body", field, key-or-index]}, {@code
 *     ["query", name]}...
 * @param msg pydantic's wording, e.g. "Input should be greater than or equal to -50"
 * @param input the offending value as sent (the whole body for a missing field)
 * @param ctx the error's context, e.g. {@code {"ge": -50}}; null when it has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationProblem(
    @JsonProperty("type") String type,
    @JsonProperty("loc") List<Object> loc,
    @JsonProperty("msg") String msg,
    @JsonProperty("input") @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode input,
    @JsonProperty("ctx") Map<String, Object> ctx) {

  public ValidationProblem {
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(msg, "msg is null");
    loc = List.copyOf(loc);
    input = input == null ? NullNode.getInstance() : input;
    ctx = ctx == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(ctx));
  }

  public static ValidationProblem of(List<Object> loc, String type, String msg, JsonNode input) {
    return new ValidationProblem(type, loc, msg, input, null);
  }
}
