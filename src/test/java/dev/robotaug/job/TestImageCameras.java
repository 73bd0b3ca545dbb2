package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.augment.CopyParameters;
import dev.robotaug.augment.FrameAugmenter;
import dev.robotaug.augment.FrameSize;
import dev.robotaug.dataset.Storage;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.DatasetKind;
import dev.robotaug.testing.OutputDataset;
import dev.robotaug.validate.DatasetValidator;
import dev.robotaug.validate.ValidationReport;
import dev.robotaug.video.PngFrames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cameras stored as PNG images in the rows are augmented like video cameras. */
class TestImageCameras {
  private static final String IMAGE = DatasetKind.Cameras.WRIST;

  @TempDir static Path dir;
  private static OutputDataset source;
  private static OutputDataset output;
  private static Path outputRoot;

  @BeforeAll
  static void runOnAMixedDataset() {
    Path in = DatasetKind.MIXED.write(dir.resolve("mixed"));
    source = new OutputDataset(in);
    outputRoot = dir.resolve("out");
    SparkSession spark = SparkSessions.create("local[2]", "images");
    try {
      String request = "{\"augment_transforms\":\"lighting,occlusion,noise\",\"augment_copies\":2}";
      new AugmentJob(spark, TestAugmentJobEndToEnd.spec(in, outputRoot, request), JobListener.NONE)
          .execute();
    } finally {
      spark.stop();
    }

    output = new OutputDataset(outputRoot);
  }

  @Test
  void theOutputPassesEveryValidatorCheck() {
    ValidationReport report =
        DatasetValidator.validate(Storage.configuration(Map.of()), outputRoot.toUri().toString());

    assertThat(report.failures()).isEmpty();
    assertThat(report.passedCount()).isGreaterThan(20);
  }

  @Test
  void originalImagesAreKeptByteForByte() {
    for (int e = 0; e < source.dataset().episodes().size(); e++) {
      List<Map<String, Object>> in = source.framesOf(e);
      List<Map<String, Object>> out = output.framesOf(e);
      for (int t = 0; t < in.size(); t++) {
        assertThat(bytes(out.get(t))).isEqualTo(bytes(in.get(t)));
      }
    }
  }

  @Test
  void copiesHoldTheAugmentedImagesTheirParametersReproduce() {
    JsonNode episodes = output.json("meta/augmentation.json").get("episodes");
    assertThat(episodes).hasSize(2 * source.dataset().episodes().size());
    var feature = source.dataset().info().features().get(IMAGE);
    FrameSize size = new FrameSize(feature.width(), feature.height());
    for (JsonNode record : episodes) {
      CopyParameters parameters =
          SpecJson.read(record.get("parameters").toString(), CopyParameters.class);
      List<Map<String, Object>> in = source.framesOf(record.get("source_episode").asLong());
      List<Map<String, Object>> out = output.framesOf(record.get("episode_index").asLong());
      FrameDigest digest = new FrameDigest();
      double difference = 0;
      try (PngFrames png = new PngFrames();
          FrameAugmenter augmenter = new FrameAugmenter(parameters, IMAGE, size);
          Mat sourceFrame = new Mat();
          Mat expected = new Mat();
          Mat written = new Mat()) {
        for (int t = 0; t < in.size(); t++) {
          png.decode(bytes(in.get(t)), sourceFrame, "source");
          augmenter.apply(sourceFrame, expected, t);
          digest.add(expected);
          png.decode(bytes(out.get(t)), written, "output");
          difference += meanAbsoluteDifference(sourceFrame, written);
          assertThat(pixels(written)).isEqualTo(pixels(expected));
        }
      }

      assertThat(digest.hex()).isEqualTo(record.path("frames_digest").get(IMAGE).asText());
      assertThat(difference / in.size()).isGreaterThan(1.0);
    }
  }

  private static byte[] bytes(Map<String, Object> row) {
    return (byte[]) ((Map<?, ?>) row.get(IMAGE)).get("bytes");
  }

  private static byte[] pixels(Mat rgb) {
    byte[] pixels = new byte[rgb.cols() * rgb.rows() * 3];
    rgb.data().get(pixels);
    return pixels;
  }

  private static double meanAbsoluteDifference(Mat a, Mat b) {
    byte[] x = pixels(a);
    byte[] y = pixels(b);
    long sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
    }

    return (double) sum / x.length;
  }
}
