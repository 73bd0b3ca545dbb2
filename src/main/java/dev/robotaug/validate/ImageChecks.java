package dev.robotaug.validate;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.robotaug.dataset.Feature;
import dev.robotaug.dataset.ParquetTable;
import dev.robotaug.validate.ValidationReport.Check;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Checks of image features ({@code dtype: image}), once per camera: every frame row holds an
 * encoded image (PNG as LeRobot writes) that decodes to the feature's shape {@code [H, W, C]}.
 */
final class ImageChecks {
  private final DatasetUnderTest dataset;

  ImageChecks(DatasetUnderTest dataset) {
    this.dataset = dataset;
  }

  void addTo(CheckList checks) {
    for (String camera : dataset.imageKeys()) {
      checks.run("image.frames", () -> frames(camera));
    }
  }

  private Check frames(String camera) {
    Feature feature = dataset.info.features().get(camera);
    Findings findings = new Findings();
    long decoded = 0;
    for (FrameColumns file : dataset.dataFiles) {
      if (!file.schema().containsField(camera)) {
        findings.add(camera + ": " + file.relative() + " has no column for it");
        continue;
      }

      List<Map<String, Object>> rows =
          ParquetTable.readColumns(
                  dataset.conf, file.path(), List.of(camera, "episode_index", "frame_index"))
              .rows();
      for (int row = 0; row < rows.size(); row++) {
        String problem = imageProblem(rows.get(row).get(camera), feature);
        if (problem == null) {
          decoded++;
        } else {
          findings.add(
              "%s: episode %s frame %s (%s row %d): %s"
                  .formatted(
                      camera,
                      rows.get(row).get("episode_index"),
                      rows.get(row).get("frame_index"),
                      file.relative(),
                      row,
                      problem));
        }
      }
    }

    return findings.toCheck(
        "image.frames", "%s: %d images decode to %s".formatted(camera, decoded, feature.shape()));
  }

  /** What is wrong with one image cell, or null when it decodes to the feature's shape. */
  private static String imageProblem(Object cell, Feature feature) {
    if (!(cell instanceof Map<?, ?> struct) || !(struct.get("bytes") instanceof byte[] bytes)) {
      return "no image bytes";
    }

    try (BytePointer data = new BytePointer(bytes);
        Mat encoded = new Mat(1, bytes.length, CV_8U, data);
        Mat image = imdecode(encoded, IMREAD_UNCHANGED)) {
      if (image == null || image.empty()) {
        return "the " + bytes.length + " bytes do not decode as an image";
      }

      int channels = feature.shape().size() > 2 ? feature.shape().get(2) : 1;
      if (image.cols() != feature.width()
          || image.rows() != feature.height()
          || image.channels() != channels) {
        return "decodes to %dx%d with %d channels, shape %s"
            .formatted(image.cols(), image.rows(), image.channels(), feature.shape());
      }

      return null;
    }
  }
}
