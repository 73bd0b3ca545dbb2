package dev.robotaug.api;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.robotaug.spec.ValidationProblem;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request body the way FastAPI reads a JSON body, with a size limit. The body is read from
 * the stream and never beyond {@code limit + 1} bytes, so a chunked body without a length cannot
 * fill the memory; a declared or actual length over the limit is a 413. A body is JSON when its
 * {@code Content-Type} is missing, {@code application/json} or {@code application/*+json}; any
 * other type is, as in FastAPI, not parsed, so that the request fails as a body that is no object
 * (422). JSON is UTF-8 (RFC 8259; a leading byte-order mark is skipped): bytes that are no UTF-8
 * are a 400, as FastAPI answers a body it cannot decode.
 */
final class RequestBody {
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private RequestBody() {}

  /**
   * The body as text for the validator.
   *
   * @throws ApiException 413 over the limit, 400 when unreadable or not UTF-8, 422 when it is not
   *     declared as JSON
   */
  static String json(Context ctx, long limit) {
    byte[] bytes = read(ctx, limit);
    String contentType = ctx.header("Content-Type");
    if (!isJson(contentType)) {
      String text = new String(bytes, StandardCharsets.UTF_8);
      throw ApiException.invalid(
          List.of(
              ValidationProblem.of(
                  List.of("body"),
                  "model_attributes_type",
                  "Input should be a valid dictionary or object to extract fields from",
                  TextNode.valueOf(text))));
    }

    return decode(bytes);
  }

  /** Whether FastAPI would parse a body of this content type as JSON. */
  static boolean isJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }

    String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mime.equals("application/json")
        || (mime.startsWith("application/") && mime.endsWith("+json"));
  }

  private static byte[] read(Context ctx, long limit) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(limit);
    }

    try {
      InputStream in = ctx.req().getInputStream();
      byte[] bytes = in.readNBytes(Math.toIntExact(limit + 1));
      if (bytes.length > limit) {
        throw tooLarge(limit);
      }

      return bytes;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }

      // Jetty reports a malformed chunked body or a client that stopped sending this way.
      throw ApiException.badRequest("Cannot read the request body: " + reason(e));
    }
  }

  private static String decode(byte[] bytes) {
    int start = startsWithBom(bytes) ? UTF8_BOM.length : 0;
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest(
          "There was an error parsing the body: it is not valid UTF-8 (" + e.getMessage() + ")");
    }
  }

  private static boolean startsWithBom(byte[] bytes) {
    return bytes.length >= 3
        && bytes[0] == UTF8_BOM[0]
        && bytes[1] == UTF8_BOM[1]
        && bytes[2] == UTF8_BOM[2];
  }

  private static ApiException tooLarge(long limit) {
    return ApiException.payloadTooLarge(
        "Request body too large: at most " + limit + " bytes are accepted");
  }

  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }

    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
