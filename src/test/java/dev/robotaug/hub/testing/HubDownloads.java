package dev.robotaug.hub.testing;

import dev.robotaug.hub.HubClient;
import dev.robotaug.hub.HubFile;
import dev.robotaug.hub.HubRepoId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Downloads a whole Hub repo at a revision into a folder, as a user would before validating. */
public final class HubDownloads {
  private HubDownloads() {}

  /** Every file of {@code repo} at {@code revision} under {@code dir}; answers the file count. */
  public static int downloadAll(HubClient client, HubRepoId repo, String revision, Path dir) {
    int files = 0;
    for (HubFile file : client.listFiles(repo, revision)) {
      Path target = dir.resolve(file.path());
      try {
        Files.createDirectories(target.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }

      client.download(repo, revision, file, () -> Files.newOutputStream(target));
      files++;
    }

    return files;
  }
}
