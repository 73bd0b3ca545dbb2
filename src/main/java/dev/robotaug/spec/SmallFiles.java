package dev.robotaug.spec;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small documents (job specs, status, metadata) read and written whole through Hadoop's {@link
 * FileSystem}, so that a reader running beside a writer finds the old or the new content, never
 * none or part of one.
 *
 * <p>On object stores ({@link #OBJECT_STORES}) a document is written in place: an object appears
 * whole when its upload completes, and a rename there is a copy that refuses an existing target. On
 * file systems it goes to a hidden sibling renamed over the old file; only where that rename is
 * refused (HDFS) is the old file deleted first, which leaves a moment with none.
 *
 * <p>A read that fails other than by the document's absence is tried again, up to {@value
 * #READ_ATTEMPTS} times: on S3 a read that meets a rewrite fails with "change reported by S3" (the
 * object's ETag changed between the open and the read) and then finds the new version.
 */
public final class SmallFiles {
  /** Schemes whose objects appear whole when written: S3 (s3a) and Google Cloud Storage. */
  public static final Set<String> OBJECT_STORES = Set.of("s3a", "gs");

  static final int READ_ATTEMPTS = 4;
  private static final long READ_RETRY_MILLIS = 50;

  private SmallFiles() {}

  /**
   * Writes {@code bytes} as the whole content of {@code path}, replacing what was there. Messages
   * of the exceptions thrown do not repeat the path: callers say what they were writing.
   */
  public static void write(FileSystem fs, Path path, byte[] bytes) throws IOException {
    if (OBJECT_STORES.contains(fs.getUri().getScheme())) {
      try (OutputStream out = fs.create(path, true)) {
        out.write(bytes);
      }
      return;
    }

    Path temp = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = fs.create(temp, true)) {
        out.write(bytes);
      }

      if (!renameOver(fs, temp, path)) {
        fs.delete(path, false);
        if (!fs.rename(temp, path)) {
          throw new IOException("rename of " + temp + " onto it failed");
        }
      }
    } finally {
      if (fs.exists(temp)) {
        fs.delete(temp, false);
      }
    }
  }

  /** The whole content of {@code path}, or empty when there is no such file. */
  public static Optional<byte[]> read(FileSystem fs, Path path) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (InputStream in = fs.open(path)) {
        return Optional.of(in.readAllBytes());
      } catch (FileNotFoundException absent) {
        return Optional.empty();
      } catch (IOException e) {
        if (attempt == READ_ATTEMPTS) {
          throw e;
        }
        pause(READ_RETRY_MILLIS * attempt);
      }
    }
  }

  /** Renames onto an existing file; false where the file system refuses, by result or exception. */
  private static boolean renameOver(FileSystem fs, Path source, Path target) throws IOException {
    try {
      return fs.rename(source, target);
    } catch (FileAlreadyExistsException refused) {
      return false;
    }
  }

  private static void pause(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to read again");
    }
  }
}
