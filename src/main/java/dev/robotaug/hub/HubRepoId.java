package dev.robotaug.hub;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hub dataset repository, {@code namespace/name}, with an optional revision (branch, tag or
 * commit). Written {@code org/name}, {@code org/name@revision} or {@code
 * hf://datasets/org/name[@revision]}.
 *
 * @param revision null for the default branch
 */
public record HubRepoId(String namespace, String name, String revision) implements Serializable {
  /** The default branch, used when no revision is given. */
  public static final String MAIN = "main";

  private static final String PREFIX = "hf://datasets/";
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern ID =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)(?:@(\\S+))?");

  public HubRepoId {
    checkPart(namespace, "namespace");
    checkPart(name, "name");
    if (revision != null && (revision.isBlank() || revision.contains(".."))) {
      throw new IllegalArgumentException("Invalid Hub revision: '" + revision + "'");
    }
  }

  /** Parses {@code org/name[@revision]} or {@code hf://datasets/org/name[@revision]}. */
  public static HubRepoId parse(String text) {
    String id = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
    Matcher matcher = ID.matcher(id);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "Invalid Hub repo id: '" + text + "', expected org/name or org/name@revision");
    }

    return new HubRepoId(matcher.group(1), matcher.group(2), matcher.group(3));
  }

  /**
   * Whether {@code text} names a Hub dataset rather than a storage location: {@code
   * hf://datasets/...}, or {@code org/name[@revision]} with no scheme and nothing more.
   */
  public static boolean isRepoId(String text) {
    if (text == null) {
      return false;
    }

    if (text.startsWith(PREFIX)) {
      return true;
    }

    if (text.contains(":") || text.startsWith(".") || text.startsWith("/")) {
      return false;
    }

    Matcher matcher = ID.matcher(text);
    return matcher.matches()
        && PART.matcher(matcher.group(1)).matches()
        && PART.matcher(matcher.group(2)).matches();
  }

  /** {@code namespace/name}, without the revision. */
  public String id() {
    return namespace + "/" + name;
  }

  /** The revision, or {@value #MAIN} when none was given. */
  public String revisionOrMain() {
    return revision == null ? MAIN : revision;
  }

  public HubRepoId withRevision(String newRevision) {
    return new HubRepoId(namespace, name, newRevision);
  }

  /** {@code hf://datasets/org/name[@revision]}. */
  public String uri() {
    return PREFIX + this;
  }

  @Override
  public String toString() {
    return revision == null ? id() : id() + "@" + revision;
  }

  /**
   * The Hub's rules for a repo name part: letters, digits, '-', '_', '.', at most 96 characters, no
   * "--" or "..", not starting or ending with '-' or '.'.
   */
  private static void checkPart(String part, String field) {
    boolean valid =
        part != null
            && PART.matcher(part).matches()
            && !part.contains("--")
            && !part.contains("..")
            && !part.endsWith("-")
            && !part.endsWith(".");
    if (!valid) {
      throw new IllegalArgumentException("Invalid Hub repo " + field + ": '" + part + "'");
    }
  }
}
