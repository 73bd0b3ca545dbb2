package dev.robotaug.hub;

import java.net.http.HttpHeaders;

/**
 * A Hub request that failed for good (after the retries the policy allows). {@link #kind()} tells
 * what to do about it; the message names the action, the HTTP status, the Hub's {@code
 * X-Error-Code} and its message.
 */
public final class HubException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, from the HTTP status. */
  public enum Kind {
    /** 401: no token, a wrong token, or (the Hub's way) a private repo seen without a token. */
    UNAUTHORIZED,
    /** 403: the token may not do this (read-only token, someone else's namespace). */
    FORBIDDEN,
    /** 404: repo, revision or file does not exist (see {@link #errorCode()}). */
    NOT_FOUND,
    /** 409: exists already, or a conflicting operation is in progress. */
    CONFLICT,
    /** 412: the branch moved since the commit's parent was read. */
    PRECONDITION_FAILED,
    /** 429 after every retry. */
    RATE_LIMITED,
    /** 5xx after every retry. */
    SERVER_ERROR,
    /** Any other 4xx: the request itself is wrong. */
    REJECTED,
    /** The connection failed or dropped, after every retry. */
    TRANSPORT,
    /** The bytes that arrived do not match the size or digest the Hub announced. */
    INTEGRITY
  }

  private final Kind kind;
  private final int status;
  private final String errorCode;

  HubException(Kind kind, int status, String errorCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The one place where an HTTP answer becomes an error. */
  static HubException fromResponse(String action, int status, HttpHeaders headers, String body) {
    String code = headers.firstValue("X-Error-Code").orElse(null);
    String detail = headers.firstValue("X-Error-Message").orElse(errorOf(body));
    String requestId =
        headers.firstValue("X-Request-Id").map(id -> " [request " + id + "]").orElse("");
    String message =
        "Cannot "
            + action
            + ": HTTP "
            + status
            + (code == null ? "" : " " + code)
            + (detail == null || detail.isBlank() ? "" : ": " + detail)
            + requestId;
    return new HubException(kindOf(status), status, code, message, null);
  }

  static HubException transport(String action, Throwable cause) {
    return new HubException(
        Kind.TRANSPORT, 0, null, "Cannot " + action + ": " + cause.getMessage(), cause);
  }

  static HubException integrity(String action, String reason) {
    return new HubException(Kind.INTEGRITY, 0, null, "Cannot " + action + ": " + reason, null);
  }

  private static Kind kindOf(int status) {
    return switch (status) {
      case 401 -> Kind.UNAUTHORIZED;
      case 403 -> Kind.FORBIDDEN;
      case 404 -> Kind.NOT_FOUND;
      case 409 -> Kind.CONFLICT;
      case 412 -> Kind.PRECONDITION_FAILED;
      case 429 -> Kind.RATE_LIMITED;
      default -> status >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED;
    };
  }

  /** The {@code error} (or {@code message}) of a JSON error body, else the body's start. */
  private static String errorOf(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }

    try {
      var node = HubJson.MAPPER.readTree(body);
      for (String field : new String[] {"error", "message", "error_description"}) {
        if (node.hasNonNull(field)) {
          return node.get(field).asText();
        }
      }
    } catch (java.io.IOException notJson) {
      // Plain-text bodies are reported as they are.
    }

    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, 0 when no answer came. */
  public int status() {
    return status;
  }

  /** The Hub's {@code X-Error-Code} ({@code RepoNotFound}, {@code EntryNotFound}, ...) or null. */
  public String errorCode() {
    return errorCode;
  }
}
