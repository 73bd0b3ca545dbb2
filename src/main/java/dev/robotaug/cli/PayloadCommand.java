package dev.robotaug.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.dataset.Storage;
import dev.robotaug.deploy.ComputeProfiles;
import dev.robotaug.deploy.SubmitPayloads;
import dev.robotaug.spec.ComputeProfile;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * {@code scripts/payload}: prints the request body that runs a job spec on Databricks ({@code
 * runs/submit}), as an EMR step ({@code AddJobFlowSteps}) or on EMR Serverless ({@code
 * StartJobRun}). The job id and compute profile come from the spec when this machine can read it
 * (at {@code --spec}, or a copy at {@code --local-spec}), else from {@code --job-id} and {@code
 * --profile}.
 */
public final class PayloadCommand {
  static final String USAGE =
      """
      Usage: scripts/payload databricks|emr-step|emr-serverless --spec <uri> --jar <uri>
                             [--local-spec <file>] [--profile cpu|gpu] [--job-id <id>] [target options]
        databricks:     [--spark-version v] [--node-type t] [--workers n] [--init-script location]
                        [--single-user name] [--timeout-seconds n]
        emr-step:       --cluster-id j-... [--action-on-failure CONTINUE|CANCEL_AND_WAIT|TERMINATE_CLUSTER]
        emr-serverless: --application-id id --role-arn arn [--log-uri s3://...] [--timeout-minutes n]""";

  private static final List<String> TARGETS = List.of("databricks", "emr-step", "emr-serverless");

  private PayloadCommand() {}

  public static void main(String[] args) {
    try {
      System.out.println(payload(args, java.nio.file.Path.of("conf")));
      System.exit(0);
    } catch (RuntimeException e) {
      System.err.println("Error: " + AugmentCommand.reason(e));
      System.exit(2);
    }
  }

  /** The payload as indented JSON; {@code confFolder} holds {@code profiles/}. */
  static String payload(String[] args, java.nio.file.Path confFolder) {
    if (args.length == 0 || !TARGETS.contains(args[0])) {
      throw new IllegalArgumentException("Invalid target: give one of " + TARGETS + "\n" + USAGE);
    }

    Map<String, String> options = options(args);
    if (options.containsKey("--conf-dir")) {
      confFolder = java.nio.file.Path.of(options.get("--conf-dir"));
    }

    SubmitPayloads payloads = new SubmitPayloads(ComputeProfiles.inConfFolder(confFolder));
    SubmitPayloads.Submission job = submission(options);
    ObjectNode body =
        switch (args[0]) {
          case "databricks" -> payloads.databricks(job, databricks(options, job.profile()));
          case "emr-step" ->
              payloads.emrStep(
                  job,
                  new SubmitPayloads.EmrStep(
                      required(options, "--cluster-id"),
                      options.getOrDefault("--action-on-failure", "CONTINUE")));
          default ->
              payloads.emrServerless(
                  job,
                  new SubmitPayloads.EmrServerless(
                      required(options, "--application-id"),
                      required(options, "--role-arn"),
                      options.get("--log-uri"),
                      Long.parseLong(options.getOrDefault("--timeout-minutes", "720"))));
        };
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the payload: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Invalid argument: " + args[i] + "\n" + USAGE);
      }

      options.put(args[i], args[i + 1]);
    }

    return options;
  }

  /** Job id and profile from the flags, else from the spec itself. */
  private static SubmitPayloads.Submission submission(Map<String, String> options) {
    String specUri = required(options, "--spec");
    String jobId = options.get("--job-id");
    String profile = options.get("--profile");
    if (jobId == null || profile == null) {
      JobSpec spec;
      try {
        var conf = Storage.configuration(Map.of());
        String readable = options.getOrDefault("--local-spec", specUri);
        spec = SpecJson.read(Storage.readText(conf, new Path(readable)), JobSpec.class);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "Cannot read job spec "
                + specUri
                + ": "
                + AugmentCommand.reason(e)
                + " (pass --local-spec, or --job-id and --profile)",
            e);
      }

      jobId = jobId != null ? jobId : spec.jobId();
      profile = profile != null ? profile : spec.computeProfile().wireName();
    }

    return new SubmitPayloads.Submission(
        jobId, specUri, required(options, "--jar"), ComputeProfile.fromWireName(profile));
  }

  private static SubmitPayloads.Databricks databricks(
      Map<String, String> options, ComputeProfile profile) {
    SubmitPayloads.Databricks defaults = SubmitPayloads.Databricks.defaults(profile);
    return new SubmitPayloads.Databricks(
        options.getOrDefault("--spark-version", defaults.sparkVersion()),
        options.getOrDefault("--node-type", defaults.nodeTypeId()),
        Integer.parseInt(options.getOrDefault("--workers", String.valueOf(defaults.workers()))),
        options.getOrDefault("--init-script", defaults.initScript()),
        options.get("--single-user"),
        Long.parseLong(
            options.getOrDefault("--timeout-seconds", String.valueOf(defaults.timeoutSeconds()))));
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Invalid arguments: " + name + " is required\n" + USAGE);
    }

    return value;
  }
}
