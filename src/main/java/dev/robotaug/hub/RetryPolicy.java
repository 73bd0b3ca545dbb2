package dev.robotaug.hub;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the Hub client tries a request again: on 408, 429, 500, 502, 503 and 504 answers and on
 * connections that drop, up to {@code maxAttempts} tries in all. The wait before try {@code n+1} is
 * what the server asked for ({@code Retry-After} seconds or date, or the reset time {@code t} of a
 * {@code RateLimit} header with {@code r=0}), capped at {@code maxServerWait}; without such a
 * header it is {@code initialBackoff · 2^(n-1)}, capped at {@code maxBackoff}, plus up to 25%
 * jitter so that many executors do not retry in step.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxServerWait)
    implements Serializable {

  private static final Pattern RESET = Pattern.compile("(?:^|;)\\s*t=(\\d+)");
  private static final Pattern REMAINING = Pattern.compile("(?:^|;)\\s*r=(\\d+)");

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("Invalid retry attempts: " + maxAttempts);
    }

    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "Invalid retry backoff: " + initialBackoff + " to " + maxBackoff);
    }
  }

  /** 6 tries, 1 s doubling to 30 s, and server-requested waits of at most 5 minutes. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  /** Whether an answer with this status is worth another try. */
  public static boolean retryable(int status) {
    return status == 408 || status == 429 || status == 500 || status >= 502 && status <= 504;
  }

  /**
   * The wait before the try after {@code attempt} (1 = the first try failed), from the server's
   * headers when it sent any.
   */
  public Duration delay(int attempt, Optional<Duration> serverWait) {
    if (serverWait.isPresent()) {
      Duration wait = serverWait.get();
      return wait.compareTo(maxServerWait) > 0 ? maxServerWait : wait;
    }

    long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, maxBackoff.toMillis());
    long jitter = capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 4 + 1);
    return Duration.ofMillis(capped + jitter);
  }

  /**
   * The wait a server asked for: {@code Retry-After} (seconds or an HTTP date), else the reset time
   * of an exhausted {@code RateLimit} window ({@code "api";r=0;t=55}) plus one second.
   */
  public static Optional<Duration> serverWait(
      Optional<String> retryAfter, Optional<String> rateLimit) {
    if (retryAfter.isPresent()) {
      String value = retryAfter.get().trim();
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
      } catch (NumberFormatException notSeconds) {
        try {
          ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
          Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
          return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException notDate) {
          return Optional.empty();
        }
      }
    }

    if (rateLimit.isPresent()) {
      Matcher remaining = REMAINING.matcher(rateLimit.get());
      Matcher reset = RESET.matcher(rateLimit.get());
      if (remaining.find() && remaining.group(1).equals("0") && reset.find()) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(reset.group(1)) + 1));
      }
    }

    return Optional.empty();
  }
}
