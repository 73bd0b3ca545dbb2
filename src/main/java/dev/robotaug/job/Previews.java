package dev.robotaug.job;

import dev.robotaug.augment.CopyPlanner;
import dev.robotaug.augment.CopyRecipe;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.Storage;
import dev.robotaug.preview.ContactSheet;
import dev.robotaug.preview.PreviewCell;
import dev.robotaug.preview.PreviewPlan;
import dev.robotaug.spec.AugmentationRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes {@code meta/previews/<camera>.png}: the contact sheets of the thumbnails the augment stage
 * captured (frames before encoding).
 */
final class Previews {
  static final String FOLDER = "meta/previews";

  private Previews() {}

  static void write(
      Configuration conf,
      Path staging,
      SourceDataset source,
      AugmentationRequest request,
      List<EpisodeResult> results) {
    List<PreviewCell> cells = new ArrayList<>();
    results.forEach(result -> cells.addAll(result.previewCells()));
    if (cells.isEmpty()) {
      return;
    }

    List<String> labels = labels(request, results, cells.get(0).sourceEpisode());
    for (String camera : source.info().videoKeys()) {
      ContactSheet sheet = new ContactSheet(camera, source.info().fps(), labels);
      cells.forEach(sheet::add);
      Storage.writeBytes(conf, new Path(staging, FOLDER + "/" + camera + ".png"), sheet.png());
    }
  }

  /** Column labels from the copies of the first previewed episode. */
  static List<String> labels(
      AugmentationRequest request, List<EpisodeResult> results, long sourceEpisode) {
    List<CopyRecipe> recipes = CopyPlanner.copiesFor(request, sourceEpisode);
    List<String> labels = new ArrayList<>();
    results.stream()
        .filter(result -> result.sourceEpisode() == sourceEpisode)
        .sorted(Comparator.comparingLong(EpisodeResult::outputEpisode))
        .limit(PreviewPlan.MAX_COPIES)
        .forEach(
            result -> labels.add(PreviewPlan.label(request, recipes.get(result.recipeIndex()))));
    return labels;
  }
}
