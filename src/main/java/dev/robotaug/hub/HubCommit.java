package dev.robotaug.hub;

/** A commit the Hub made: its id and its page. */
public record HubCommit(String oid, String url) {}
