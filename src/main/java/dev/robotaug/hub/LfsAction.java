package dev.robotaug.hub;

import java.util.Map;

/**
 * What the LFS batch endpoint answered for one object.
 *
 * @param transfer {@code basic} or {@code multipart}
 * @param uploadHref where to PUT (basic) or POST the part list (multipart); null when the Hub
 *     already has the object
 * @param uploadHeader the upload action's headers; for multipart {@code chunk_size} and the part
 *     URLs under {@code "00001"}, {@code "00002"}, ...
 * @param verifyHref where to confirm the upload, or null
 * @param error the per-object error message, or null
 */
public record LfsAction(
    String oid,
    long size,
    String transfer,
    String uploadHref,
    Map<String, String> uploadHeader,
    String verifyHref,
    Map<String, String> verifyHeader,
    String error) {

  /** True when the Hub already stores this object: nothing to send. */
  public boolean alreadyStored() {
    return uploadHref == null && error == null;
  }
}
