package dev.robotaug.job;

import dev.robotaug.augment.CopyParameters;
import dev.robotaug.augment.FrameAugmenter;
import dev.robotaug.augment.FrameSize;
import dev.robotaug.dataset.CameraStats;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.ParquetRowWriter;
import dev.robotaug.dataset.ParquetTable;
import dev.robotaug.dataset.Storage;
import dev.robotaug.video.PngFrames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes the rows of one source episode's copies: every column as in the source except {@code
 * episode_index} and {@code index}, and, for cameras stored as PNG images in the rows, the
 * augmented frames (each source image decoded once for all copies), with their stats and digests.
 */
final class EpisodeRows {
  private final JobContext job;
  private final Configuration conf;
  private final WorkUnit unit;
  private final List<CopyParameters> parameters;

  /** Per copy: the staged file's size, and per image camera its stats JSON and frame digest. */
  record Written(long bytes, Map<String, String> statsJson, Map<String, String> digests) {}

  EpisodeRows(JobContext job, Configuration conf, WorkUnit unit, List<CopyParameters> parameters) {
    this.job = job;
    this.conf = conf;
    this.unit = unit;
    this.parameters = parameters;
  }

  List<Written> write() {
    List<Map<String, Object>> rows = sourceRows();
    List<JobContext.CameraFeature> images = job.imageCameras();
    int copies = unit.copies().size();
    MessageType schema = MessageTypeParser.parseMessageType(job.dataSchema());
    List<ParquetRowWriter> writers = new ArrayList<>(copies);
    List<Path> staged = new ArrayList<>(copies);
    Map<String, List<FrameAugmenter>> augmenters = new LinkedHashMap<>();
    Map<String, List<CameraStats>> stats = new LinkedHashMap<>();
    Map<String, List<FrameDigest>> digests = new LinkedHashMap<>();
    Map<String, Mat> inputs = new LinkedHashMap<>();
    List<Mat> outputs = new ArrayList<>();
    try (PngFrames png = new PngFrames()) {
      for (JobContext.CameraFeature camera : images) {
        FrameSize size = new FrameSize(camera.width(), camera.height());
        List<FrameAugmenter> perCopy = new ArrayList<>();
        List<CameraStats> statsPerCopy = new ArrayList<>();
        List<FrameDigest> digestsPerCopy = new ArrayList<>();
        for (CopyParameters copy : parameters) {
          perCopy.add(new FrameAugmenter(copy, camera.key(), size));
          statsPerCopy.add(new CameraStats(camera.width(), camera.height(), unit.length()));
          digestsPerCopy.add(new FrameDigest());
        }

        augmenters.put(camera.key(), perCopy);
        stats.put(camera.key(), statsPerCopy);
        digests.put(camera.key(), digestsPerCopy);
        inputs.put(camera.key(), new Mat());
      }

      for (WorkUnit.OutputCopy copy : unit.copies()) {
        Path path = new Path(job.stagingRoot(), EpisodeResult.stagedData(copy.outputEpisode()));
        staged.add(path);
        writers.add(new ParquetRowWriter(conf, path, schema, job.dataMetadata()));
        outputs.add(new Mat());
      }

      for (int t = 0; t < rows.size(); t++) {
        Map<String, Object> row = rows.get(t);
        for (JobContext.CameraFeature camera : images) {
          png.decode(imageBytes(row, camera), inputs.get(camera.key()), where(camera, t));
        }

        for (int i = 0; i < copies; i++) {
          WorkUnit.OutputCopy copy = unit.copies().get(i);
          Map<String, Object> rewritten = new HashMap<>(row);
          rewritten.put("episode_index", copy.outputEpisode());
          rewritten.put("index", copy.outputFromIndex() + t);
          for (JobContext.CameraFeature camera : images) {
            Mat output = outputs.get(i);
            augmenters.get(camera.key()).get(i).apply(inputs.get(camera.key()), output, t);
            digests.get(camera.key()).get(i).add(output);
            addStats(stats.get(camera.key()).get(i), output, t);
            Map<String, Object> image = new LinkedHashMap<>(imageStruct(row, camera));
            image.put("bytes", png.encode(output));
            rewritten.put(camera.key(), image);
          }

          writers.get(i).write(rewritten);
        }
      }
    } finally {
      writers.forEach(ParquetRowWriter::close);
      augmenters.values().forEach(list -> list.forEach(FrameAugmenter::close));
      inputs.values().forEach(Mat::close);
      outputs.forEach(Mat::close);
    }

    List<Written> written = new ArrayList<>(copies);
    for (int i = 0; i < copies; i++) {
      Map<String, String> statsJson = new LinkedHashMap<>();
      Map<String, String> hexDigests = new LinkedHashMap<>();
      for (JobContext.CameraFeature camera : images) {
        statsJson.put(camera.key(), DatasetJson.write(stats.get(camera.key()).get(i).result()));
        hexDigests.put(camera.key(), digests.get(camera.key()).get(i).hex());
      }

      written.add(new Written(Storage.size(conf, staged.get(i)), statsJson, hexDigests));
    }

    return written;
  }

  private List<Map<String, Object>> sourceRows() {
    job.source().ensure(conf, unit.dataFile());
    Path dataFile = new Path(job.sourceRoot(), unit.dataFile());
    ParquetTable rows =
        ParquetTable.readRange(
            conf, dataFile, "index", unit.fromIndex(), unit.fromIndex() + unit.length());
    if (rows.rows().size() != unit.length()) {
      throw new IllegalStateException(
          "Cannot augment episode "
              + unit.sourceEpisode()
              + ": "
              + unit.dataFile()
              + " holds "
              + rows.rows().size()
              + " of its "
              + unit.length()
              + " rows");
    }

    return rows.rows();
  }

  private static void addStats(CameraStats stats, Mat rgb, long frame) {
    if (stats.wants(frame)) {
      byte[] pixels = new byte[rgb.cols() * rgb.rows() * 3];
      rgb.data().get(pixels);
      stats.add(frame, pixels, rgb.cols() * 3);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> imageStruct(
      Map<String, Object> row, JobContext.CameraFeature camera) {
    Object value = row.get(camera.key());
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalStateException(
          "Cannot augment episode "
              + unit.sourceEpisode()
              + ": "
              + unit.dataFile()
              + " has no image struct in column "
              + camera.key());
    }

    return (Map<String, Object>) value;
  }

  private byte[] imageBytes(Map<String, Object> row, JobContext.CameraFeature camera) {
    Object bytes = imageStruct(row, camera).get("bytes");
    if (!(bytes instanceof byte[] png)) {
      throw new IllegalStateException(
          "Cannot augment episode "
              + unit.sourceEpisode()
              + ": "
              + unit.dataFile()
              + " has no PNG bytes in column "
              + camera.key());
    }

    return png;
  }

  private String where(JobContext.CameraFeature camera, int frame) {
    return camera.key()
        + " of episode "
        + unit.sourceEpisode()
        + " frame "
        + frame
        + " in "
        + unit.dataFile();
  }
}
