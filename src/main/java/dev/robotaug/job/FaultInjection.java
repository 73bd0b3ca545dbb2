package dev.robotaug.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test-only fault injection; does nothing unless one of its system properties is set. Both take
 * {@code <source episode>:<marker file>}, and only the first task to reach that episode mid-way
 * (after its first camera is staged) acts: it creates the marker, so that later attempts find it
 * and run through.
 *
 * <ul>
 *   <li>{@value #FAIL_ONCE}: the task throws. A reliability test uses it to show that a task dying
 *       mid-episode is retried (with {@code spark.task.maxFailures} above 1, e.g. master {@code
 *       local[2,3]}) and that the output equals a clean run's.
 *   <li>{@value #STALL_ONCE}: the task writes its process id into the marker and sleeps, so that a
 *       test can kill that executor JVM at a known point of the job.
 * </ul>
 *
 * The properties are read in the executor's JVM: on a local master that is the driver's; on a
 * cluster they go in {@code spark.executor.extraJavaOptions}.
 */
final class FaultInjection {
  static final String FAIL_ONCE = "robotaug.test.failOnce";
  static final String STALL_ONCE = "robotaug.test.stallOnce";

  /** Long enough for a test to notice the marker and kill the process, short of a hung build. */
  private static final long STALL_MILLIS = TimeUnit.MINUTES.toMillis(3);

  private FaultInjection() {}

  static void midEpisode(long sourceEpisode) {
    if (firstToReach(FAIL_ONCE, sourceEpisode)) {
      throw new IllegalStateException(
          "Injected fault (" + FAIL_ONCE + "): the task failed once mid-episode");
    }

    if (firstToReach(STALL_ONCE, sourceEpisode)) {
      try {
        Thread.sleep(STALL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether this task is the first to reach the episode; creates the marker if so. */
  private static boolean firstToReach(String property, long sourceEpisode) {
    String setting = System.getProperty(property);
    if (setting == null) {
      return false;
    }

    int colon = setting.indexOf(':');
    if (colon < 0 || Long.parseLong(setting.substring(0, colon)) != sourceEpisode) {
      return false;
    }

    Path marker = Path.of(setting.substring(colon + 1)).toAbsolutePath();
    try {
      Path temp = Files.createTempFile(marker.getParent(), ".fault", ".tmp");
      Files.writeString(temp, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
      try {
        Files.createLink(marker, temp);
      } finally {
        Files.delete(temp);
      }
      return true;
    } catch (FileAlreadyExistsException alreadyReached) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the fault marker " + setting, e);
    }
  }
}
