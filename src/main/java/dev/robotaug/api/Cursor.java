package dev.robotaug.api;

import dev.robotaug.spec.JobStore.IndexEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opaque cursor of {@code GET /v1/augmentation}: the last job of the previous page (its
 * creation time and id), base64url-encoded. A page holds the jobs after it in newest-first order,
 * so jobs submitted while a client pages do not shift the pages it has yet to read.
 */
final class Cursor {
  private static final Pattern TEXT = Pattern.compile("v1:(\\d{1,15}):([0-9a-f-]{36})");

  private Cursor() {}

  static String encode(IndexEntry last) {
    String text = "v1:" + last.createdAt().toEpochMilli() + ":" + last.jobId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws IllegalArgumentException naming the cursor when it is not one this API made
   */
  static IndexEntry decode(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid cursor: '" + cursor + "', not base64url", e);
    }

    Matcher parts = TEXT.matcher(text);
    if (!parts.matches()) {
      throw new IllegalArgumentException(
          "Invalid cursor: '" + cursor + "', use the next_cursor of a previous page");
    }

    return new IndexEntry(Instant.ofEpochMilli(Long.parseLong(parts.group(1))), parts.group(2));
  }
}
