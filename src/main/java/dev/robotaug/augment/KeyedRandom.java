package dev.robotaug.augment;

import dev.robotaug.spec.TransformFamily;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Counter-based, keyed randomness: every random value of a job is a pure function of its
 * coordinates (seed, stream tag, episode, family, copy, camera, slot), never of a generator shared
 * between threads, partitions or retries.
 *
 * <p>A stream key folds the coordinates with the SplitMix64 finaliser {@link #mix64}:
 *
 * <pre>
 * key = mix64(mix64(mix64(mix64(seed ^ tag) ^ episode) ^ (family &lt;&lt; 32) + copy) ^ cam64)
 * </pre>
 *
 * where {@code cam64} is the FNV-1a-64 hash of the camera key's UTF-8 bytes (0 for streams shared
 * by all cameras) and {@code family} is 0 in {@code stacked} mode and the family's ordinal + 1 in
 * {@code independent} mode. Slot {@code i} of a stream is {@code mix64(key + (i + 1) * GAMMA)},
 * which is exactly the {@code i}-th {@code nextLong()} of {@code new SplittableRandom(key)}, so any
 * parameter can be read in O(1) without drawing the ones before it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class KeyedRandom {
  /** SplitMix64's golden gamma, the counter increment between slots. */
  public static final long GAMMA = 0x9E3779B97F4A7C15L;

  /** Stream tag of the lighting parameters (shared by all cameras: camera hash 0). */
  public static final int LIGHTING = 1;

  /** Stream tag of the noise parameters (type, sigma, k) of one camera. */
  public static final int NOISE_PARAMS = 2;

  /** Stream tag of the per-frame noise realisation of one camera. */
  public static final int NOISE_FRAME = 3;

  /** Stream tag of the blur parameters of one camera. */
  public static final int BLUR = 4;

  /** Stream tag of the occlusion patches of one camera. */
  public static final int OCCLUSION = 5;

  /** Stream tag of the 'mixed' cycling offset, drawn once per (seed, episode, family). */
  public static final int MIX_CHOICE = 6;

  private static final double UNIT = 0x1.0p-53;

  private final long key;

  private KeyedRandom(long key) {
    this.key = key;
  }

  /** The stream with this already folded key. */
  public static KeyedRandom ofKey(long key) {
    return new KeyedRandom(key);
  }

  /** The stream of one (seed, tag, episode, family, copy, camera) coordinate; see {@link #key}. */
  public static KeyedRandom of(
      long seed, int tag, long episode, int family, int copy, String cameraKey) {
    return new KeyedRandom(key(seed, tag, episode, family, copy, cam64(cameraKey)));
  }

  /** Folds the coordinates of a stream into its 64-bit key. */
  public static long key(long seed, int tag, long episode, int family, int copy, long cam64) {
    long familyCopy = ((long) family << 32) + (copy & 0xFFFFFFFFL);
    return mix64(mix64(mix64(mix64(seed ^ tag) ^ episode) ^ familyCopy) ^ cam64);
  }

  /**
   * The value of {@code family} in the key: 0 when parameters are stacked ({@code keyFamily} is
   * null), otherwise the family's ordinal + 1, so that one family's copy count never shifts another
   * family's draws.
   */
  public static int familyField(TransformFamily keyFamily) {
    return keyFamily == null ? 0 : keyFamily.ordinal() + 1;
  }

  /** FNV-1a-64 of the camera key's UTF-8 bytes; 0 for a null key (streams shared by cameras). */
  public static long cam64(String cameraKey) {
    if (cameraKey == null) {
      return 0L;
    }

    long hash = 0xcbf29ce484222325L;
    for (byte b : cameraKey.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
    }
    return hash;
  }

  /** The SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014). */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The folded key of this stream. */
  public long key() {
    return key;
  }

  /** The key as 16 lower-case hex digits, the form recorded in the output's metadata. */
  public String keyHex() {
    return hex(key);
  }

  /** A 64-bit value as 16 lower-case hex digits. */
  public static String hex(long value) {
    return String.format(Locale.ROOT, "%016x", value);
  }

  /** Parses 16 hex digits written by {@link #hex}. */
  public static long parseHex(String hex) {
    try {
      return Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid random key: '" + hex + "'", e);
    }
  }

  /** The 64-bit word of slot {@code slot} (0-based). */
  public long word(int slot) {
    requireSlot(slot);
    return mix64(key + (slot + 1L) * GAMMA);
  }

  /** Slot {@code slot} as a double in [0, 1): {@code (word >>> 11) * 2^-53}. */
  public double unit(int slot) {
    return (word(slot) >>> 11) * UNIT;
  }

  /** Slot {@code slot} as a double in [min, max): {@code min + u * (max - min)}. */
  public double uniform(int slot, double min, double max) {
    return min + unit(slot) * (max - min);
  }

  /** Slot {@code slot} as an integer in [a, b], both inclusive: {@code a + floor(u * (b-a+1))}. */
  public int integer(int slot, int a, int b) {
    if (b < a) {
      throw new IllegalArgumentException("Invalid integer range: [" + a + ", " + b + "]");
    }

    long value = a + (long) StrictMath.floor(unit(slot) * ((long) b - a + 1));
    return (int) value;
  }

  private static void requireSlot(int slot) {
    if (slot < 0) {
      throw new IllegalArgumentException("Invalid random slot: " + slot);
    }
  }

  @Override
  public String toString() {
    return "KeyedRandom[" + keyHex() + "]";
  }
}
