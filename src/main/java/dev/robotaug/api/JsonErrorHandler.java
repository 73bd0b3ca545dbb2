package dev.robotaug.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers the errors Jetty raises itself, before a request reaches a handler (a malformed request
 * line or header, a header or URI too long, an ambiguous path), as {@code {"detail": "..."}} JSON
 * instead of Jetty's HTML page, whatever the method. The detail is Jetty's reason, which never
 * echoes header values.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  JsonErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    if (HttpStatus.hasNoBody(status)) {
      return ByteBuffer.allocate(0);
    }

    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    if (HttpStatus.hasNoBody(code)) {
      return;
    }

    response.setContentType("application/json");
    response.getOutputStream().write(body(code, message));
  }

  static byte[] body(int status, String reason) {
    String detail = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
    try {
      return JSON.writeValueAsString(Map.of("detail", detail)).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      return ("{\"detail\": \"" + HttpStatus.getMessage(status) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }
}
