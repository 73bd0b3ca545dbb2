package dev.robotaug.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.ParquetTable;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.Storage;
import dev.robotaug.dataset.VideoRef;
import dev.robotaug.video.SegmentDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.bytedeco.opencv.opencv_core.Mat;

/** Reads a written dataset back for tests and checks LeRobot's format invariants on it. */
public final class OutputDataset {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final SourceDataset dataset;
  private final List<Map<String, Object>> frames = new ArrayList<>();

  public OutputDataset(Path root) {
    this.root = root;
    Configuration conf = Storage.configuration(java.util.Map.of());
    this.dataset = SourceDataset.open(conf, root.toUri().toString());
    try (Stream<Path> files = Files.walk(root.resolve("data"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList()) {
        frames.addAll(ParquetTable.read(conf, new org.apache.hadoop.fs.Path(file.toUri())).rows());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SourceDataset dataset() {
    return dataset;
  }

  public List<Map<String, Object>> frames() {
    return frames;
  }

  public List<Map<String, Object>> framesOf(long episode) {
    Episode e = dataset.episodes().get((int) episode);
    return frames.subList((int) e.fromIndex(), (int) e.toIndex());
  }

  public JsonNode json(String relative) {
    try {
      return JSON.readTree(root.resolve(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path videoFile(long episode, String camera) {
    Episode e = dataset.episodes().get((int) episode);
    return Path.of(dataset.videoFile(e, camera).toUri());
  }

  /** Decodes one episode of one camera; SHA-256 of every frame's RGB bytes, in order. */
  public List<String> frameHashes(long episode, String camera) {
    List<String> hashes = new ArrayList<>();
    forEachFrame(episode, camera, (index, pixels) -> hashes.add(sha256(pixels)));
    return hashes;
  }

  /** Calls {@code visitor} with each decoded RGB frame of the episode's segment. */
  public void forEachFrame(long episode, String camera, FrameVisitor visitor) {
    Episode e = dataset.episodes().get((int) episode);
    VideoRef ref = e.videos().get(camera);
    int fps = dataset.info().fps();
    try (SegmentDecoder decoder =
        new SegmentDecoder(
            videoFile(episode, camera), fps, ref.firstFrame(fps), (int) e.length())) {
      for (int i = 0; i < e.length(); i++) {
        Mat frame = decoder.next();
        assertThat(frame).as("frame %d of episode %d, %s", i, episode, camera).isNotNull();
        byte[] pixels = new byte[frame.cols() * frame.rows() * 3];
        frame.data().get(pixels);
        visitor.visit(i, pixels);
      }

      assertThat(decoder.next()).as("frames past episode %d of %s", episode, camera).isNull();
    }
  }

  /** A frame consumer. */
  public interface FrameVisitor {
    void visit(int frameIndex, byte[] rgb);
  }

  /**
   * Asserts that every episode's every camera decodes to the same frames as in {@code other}
   * (SHA-256 of each frame's pixels), and returns how many frames were compared.
   */
  public int assertSameDecodedFramesAs(OutputDataset other) {
    int compared = 0;
    for (Episode episode : dataset().episodes()) {
      for (String camera : dataset().info().videoKeys()) {
        List<String> hashes = frameHashes(episode.index(), camera);
        assertThat(hashes)
            .as("episode %d, %s", episode.index(), camera)
            .isEqualTo(other.frameHashes(episode.index(), camera));
        compared += hashes.size();
      }
    }

    return compared;
  }

  /** Checks totals, indices, timestamps, episode rows, video segments and stats shapes. */
  public void checkInvariants() {
    JsonNode info = json("meta/info.json");
    int fps = dataset.info().fps();
    List<Episode> episodes = dataset.episodes();
    assertThat(info.get("total_episodes").asLong()).isEqualTo(episodes.size());
    assertThat(info.get("total_frames").asLong()).isEqualTo(frames.size());
    assertThat(info.path("splits").path("train").asText()).isEqualTo("0:" + episodes.size());

    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).get("index")).as("index of row %d", i).isEqualTo((long) i);
    }

    Map<String, List<Episode>> byVideoFile = new LinkedHashMap<>();
    for (Episode episode : episodes) {
      List<Map<String, Object>> rows = framesOf(episode.index());
      assertThat(rows).hasSize((int) episode.length());
      for (int t = 0; t < rows.size(); t++) {
        assertThat(rows.get(t).get("episode_index")).isEqualTo(episode.index());
        assertThat(rows.get(t).get("frame_index")).isEqualTo((long) t);
        assertThat(rows.get(t).get("timestamp")).isEqualTo((float) t / fps);
      }

      for (String camera : dataset.info().videoKeys()) {
        VideoRef ref = episode.videos().get(camera);
        assertThat(ref.toTimestamp() - ref.fromTimestamp())
            .as("segment length of episode %d, %s", episode.index(), camera)
            .isCloseTo((double) episode.length() / fps, within(1e-4));
        byVideoFile
            .computeIfAbsent(videoFile(episode.index(), camera).toString(), f -> new ArrayList<>())
            .add(episode);
        List<Object> count = list(episode.row().get("stats/" + camera + "/count"));
        assertThat(count).hasSize(1);
        for (String stat : List.of("min", "max", "mean", "std", "q01", "q50", "q99")) {
          List<Object> channels = list(episode.row().get("stats/" + camera + "/" + stat));
          assertThat(channels).as("stats/%s/%s shape", camera, stat).hasSize(3);
          for (Object channel : channels) {
            double value = ((Number) list(list(channel).get(0)).get(0)).doubleValue();
            assertThat(value).isBetween(0.0, 1.0);
          }
        }
      }

      assertThat(list(episode.row().get("stats/episode_index/min")).get(0))
          .isEqualTo(episode.index());
      assertThat(list(episode.row().get("stats/index/min")).get(0)).isEqualTo(episode.fromIndex());
      assertThat(list(episode.row().get("stats/index/max")).get(0))
          .isEqualTo(episode.toIndex() - 1);
    }

    byVideoFile.forEach((file, inFile) -> checkAbutting(file, inFile));
  }

  private void checkAbutting(String file, List<Episode> inFile) {
    String camera =
        dataset.info().videoKeys().stream().filter(file::contains).findFirst().orElseThrow();
    List<VideoRef> refs =
        inFile.stream()
            .map(e -> e.videos().get(camera))
            .sorted((a, b) -> Double.compare(a.fromTimestamp(), b.fromTimestamp()))
            .toList();
    assertThat(refs.get(0).fromTimestamp())
        .as("first segment of %s", file)
        .isCloseTo(0.0, within(1e-9));
    for (int i = 1; i < refs.size(); i++) {
      assertThat(refs.get(i).fromTimestamp())
          .as("segment %d of %s", i, file)
          .isCloseTo(refs.get(i - 1).toTimestamp(), within(1e-9));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean exists(Configuration conf, Path path) {
    return Storage.exists(conf, new org.apache.hadoop.fs.Path(path.toUri()));
  }
}
