package dev.robotaug.dataset;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-episode statistics of one camera, computed as LeRobot does: a sample of about 100 frames
 * ({@code max(min(100, n), min(n^0.75, 10000))} at {@code round(linspace(0, n-1, k))}), each
 * strided down to about 150 px when its larger side is 300 px or more, then per-channel min, max,
 * mean, population std and quantiles over all sampled pixels, divided by 255, shaped (3,1,1).
 * Quantiles are exact (linear interpolation between order statistics) from per-channel histograms.
 */
public final class CameraStats {
  public static final double[] QUANTILES = {0.01, 0.10, 0.50, 0.90, 0.99};
  public static final String[] QUANTILE_KEYS = {"q01", "q10", "q50", "q90", "q99"};

  private final int width;
  private final int height;
  private final int stride;
  private final BitSet sampled;
  private final long[][] histogram = new long[3][256];
  private int framesSampled;

  public CameraStats(int width, int height, long frames) {
    this.width = width;
    this.height = height;
    this.stride = stride(width, height);
    this.sampled = sampleIndices(frames);
  }

  /** LeRobot's {@code sample_indices}: frames whose statistics count. */
  static BitSet sampleIndices(long frames) {
    int n = Math.toIntExact(frames);
    int count = Math.max(Math.min(100, n), Math.min((int) Math.pow(n, 0.75), 10000));
    BitSet indices = new BitSet(n);
    for (int i = 0; i < count; i++) {
      double position = count == 1 ? 0 : (double) i * (n - 1) / (count - 1);
      indices.set((int) Math.rint(position));
    }

    return indices;
  }

  private static int stride(int width, int height) {
    if (Math.max(width, height) < 300) {
      return 1;
    }

    return width > height ? width / 150 : height / 150;
  }

  public boolean wants(long frameIndex) {
    return sampled.get(Math.toIntExact(frameIndex));
  }

  /**
   * Adds one frame of packed RGB24 rows ({@code rowStride} bytes apart). Counts it only if it is
   * one of the sampled frames; numpy's duplicate indices after rounding count once here, which
   * LeRobot's {@code linspace} also never produces for {@code n >= 100}.
   */
  public void add(long frameIndex, byte[] rgb, int rowStride) {
    if (!wants(frameIndex)) {
      return;
    }

    for (int y = 0; y < height; y += stride) {
      int offset = y * rowStride;
      for (int x = 0; x < width; x += stride) {
        int p = offset + x * 3;
        histogram[0][rgb[p] & 0xff]++;
        histogram[1][rgb[p + 1] & 0xff]++;
        histogram[2][rgb[p + 2] & 0xff]++;
      }
    }

    framesSampled++;
  }

  public int framesSampled() {
    return framesSampled;
  }

  /** The {@code stats/<camera>/*} values: each a (3,1,1) nested list, {@code count} a 1-list. */
  public Map<String, Object> result() {
    if (framesSampled == 0) {
      throw new IllegalStateException("Cannot compute camera stats: no frame was sampled");
    }

    double[][] values = new double[4 + QUANTILES.length][3];
    for (int c = 0; c < 3; c++) {
      long[] h = histogram[c];
      long total = 0;
      double sum = 0;
      double sumSquares = 0;
      int min = 255;
      int max = 0;
      for (int v = 0; v < 256; v++) {
        if (h[v] == 0) {
          continue;
        }

        min = Math.min(min, v);
        max = Math.max(max, v);
        total += h[v];
        sum += (double) v * h[v];
        sumSquares += (double) v * v * h[v];
      }

      double mean = sum / total;
      values[0][c] = min / 255.0;
      values[1][c] = max / 255.0;
      values[2][c] = mean / 255.0;
      values[3][c] = Math.sqrt(Math.max(0, sumSquares / total - mean * mean)) / 255.0;
      for (int q = 0; q < QUANTILES.length; q++) {
        values[4 + q][c] = quantile(h, total, QUANTILES[q]) / 255.0;
      }
    }

    Map<String, Object> stats = new LinkedHashMap<>();
    String[] names = {"min", "max", "mean", "std"};
    for (int i = 0; i < names.length; i++) {
      stats.put(names[i], channels(values[i]));
    }

    stats.put("count", List.of((long) framesSampled));
    for (int q = 0; q < QUANTILES.length; q++) {
      stats.put(QUANTILE_KEYS[q], channels(values[4 + q]));
    }

    return stats;
  }

  private static double quantile(long[] histogram, long total, double q) {
    double position = q * (total - 1);
    long lower = (long) Math.floor(position);
    double fraction = position - lower;
    int lowerValue = valueAtRank(histogram, lower);
    int upperValue = valueAtRank(histogram, Math.min(total - 1, lower + 1));
    return lowerValue + fraction * (upperValue - lowerValue);
  }

  private static int valueAtRank(long[] histogram, long rank) {
    long seen = 0;
    for (int v = 0; v < 256; v++) {
      seen += histogram[v];
      if (seen > rank) {
        return v;
      }
    }

    return 255;
  }

  private static List<Object> channels(double[] perChannel) {
    List<Object> shaped = new ArrayList<>(3);
    for (double value : perChannel) {
      shaped.add(List.of(List.of(value)));
    }

    return shaped;
  }
}
