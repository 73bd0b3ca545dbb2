package dev.robotaug.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key. Each key's bucket holds up to {@code burst} tokens and refills at
 * {@code requests_per_second}; a request takes one token, and a request finding none is refused
 * with the time until the next token. Buckets are keyed by the key's configured name, live in this
 * process only (a restart refills them) and are never removed: there is one per configured key.
 */
final class RateLimiter {
  private static final double NANOS_PER_SECOND = 1e9;

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  RateLimiter() {
    this(System::nanoTime);
  }

  /** A limiter on a clock of its own, for tests. */
  RateLimiter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Takes a token of the key's bucket.
   *
   * @return 0 when the request may go on, else the nanoseconds until the key may send again
   */
  long acquire(ApiKeys.Key key) {
    Bucket bucket = buckets.computeIfAbsent(key.name(), name -> new Bucket(key.rateLimit()));
    return bucket.take(nanoTime.getAsLong());
  }

  private final class Bucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    Bucket(ApiConfig.RateLimitConfig limit) {
      this.perNano = limit.requestsPerSecond() / NANOS_PER_SECOND;
      this.capacity = limit.burst();
      this.tokens = capacity;
      this.refilledAt = nanoTime.getAsLong();
    }

    synchronized long take(long now) {
      tokens = Math.min(capacity, tokens + Math.max(0, now - refilledAt) * perNano);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }

      return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
    }
  }
}
