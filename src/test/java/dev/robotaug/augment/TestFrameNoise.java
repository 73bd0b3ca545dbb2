package dev.robotaug.augment;

import static dev.robotaug.augment.TestingFrames.FRONT;
import static dev.robotaug.augment.TestingFrames.VGA;
import static dev.robotaug.augment.TestingFrames.augment;
import static dev.robotaug.augment.TestingFrames.flat;
import static dev.robotaug.augment.TestingFrames.request;
import static dev.robotaug.augment.TestingFrames.sample;
import static dev.robotaug.augment.TestingFrames.values;
import static dev.robotaug.augment.TestingFrames.variance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.NoiseType;
import dev.robotaug.spec.TransformFamily;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class TestFrameNoise {
  private static final CopyRecipe NOISE_COPY = CopyRecipe.independent(0, TransformFamily.NOISE);

  @Test
  void gaussianNoiseStdMatchesTheDrawnSigma() {
    AugmentationRequest request =
        request("{\"augment_transforms\": \"noise\", \"noise_type\": \"gaussian\"}");

    try (Mat grey = flat(VGA, 128)) {
      for (long episode = 0; episode < 4; episode++) {
        NoiseParameters noise =
            sample(request, episode, NOISE_COPY, VGA).cameras().get(FRONT).noise();
        int[] out = augment(sample(request, episode, NOISE_COPY, VGA), grey, 0);

        assertThat(noise.type()).isEqualTo(NoiseType.GAUSSIAN);
        assertThat(noise.sigma()).isBetween(3.0, 15.0);
        assertThat(Math.sqrt(variance(out, 128)))
            .isCloseTo(noise.sigma(), within(0.05 * noise.sigma()));
        assertThat(TestingFrames.mean(out, 128)).isCloseTo(0, within(0.05));
      }
    }
  }

  @Test
  void shotNoiseVarianceIsProportionalToTheSignal() {
    AugmentationRequest request =
        request("{\"augment_transforms\": \"noise\", \"noise_type\": \"shot\"}");
    CopyParameters copy = sample(request, 3, NOISE_COPY, VGA);
    double k = copy.cameras().get(FRONT).noise().k();

    double dark;
    double bright;
    try (Mat level64 = flat(VGA, 64);
        Mat level160 = flat(VGA, 160)) {
      dark = variance(augment(copy, level64, 0), 64);
      bright = variance(augment(copy, level160, 0), 160);
    }

    assertThat(k).isBetween(0.3, 1.0);
    assertThat(dark / 64).isCloseTo(k, within(0.1 * k));
    assertThat(bright / 160).isCloseTo(k, within(0.1 * k));
    assertThat(bright / dark).isCloseTo(160.0 / 64, within(0.1 * 160 / 64));
  }

  @Test
  void readNoiseIsOneSampleSharedByTheChannelsOfAPixel() {
    AugmentationRequest request =
        request("{\"augment_transforms\": \"noise\", \"noise_type\": \"read\"}");
    CopyParameters copy = sample(request, 1, NOISE_COPY, VGA);
    double sigma = copy.cameras().get(FRONT).noise().sigma();

    int[] out;
    try (Mat grey = flat(VGA, 128)) {
      out = augment(copy, grey, 5);
    }

    int differing = 0;
    int unshared = 0;
    for (int p = 0; p < out.length; p += 3) {
      unshared += out[p + 1] != out[p] || out[p + 2] != out[p] ? 1 : 0;
      differing += out[p] != 128 ? 1 : 0;
    }
    assertThat(unshared).isZero();
    assertThat(differing).isGreaterThan(out.length / 3 / 2);
    assertThat(Math.sqrt(variance(out, 128))).isCloseTo(sigma, within(0.05 * sigma));
  }

  @Test
  void noiseIsFreshEveryFrameAndDependsOnlyOnTheFrameIndex() {
    AugmentationRequest request =
        request("{\"augment_transforms\": \"noise\", \"noise_type\": \"gaussian\"}");
    CopyParameters copy = sample(request, 2, NOISE_COPY, VGA);

    int[] first;
    int[] second;
    int[] secondAgain;
    try (Mat grey = flat(VGA, 128);
        FrameAugmenter inOrder = new FrameAugmenter(copy, FRONT, VGA);
        FrameAugmenter alone = new FrameAugmenter(copy, FRONT, VGA);
        Mat out = new Mat()) {
      inOrder.apply(grey, out, 0);
      first = values(out);
      inOrder.apply(grey, out, 1);
      second = values(out);
      alone.apply(grey, out, 1);
      secondAgain = values(out);
    }

    int differing = 0;
    for (int i = 0; i < first.length; i++) {
      differing += first[i] != second[i] ? 1 : 0;
    }
    assertThat(differing).isGreaterThan(first.length * 8 / 10);
    assertThat(secondAgain).isEqualTo(second);
  }

  @Test
  void noiseFollowsTheDocumentedCounterFormula() {
    FrameSize size = new FrameSize(37, 23);
    String frameKey = KeyedRandom.hex(0x1234_5678_9ABC_DEF0L);
    List<NoiseParameters> settings =
        List.of(
            NoiseParameters.gaussian(7.5, "0", frameKey),
            NoiseParameters.read(12, "0", frameKey),
            NoiseParameters.shot(2.5, "0", frameKey));

    try (Mat frame = TestingFrames.random(size, 17)) {
      int[] source = values(frame);
      for (NoiseParameters noise : settings) {
        CopyParameters copy =
            new CopyParameters(
                1, 0, NOISE_COPY, null, Map.of(FRONT, new CameraParameters(null, null, noise)));

        assertThat(augment(copy, frame, 41))
            .as("%s noise", noise.type())
            .isEqualTo(documentedNoise(source, noise, 41));
      }
    }
  }

  /** The noise formula exactly as documented, one sample at a time. */
  private static int[] documentedNoise(int[] source, NoiseParameters noise, long frame) {
    long frameKey =
        KeyedRandom.mix64(KeyedRandom.parseHex(noise.frameKey()) ^ frame * KeyedRandom.GAMMA);
    boolean perPixel = noise.type() == NoiseType.READ;
    int[] out = new int[source.length];
    for (int i = 0; i < source.length; i++) {
      int j = perPixel ? i / 3 : i;
      long word = KeyedRandom.mix64(frameKey + (j / 4 + 1) * KeyedRandom.GAMMA);
      double z = InverseNormalTable.value((int) (word >>> (16 * (j % 4))) & 0xFFFF);
      int v = source[i];
      double n =
          noise.type() == NoiseType.SHOT ? StrictMath.sqrt(noise.k() * v) * z : noise.sigma() * z;
      out[i] = (int) Math.max(0, Math.min(255, v + StrictMath.floor(n + 0.5)));
    }
    return out;
  }

  @Test
  void noiseClampsInsteadOfWrappingAround() {
    CopyParameters copy =
        new CopyParameters(
            1,
            0,
            NOISE_COPY,
            null,
            java.util.Map.of(
                FRONT,
                new CameraParameters(
                    null, null, NoiseParameters.gaussian(40, "0", KeyedRandom.hex(77)))));

    int[] bright;
    int[] dark;
    try (Mat white = flat(VGA, 250);
        Mat black = flat(VGA, 5)) {
      bright = augment(copy, white, 0);
      dark = augment(copy, black, 0);
    }

    assertThat(java.util.Arrays.stream(bright).min().getAsInt()).isGreaterThan(60);
    assertThat(java.util.Arrays.stream(bright).filter(v -> v == 255).count())
        .isGreaterThan(bright.length * 4L / 10);
    assertThat(java.util.Arrays.stream(dark).max().getAsInt()).isLessThan(200);
    assertThat(java.util.Arrays.stream(dark).filter(v -> v == 0).count())
        .isGreaterThan(dark.length * 4L / 10);
  }
}
