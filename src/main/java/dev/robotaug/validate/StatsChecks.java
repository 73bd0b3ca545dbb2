package dev.robotaug.validate;

import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Feature;
import dev.robotaug.dataset.StatsAggregation;
import dev.robotaug.validate.ValidationReport.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Checks of the statistics LeRobot normalises with: per-episode stats ({@code stats/<feature>/*}
 * columns in v3.0, {@code meta/episodes_stats.jsonl} in v2.1) and, in v3.0, the aggregate {@code
 * meta/stats.json}. Every numeric and camera feature has min, max, mean, std and count; a numeric
 * stat has the feature's shape, a camera stat the shape (C,1,1), {@code count} the shape (1,);
 * camera values lie in [0, 1] (depth maps excepted, they are not divided by 255).
 */
final class StatsChecks {
  static final List<String> REQUIRED = List.of("min", "max", "mean", "std", "count");
  static final List<String> SHAPED =
      List.of("min", "max", "mean", "std", "count", "q01", "q10", "q50", "q90", "q99");

  private final DatasetUnderTest dataset;
  private final List<Feature> features;

  StatsChecks(DatasetUnderTest dataset) {
    this.dataset = dataset;
    this.features =
        dataset.info.features().values().stream()
            .filter(f -> !f.dtype().equals("string") && !f.dtype().equals("language"))
            .toList();
  }

  void addTo(CheckList checks) {
    checks.run("stats.present", this::present);
    checks.run("stats.shape", this::shapes);
    checks.run("stats.range", this::cameraRange);
  }

  private Check present() {
    Findings findings = new Findings();
    forEachStatsSet(
        (where, stats) -> {
          for (Feature feature : features) {
            Map<String, Object> values = stats.get(feature.name());
            if (values == null) {
              findings.add(where + ": no stats for " + feature.name());
              continue;
            }

            for (String stat : REQUIRED) {
              if (values.get(stat) == null) {
                findings.add(where + ": " + feature.name() + " has no " + stat);
              }
            }
          }
        });
    if (!dataset.info.isV21() && dataset.statsJsonProblem != null) {
      findings.add(dataset.statsJsonProblem);
    }

    return findings.toCheck(
        "stats.present",
        "min, max, mean, std, count of %d features in %d episodes%s"
            .formatted(
                features.size(),
                dataset.episodeRows.size(),
                dataset.statsJson == null ? "" : " and meta/stats.json"));
  }

  private Check shapes() {
    Findings findings = new Findings();
    forEachStatsSet(
        (where, stats) -> {
          for (Feature feature : features) {
            Map<String, Object> values = stats.getOrDefault(feature.name(), Map.of());
            for (String stat : SHAPED) {
              if (values.get(stat) == null) {
                continue;
              }

              List<Integer> expected = expectedShape(feature, stat);
              List<Integer> actual = shapeOf(values.get(stat));
              if (!expected.equals(actual)) {
                findings.add(
                    "%s: %s/%s has shape %s, expected %s"
                        .formatted(
                            where,
                            feature.name(),
                            stat,
                            actual == null ? "ragged" : actual,
                            expected));
              }
            }
          }
        });
    return findings.toCheck(
        "stats.shape", "numeric stats shaped as their feature, camera (C,1,1), count (1,)");
  }

  private Check cameraRange() {
    Findings findings = new Findings();
    forEachStatsSet(
        (where, stats) -> {
          for (Feature feature : features) {
            boolean camera = feature.isVideo() || feature.isImage();
            if (!camera || feature.isDepthMap()) {
              continue;
            }

            Map<String, Object> values = stats.getOrDefault(feature.name(), Map.of());
            for (String stat : SHAPED) {
              if (stat.equals("count") || values.get(stat) == null) {
                continue;
              }

              for (double value : flatten(values.get(stat))) {
                if (!(value >= 0 && value <= 1)) {
                  findings.add(
                      "%s: %s/%s has %s, outside [0, 1]"
                          .formatted(where, feature.name(), stat, value));
                  break;
                }
              }
            }
          }
        });
    return findings.toCheck("stats.range", "camera stats within [0, 1]");
  }

  /** Calls {@code check} with each episode's stats, then with stats.json's (v3.0). */
  private void forEachStatsSet(BiConsumer<String, Map<String, Map<String, Object>>> check) {
    String table = dataset.info.isV21() ? "meta/episodes_stats.jsonl" : "meta/episodes";
    for (Map<String, Object> row : dataset.episodeRows) {
      String where = "episode " + row.get("episode_index") + " (" + table + ")";
      check.accept(where, StatsAggregation.fromEpisodeRow(row));
    }

    if (dataset.statsJson != null) {
      check.accept("meta/stats.json", statsJson());
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Object>> statsJson() {
    Map<String, Map<String, Object>> stats = new LinkedHashMap<>();
    Map<String, Object> all = DatasetJson.MAPPER.convertValue(dataset.statsJson, Map.class);
    all.forEach(
        (feature, values) -> {
          if (values instanceof Map<?, ?> map) {
            stats.put(feature, (Map<String, Object>) map);
          }
        });
    return stats;
  }

  static List<Integer> expectedShape(Feature feature, String stat) {
    if (stat.equals("count")) {
      return List.of(1);
    }

    if (feature.isVideo() || feature.isImage()) {
      int channels = feature.shape().size() == 3 ? feature.shape().get(2) : 3;
      return List.of(channels, 1, 1);
    }

    return feature.shape();
  }

  /** The shape of a nested list (a number has shape []), or null when it is ragged. */
  static List<Integer> shapeOf(Object value) {
    if (!(value instanceof List<?> list)) {
      return value instanceof Number ? List.of() : null;
    }

    List<Integer> inner = list.isEmpty() ? List.of() : shapeOf(list.get(0));
    for (Object element : list) {
      List<Integer> shape = shapeOf(element);
      if (shape == null || !shape.equals(inner)) {
        return null;
      }
    }

    List<Integer> shape = new ArrayList<>();
    shape.add(list.size());
    shape.addAll(inner);
    return shape;
  }

  private static List<Double> flatten(Object value) {
    List<Double> values = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(element -> values.addAll(flatten(element)));
    } else if (value instanceof Number number) {
      values.add(number.doubleValue());
    }

    return values;
  }
}
