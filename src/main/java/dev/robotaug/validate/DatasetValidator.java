package dev.robotaug.validate;

import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a LeRobot v3.0 or v2.1 dataset against what LeRobot, the Hub viewer and the visualizer
 * rely on: totals and splits, the global {@code index}, episode order and ranges, frame indices and
 * timestamps, tasks, Parquet column types and metadata, every camera's video files against the
 * episode rows and {@code info.json}, image frames, and the statistics. {@code docs/VALIDATION.md}
 * lists every check.
 *
 * <p>A dataset that can be opened always gives a full report, however broken: each check runs on
 * its own and a check that cannot run fails with the reason.
 */
public final class DatasetValidator {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetValidator.class);

  private DatasetValidator() {}

  /**
   * Validates the dataset at {@code root} (a local path or any URI Hadoop reads).
   *
   * @throws IllegalArgumentException "Cannot open dataset &lt;root&gt;: &lt;reason&gt;" when
   *     info.json, the episode table, the tasks or a data file cannot be read at all, or the
   *     version is neither v3.0 nor v2.1
   */
  public static ValidationReport validate(Configuration conf, String root) {
    long started = System.currentTimeMillis();
    try (DatasetUnderTest dataset = DatasetUnderTest.open(conf, root)) {
      CheckList checks = new CheckList();
      new InfoChecks(dataset).addTo(checks);
      new TabularChecks(dataset).addTo(checks);
      new SchemaChecks(dataset).addTo(checks);
      new VideoChecks(dataset).addTo(checks);
      new ImageChecks(dataset).addTo(checks);
      new StatsChecks(dataset).addTo(checks);
      ValidationReport report = new ValidationReport(root, checks.checks());
      LOG.info(
          "Validated {} in {} ms: {}",
          root,
          System.currentTimeMillis() - started,
          report.summaryLine());
      return report;
    }
  }
}
