package dev.robotaug.job;

import org.apache.spark.sql.SparkSession;

/** Creates the job's SparkSession the same way for the command line, the launchers and tests. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A session on {@code master}, or on whatever spark-submit configured when {@code master} is
   * null. Local masters bind to loopback and run without the web UI.
   */
  public static SparkSession create(String master, String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (master != null) {
      builder.master(master);
    }

    if (master != null && master.startsWith("local")) {
      builder
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false");
    }

    return builder.getOrCreate();
  }
}
