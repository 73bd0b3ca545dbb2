package dev.robotaug.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only fault injection; does nothing unless the system property {@value #FAIL_ONCE} is set.
 * With {@code -Drobotaug.test.failOnce=<source episode>:<marker file>}, the first task to augment
 * that episode creates the marker file and fails after its first camera is staged; later attempts
 * find the marker and run through. A reliability test uses it to show that a task dying mid-episode
 * is retried (with {@code spark.task.maxFailures} above 1, e.g. master {@code local[2,3]}) and that
 * the output equals a clean run's. The property is read in the executor's JVM: on a local master
 * that is the driver's; on a cluster it would need {@code spark.executor.extraJavaOptions}.
 */
final class FaultInjection {
  static final String FAIL_ONCE = "robotaug.test.failOnce";

  private FaultInjection() {}

  static void failOnceMidEpisode(long sourceEpisode) {
    String setting = System.getProperty(FAIL_ONCE);
    if (setting == null) {
      return;
    }

    int colon = setting.indexOf(':');
    if (colon < 0 || Long.parseLong(setting.substring(0, colon)) != sourceEpisode) {
      return;
    }

    try {
      Files.createFile(Path.of(setting.substring(colon + 1)));
    } catch (FileAlreadyExistsException alreadyFailedOnce) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the fault marker " + setting, e);
    }

    throw new IllegalStateException(
        "Injected fault (" + FAIL_ONCE + "): the task failed once mid-episode");
  }
}
