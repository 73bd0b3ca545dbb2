package dev.robotaug.hub;

/**
 * What the Hub says about a dataset repo at a revision.
 *
 * @param sha the commit the revision points to; reading at this sha gives a consistent snapshot
 */
public record HubDatasetInfo(String id, String sha, boolean isPrivate) {}
