package dev.robotaug.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.dataset.DatasetInfo;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.ParquetRowWriter;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.StatsAggregation;
import dev.robotaug.dataset.Storage;
import dev.robotaug.spec.JobSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes the output's {@code meta/} (episodes, tasks, info, stats), the provenance file {@code
 * meta/augmentation.json} and the dataset card, from the source's metadata and what the executors
 * reported. Runs on the driver; touches no frame.
 */
final class OutputMetadata {
  static final String EPISODES_FILE = "meta/episodes/chunk-000/file-000.parquet";

  private final SourceDataset source;
  private final JobSpec spec;
  private final Configuration conf;
  private final Path staging;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private final List<Map<String, Object>> provenance = new ArrayList<>();

  OutputMetadata(SourceDataset source, JobSpec spec, Configuration conf, Path staging) {
    this.source = source;
    this.spec = spec;
    this.conf = conf;
    this.staging = staging;
  }

  /** A source episode carried over as it is. */
  void addKept(Episode episode) {
    Map<String, Object> row = new LinkedHashMap<>(episode.row());
    row.put("meta/episodes/chunk_index", 0L);
    row.put("meta/episodes/file_index", 0L);
    rows.add(row);
  }

  /**
   * A source episode carried over unchanged but moved into new files (a v2.1 to v3.0 conversion).
   */
  void addRelocated(
      Episode episode,
      FileLayout.FileNumber dataFile,
      Map<String, FileLayout.FileNumber> videoFiles,
      Map<String, double[]> segments) {
    Map<String, Object> row = new LinkedHashMap<>(episode.row());
    locate(row, dataFile, videoFiles, segments);
    row.put("meta/episodes/chunk_index", 0L);
    row.put("meta/episodes/file_index", 0L);
    rows.add(row);
  }

  private static void locate(
      Map<String, Object> row,
      FileLayout.FileNumber dataFile,
      Map<String, FileLayout.FileNumber> videoFiles,
      Map<String, double[]> segments) {
    row.put("data/chunk_index", dataFile.chunk());
    row.put("data/file_index", dataFile.file());
    for (Map.Entry<String, FileLayout.FileNumber> video : videoFiles.entrySet()) {
      String prefix = "videos/" + video.getKey() + "/";
      row.put(prefix + "chunk_index", video.getValue().chunk());
      row.put(prefix + "file_index", video.getValue().file());
      row.put(prefix + "from_timestamp", segments.get(video.getKey())[0]);
      row.put(prefix + "to_timestamp", segments.get(video.getKey())[1]);
    }
  }

  /** An augmented episode: the source episode's row with new location, indices and stats. */
  void addAugmented(
      EpisodeResult result,
      FileLayout.FileNumber dataFile,
      Map<String, FileLayout.FileNumber> videoFiles,
      Map<String, double[]> segments) {
    Episode sourceEpisode = source.episodes().get(Math.toIntExact(result.sourceEpisode()));
    Map<String, Object> row = new LinkedHashMap<>(sourceEpisode.row());
    row.put("episode_index", result.outputEpisode());
    row.put("dataset_from_index", result.outputFromIndex());
    row.put("dataset_to_index", result.outputFromIndex() + result.length());
    locate(row, dataFile, videoFiles, segments);

    putStats(
        row, "episode_index", StatsAggregation.constant(result.outputEpisode(), result.length()));
    putStats(row, "index", StatsAggregation.range(result.outputFromIndex(), result.length()));
    result
        .cameraStatsJson()
        .forEach((camera, json) -> putStats(row, camera, DatasetJson.readMap(json)));
    row.put("meta/episodes/chunk_index", 0L);
    row.put("meta/episodes/file_index", 0L);
    rows.add(row);

    addProvenance(result);
  }

  /** Records an augmented episode's source, copy, parameters and frame digests. */
  void addProvenance(EpisodeResult result) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("episode_index", result.outputEpisode());
    record.put("source_episode", result.sourceEpisode());
    record.put("copy", result.recipeIndex());
    record.put("parameters", DatasetJson.readMap(result.parametersJson()));
    record.put("frames_digest", new java.util.TreeMap<>(result.frameDigests()));
    provenance.add(record);
  }

  private static void putStats(Map<String, Object> row, String feature, Map<String, Object> stats) {
    stats.forEach((stat, value) -> row.put("stats/" + feature + "/" + stat, value));
  }

  /** Writes everything under {@code meta/} plus {@code README.md}; returns the total frames. */
  long write(long totalEpisodes) {
    rows.sort((a, b) -> Long.compare(number(a, "episode_index"), number(b, "episode_index")));
    ParquetRowWriter.writeTable(
        conf,
        new Path(staging, EPISODES_FILE),
        new dev.robotaug.dataset.ParquetTable(
            source.episodesSchema(), source.episodesMetadata(), rows));
    ParquetRowWriter.writeTable(conf, new Path(staging, "meta/tasks.parquet"), source.tasks());

    long totalFrames = rows.stream().mapToLong(row -> number(row, "length")).sum();
    writeInfo(totalEpisodes, totalFrames);
    writeStats();
    writeProvenance();
    writeCard(totalEpisodes, totalFrames);
    return totalFrames;
  }

  private void writeInfo(long totalEpisodes, long totalFrames) {
    ObjectNode info = source.info().toJson();
    if (source.info().isV21()) {
      // Converted from v2.1: v3.0's version, templates and file sizes; per-episode counts go.
      info.put("codebase_version", DatasetInfo.V30);
      info.remove(List.of("total_videos", "total_chunks"));
      info.put("data_files_size_in_mb", source.info().dataFilesSizeInMb());
      info.put("video_files_size_in_mb", source.info().videoFilesSizeInMb());
      info.put("data_path", DatasetInfo.V30_DATA_PATH);
      if (!source.info().videoKeys().isEmpty()) {
        info.put("video_path", DatasetInfo.V30_VIDEO_PATH);
      }
    }

    info.put("total_episodes", totalEpisodes);
    info.put("total_frames", totalFrames);
    info.putObject("splits").put("train", "0:" + totalEpisodes);
    Storage.writeText(conf, new Path(staging, "meta/info.json"), DatasetJson.write(info));
  }

  private void writeStats() {
    List<Map<String, Map<String, Object>>> perEpisode = new ArrayList<>();
    rows.forEach(row -> perEpisode.add(StatsAggregation.fromEpisodeRow(row)));
    Storage.writeText(
        conf,
        new Path(staging, "meta/stats.json"),
        DatasetJson.write(StatsAggregation.aggregate(perEpisode)));
  }

  void writeProvenance() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("job_id", spec.jobId());
    document.put("seed", spec.seed());
    document.put("source", spec.source());
    document.put("source_episodes", source.episodes().size());
    document.put("request", DatasetJson.readMap(dev.robotaug.spec.SpecJson.write(spec.request())));
    document.put("episodes", provenance);
    Storage.writeText(
        conf, new Path(staging, "meta/augmentation.json"), DatasetJson.write(document));
  }

  void writeCard(long totalEpisodes, long totalFrames) {
    String transforms = spec.request().augmentTransforms();
    String card =
        "---\n"
            + "license: apache-2.0\n"
            + "task_categories:\n- robotics\n"
            + "tags:\n- LeRobot\n- augmented\n"
            + "configs:\n- config_name: default\n  data_files: data/*/*.parquet\n"
            + "---\n\n"
            + "# Augmented copy of "
            + spec.source()
            + "\n\n"
            + "Made by robotaug job `"
            + spec.jobId()
            + "` (seed "
            + spec.seed()
            + "): transforms `"
            + transforms
            + "`, mode `"
            + spec.request().augmentMode().wireName()
            + "`, dataset mode `"
            + spec.request().augmentDatasetMode().wireName()
            + "`.\n\n"
            + "- Episodes: "
            + totalEpisodes
            + " ("
            + source.episodes().size()
            + " in the source)\n"
            + "- Frames: "
            + totalFrames
            + "\n"
            + "- Every augmented episode's source episode, copy and drawn parameters: `meta/augmentation.json`.\n\n"
            + "## meta/info.json\n\n```json\n"
            + Storage.readText(conf, new Path(staging, "meta/info.json"))
            + "```\n";
    Storage.writeText(conf, new Path(staging, "README.md"), card);
  }

  private static long number(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).longValue();
  }
}
