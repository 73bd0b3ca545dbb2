package dev.robotaug.hub;

import java.util.Locale;

/**
 * The rule that names a job's output repo on the Hub, {@code <namespace>/<name>}:
 *
 * <ul>
 *   <li>with a job {@code name}: the name made Hub-safe (lower case; runs of anything but letters,
 *       digits, '.', '_' and '-' become one '-'; no "--" or ".."; trimmed of '-' and '.'; at most
 *       96 characters);
 *   <li>without one: {@code <source dataset name>-augmented-<first 8 characters of the job id>},
 *       made Hub-safe the same way.
 * </ul>
 *
 * The namespace is the one configured for outputs, else the token's own user. Two jobs with the
 * same name therefore write the same repo; the second one is refused unless it is a rerun of the
 * first (see {@link HubUploader}).
 */
public final class OutputRepoName {
  private static final int MAX = 96;

  private OutputRepoName() {}

  /**
   * @param jobName the request's {@code name}, or null
   * @param source the spec's source (repo id or storage URI), for the default name
   */
  public static HubRepoId of(String namespace, String jobName, String source, String jobId) {
    String name =
        hasName(jobName)
            ? slug(jobName)
            : slug(baseName(null, source) + "-" + jobId.substring(0, Math.min(8, jobId.length())));
    return new HubRepoId(namespace, name, null);
  }

  /** The job's name made Hub-safe, else {@code <source name>-augmented}: for local folders too. */
  public static String baseName(String jobName, String source) {
    return hasName(jobName) ? slug(jobName) : slug(sourceName(source) + "-augmented");
  }

  private static boolean hasName(String jobName) {
    return jobName != null && !slug(jobName).isEmpty();
  }

  /** The last path part of a storage URI, or the name of a repo id. */
  static String sourceName(String source) {
    if (HubRepoId.isRepoId(source)) {
      return HubRepoId.parse(source).name();
    }

    String trimmed = source.replaceAll("/+$", "");
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return last.isEmpty() ? "dataset" : last;
  }

  static String slug(String text) {
    String slug =
        text.toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9._-]+", "-")
            .replaceAll("-{2,}", "-")
            .replaceAll("\\.{2,}", ".")
            .replaceAll("^[-._]+", "");
    if (slug.length() > MAX) {
      slug = slug.substring(0, MAX);
    }

    return slug.replaceAll("[-.]+$", "");
  }
}
