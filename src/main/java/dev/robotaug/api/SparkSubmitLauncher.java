package dev.robotaug.api;

import dev.robotaug.spec.JobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts each job with a Spark distribution's {@code spark-submit}: {@code
 * $SPARK_HOME/bin/spark-submit --class <main_class> --master <master> [--deploy-mode <mode>]
 * [--conf k=v ...] <app_jar> --spec <uri>}. The {@code --conf} settings are the launcher's own
 * followed by the job's compute profile (a profile setting wins). In client mode the driver runs
 * here, so the concurrency limit of {@link JobProcesses} applies and an exit without a final status
 * fails the job; in cluster mode spark-submit returns once the cluster accepted the application,
 * and only a failed submission (non-zero exit) fails the job.
 */
final class SparkSubmitLauncher implements JobLauncher {
  private final ApiConfig config;
  private final JobProcesses processes;

  SparkSubmitLauncher(ApiConfig config, JobProcesses processes) {
    this.config = config;
    this.processes = processes;
  }

  @Override
  public void launch(JobSpec spec, String specUri) {
    ApiConfig.SparkSubmitConfig submit = config.launcher().sparkSubmit();
    boolean clusterMode = "cluster".equals(submit.deployMode());
    processes.start(
        spec.jobId(),
        command(spec, specUri),
        Map.of("SPARK_HOME", submit.sparkHome()),
        !clusterMode);
  }

  @Override
  public boolean reserve() {
    return processes.reserve();
  }

  @Override
  public void release() {
    processes.release();
  }

  @Override
  public void close() {
    processes.close();
  }

  /** The spark-submit command line. */
  List<String> command(JobSpec spec, String specUri) {
    ApiConfig.SparkSubmitConfig submit = config.launcher().sparkSubmit();
    List<String> command = new ArrayList<>();
    command.add(Path.of(submit.sparkHome(), "bin", "spark-submit").toString());
    command.add("--class");
    command.add(config.launcher().mainClass());
    command.add("--master");
    command.add(submit.master());
    if (submit.deployMode() != null) {
      command.add("--deploy-mode");
      command.add(submit.deployMode());
    }

    Map<String, String> settings = new TreeMap<>(submit.conf());
    settings.putAll(config.profileSettings(spec.computeProfile()));
    settings.forEach(
        (key, value) -> {
          command.add("--conf");
          command.add(key + "=" + value);
        });
    command.add("--name");
    command.add("robotaug-" + spec.jobId());
    command.add(submit.appJar());
    command.add("--spec");
    command.add(specUri);
    return command;
  }
}
