package dev.robotaug.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.StatsAggregation;
import dev.robotaug.dataset.Storage;
import dev.robotaug.dataset.V21Metadata;
import dev.robotaug.spec.JobSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes a v2.1 output for a v2.1 source: every episode keeps its own data file and one mp4 per
 * camera, so the staged per-episode files of the copies are moved into place as they are, and the
 * metadata is the jsonl of v2.1 ({@code episodes.jsonl}, {@code episodes_stats.jsonl} without
 * quantiles, {@code tasks.jsonl} copied) with {@code info.json}'s v2.1 totals.
 */
final class V21Output {
  private final SourceDataset source;
  private final JobSpec spec;
  private final Configuration conf;
  private final Path staging;

  V21Output(SourceDataset source, JobSpec spec, Configuration conf, Path staging) {
    this.source = source;
    this.spec = spec;
    this.conf = conf;
    this.staging = staging;
  }

  /** Moves every copy's staged files to its v2.1 paths. */
  void place(List<EpisodeResult> results) {
    for (EpisodeResult result : results) {
      long episode = result.outputEpisode();
      Storage.rename(
          conf,
          new Path(staging, EpisodeResult.stagedData(episode)),
          new Path(staging, source.info().episodeDataPath(episode)));
      for (String camera : source.info().videoKeys()) {
        Storage.rename(
            conf,
            new Path(staging, EpisodeResult.stagedVideo(camera, episode)),
            new Path(staging, source.info().episodeVideoPath(camera, episode)));
      }
    }
  }

  /** Writes {@code meta/} and the card; returns the total frames. */
  long write(OutputPlan plan, List<EpisodeResult> results, OutputMetadata provenance) {
    List<String> episodeLines = new ArrayList<>();
    List<String> statsLines = new ArrayList<>();
    for (Episode episode : plan.keptEpisodes()) {
      episodeLines.add(episodeLine(episode.index(), episode.tasks(), episode.length()));
      statsLines.add(statsLine(episode.index(), StatsAggregation.fromEpisodeRow(episode.row())));
    }

    long frames = plan.keptEpisodes().stream().mapToLong(Episode::length).sum();
    for (EpisodeResult result : results) {
      Episode from = source.episodes().get(Math.toIntExact(result.sourceEpisode()));
      Map<String, Map<String, Object>> stats = StatsAggregation.fromEpisodeRow(from.row());
      stats.put(
          "episode_index", StatsAggregation.constant(result.outputEpisode(), result.length()));
      stats.put("index", StatsAggregation.range(result.outputFromIndex(), result.length()));
      result
          .cameraStatsJson()
          .forEach((camera, json) -> stats.put(camera, DatasetJson.readMap(json)));
      episodeLines.add(episodeLine(result.outputEpisode(), from.tasks(), result.length()));
      statsLines.add(statsLine(result.outputEpisode(), stats));
      frames += result.length();
      provenance.addProvenance(result);
    }

    Storage.writeText(conf, new Path(staging, V21Metadata.EPISODES), String.join("", episodeLines));
    Storage.writeText(
        conf, new Path(staging, V21Metadata.EPISODES_STATS), String.join("", statsLines));
    Storage.copy(conf, source.path(V21Metadata.TASKS), new Path(staging, V21Metadata.TASKS));
    writeInfo(plan.totalEpisodes(), frames);
    provenance.writeProvenance();
    provenance.writeCard(plan.totalEpisodes(), frames);
    return frames;
  }

  private void writeInfo(long episodes, long frames) {
    ObjectNode info = source.info().toJson();
    int cameras = source.info().videoKeys().size();
    int chunksSize = source.info().chunksSize();
    info.put("total_episodes", episodes);
    info.put("total_frames", frames);
    info.put("total_videos", episodes * cameras);
    info.put("total_chunks", (episodes + chunksSize - 1) / chunksSize);
    info.putObject("splits").put("train", "0:" + episodes);
    Storage.writeText(conf, new Path(staging, "meta/info.json"), DatasetJson.write(info));
  }

  private static String episodeLine(long index, List<String> tasks, long length) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("episode_index", index);
    line.put("tasks", tasks);
    line.put("length", length);
    return DatasetJson.writeLine(line) + "\n";
  }

  /** v2.1 keeps min, max, mean, std and count per feature; quantiles came with v3.0. */
  private static String statsLine(long index, Map<String, Map<String, Object>> stats) {
    Map<String, Object> features = new LinkedHashMap<>();
    stats.forEach(
        (feature, values) -> {
          Map<String, Object> kept = new LinkedHashMap<>();
          for (String stat : List.of("min", "max", "mean", "std", "count")) {
            kept.put(stat, values.get(stat));
          }

          features.put(feature, kept);
        });
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("episode_index", index);
    line.put("stats", features);
    return DatasetJson.writeLine(line) + "\n";
  }
}
