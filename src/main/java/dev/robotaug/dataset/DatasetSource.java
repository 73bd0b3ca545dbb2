package dev.robotaug.dataset;

import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where the job reads its source dataset from. {@link #root()} is a storage URI the usual readers
 * ({@link SourceDataset}, Parquet, video decoders) open; a file under it is only guaranteed to be
 * there after {@link #ensure} was called for it. For a storage URI both are trivial; a Hub dataset
 * is a mirror folder filled on demand (metadata by the driver, each data or video file by the
 * executor that needs it). Serializable: it travels to executors with the job.
 */
public interface DatasetSource extends Serializable {
  /** The URI the dataset's files are read under. */
  String root();

  /** Makes {@code relativePath} readable under {@link #root()} (downloads it if needed). */
  void ensure(Configuration conf, String relativePath);

  /** Paths, relative to the dataset root, of every file under {@code folder}, sorted. */
  List<String> listFiles(Configuration conf, String folder);

  /** The source as a user would name it, with the pinned revision where there is one. */
  String description();

  /** A dataset that already sits in storage at {@code root}. */
  static DatasetSource storage(String root) {
    return new Stored(root);
  }

  /** A dataset in storage: everything is there already. */
  record Stored(String root) implements DatasetSource {
    @Override
    public void ensure(Configuration conf, String relativePath) {
      // Nothing to fetch: the file is in storage or the reader reports it missing.
    }

    @Override
    public List<String> listFiles(Configuration conf, String folder) {
      return Storage.listRecursive(conf, new Path(new Path(root), folder), root);
    }

    @Override
    public String description() {
      return root;
    }
  }
}
