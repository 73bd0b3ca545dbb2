package dev.robotaug.augment;

import dev.robotaug.spec.NoiseType;

/**
 * Per-frame sensor noise: {@code out = clamp(v + rnd(n))}, which equals {@code clamp(rnd(v + n))}
 * for integer v, with a fresh realisation of {@code n} on every frame.
 *
 * <p>Frame f's noise is keyed by {@code kf = mix64(frameKey ^ f * GAMMA)}. Sample j uses word
 * {@code w = mix64(kf + (j/4 + 1) * GAMMA)}, bits {@code 16 * (j mod 4)} to {@code 16 * (j mod 4) +
 * 15}, as an index into the {@link InverseNormalTable}, giving a standard normal z. Samples are
 * numbered {@code j = (y * W + x) * 3 + channel} for gaussian and shot noise (one per pixel and
 * channel) and {@code j = y * W + x} for read noise (one per pixel, added to R, G and B). Then
 * {@code n = sigma * z} (gaussian, read) or {@code n = sqrt(k * v) * z} (shot). Pure integer and
 * StrictMath-built tables: the output never depends on the thread, partition or order.
 *
 * <p>Holds no per-frame state: tables are built once in the constructor and only read afterwards.
 */
final class FrameNoise {
  private final NoiseType type;
  private final long frameKey;
  private final short[] scaled;
  private final double[] shotStd;
  private final double[] normals;

  FrameNoise(NoiseParameters parameters) {
    this.type = parameters.type();
    this.frameKey = KeyedRandom.parseHex(parameters.frameKey());
    this.normals = InverseNormalTable.shared();
    if (type == NoiseType.SHOT) {
      this.scaled = null;
      this.shotStd = new double[256];
      for (int v = 0; v < 256; v++) {
        shotStd[v] = StrictMath.sqrt(parameters.k() * v);
      }
    } else {
      this.shotStd = null;
      this.scaled = new short[InverseNormalTable.SIZE];
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] = (short) StrictMath.floor(parameters.sigma() * normals[i] + 0.5);
      }
    }
  }

  /** The key of frame {@code frameIndex}'s noise. */
  static long frameKey(long noiseKey, long frameIndex) {
    return KeyedRandom.mix64(noiseKey ^ frameIndex * KeyedRandom.GAMMA);
  }

  /** Adds frame {@code frameIndex}'s noise to {@code pixels} RGB pixels; in place is allowed. */
  void apply(byte[] in, byte[] out, int pixels, long frameIndex) {
    long key = frameKey(frameKey, frameIndex);
    switch (type) {
      case GAUSSIAN -> perSample(in, out, pixels * 3, key);
      case READ -> perPixel(in, out, pixels, key);
      case SHOT -> shot(in, out, pixels * 3, key);
      default -> throw new IllegalStateException("[BUG] unexpected noise type " + type);
    }
  }

  private void perSample(byte[] in, byte[] out, int samples, long key) {
    short[] noise = scaled;
    long state = key;
    int j = 0;
    for (; j + 4 <= samples; j += 4) {
      state += KeyedRandom.GAMMA;
      long word = KeyedRandom.mix64(state);
      out[j] = add(in[j], noise[(int) word & 0xFFFF]);
      out[j + 1] = add(in[j + 1], noise[(int) (word >>> 16) & 0xFFFF]);
      out[j + 2] = add(in[j + 2], noise[(int) (word >>> 32) & 0xFFFF]);
      out[j + 3] = add(in[j + 3], noise[(int) (word >>> 48)]);
    }

    long word = KeyedRandom.mix64(state + KeyedRandom.GAMMA);
    for (int part = 0; j < samples; j++, part++) {
      out[j] = add(in[j], noise[(int) (word >>> (16 * part)) & 0xFFFF]);
    }
  }

  private void perPixel(byte[] in, byte[] out, int pixels, long key) {
    short[] noise = scaled;
    long state = key;
    int p = 0;
    for (; p + 4 <= pixels; p += 4) {
      state += KeyedRandom.GAMMA;
      long word = KeyedRandom.mix64(state);
      addToPixel(in, out, p * 3, noise[(int) word & 0xFFFF]);
      addToPixel(in, out, p * 3 + 3, noise[(int) (word >>> 16) & 0xFFFF]);
      addToPixel(in, out, p * 3 + 6, noise[(int) (word >>> 32) & 0xFFFF]);
      addToPixel(in, out, p * 3 + 9, noise[(int) (word >>> 48)]);
    }

    long word = KeyedRandom.mix64(state + KeyedRandom.GAMMA);
    for (int part = 0; p < pixels; p++, part++) {
      addToPixel(in, out, p * 3, noise[(int) (word >>> (16 * part)) & 0xFFFF]);
    }
  }

  private static void addToPixel(byte[] in, byte[] out, int j, int noise) {
    out[j] = add(in[j], noise);
    out[j + 1] = add(in[j + 1], noise);
    out[j + 2] = add(in[j + 2], noise);
  }

  private void shot(byte[] in, byte[] out, int samples, long key) {
    long state = key;
    int j = 0;
    for (; j + 4 <= samples; j += 4) {
      state += KeyedRandom.GAMMA;
      long word = KeyedRandom.mix64(state);
      out[j] = shot(in[j], (int) word & 0xFFFF);
      out[j + 1] = shot(in[j + 1], (int) (word >>> 16) & 0xFFFF);
      out[j + 2] = shot(in[j + 2], (int) (word >>> 32) & 0xFFFF);
      out[j + 3] = shot(in[j + 3], (int) (word >>> 48));
    }

    long word = KeyedRandom.mix64(state + KeyedRandom.GAMMA);
    for (int part = 0; j < samples; j++, part++) {
      out[j] = shot(in[j], (int) (word >>> (16 * part)) & 0xFFFF);
    }
  }

  /** {@code v + rnd(sqrt(k v) z)}, clamped. */
  private byte shot(byte value, int index) {
    int v = value & 0xFF;
    return clamp(v + (int) Math.floor(shotStd[v] * normals[index] + 0.5));
  }

  private static byte add(byte value, int noise) {
    return clamp((value & 0xFF) + noise);
  }

  private static byte clamp(int value) {
    return (byte) Math.max(0, Math.min(255, value));
  }
}
