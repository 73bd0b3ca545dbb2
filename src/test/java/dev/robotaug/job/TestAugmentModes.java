package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.augment.CopyParameters;
import dev.robotaug.augment.FrameAugmenter;
import dev.robotaug.augment.FrameSize;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.OutputDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Independent and inplace modes, and provenance that reproduces every augmented frame. */
class TestAugmentModes {
  private static final List<String> CAMERAS =
      List.of("observation.images.front", "observation.images.wrist");

  @TempDir static Path dir;
  private static SparkSession spark;
  private static OutputDataset source;
  private static OutputDataset independent;
  private static OutputDataset inplace;

  @BeforeAll
  static void runBothModes() {
    Path in = dir.resolve("source");
    SyntheticDataset.write(in, SyntheticDataset.Spec.small("av1"));
    source = new OutputDataset(in);
    spark = SparkSessions.create("local[2]", "modes");

    Path independentOut = dir.resolve("independent");
    String independentRequest =
        "{\"augment_transforms\":\"lighting,noise,blur,occlusion\",\"augment_mode\":\"independent\","
            + "\"augment_copies\":1,\"augment_copies_per_transform\":{\"noise\":2,\"blur\":1}}";
    new AugmentJob(
            spark,
            TestAugmentJobEndToEnd.spec(in, independentOut, independentRequest),
            JobListener.NONE)
        .execute();
    independent = new OutputDataset(independentOut);

    Path inplaceOut = dir.resolve("inplace");
    String inplaceRequest =
        "{\"augment_transforms\":\"lighting,noise,blur,occlusion\",\"augment_dataset_mode\":\"inplace\"}";
    new AugmentJob(
            spark, TestAugmentJobEndToEnd.spec(in, inplaceOut, inplaceRequest), JobListener.NONE)
        .execute();
    inplace = new OutputDataset(inplaceOut);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void independentModeMakesTheAskedCopiesPerTransform() {
    Map<String, Integer> perFamily = new TreeMap<>();
    for (JsonNode record : independent.json("meta/augmentation.json").get("episodes")) {
      JsonNode families = record.path("parameters").path("recipe").path("families");
      assertThat(families).hasSize(1);
      perFamily.merge(families.get(0).asText(), 1, Integer::sum);
    }

    assertThat(perFamily)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("lighting", 5, "noise", 10, "blur", 5, "occlusion", 5));
    assertThat(independent.dataset().episodes()).hasSize(30);
    independent.checkInvariants();
  }

  @Test
  void eachIndependentCopyRecordsOnlyItsOwnTransform() {
    for (JsonNode record : independent.json("meta/augmentation.json").get("episodes")) {
      JsonNode parameters = record.path("parameters");
      String family = parameters.path("recipe").path("families").get(0).asText();
      assertThat(parameters.path("lighting").isNull()).isEqualTo(!family.equals("lighting"));
      for (String camera : CAMERAS) {
        JsonNode perCamera = parameters.path("cameras").path(camera);
        for (String other : List.of("occlusion", "blur", "noise")) {
          assertThat(perCamera.path(other).isNull() || perCamera.path(other).isMissingNode())
              .as("%s of a %s copy, %s", other, family, camera)
              .isEqualTo(!other.equals(family));
        }
      }
    }
  }

  @Test
  void recordedParametersLieInsideTheRequestedRanges() {
    for (OutputDataset output : List.of(independent, inplace)) {
      for (JsonNode record : output.json("meta/augmentation.json").get("episodes")) {
        JsonNode parameters = record.path("parameters");
        JsonNode lighting = parameters.path("lighting");
        if (!lighting.isNull()) {
          assertThat(lighting.get("brightness_percent").asDouble()).isBetween(-15.0, 15.0);
          assertThat(lighting.get("contrast_percent").asDouble()).isBetween(-10.0, 10.0);
          assertThat(lighting.get("color_temperature_k").asDouble()).isBetween(4000.0, 6500.0);
        }

        for (String camera : CAMERAS) {
          JsonNode perCamera = parameters.path("cameras").path(camera);
          checkNoise(perCamera.path("noise"));
          checkBlur(perCamera.path("blur"));
          checkOcclusion(perCamera.path("occlusion"));
        }
      }
    }
  }

  private static void checkNoise(JsonNode noise) {
    if (noise.isNull() || noise.isMissingNode()) {
      return;
    }

    if (noise.get("type").asText().equals("shot")) {
      assertThat(noise.get("k").asDouble()).isBetween(0.3, 1.0);
    } else {
      assertThat(noise.get("sigma").asDouble()).isBetween(3.0, 15.0);
    }
  }

  private static void checkBlur(JsonNode blur) {
    if (blur.isNull() || blur.isMissingNode()) {
      return;
    }

    if (blur.get("type").asText().equals("motion")) {
      assertThat(blur.get("kernel").asInt()).isBetween(5, 15).matches(k -> k % 2 == 1);
      assertThat(blur.get("angle_degrees").asDouble())
          .isGreaterThanOrEqualTo(0.0)
          .isLessThan(180.0);
    } else {
      assertThat(blur.get("sigma").asDouble()).isBetween(0.5, 2.5);
    }
  }

  private static void checkOcclusion(JsonNode occlusion) {
    if (occlusion.isNull() || occlusion.isMissingNode()) {
      return;
    }

    int width = occlusion.path("frame_size").get("width").asInt();
    int height = occlusion.path("frame_size").get("height").asInt();
    assertThat(occlusion.get("patches").size()).isBetween(1, 3);
    for (JsonNode patch : occlusion.get("patches")) {
      assertThat(patch.get("width").asInt())
          .isBetween((int) Math.floor(0.05 * width), (int) Math.ceil(0.2 * width));
      assertThat(patch.get("height").asInt())
          .isBetween((int) Math.floor(0.05 * height), (int) Math.ceil(0.2 * height));
      assertThat(patch.get("x").asInt() + patch.get("width").asInt()).isLessThanOrEqualTo(width);
      assertThat(patch.get("y").asInt() + patch.get("height").asInt()).isLessThanOrEqualTo(height);
    }
  }

  @Test
  void reapplyingRecordedParametersReproducesTheFramesBeforeEncoding() {
    for (OutputDataset output : List.of(independent, inplace)) {
      for (JsonNode record : output.json("meta/augmentation.json").get("episodes")) {
        CopyParameters parameters =
            SpecJson.read(record.get("parameters").toString(), CopyParameters.class);
        for (String camera : CAMERAS) {
          String expected = record.path("frames_digest").get(camera).asText();
          assertThat(reapply(parameters, record.get("source_episode").asLong(), camera))
              .as("episode %s, %s", record.get("episode_index"), camera)
              .isEqualTo(expected);
        }
      }
    }
  }

  private static String reapply(CopyParameters parameters, long sourceEpisode, String camera) {
    var feature = source.dataset().info().features().get(camera);
    FrameDigest digest = new FrameDigest();
    List<byte[]> frames = new ArrayList<>();
    source.forEachFrame(sourceEpisode, camera, (i, rgb) -> frames.add(rgb));
    FrameSize size = new FrameSize(feature.width(), feature.height());
    try (FrameAugmenter augmenter = new FrameAugmenter(parameters, camera, size);
        Mat in = new Mat(size.height(), size.width(), opencv_core.CV_8UC3);
        Mat out = new Mat(size.height(), size.width(), opencv_core.CV_8UC3)) {
      for (int i = 0; i < frames.size(); i++) {
        in.data().put(frames.get(i));
        augmenter.apply(in, out, i);
        digest.add(out);
      }
    }

    return digest.hex();
  }

  @Test
  void inplaceKeepsTheEpisodeCountAndLeavesNoOriginalFrame() {
    assertThat(inplace.dataset().episodes()).hasSize(5);
    inplace.checkInvariants();
    for (int e = 0; e < 5; e++) {
      assertThat(inplace.dataset().episodes().get(e).length())
          .isEqualTo(source.dataset().episodes().get(e).length());
      for (String camera : CAMERAS) {
        List<String> sourceFrames = source.frameHashes(e, camera);
        List<String> outputFrames = inplace.frameHashes(e, camera);
        for (int t = 0; t < outputFrames.size(); t++) {
          assertThat(outputFrames.get(t))
              .as("episode %d %s frame %d", e, camera, t)
              .isNotEqualTo(sourceFrames.get(t));
        }

        FrameDifference difference =
            FrameDifference.measure(source, e, inplace, e, camera, identity());
        assertThat(difference.meanAbsoluteDifference()).isGreaterThan(1.0);
      }
    }
  }

  private static int[][] identity() {
    int[][] table = new int[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        table[c][v] = v;
      }
    }

    return table;
  }
}
