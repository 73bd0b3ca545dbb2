package dev.robotaug.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-episode statistics and their aggregate over a dataset, as LeRobot computes them: min and max
 * elementwise, mean weighted by count, std by the parallel-variance formula, count summed, and
 * quantiles as the conservative envelope of the current LeRobot (the minimum over episodes for
 * q01..q50, the maximum for q90 and q99).
 */
public final class StatsAggregation {
  private StatsAggregation() {}

  /** The stats of every feature of one episode row: {@code stats/<feature>/<stat>} columns. */
  public static Map<String, Map<String, Object>> fromEpisodeRow(Map<String, Object> row) {
    Map<String, Map<String, Object>> stats = new LinkedHashMap<>();
    for (Map.Entry<String, Object> column : row.entrySet()) {
      String name = column.getKey();
      if (!name.startsWith("stats/") || column.getValue() == null) {
        continue;
      }

      int split = name.lastIndexOf('/');
      String feature = name.substring("stats/".length(), split);
      stats
          .computeIfAbsent(feature, f -> new LinkedHashMap<>())
          .put(name.substring(split + 1), column.getValue());
    }

    return stats;
  }

  /** Stats of an int64 column that holds one value on every one of {@code count} frames. */
  public static Map<String, Object> constant(long value, long count) {
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("min", List.of(value));
    stats.put("max", List.of(value));
    stats.put("mean", List.of((double) value));
    stats.put("std", List.of(0.0));
    stats.put("count", List.of(count));
    for (String q : CameraStats.QUANTILE_KEYS) {
      stats.put(q, List.of((double) value));
    }

    return stats;
  }

  /** Stats of an int64 column holding {@code from, from+1, ..., from+count-1}. */
  public static Map<String, Object> range(long from, long count) {
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("min", List.of(from));
    stats.put("max", List.of(from + count - 1));
    stats.put("mean", List.of(from + (count - 1) / 2.0));
    stats.put("std", List.of(Math.sqrt((count * (double) count - 1) / 12.0)));
    stats.put("count", List.of(count));
    for (int q = 0; q < CameraStats.QUANTILES.length; q++) {
      stats.put(
          CameraStats.QUANTILE_KEYS[q], List.of(from + CameraStats.QUANTILES[q] * (count - 1)));
    }

    return stats;
  }

  /** Aggregates per-episode stats of every feature into the dataset's {@code stats.json}. */
  public static Map<String, Map<String, Object>> aggregate(
      List<Map<String, Map<String, Object>>> episodes) {
    Map<String, List<Map<String, Object>>> byFeature = new LinkedHashMap<>();
    for (Map<String, Map<String, Object>> episode : episodes) {
      episode.forEach(
          (feature, stats) ->
              byFeature.computeIfAbsent(feature, f -> new ArrayList<>()).add(stats));
    }

    Map<String, Map<String, Object>> aggregated = new LinkedHashMap<>();
    byFeature.forEach((feature, list) -> aggregated.put(feature, aggregateFeature(list)));
    return aggregated;
  }

  static Map<String, Object> aggregateFeature(List<Map<String, Object>> episodes) {
    Map<String, Object> first = episodes.get(0);
    double[] totalCount = new double[1];
    double[][] counts = new double[episodes.size()][];
    for (int e = 0; e < episodes.size(); e++) {
      counts[e] = Nested.flatten(episodes.get(e).get("count"));
      totalCount[0] += counts[e][0];
    }

    int width = Nested.flatten(first.get("mean")).length;
    double[] min = fill(width, Double.POSITIVE_INFINITY);
    double[] max = fill(width, Double.NEGATIVE_INFINITY);
    double[] mean = new double[width];
    for (int e = 0; e < episodes.size(); e++) {
      double[] episodeMin = Nested.flatten(episodes.get(e).get("min"));
      double[] episodeMax = Nested.flatten(episodes.get(e).get("max"));
      double[] episodeMean = Nested.flatten(episodes.get(e).get("mean"));
      for (int i = 0; i < width; i++) {
        min[i] = Math.min(min[i], episodeMin[i]);
        max[i] = Math.max(max[i], episodeMax[i]);
        mean[i] += counts[e][0] * episodeMean[i] / totalCount[0];
      }
    }

    double[] variance = new double[width];
    for (int e = 0; e < episodes.size(); e++) {
      double[] episodeMean = Nested.flatten(episodes.get(e).get("mean"));
      double[] episodeStd = Nested.flatten(episodes.get(e).get("std"));
      for (int i = 0; i < width; i++) {
        double delta = episodeMean[i] - mean[i];
        variance[i] +=
            counts[e][0] * (episodeStd[i] * episodeStd[i] + delta * delta) / totalCount[0];
      }
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("min", Nested.reshape(first.get("min"), min));
    result.put("max", Nested.reshape(first.get("max"), max));
    result.put("mean", Nested.reshape(first.get("mean"), mean));
    result.put("std", Nested.reshape(first.get("std"), sqrt(variance)));
    result.put("count", List.of(Math.round(totalCount[0])));
    for (int q = 0; q < CameraStats.QUANTILE_KEYS.length; q++) {
      String key = CameraStats.QUANTILE_KEYS[q];
      if (episodes.stream().anyMatch(episode -> episode.get(key) == null)) {
        // An episode from a v2.1 source or an older v3.0 writer has no quantiles.
        continue;
      }

      boolean lower = CameraStats.QUANTILES[q] <= 0.5;
      double[] envelope = fill(width, lower ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
      for (Map<String, Object> episode : episodes) {
        double[] values = Nested.flatten(episode.get(key));
        for (int i = 0; i < width; i++) {
          envelope[i] = lower ? Math.min(envelope[i], values[i]) : Math.max(envelope[i], values[i]);
        }
      }

      result.put(key, Nested.reshape(first.get(key), envelope));
    }

    return result;
  }

  private static double[] fill(int width, double value) {
    double[] values = new double[width];
    java.util.Arrays.fill(values, value);
    return values;
  }

  private static double[] sqrt(double[] values) {
    double[] roots = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      roots[i] = Math.sqrt(values[i]);
    }

    return roots;
  }

  /** Nested lists of numbers, flattened in order and rebuilt in the same shape. */
  static final class Nested {
    private Nested() {}

    static double[] flatten(Object nested) {
      List<Double> out = new ArrayList<>();
      collect(nested, out);
      double[] values = new double[out.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = out.get(i);
      }

      return values;
    }

    private static void collect(Object nested, List<Double> out) {
      if (nested instanceof List<?> list) {
        list.forEach(item -> collect(item, out));
      } else {
        out.add(((Number) nested).doubleValue());
      }
    }

    /** Rebuilds {@code values} in the shape of {@code template}; integral leaves stay Long. */
    static Object reshape(Object template, double[] values) {
      int[] cursor = {0};
      return rebuild(template, values, cursor);
    }

    private static Object rebuild(Object template, double[] values, int[] cursor) {
      if (template instanceof List<?> list) {
        List<Object> out = new ArrayList<>(list.size());
        for (Object item : list) {
          out.add(rebuild(item, values, cursor));
        }

        return out;
      }

      double value = values[cursor[0]++];
      boolean integral = template instanceof Long || template instanceof Integer;
      return integral ? (Object) Math.round(value) : (Object) value;
    }
  }
}
