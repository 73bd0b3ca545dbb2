package dev.robotaug.hub;

import dev.robotaug.dataset.DatasetSource;
import dev.robotaug.dataset.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hub dataset read through a mirror folder in the job's storage. The driver pins the revision to
 * a commit, lists the repo once (the listing travels with this object) and downloads {@code meta/}
 * only; each executor downloads the data and video files its episodes need, straight from the Hub
 * into the mirror, so video bytes never pass through the driver.
 *
 * <p>Downloads are lock-free: a file is written to a hidden, uniquely named part file beside its
 * place, checked against the listed size and digest, then renamed into place. Two tasks that need
 * the same file at once may both download it; the second rename replaces the first with the same
 * bytes. A file already in place with the listed size is not fetched again.
 */
public final class HubMirror implements DatasetSource {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(HubMirror.class);

  private final HubConfig config;
  private final HubRepoId repo;
  private final String commit;
  private final String root;
  private final TreeMap<String, HubFile> files;
  private transient HubClient client;

  private HubMirror(
      HubConfig config, HubRepoId repo, String commit, String root, Map<String, HubFile> files) {
    this.config = config;
    this.repo = repo;
    this.commit = commit;
    this.root = root;
    this.files = new TreeMap<>(files);
  }

  /**
   * The source of a job: a storage URI as it is, or for a Hub repo id ({@code org/name[@rev]},
   * {@code hf://datasets/...}) a mirror at {@code mirror} with its {@code meta/} downloaded.
   */
  public static DatasetSource resolve(
      Configuration conf, String source, Path mirror, HubConfig config) {
    if (!HubRepoId.isRepoId(source)) {
      return DatasetSource.storage(source);
    }

    HubRepoId repo = HubRepoId.parse(source);
    HubClient client = new HubClient(config);
    HubDatasetInfo info = client.datasetInfo(repo);
    String commit = info.sha() != null ? info.sha() : repo.revisionOrMain();
    Map<String, HubFile> files = new TreeMap<>();
    client.listFiles(repo, commit).forEach(file -> files.put(file.path(), file));
    if (!files.containsKey("meta/info.json")) {
      throw new IllegalArgumentException(
          "Cannot read dataset "
              + repo
              + ": meta/info.json not found on the Hub at commit "
              + commit
              + " (is it a LeRobot v3.0 dataset?)");
    }

    HubMirror hub = new HubMirror(config, repo, commit, mirror.toString(), files);
    hub.client = client;
    long started = System.nanoTime();
    List<String> meta = hub.listFiles(conf, "meta");
    meta.forEach(path -> hub.ensure(conf, path));
    long bytes = files.values().stream().mapToLong(HubFile::size).sum();
    LOG.info(
        "Reading Hub dataset {} at commit {}: {} files, {} bytes; {} metadata files mirrored to {} in {} ms",
        repo,
        commit,
        files.size(),
        bytes,
        meta.size(),
        mirror,
        (System.nanoTime() - started) / 1_000_000);
    return hub;
  }

  @Override
  public String root() {
    return root;
  }

  public String commit() {
    return commit;
  }

  @Override
  public void ensure(Configuration conf, String relativePath) {
    HubFile file = files.get(relativePath);
    if (file == null) {
      throw new IllegalArgumentException(
          "Cannot read dataset "
              + repo
              + ": "
              + relativePath
              + " is not in the repo at commit "
              + commit);
    }

    Path target = new Path(root, relativePath);
    FileSystem fs = Storage.fileSystem(conf, target);
    try {
      if (fs.exists(target) && fs.getFileStatus(target).getLen() == file.size()) {
        return;
      }

      Path part =
          new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".part");
      fs.mkdirs(target.getParent());
      try {
        long started = System.nanoTime();
        client().download(repo, commit, file, () -> fs.create(part, true));
        if (!fs.rename(part, target) && !hasSize(fs, target, file.size())) {
          throw new IOException("rename of " + part + " failed");
        }

        LOG.info(
            "Fetched {} ({} bytes) from Hub dataset {} in {} ms on {}",
            relativePath,
            file.size(),
            repo.id(),
            (System.nanoTime() - started) / 1_000_000,
            Thread.currentThread().getName());
      } finally {
        fs.delete(part, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot fetch " + relativePath + " of Hub dataset " + repo + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> listFiles(Configuration conf, String folder) {
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    return files.keySet().stream().filter(path -> path.startsWith(prefix)).toList();
  }

  @Override
  public String description() {
    return repo.withRevision(commit).uri();
  }

  @Override
  public String toString() {
    return "HubMirror[" + description() + " -> " + root + "]";
  }

  private static boolean hasSize(FileSystem fs, Path path, long size) throws IOException {
    return fs.exists(path) && fs.getFileStatus(path).getLen() == size;
  }

  private synchronized HubClient client() {
    if (client == null) {
      client = new HubClient(config);
    }

    return client;
  }
}
