package dev.robotaug.api;

import dev.robotaug.spec.ValidationProblem;
import java.util.List;
import java.util.Map;

/**
 * An error answer: {@code {"detail": "..."}} with its HTTP status, or, for 422, the list of schema
 * problems as FastAPI shapes them.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Object detail;
  private final transient Map<String, String> headers;

  private ApiException(int status, Object detail, Map<String, String> headers) {
    super(String.valueOf(detail), null, false, false);
    this.status = status;
    this.detail = detail;
    this.headers = headers;
  }

  static ApiException badRequest(String detail) {
    return new ApiException(400, detail, Map.of());
  }

  /** 401, with the header FastAPI's API-key schemes send. */
  static ApiException unauthorized(String detail) {
    return new ApiException(401, detail, Map.of("WWW-Authenticate", "APIKey"));
  }

  static ApiException forbidden(String detail) {
    return new ApiException(403, detail, Map.of());
  }

  static ApiException notFound(String detail) {
    return new ApiException(404, detail, Map.of());
  }

  static ApiException conflict(String detail) {
    return new ApiException(409, detail, Map.of());
  }

  static ApiException payloadTooLarge(String detail) {
    return new ApiException(413, detail, Map.of());
  }

  /** 429, saying when the key may send again. */
  static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ApiException(429, detail, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
  }

  /** 503: the server cannot take the request now, nothing was stored; try again later. */
  static ApiException unavailable(String detail, long retryAfterSeconds) {
    return new ApiException(503, detail, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
  }

  static ApiException invalid(List<ValidationProblem> problems) {
    return new ApiException(422, List.copyOf(problems), Map.of());
  }

  static ApiException internal(String detail) {
    return new ApiException(500, detail, Map.of());
  }

  int status() {
    return status;
  }

  /** The body: {@code {"detail": <string or problem list>}}. */
  Map<String, Object> body() {
    return Map.of("detail", detail);
  }

  Map<String, String> headers() {
    return headers;
  }
}
