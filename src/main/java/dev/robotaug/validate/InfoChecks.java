package dev.robotaug.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.dataset.Feature;
import dev.robotaug.validate.ValidationReport.Check;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks of {@code meta/info.json} against itself and against what the dataset holds. */
final class InfoChecks {
  private static final Map<String, String> DEFAULT_FEATURES =
      Map.of(
          "timestamp", "float32",
          "frame_index", "int64",
          "episode_index", "int64",
          "index", "int64",
          "task_index", "int64");

  private final DatasetUnderTest dataset;
  private final ObjectNode json;

  InfoChecks(DatasetUnderTest dataset) {
    this.dataset = dataset;
    this.json = dataset.info.toJson();
  }

  void addTo(CheckList checks) {
    checks.run("info.fields", this::fields);
    checks.run("totals.episodes", this::totalEpisodes);
    checks.run("totals.frames", this::totalFrames);
    checks.run("totals.tasks", this::totalTasks);
    if (dataset.info.isV21()) {
      checks.run("totals.videos", this::totalVideos);
      checks.run("totals.chunks", this::totalChunks);
    }

    checks.run("splits", this::splits);
  }

  /** fps, chunks_size, the path templates and the five default features. */
  private Check fields() {
    Findings findings = new Findings();
    requirePositiveInteger(findings, "fps");
    requirePositiveInteger(findings, "chunks_size");
    if (!dataset.info.isV21()) {
      for (String key : List.of("data_files_size_in_mb", "video_files_size_in_mb")) {
        if (json.has(key)) {
          requirePositiveInteger(findings, key);
        }
      }
    }

    checkTemplates(findings);
    DEFAULT_FEATURES.forEach(
        (name, dtype) -> {
          Feature feature = dataset.info.features().get(name);
          if (feature == null) {
            findings.add("feature " + name + " is missing");
          } else if (!feature.dtype().equals(dtype) || !feature.shape().equals(List.of(1))) {
            findings.add(
                "feature %s is %s %s, expected %s [1]"
                    .formatted(name, feature.dtype(), feature.shape(), dtype));
          }
        });
    return findings.toCheck(
        "info.fields",
        "%s, fps %d, chunks_size %d, %d features"
            .formatted(
                dataset.info.codebaseVersion(),
                dataset.fpsOrZero(),
                dataset.info.chunksSize(),
                dataset.info.features().size()));
  }

  private void requirePositiveInteger(Findings findings, String key) {
    JsonNode value = json.get(key);
    if (value == null || !value.isNumber() || value.asDouble() != Math.rint(value.asDouble())) {
      findings.add(key + " is " + value + ", expected a positive integer");
    } else if (value.asLong() <= 0) {
      findings.add(key + " is " + value + ", expected > 0");
    }
  }

  private void checkTemplates(Findings findings) {
    boolean v21 = dataset.info.isV21();
    String data = json.path("data_path").asText("");
    List<String> dataFields =
        v21 ? List.of("{episode_chunk", "{episode_index") : List.of("{chunk_index", "{file_index");
    for (String field : dataFields) {
      if (!data.contains(field)) {
        findings.add("data_path '" + data + "' lacks " + field + "}");
      }
    }

    JsonNode video = json.get("video_path");
    boolean hasVideo = !dataset.videoKeys().isEmpty();
    if (hasVideo && (video == null || !video.isTextual())) {
      findings.add("video_path is " + video + " but the dataset has video features");
    } else if (!hasVideo && video != null && !video.isNull()) {
      findings.add("video_path is " + video + " but the dataset has no video feature");
    } else if (hasVideo && !video.asText().contains("{video_key}")) {
      findings.add("video_path '" + video.asText() + "' lacks {video_key}");
    }
  }

  private Check totalEpisodes() {
    long declared = json.path("total_episodes").asLong(-1);
    long rows = dataset.episodeRows.size();
    Set<Long> inData = new HashSet<>();
    for (FrameColumns file : dataset.dataFiles) {
      if (file.episode() != null) {
        for (long episode : file.episode()) {
          inData.add(episode);
        }
      }
    }

    String counts =
        "info.json total_episodes %d, episode table %d rows, data %d episodes"
            .formatted(declared, rows, inData.size());
    boolean agree = declared == rows && rows == inData.size();
    return agree
        ? Check.pass("totals.episodes", counts)
        : Check.fail("totals.episodes", counts + " (" + episodesTable() + ")");
  }

  private String episodesTable() {
    return dataset.info.isV21() ? "meta/episodes.jsonl" : "meta/episodes/*/*.parquet";
  }

  private Check totalFrames() {
    long declared = json.path("total_frames").asLong(-1);
    long rows = dataset.dataFiles.stream().mapToLong(FrameColumns::rows).sum();
    String counts =
        "info.json total_frames %d, %d rows in %d data files"
            .formatted(declared, rows, dataset.dataFiles.size());
    return declared == rows
        ? Check.pass("totals.frames", counts)
        : Check.fail("totals.frames", counts);
  }

  private Check totalTasks() {
    long declared = json.path("total_tasks").asLong(-1);
    String file = dataset.info.isV21() ? "meta/tasks.jsonl" : "meta/tasks.parquet";
    String counts =
        "info.json total_tasks %d, %s has %d rows".formatted(declared, file, dataset.tasks.size());
    return declared == dataset.tasks.size()
        ? Check.pass("totals.tasks", counts)
        : Check.fail("totals.tasks", counts);
  }

  private Check totalVideos() {
    long declared = json.path("total_videos").asLong(-1);
    long expected = (long) dataset.episodeRows.size() * dataset.videoKeys().size();
    String counts =
        "info.json total_videos %d, %d episodes x %d video cameras = %d"
            .formatted(declared, dataset.episodeRows.size(), dataset.videoKeys().size(), expected);
    return declared == expected
        ? Check.pass("totals.videos", counts)
        : Check.fail("totals.videos", counts);
  }

  private Check totalChunks() {
    long declared = json.path("total_chunks").asLong(-1);
    int size = dataset.info.chunksSize();
    long episodes = dataset.episodeRows.size();
    long expected = size <= 0 ? -1 : (episodes + size - 1) / size;
    String counts =
        "info.json total_chunks %d, %d episodes in chunks of %d need %d"
            .formatted(declared, episodes, size, expected);
    return declared == expected
        ? Check.pass("totals.chunks", counts)
        : Check.fail("totals.chunks", counts);
  }

  private Check splits() {
    String train = json.path("splits").path("train").asText(null);
    String expected = "0:" + dataset.episodeRows.size();
    String detail = "splits.train is " + train + ", expected " + expected;
    return expected.equals(train)
        ? Check.pass("splits", "train " + train)
        : Check.fail("splits", detail);
  }
}
