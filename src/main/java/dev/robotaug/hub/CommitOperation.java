package dev.robotaug.hub;

/**
 * One line of an NDJSON commit: a file added inline, an LFS file added by its oid, or a deletion.
 */
public sealed interface CommitOperation {
  String path();

  /** A small file sent inline, base64 in the commit itself. */
  record Inline(String path, byte[] content) implements CommitOperation {}

  /** A file whose content was uploaded through LFS beforehand. */
  record Lfs(String path, String sha256, long size) implements CommitOperation {}

  /** A file to remove. */
  record Delete(String path) implements CommitOperation {}
}
