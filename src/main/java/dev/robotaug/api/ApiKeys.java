package dev.robotaug.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured API keys, held only as SHA-256 hashes. A presented key is hashed and compared with
 * every configured hash in constant time ({@link MessageDigest#isEqual}), without stopping at a
 * match, so the answer's timing says nothing about which key or how much of it matched. Neither a
 * presented key nor its hash is ever logged or echoed.
 */
final class ApiKeys {
  private static final String ANY_PROJECT = "*";

  private final List<Key> keys;

  /**
   * One configured key.
   *
   * @param name label for logs and messages
   * @param projects canonical project UUIDs, or {@code *}
   * @param rateLimit how many requests the key may send
   */
  record Key(
      String name, byte[] sha256, Set<String> projects, ApiConfig.RateLimitConfig rateLimit) {
    boolean allows(String projectId) {
      return projects.contains(ANY_PROJECT) || projects.contains(projectId);
    }
  }

  /** Keys under the default rate limit, or their own. */
  ApiKeys(List<ApiConfig.KeyConfig> configured) {
    this(configured, ApiConfig.RateLimitConfig.DEFAULT);
  }

  /** Keys under {@code rateLimit}, or their own. */
  ApiKeys(List<ApiConfig.KeyConfig> configured, ApiConfig.RateLimitConfig rateLimit) {
    this.keys =
        configured.stream()
            .map(
                k ->
                    new Key(
                        k.name(),
                        HexFormat.of().parseHex(k.sha256()),
                        Set.copyOf(k.projects()),
                        k.rateLimit() == null ? rateLimit : k.rateLimit()))
            .toList();
  }

  /** The key whose hash matches, or empty for a missing or unknown key. */
  Optional<Key> authenticate(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }

    byte[] hash = sha256(presented);
    Key match = null;
    for (Key key : keys) {
      if (MessageDigest.isEqual(hash, key.sha256()) && match == null) {
        match = key;
      }
    }

    return Optional.ofNullable(match);
  }

  /** Hex SHA-256 of the key's UTF-8 bytes, the form {@code conf/api.json} holds. */
  static String sha256Hex(String key) {
    return HexFormat.of().formatHex(sha256(key));
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash API keys: SHA-256 is unavailable", e);
    }
  }
}
