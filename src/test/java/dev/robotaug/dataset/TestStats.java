package dev.robotaug.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestStats {

  @Test
  void sampleCountsFollowLeRobotsRule() {
    assertThat(CameraStats.sampleIndices(7).cardinality()).isEqualTo(7);
    assertThat(CameraStats.sampleIndices(300).cardinality()).isEqualTo(100);
    assertThat(CameraStats.sampleIndices(1000).cardinality()).isEqualTo(177);
    assertThat(CameraStats.sampleIndices(10000).cardinality()).isEqualTo(1000);
    assertThat(CameraStats.sampleIndices(300).get(0)).isTrue();
    assertThat(CameraStats.sampleIndices(300).get(299)).isTrue();
  }

  @Test
  void cameraStatsArePerChannelOverSampledPixelsInUnitRange() {
    CameraStats stats = new CameraStats(2, 1, 2);
    stats.add(0, new byte[] {0, 10, (byte) 255, 0, 20, (byte) 255}, 6);
    stats.add(1, new byte[] {(byte) 255, 30, (byte) 255, (byte) 255, 40, (byte) 255}, 6);

    Map<String, Object> result = stats.result();

    assertThat(result.get("min"))
        .isEqualTo(
            List.of(List.of(List.of(0.0)), List.of(List.of(10 / 255.0)), List.of(List.of(1.0))));
    assertThat(result.get("mean"))
        .isEqualTo(
            List.of(List.of(List.of(0.5)), List.of(List.of(25 / 255.0)), List.of(List.of(1.0))));
    assertThat(StatsAggregation.Nested.flatten(result.get("std"))[1])
        .isCloseTo(Math.sqrt(125) / 255.0, within(1e-12));
    assertThat(StatsAggregation.Nested.flatten(result.get("q50"))[1])
        .isCloseTo(25 / 255.0, within(1e-12));
    assertThat(result.get("count")).isEqualTo(List.of(2L));
  }

  @Test
  void aggregationWeightsMeansAndPoolsVariance() {
    Map<String, Object> a = NumericStats.of(new double[][] {{1}, {2}, {3}}, false);
    Map<String, Object> b = NumericStats.of(new double[][] {{10}, {20}}, false);
    Map<String, Object> all = NumericStats.of(new double[][] {{1}, {2}, {3}, {10}, {20}}, false);

    Map<String, Object> aggregated = StatsAggregation.aggregateFeature(List.of(a, b));

    assertThat(aggregated.get("min")).isEqualTo(List.of(1.0));
    assertThat(aggregated.get("max")).isEqualTo(List.of(20.0));
    assertThat(aggregated.get("count")).isEqualTo(List.of(5L));
    assertThat(StatsAggregation.Nested.flatten(aggregated.get("mean"))[0])
        .isCloseTo(7.2, within(1e-12));
    assertThat(StatsAggregation.Nested.flatten(aggregated.get("std"))[0])
        .isCloseTo(StatsAggregation.Nested.flatten(all.get("std"))[0], within(1e-12));
    assertThat(aggregated.get("q01")).isEqualTo(a.get("q01"));
    assertThat(aggregated.get("q99")).isEqualTo(b.get("q99"));
  }

  @Test
  void rangeStatsMatchTheStatsOfTheValues() {
    double[][] values = new double[7][1];
    for (int i = 0; i < 7; i++) {
      values[i][0] = 40 + i;
    }

    Map<String, Object> expected = NumericStats.of(values, true);
    Map<String, Object> range = StatsAggregation.range(40, 7);

    for (String key : LeRobotSchemas.STAT_KEYS) {
      assertThat(StatsAggregation.Nested.flatten(range.get(key)))
          .as(key)
          .containsExactly(StatsAggregation.Nested.flatten(expected.get(key)), within(1e-9));
    }
  }
}
