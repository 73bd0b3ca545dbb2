package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.testing.OutputDataset;
import java.util.ArrayList;
import java.util.List;

/** Compares an augmented episode with its source episode frame by frame. */
record FrameDifference(
    double meanAbsoluteDifference,
    double[] sourceMean,
    double[] outputMean,
    double[] expectedMean) {

  /** {@code lut} maps source values to what the copy's lighting should give, per channel. */
  static FrameDifference measure(
      OutputDataset source,
      long sourceEpisode,
      OutputDataset output,
      long episode,
      String camera,
      int[][] lut) {
    List<byte[]> sourceFrames = new ArrayList<>();
    source.forEachFrame(sourceEpisode, camera, (i, rgb) -> sourceFrames.add(rgb));
    double[] sums = new double[10];
    long[] count = {0};
    output.forEachFrame(
        episode,
        camera,
        (i, rgb) -> {
          byte[] src = sourceFrames.get(i);
          assertThat(rgb).hasSameSizeAs(src);
          for (int p = 0; p < rgb.length; p++) {
            int c = p % 3;
            int in = src[p] & 0xff;
            int out = rgb[p] & 0xff;
            sums[0] += Math.abs(out - in);
            sums[1 + c] += in;
            sums[4 + c] += out;
            sums[7 + c] += lut[c][in];
          }

          count[0] += rgb.length;
        });
    double perChannel = count[0] / 3.0;
    return new FrameDifference(
        sums[0] / count[0],
        new double[] {sums[1] / perChannel, sums[2] / perChannel, sums[3] / perChannel},
        new double[] {sums[4] / perChannel, sums[5] / perChannel, sums[6] / perChannel},
        new double[] {sums[7] / perChannel, sums[8] / perChannel, sums[9] / perChannel});
  }
}
