package dev.robotaug.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class TestLightingLut {
  private static final int[] PROBES = {0, 32, 64, 128, 192, 255};

  @Test
  void neutralSettingsAreTheIdentity() {
    int[][] table = LightingLut.table(0, 0, 6500);

    for (int channel = 0; channel < 3; channel++) {
      for (int v = 0; v < 256; v++) {
        assertThat(table[channel][v]).as("channel %d value %d", channel, v).isEqualTo(v);
      }
    }
  }

  @Test
  void brightnessIsAPercentGain() {
    assertRows(LightingLut.table(15, 0, 6500), grey(0, 37, 74, 147, 221, 255));
  }

  @Test
  void contrastPivotsOnMidGrey() {
    assertRows(LightingLut.table(0, -10, 6500), grey(13, 42, 70, 128, 186, 242));
  }

  @Test
  void warmLightAt4000KelvinMatchesTheTestVector() {
    int[][] expected = {
      {13, 13, 13}, {51, 43, 34}, {87, 74, 58}, {159, 136, 106}, {231, 198, 154}, {255, 255, 201}
    };

    assertRows(LightingLut.table(10, -10, 4000), expected);
  }

  @Test
  void coolLightAt10000KelvinMatchesTheTestVector() {
    int[][] expected = {
      {0, 0, 0}, {14, 17, 23}, {42, 47, 58}, {97, 107, 126}, {153, 168, 194}, {208, 226, 226}
    };

    assertRows(LightingLut.table(-15, 10, 10000), expected);
  }

  @Test
  void candleLightAt2000KelvinMatchesTheTestVector() {
    int[][] expected = {
      {0, 0, 0}, {53, 25, 1}, {99, 52, 3}, {192, 106, 14}, {255, 160, 26}, {255, 213, 38}
    };

    assertRows(LightingLut.table(0, 0, 2000), expected);
  }

  @Test
  void gainsAreNeutralAt6500AndWarmBelowCoolAbove() {
    double[] neutral = LightingLut.gains(6500);
    double[] warm = LightingLut.gains(4000);
    double[] cool = LightingLut.gains(10000);

    assertThat(neutral).containsExactly(new double[] {1, 1, 1}, within(1e-12));
    assertThat(warm).containsExactly(new double[] {1.360, 0.942, 0.517}, within(0.0015));
    assertThat(cool).containsExactly(new double[] {0.836, 1.010, 1.381}, within(0.0015));
    assertThat(0.2126 * warm[0] + 0.7152 * warm[1] + 0.0722 * warm[2]).isCloseTo(1, within(1e-12));
  }

  @Test
  void matFormInterleavesTheChannels() {
    int[][] table = LightingLut.table(10, -10, 4000);

    try (Mat lut = LightingLut.mat(table)) {
      byte[] bytes = new byte[256 * 3];
      lut.data().get(bytes);

      assertThat(lut.rows()).isEqualTo(1);
      assertThat(lut.cols()).isEqualTo(256);
      assertThat(lut.channels()).isEqualTo(3);
      assertThat(bytes[128 * 3] & 0xFF).isEqualTo(159);
      assertThat(bytes[128 * 3 + 1] & 0xFF).isEqualTo(136);
      assertThat(bytes[128 * 3 + 2] & 0xFF).isEqualTo(106);
    }
  }

  @Test
  void rejectsTemperaturesOutsideThePlanckianSpline() {
    assertThatThrownBy(() -> LightingLut.gains(1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid colour temperature: 1000.0 K");
  }

  private static int[][] grey(int... values) {
    int[][] rows = new int[values.length][];
    for (int i = 0; i < values.length; i++) {
      rows[i] = new int[] {values[i], values[i], values[i]};
    }
    return rows;
  }

  private static void assertRows(int[][] table, int[][] expected) {
    for (int probe = 0; probe < PROBES.length; probe++) {
      int v = PROBES[probe];
      int[] actual = {table[0][v], table[1][v], table[2][v]};
      assertThat(actual).as("v=%d", v).containsExactly(expected[probe]);
    }
  }
}
