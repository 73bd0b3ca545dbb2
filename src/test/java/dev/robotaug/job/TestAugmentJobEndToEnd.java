package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.augment.LightingLut;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.Storage;
import dev.robotaug.preview.PreviewRenderer;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.OutputDataset;
import dev.robotaug.video.VideoProbe;
import dev.robotaug.video.VideoStreamInfo;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestAugmentJobEndToEnd {
  private static final String FRONT = "observation.images.front";
  private static final String WRIST = "observation.images.wrist";

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path av1Source;
  private static OutputDataset source;
  private static OutputDataset output;
  private static JobSpec lightingSpec;

  @BeforeAll
  static void runLightingJobOnAnAv1Dataset() {
    av1Source = dir.resolve("source-av1");
    SyntheticDataset.write(av1Source, SyntheticDataset.Spec.small("av1"));
    source = new OutputDataset(av1Source);
    spark = SparkSessions.create("local[2]", "test");

    Path out = dir.resolve("out-av1");
    lightingSpec =
        spec(av1Source, out, "{\"augment_transforms\":\"lighting\",\"augment_copies\":2}");
    new AugmentJob(spark, lightingSpec, JobListener.NONE).execute();
    output = new OutputDataset(out);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  static JobSpec spec(Path in, Path out, String request) {
    return new JobSpec(
        UUID.randomUUID().toString(),
        Instant.now(),
        1234L,
        in.toUri().toString(),
        out.toUri().toString(),
        null,
        null,
        SpecJson.read(request, AugmentationRequest.class));
  }

  @Test
  void fiveEpisodesWithTwoCopiesMakeFifteenConsistentEpisodes() {
    assertThat(output.dataset().episodes()).hasSize(15);
    assertThat(output.frames()).hasSize(3 * 53);
    output.checkInvariants();

    for (int copy = 0; copy < 10; copy++) {
      Episode episode = output.dataset().episodes().get(5 + copy);
      assertThat(episode.length()).isEqualTo(source.dataset().episodes().get(copy / 2).length());
    }
  }

  @Test
  void originalEpisodesDecodeToTheSourceFrames() {
    for (int e = 0; e < 5; e++) {
      for (String camera : List.of(FRONT, WRIST)) {
        assertThat(output.frameHashes(e, camera))
            .as("episode %d, %s", e, camera)
            .isEqualTo(source.frameHashes(e, camera));
      }
    }
  }

  @Test
  void nonCameraColumnsEqualTheSourceEpisodeExceptIndices() {
    for (int copy = 0; copy < 10; copy++) {
      List<Map<String, Object>> rows = output.framesOf(5 + copy);
      List<Map<String, Object>> sourceRows = source.framesOf(copy / 2);
      long first = output.dataset().episodes().get(5 + copy).fromIndex();
      for (int t = 0; t < rows.size(); t++) {
        Map<String, Object> expected = new HashMap<>(sourceRows.get(t));
        expected.put("episode_index", 5L + copy);
        expected.put("index", first + t);
        assertThat(rows.get(t)).as("copy %d frame %d", copy, t).isEqualTo(expected);
      }
    }
  }

  @Test
  void copiesChangeInTheDirectionTheirLightingParametersImply() {
    JsonNode episodes = output.json("meta/augmentation.json").get("episodes");
    assertThat(episodes).hasSize(10);
    for (JsonNode record : episodes) {
      long episode = record.get("episode_index").asLong();
      long sourceEpisode = record.get("source_episode").asLong();
      JsonNode lighting = record.path("parameters").path("lighting");
      int[][] lut =
          LightingLut.table(
              lighting.get("brightness_percent").asDouble(),
              lighting.get("contrast_percent").asDouble(),
              lighting.get("color_temperature_k").asDouble());
      for (String camera : List.of(FRONT, WRIST)) {
        FrameDifference difference =
            FrameDifference.measure(source, sourceEpisode, output, episode, camera, lut);

        assertThat(difference.meanAbsoluteDifference())
            .as("episode %d %s", episode, camera)
            .isGreaterThan(1.0);
        for (int c = 0; c < 3; c++) {
          double expectedShift = difference.expectedMean()[c] - difference.sourceMean()[c];
          double actualShift = difference.outputMean()[c] - difference.sourceMean()[c];
          assertThat(actualShift)
              .as("episode %d %s channel %d", episode, camera, c)
              .isCloseTo(expectedShift, within(3.0));
        }
      }
    }
  }

  @Test
  void statsJsonAggregatesEveryEpisode() {
    JsonNode stats = output.json("meta/stats.json");

    assertThat(stats.path("index").path("max").get(0).asLong()).isEqualTo(158);
    assertThat(stats.path("episode_index").path("max").get(0).asLong()).isEqualTo(14);
    assertThat(stats.path(FRONT).path("count").get(0).asLong()).isEqualTo(3 * 53);
    assertThat(stats.path(FRONT).path("mean")).hasSize(3);
  }

  @Test
  void outputStreamsKeepTheSourceCodecSizeAndRate() {
    for (String camera : List.of(FRONT, WRIST)) {
      VideoStreamInfo in = VideoProbe.probe(source.videoFile(0, camera));
      VideoStreamInfo out = VideoProbe.probe(output.videoFile(14, camera));
      assertThat(out.codec()).isEqualTo("av1").isEqualTo(in.codec());
      assertThat(out.pixFmt()).isEqualTo(in.pixFmt());
      assertThat(out.width()).isEqualTo(in.width());
      assertThat(out.height()).isEqualTo(in.height());
      assertThat(out.fps()).isCloseTo(10.0, within(1e-6));
    }
  }

  @Test
  void anH264SourceStaysH264() {
    Path in = dir.resolve("source-h264");
    SyntheticDataset.write(in, SyntheticDataset.Spec.small("h264"));
    Path out = dir.resolve("out-h264");

    new AugmentJob(spark, spec(in, out, "{\"augment_copies\":1}"), JobListener.NONE).execute();
    OutputDataset h264 = new OutputDataset(out);

    h264.checkInvariants();
    assertThat(h264.dataset().episodes()).hasSize(10);
    VideoStreamInfo stream = VideoProbe.probe(h264.videoFile(9, WRIST));
    assertThat(stream.codec()).isEqualTo("h264");
    assertThat(stream.pixFmt()).isEqualTo("yuv420p");
    assertThat(stream.width()).isEqualTo(64);
    assertThat(stream.height()).isEqualTo(48);
  }

  @Test
  void aMissingDatasetFailsNamingItAndPublishesNothing() {
    Path out = dir.resolve("out-missing");

    assertThatThrownBy(
            () ->
                new AugmentJob(spark, spec(dir.resolve("nope"), out, "{}"), JobListener.NONE)
                    .execute())
        .hasMessageContaining("Cannot read dataset")
        .hasMessageContaining("nope")
        .hasMessageContaining("meta/info.json not found");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void contactSheetsShowSourceAndCopiesAndThePreviewCommandRendersTheSameBytes() throws Exception {
    Path previews = dir.resolve("previews");

    List<Path> rendered =
        PreviewRenderer.render(Storage.configuration(Map.of()), lightingSpec, 3, previews);

    assertThat(rendered).hasSize(2);
    for (String camera : List.of(FRONT, WRIST)) {
      Path written = dir.resolve("out-av1/meta/previews/" + camera + ".png");
      assertThat(Files.readAllBytes(previews.resolve(camera + ".png")))
          .isEqualTo(Files.readAllBytes(written));
      BufferedImage sheet = ImageIO.read(written.toFile());
      assertThat(sheet.getWidth())
          .as("label column + source + 2 copies")
          .isEqualTo(150 + 3 * (192 + 4));
      assertThat(sheet.getHeight())
          .as("header + 3 episodes x 3 frames")
          .isEqualTo(34 + 9 * (144 + 4));
      int sourcePixel = sheet.getRGB(150 + 96, 34 + 72);
      int copyPixel = sheet.getRGB(150 + 196 + 96, 34 + 72);
      assertThat(copyPixel).isNotEqualTo(sourcePixel);
    }
  }

  @Test
  void theOutputIsMarkedFinishedAndStagingIsGone() throws Exception {
    Path out = dir.resolve("out-av1");

    assertThat(out.resolve("_SUCCESS")).exists();
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains("staging"));
    }
  }
}
