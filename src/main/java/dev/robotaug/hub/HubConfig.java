package dev.robotaug.hub;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where the Hub is and who we are there. Read from settings (Spark properties, which also take
 * {@code -Dspark.*} system properties) first, then the environment variables the Hub's own clients
 * read:
 *
 * <ul>
 *   <li>{@value #ENDPOINT_KEY} or {@code HF_ENDPOINT} (default {@value #DEFAULT_ENDPOINT});
 *   <li>{@value #TOKEN_KEY} or {@code HF_TOKEN} (default none: public repos only, no upload);
 *   <li>{@value #ATTEMPTS_KEY}, {@value #BACKOFF_KEY}, {@value #MAX_BACKOFF_KEY} (milliseconds):
 *       the {@link RetryPolicy}.
 * </ul>
 *
 * The token travels to executors with the job (like the {@code fs.s3a} keys do); {@link
 * #toString()} never shows it.
 */
public record HubConfig(URI endpoint, String token, RetryPolicy retry) implements Serializable {
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
  public static final String ENDPOINT_KEY = "spark.robotaug.hub.endpoint";
  public static final String TOKEN_KEY = "spark.robotaug.hub.token";
  public static final String ATTEMPTS_KEY = "spark.robotaug.hub.retry.attempts";
  public static final String BACKOFF_KEY = "spark.robotaug.hub.retry.initialBackoffMs";
  public static final String MAX_BACKOFF_KEY = "spark.robotaug.hub.retry.maxBackoffMs";

  public HubConfig {
    String scheme = endpoint == null ? null : endpoint.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || endpoint.getHost() == null) {
      throw new IllegalArgumentException("Invalid Hub endpoint: " + endpoint);
    }

    String path = endpoint.getPath();
    if (path != null && path.endsWith("/")) {
      endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
    }

    token = token == null || token.isBlank() ? null : token.trim();
  }

  /** From settings first, then {@code HF_ENDPOINT} / {@code HF_TOKEN} in the environment. */
  public static HubConfig from(Map<String, String> settings) {
    return from(settings, System.getenv());
  }

  static HubConfig from(Map<String, String> settings, Map<String, String> env) {
    String endpoint = first(settings.get(ENDPOINT_KEY), env.get("HF_ENDPOINT"), DEFAULT_ENDPOINT);
    String token = first(settings.get(TOKEN_KEY), env.get("HF_TOKEN"), null);
    RetryPolicy defaults = RetryPolicy.defaults();
    RetryPolicy retry =
        new RetryPolicy(
            Integer.parseInt(
                first(settings.get(ATTEMPTS_KEY), null, String.valueOf(defaults.maxAttempts()))),
            millis(settings.get(BACKOFF_KEY), defaults.initialBackoff()),
            millis(settings.get(MAX_BACKOFF_KEY), defaults.maxBackoff()),
            defaults.maxServerWait());
    return new HubConfig(URI.create(endpoint), token, retry);
  }

  public HubConfig withRetry(RetryPolicy newRetry) {
    return new HubConfig(endpoint, token, newRetry);
  }

  public boolean hasToken() {
    return token != null;
  }

  @Override
  public String toString() {
    return "HubConfig[endpoint="
        + endpoint
        + ", token="
        + (token == null ? "none" : "***")
        + ", retry="
        + retry
        + "]";
  }

  private static String first(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) {
      return a;
    }

    return b != null && !b.isBlank() ? b : fallback;
  }

  private static Duration millis(String value, Duration fallback) {
    return value == null || value.isBlank() ? fallback : Duration.ofMillis(Long.parseLong(value));
  }
}
