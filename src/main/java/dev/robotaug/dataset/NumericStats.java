package dev.robotaug.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-episode stats of a numeric feature over all of its frames: per dimension min, max, mean,
 * population std, count and quantiles (exact, linear interpolation between order statistics).
 */
public final class NumericStats {
  private NumericStats() {}

  /**
   * @param frames one row per frame, one column per dimension
   * @param integral whether min and max are written as integers (int64 features)
   */
  public static Map<String, Object> of(double[][] frames, boolean integral) {
    int n = frames.length;
    int width = frames[0].length;
    List<Object> min = new ArrayList<>();
    List<Object> max = new ArrayList<>();
    List<Object> mean = new ArrayList<>();
    List<Object> std = new ArrayList<>();
    List<List<Object>> quantiles = new ArrayList<>();
    for (int q = 0; q < CameraStats.QUANTILES.length; q++) {
      quantiles.add(new ArrayList<>());
    }

    for (int d = 0; d < width; d++) {
      double[] column = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        column[i] = frames[i][d];
        sum += column[i];
      }

      double average = sum / n;
      double squares = 0;
      for (double value : column) {
        squares += (value - average) * (value - average);
      }

      Arrays.sort(column);
      min.add(integral ? (Object) Math.round(column[0]) : (Object) column[0]);
      max.add(integral ? (Object) Math.round(column[n - 1]) : (Object) column[n - 1]);
      mean.add(average);
      std.add(Math.sqrt(squares / n));
      for (int q = 0; q < CameraStats.QUANTILES.length; q++) {
        double position = CameraStats.QUANTILES[q] * (n - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(n - 1, lower + 1);
        quantiles.get(q).add(column[lower] + (position - lower) * (column[upper] - column[lower]));
      }
    }

    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("min", min);
    stats.put("max", max);
    stats.put("mean", mean);
    stats.put("std", std);
    stats.put("count", List.of((long) n));
    for (int q = 0; q < CameraStats.QUANTILES.length; q++) {
      stats.put(CameraStats.QUANTILE_KEYS[q], quantiles.get(q));
    }

    return stats;
  }
}
