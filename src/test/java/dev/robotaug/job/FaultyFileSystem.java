package dev.robotaug.job;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Local storage under the scheme {@code faulty:} that fails on command, for reliability tests:
 * every file creation after a number of them, or the rename onto a given name (the step that
 * publishes an output). Registered with {@code spark.hadoop.fs.faulty.impl}; the switches are
 * static, so that every instance in the test JVM (driver and local executors) obeys them.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "faulty";

  private static final AtomicInteger CREATES_LEFT = new AtomicInteger(Integer.MAX_VALUE);
  private static final AtomicInteger CREATES = new AtomicInteger();
  private static volatile String failRenamesTo;

  /** Lets {@code creates} more files be created, then fails every creation. */
  static void failCreatesAfter(int creates) {
    CREATES_LEFT.set(creates);
  }

  /** Fails every rename whose target is named {@code name}. */
  static void failRenamesTo(String name) {
    failRenamesTo = name;
  }

  /** Back to healthy storage; the count of creations starts again. */
  static void heal() {
    CREATES_LEFT.set(Integer.MAX_VALUE);
    CREATES.set(0);
    failRenamesTo = null;
  }

  /** Files created since the last {@link #heal()}, failed attempts included. */
  static int creates() {
    return CREATES.get();
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /** Every way RawLocalFileSystem creates or appends to a file comes through here. */
  @Override
  protected OutputStream createOutputStreamWithMode(
      Path file, boolean append, FsPermission permission) throws IOException {
    CREATES.incrementAndGet();
    if (CREATES_LEFT.getAndDecrement() <= 0) {
      throw new IOException("Injected storage fault: cannot create " + file);
    }

    return super.createOutputStreamWithMode(file, append, permission);
  }

  @Override
  public boolean rename(Path from, Path to) throws IOException {
    if (to.getName().equals(failRenamesTo)) {
      throw new IOException("Injected storage fault: cannot rename " + from + " to " + to);
    }

    return super.rename(from, to);
  }
}
