package dev.robotaug.hub;

import java.io.Serializable;

/**
 * A file of a Hub repo at one commit, as the tree listing gives it.
 *
 * @param oid the git blob id (SHA-1 of {@code "blob <size>\0" + content} for regular files, of the
 *     pointer file for LFS files)
 * @param lfsSha256 the SHA-256 of the content for LFS files, null for regular files
 */
public record HubFile(String path, long size, String oid, String lfsSha256)
    implements Serializable {

  public boolean isLfs() {
    return lfsSha256 != null;
  }
}
