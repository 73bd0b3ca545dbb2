package dev.robotaug.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.ParquetTable;
import dev.robotaug.dataset.Storage;
import dev.robotaug.testing.DatasetKind;
import dev.robotaug.testing.DatasetKind.Cameras;
import dev.robotaug.testing.OutputDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSyntheticDataset {
  @TempDir Path dir;

  @Test
  void imageCamerasHoldPngsOfTheRenderedRgbFrames() throws IOException {
    Path root = DatasetKind.V30_IMAGE.write(dir.resolve("images"));
    ParquetTable data =
        ParquetTable.read(
            Storage.configuration(Map.of()),
            new org.apache.hadoop.fs.Path(root.resolve("data/chunk-000/file-001.parquet").toUri()));
    Map<?, ?> cell = (Map<?, ?>) data.rows().get(8).get(Cameras.FRONT);
    byte[] png = (byte[]) cell.get("bytes");

    byte[] expected = new byte[32 * 24 * 3];
    Scene.render(expected, 32, 24, 5L, 3, 0, 1, 10);
    assertThat(data.rows().get(8))
        .containsEntry("episode_index", 3L)
        .containsEntry("frame_index", 1L);
    assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(cell.get("path")).isEqualTo("frame_000001.png");
    assertThat(decodeRgb(png)).isEqualTo(expected);
    JsonNode declared =
        DatasetJson.MAPPER
            .readTree(data.keyValueMetadata().get("huggingface"))
            .path("info")
            .path("features")
            .path(Cameras.FRONT);
    assertThat(declared.path("_type").asText()).isEqualTo("Image");
  }

  private static byte[] decodeRgb(byte[] png) {
    try (BytePointer data = new BytePointer(png);
        Mat encoded = new Mat(1, png.length, opencv_core.CV_8U, data);
        Mat bgr = imdecode(encoded, IMREAD_COLOR);
        Mat rgb = new Mat()) {
      cvtColor(bgr, rgb, COLOR_BGR2RGB);
      byte[] pixels = new byte[rgb.cols() * rgb.rows() * 3];
      rgb.data().get(pixels);
      return pixels;
    }
  }

  @Test
  void rotatingFilesSpreadAcrossChunksIndependentlyForDataAndVideo() throws IOException {
    Path root = DatasetKind.ROTATING.write(dir.resolve("rotating"));
    OutputDataset dataset = new OutputDataset(root);

    assertThat(files(root, "data"))
        .containsExactly(
            "data/chunk-000/file-000.parquet",
            "data/chunk-000/file-001.parquet",
            "data/chunk-001/file-000.parquet",
            "data/chunk-001/file-001.parquet",
            "data/chunk-002/file-000.parquet");
    String videos = "videos/" + Cameras.FRONT;
    assertThat(files(root, videos))
        .containsExactly(
            videos + "/chunk-000/file-000.mp4",
            videos + "/chunk-000/file-001.mp4",
            videos + "/chunk-001/file-000.mp4");
    Episode seventh = dataset.dataset().episodes().get(6);
    assertThat(List.of(seventh.dataChunk(), seventh.dataFile())).containsExactly(1L, 1L);
    assertThat(seventh.videos().get(Cameras.FRONT).chunkIndex()).isEqualTo(1);
    assertThat(seventh.videos().get(Cameras.FRONT).fileIndex()).isEqualTo(0);
    assertThat(seventh.videos().get(Cameras.FRONT).fromTimestamp()).isEqualTo(0.0);
    dataset.checkInvariants();
  }

  @Test
  void v21DatasetsHaveJsonlMetadataAndV21Totals() throws IOException {
    Path root = DatasetKind.V21_VIDEO.write(dir.resolve("v21"));
    OutputDataset dataset = new OutputDataset(root);
    JsonNode info = dataset.json("meta/info.json");

    assertThat(info.get("codebase_version").asText()).isEqualTo("v2.1");
    assertThat(info.get("total_videos").asInt()).isEqualTo(4);
    assertThat(info.get("total_chunks").asInt()).isEqualTo(2);
    assertThat(info.has("data_files_size_in_mb")).isFalse();
    assertThat(info.path("features").path(Cameras.FRONT).path("info").has("video.is_depth_map"))
        .isTrue();
    assertThat(Files.readAllLines(root.resolve("meta/episodes.jsonl")))
        .hasSize(4)
        .first()
        .isEqualTo("{\"episode_index\":0,\"tasks\":[\"Pick up the cube.\"],\"length\":6}");
    assertThat(Files.readAllLines(root.resolve("meta/episodes_stats.jsonl")).get(0))
        .contains("\"count\":[6]")
        .doesNotContain("q01");
    assertThat(Files.exists(root.resolve("meta/stats.json"))).isFalse();
    assertThat(files(root, "videos"))
        .contains("videos/chunk-001/" + Cameras.FRONT + "/episode_000003.mp4")
        .hasSize(4);
  }

  private static List<String> files(Path root, String under) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve(under))) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> root.relativize(file).toString())
          .sorted()
          .toList();
    }
  }
}
