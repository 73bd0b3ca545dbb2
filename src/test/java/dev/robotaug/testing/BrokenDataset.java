package dev.robotaug.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.Feature;
import dev.robotaug.dataset.ParquetRowWriter;
import dev.robotaug.dataset.ParquetTable;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.Storage;
import dev.robotaug.dataset.V21Metadata;
import dev.robotaug.video.EpisodeEncoder;
import dev.robotaug.video.SegmentDecoder;
import dev.robotaug.video.VideoProbe;
import dev.robotaug.video.VideoSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A copy of a valid dataset with exactly one thing broken, for validator tests. Works on v3.0 and
 * v2.1 datasets; each method breaks one thing and returns this builder, so a test names the one
 * defect it expects the validator to report.
 */
public final class BrokenDataset {
  private final Path root;
  private final Configuration conf = Storage.configuration(Map.of());
  private final SourceDataset dataset;
  private final List<String> rewritten = new ArrayList<>();

  private BrokenDataset(Path root) {
    this.root = root;
    this.dataset = SourceDataset.open(conf, root.toUri().toString());
  }

  /** Copies the valid dataset at {@code valid} to {@code target}, which must not exist. */
  public static BrokenDataset copyOf(Path valid, Path target) {
    try (Stream<Path> files = Files.walk(valid)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(valid.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + valid + " to " + target, e);
    }

    return new BrokenDataset(target);
  }

  public Path root() {
    return root;
  }

  /** The episode's data file, relative to the root. */
  public String dataFileOf(long episode) {
    return dataset.dataPathOf(episode(episode));
  }

  /** The mp4 holding one camera's segment of the episode, relative to the root. */
  public String videoFileOf(long episode, String camera) {
    return dataset.videoPathOf(episode(episode), camera);
  }

  /**
   * Re-encodes the camera's mp4 holding the episode without frame {@code frame} of that episode;
   * the episode rows still say the old length, so the file is one frame short.
   */
  public BrokenDataset dropFrame(String camera, long episode, int frame) {
    Episode target = episode(episode);
    Path file = local(videoFileOf(episode, camera));
    int fps = dataset.info().fps();
    long dropped = target.videos().get(camera).firstFrame(fps) + frame;
    Feature feature = dataset.info().features().get(camera);
    VideoSettings settings =
        VideoSettings.fromFeatureInfo(feature.info(), feature.width(), feature.height(), fps);
    int frames = Math.toIntExact(VideoProbe.probe(file).frameCount());
    Path rewritten = file.resolveSibling("rewritten-" + file.getFileName());
    try (SegmentDecoder decoder = new SegmentDecoder(file, fps, 0, frames);
        EpisodeEncoder encoder = new EpisodeEncoder(rewritten, settings, 1)) {
      for (int k = 0; k < frames; k++) {
        Mat rgb = decoder.next();
        if (k != dropped) {
          encoder.write(rgb);
        }
      }

      encoder.finish();
    }

    move(rewritten, file);
    return this;
  }

  /** Adds {@code seconds} to the {@code timestamp} of every frame of the episode. */
  public BrokenDataset shiftTimestamps(long episode, double seconds) {
    rewriteData(
        dataFileOf(episode),
        row -> {
          if (((Number) row.get("episode_index")).longValue() == episode) {
            row.put("timestamp", (float) (((Number) row.get("timestamp")).doubleValue() + seconds));
          }

          return row;
        });
    return this;
  }

  /** Makes info.json's {@code total_frames} off by {@code delta}. */
  public BrokenDataset wrongTotalFrames(long delta) {
    ObjectNode info = dataset.info().toJson();
    info.put("total_frames", info.path("total_frames").asLong() + delta);
    write("meta/info.json", DatasetJson.write(info));
    return this;
  }

  /** Sets a key of a camera's {@code info} block in info.json. */
  public BrokenDataset videoInfo(String camera, String key, Object value) {
    ObjectNode info = dataset.info().toJson();
    ObjectNode block = (ObjectNode) info.path("features").path(camera).path("info");
    block.set(key, DatasetJson.MAPPER.valueToTree(value));
    write("meta/info.json", DatasetJson.write(info));
    return this;
  }

  /** Adds 1 to every {@code index} from {@code index} on, leaving a gap there. */
  public BrokenDataset indexGapAt(long index) {
    for (Episode episode : dataset.episodes()) {
      if (episode.toIndex() > index && !rewritten.contains(dataFileOf(episode.index()))) {
        rewriteData(
            dataFileOf(episode.index()),
            row -> {
              long value = ((Number) row.get("index")).longValue();
              row.put("index", value >= index ? value + 1 : value);
              return row;
            });
      }
    }

    return this;
  }

  /** Points one frame of the episode at a task one past the end of the tasks table. */
  public BrokenDataset taskIndexOutOfRange(long episode, int frame) {
    long outOfRange = dataset.tasks().rows().size();
    rewriteData(
        dataFileOf(episode),
        row -> {
          boolean target =
              ((Number) row.get("episode_index")).longValue() == episode
                  && ((Number) row.get("frame_index")).longValue() == frame;
          if (target) {
            row.put("task_index", outOfRange);
          }

          return row;
        });
    return this;
  }

  /**
   * Gives one per-episode stat the wrong shape: one element fewer along its first axis (or one more
   * when it has a single element).
   */
  public BrokenDataset statsWrongShape(long episode, String feature, String stat) {
    if (dataset.info().isV21()) {
      rewriteEpisodesStatsJsonl(episode, feature, stat);
      return this;
    }

    String column = "stats/" + feature + "/" + stat;
    for (org.apache.hadoop.fs.Path file :
        SourceDataset.episodeFiles(conf, root.toUri().toString())) {
      ParquetTable table = ParquetTable.read(conf, file);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Map<String, Object> row : table.rows()) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        if (((Number) row.get("episode_index")).longValue() == episode) {
          copy.put(column, reshaped((List<?>) row.get(column)));
        }

        rows.add(copy);
      }

      ParquetRowWriter.writeTable(
          conf, file, new ParquetTable(table.schema(), table.keyValueMetadata(), rows));
    }

    return this;
  }

  @SuppressWarnings("unchecked")
  private void rewriteEpisodesStatsJsonl(long episode, String feature, String stat) {
    StringBuilder out = new StringBuilder();
    for (String line : read(V21Metadata.EPISODES_STATS).split("\n")) {
      if (line.isBlank()) {
        continue;
      }

      Map<String, Object> entry = json(line);
      if (((Number) entry.get("episode_index")).longValue() == episode) {
        Map<String, Object> stats =
            (Map<String, Object>) ((Map<String, Object>) entry.get("stats")).get(feature);
        stats.put(stat, reshaped((List<?>) stats.get(stat)));
      }

      out.append(DatasetJson.writeLine(entry)).append('\n');
    }

    write(V21Metadata.EPISODES_STATS, out.toString());
  }

  private static List<Object> reshaped(List<?> value) {
    List<Object> shorter = new ArrayList<>(value);
    if (shorter.size() > 1) {
      shorter.remove(shorter.size() - 1);
    } else {
      shorter.add(shorter.get(0));
    }

    return shorter;
  }

  private void rewriteData(String relative, UnaryOperator<Map<String, Object>> change) {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(root.resolve(relative).toUri());
    ParquetTable table = ParquetTable.read(conf, file);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> row : table.rows()) {
      rows.add(change.apply(new LinkedHashMap<>(row)));
    }

    ParquetRowWriter.writeTable(
        conf, file, new ParquetTable(table.schema(), table.keyValueMetadata(), rows));
    rewritten.add(relative);
  }

  private Episode episode(long episode) {
    return dataset.episodes().get(Math.toIntExact(episode));
  }

  private Path local(String relative) {
    return root.resolve(relative);
  }

  private String read(String relative) {
    try {
      return Files.readString(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String relative, String text) {
    try {
      Files.writeString(root.resolve(relative), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String line) {
    try {
      return DatasetJson.MAPPER.readValue(line, LinkedHashMap.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
