package dev.robotaug.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;

/**
 * The metadata of a LeRobot v3.0 dataset, as the driver reads it: info, tasks and the episode
 * table. Frames, rows and videos are read later, per episode, on the executors.
 */
public record SourceDataset(
    String root,
    DatasetInfo info,
    ParquetTable tasks,
    List<Episode> episodes,
    MessageType episodesSchema,
    Map<String, String> episodesMetadata) {

  public SourceDataset {
    episodes = List.copyOf(episodes);
    episodesMetadata = Map.copyOf(episodesMetadata);
  }

  /** Opens the dataset at {@code root}, checking what later stages rely on. */
  public static SourceDataset open(Configuration conf, String root) {
    Path base = new Path(root);
    Path infoPath = new Path(base, "meta/info.json");
    if (!Storage.exists(conf, infoPath)) {
      throw new IllegalArgumentException(
          "Cannot read dataset " + root + ": meta/info.json not found");
    }

    DatasetInfo info = DatasetInfo.parse(Storage.readText(conf, infoPath));
    if (!DatasetInfo.V30.equals(info.codebaseVersion())) {
      throw new IllegalArgumentException(
          "Cannot read dataset "
              + root
              + ": codebase_version '"
              + info.codebaseVersion()
              + "' is not supported, only v3.0");
    }

    ParquetTable tasks = ParquetTable.read(conf, new Path(base, "meta/tasks.parquet"));
    List<Path> episodeFiles = new ArrayList<>();
    for (Path chunk : Storage.listDirectories(conf, new Path(base, "meta/episodes"))) {
      episodeFiles.addAll(Storage.listFiles(conf, chunk, ".parquet"));
    }

    if (episodeFiles.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read dataset " + root + ": no meta/episodes/*/*.parquet files");
    }

    List<Episode> episodes = new ArrayList<>();
    MessageType schema = null;
    Map<String, String> metadata = Map.of();
    for (Path file : episodeFiles) {
      ParquetTable table = ParquetTable.read(conf, file);
      schema = schema == null ? table.schema() : schema;
      metadata = table.keyValueMetadata();
      for (Map<String, Object> row : table.rows()) {
        episodes.add(Episode.fromRow(row, info.videoKeys()));
      }
    }

    checkEpisodes(root, info, episodes);
    return new SourceDataset(root, info, tasks, episodes, schema, metadata);
  }

  private static void checkEpisodes(String root, DatasetInfo info, List<Episode> episodes) {
    long expectedFrom = 0;
    for (int i = 0; i < episodes.size(); i++) {
      Episode episode = episodes.get(i);
      if (episode.index() != i) {
        throw new IllegalArgumentException(
            "Cannot read dataset "
                + root
                + ": meta/episodes row "
                + i
                + " holds episode "
                + episode.index());
      }

      if (episode.fromIndex() != expectedFrom) {
        throw new IllegalArgumentException(
            "Cannot read dataset "
                + root
                + ": episode "
                + i
                + " starts at index "
                + episode.fromIndex()
                + ", expected "
                + expectedFrom);
      }

      expectedFrom = episode.toIndex();
    }

    if (episodes.size() != info.totalEpisodes() || expectedFrom != info.totalFrames()) {
      throw new IllegalArgumentException(
          "Cannot read dataset "
              + root
              + ": info.json says "
              + info.totalEpisodes()
              + " episodes and "
              + info.totalFrames()
              + " frames, meta/episodes has "
              + episodes.size()
              + " and "
              + expectedFrom);
    }
  }

  public Path path(String relative) {
    return new Path(new Path(root), relative);
  }

  public Path dataFile(Episode episode) {
    return path(info.dataPath(episode.dataChunk(), episode.dataFile()));
  }

  public Path videoFile(Episode episode, String videoKey) {
    VideoRef ref = episode.videos().get(videoKey);
    return path(info.videoPath(videoKey, ref.chunkIndex(), ref.fileIndex()));
  }
}
