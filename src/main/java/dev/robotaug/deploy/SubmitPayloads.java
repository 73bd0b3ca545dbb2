package dev.robotaug.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.spec.ComputeProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Request bodies that start the job jar on managed Spark services: a Databricks Jobs {@code
 * runs/submit} run, an EMR on EC2 step ({@code AddJobFlowSteps}) and an EMR Serverless {@code
 * StartJobRun}. Each runs {@value #MAIN_CLASS} {@code --spec <uri>} from the job jar with the Spark
 * settings of the job's compute profile, adjusted to what the platform manages itself. The job id
 * becomes the idempotency token each service offers, so a retried submission never starts the job
 * twice. Builds JSON only; calling the services is the caller's business.
 */
public final class SubmitPayloads {
  /** The job jar's entry point. */
  public static final String MAIN_CLASS = "dev.robotaug.job.AugmentJob";

  /** Where EMR on EC2 installs Spark's GPU discovery script. */
  static final String EMR_GPU_DISCOVERY_SCRIPT = "/usr/lib/spark/scripts/gpu/getGpusResources.sh";

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ComputeProfiles profiles;

  public SubmitPayloads(ComputeProfiles profiles) {
    this.profiles = profiles;
  }

  /**
   * What to run.
   *
   * @param jobId the job's id; names the run and keys its idempotency
   * @param specUri where the cluster reads the job spec (the job writes its status beside it)
   * @param jarUri where the cluster reads the job jar
   * @param profile the job's compute profile
   */
  public record Submission(String jobId, String specUri, String jarUri, ComputeProfile profile) {
    public Submission {
      requireText(jobId, "job id");
      requireRemote(specUri, "spec URI");
      requireRemote(jarUri, "jar URI");
      if (profile == null) {
        throw new IllegalArgumentException("Invalid submission: the compute profile is missing");
      }
    }
  }

  /**
   * The Databricks job cluster. Classic dedicated compute: the job uses RDDs, which standard and
   * serverless compute (Spark Connect) do not offer.
   *
   * @param sparkVersion the Databricks runtime, e.g. {@code 14.3.x-scala2.12}
   * @param nodeTypeId the instance type of driver and workers
   * @param workers the number of workers
   * @param initScript the RAPIDS init script (gpu profile only): a workspace path ({@code
   *     /Shared/...}), a volume path ({@code /Volumes/...}) or an {@code s3://}, {@code dbfs:/},
   *     {@code abfss://} or {@code gs://} URI
   * @param singleUserName the user of the dedicated cluster, or null to leave it to Databricks
   * @param timeoutSeconds how long the run may take
   */
  public record Databricks(
      String sparkVersion,
      String nodeTypeId,
      int workers,
      String initScript,
      String singleUserName,
      long timeoutSeconds) {
    public Databricks {
      requireText(sparkVersion, "Databricks spark_version");
      requireText(nodeTypeId, "Databricks node_type_id");
      if (workers < 1) {
        throw new IllegalArgumentException("Invalid Databricks num_workers: " + workers);
      }
    }

    /**
     * Runtime 14.3 LTS (Spark 3.5.0, Scala 2.12), the newest LTS with a RAPIDS build; the GPU ML
     * variant and one-GPU workers for the gpu profile (Databricks gives an executor all of its
     * node's GPUs, and the plugin drives exactly one).
     */
    public static Databricks defaults(ComputeProfile profile) {
      return profile == ComputeProfile.GPU
          ? new Databricks(
              "14.3.x-gpu-ml-scala2.12", "g4dn.xlarge", 2, DEFAULT_INIT_SCRIPT, null, 86_400)
          : new Databricks("14.3.x-scala2.12", "i3.xlarge", 2, null, null, 86_400);
    }

    /** Where the README puts conf/databricks/init-rapids.sh in the workspace. */
    public static final String DEFAULT_INIT_SCRIPT = "/Shared/robotaug/init-rapids.sh";
  }

  /**
   * An EMR on EC2 step.
   *
   * @param clusterId the running cluster ({@code j-...})
   * @param actionOnFailure what EMR does when the step fails; {@code CONTINUE} keeps the cluster
   */
  public record EmrStep(String clusterId, String actionOnFailure) {
    public EmrStep {
      requireText(clusterId, "EMR cluster id");
      if (!List.of("CONTINUE", "CANCEL_AND_WAIT", "TERMINATE_CLUSTER").contains(actionOnFailure)) {
        throw new IllegalArgumentException("Invalid EMR ActionOnFailure: " + actionOnFailure);
      }
    }
  }

  /**
   * An EMR Serverless job run.
   *
   * @param applicationId the Spark application (EMR release 7.x: Spark 3.5, Java 17)
   * @param executionRoleArn the IAM role the job runs as
   * @param logUri where driver and executor logs go, or null for none
   * @param timeoutMinutes how long the run may take
   */
  public record EmrServerless(
      String applicationId, String executionRoleArn, String logUri, long timeoutMinutes) {
    public EmrServerless {
      requireText(applicationId, "EMR Serverless application id");
      requireText(executionRoleArn, "EMR Serverless execution role ARN");
    }
  }

  /** Body of {@code POST /api/2.2/jobs/runs/submit}. */
  public ObjectNode databricks(Submission job, Databricks cluster) {
    Map<String, String> sparkConf = new TreeMap<>(profiles.settings(job.profile()));
    Map<String, String> environment = new TreeMap<>();
    // Databricks sizes executors to their node and hands each all of its GPUs itself.
    sparkConf.remove("spark.executor.cores");
    sparkConf.remove("spark.executor.resource.gpu.amount");
    sparkConf.remove("spark.executor.resource.gpu.discoveryScript");
    sparkConf
        .keySet()
        .removeIf(
            key -> {
              if (key.startsWith("spark.executorEnv.")) {
                environment.put(key.substring("spark.executorEnv.".length()), sparkConf.get(key));
                return true;
              }

              return false;
            });
    // The job jar is Java 17 bytecode; runtime 14.3 starts on Java 8 unless told.
    environment.put("JNAME", "zulu17-ca-amd64");

    ObjectNode newCluster = JSON.createObjectNode();
    newCluster.put("spark_version", cluster.sparkVersion());
    newCluster.put("node_type_id", cluster.nodeTypeId());
    newCluster.put("num_workers", cluster.workers());
    newCluster.put("data_security_mode", "DATA_SECURITY_MODE_DEDICATED");
    if (cluster.singleUserName() != null) {
      newCluster.put("single_user_name", cluster.singleUserName());
    }

    newCluster.set("spark_conf", JSON.valueToTree(sparkConf));
    newCluster.set("spark_env_vars", JSON.valueToTree(environment));
    newCluster.set("custom_tags", JSON.valueToTree(Map.of("robotaug_job_id", job.jobId())));
    if (job.profile() == ComputeProfile.GPU) {
      newCluster.putArray("init_scripts").add(initScript(cluster.initScript()));
    }

    ObjectNode task = JSON.createObjectNode();
    task.put("task_key", "augment");
    task.set("new_cluster", newCluster);
    task.putArray("libraries").addObject().put("jar", job.jarUri());
    ObjectNode jarTask = task.putObject("spark_jar_task");
    jarTask.put("main_class_name", MAIN_CLASS);
    jarTask.putArray("parameters").add("--spec").add(job.specUri());

    ObjectNode body = JSON.createObjectNode();
    body.put("run_name", "robotaug " + job.jobId());
    body.put("idempotency_token", token(job.jobId()));
    body.put("timeout_seconds", cluster.timeoutSeconds());
    body.putArray("tasks").add(task);
    return body;
  }

  /** Input of {@code AddJobFlowSteps} ({@code aws emr add-steps --cli-input-json}). */
  public ObjectNode emrStep(Submission job, EmrStep step) {
    Map<String, String> settings = new TreeMap<>(profiles.settings(job.profile()));
    if (settings.containsKey("spark.executor.resource.gpu.discoveryScript")) {
      settings.put("spark.executor.resource.gpu.discoveryScript", EMR_GPU_DISCOVERY_SCRIPT);
    }

    ArrayNode args = JSON.createArrayNode();
    args.add("spark-submit").add("--deploy-mode").add("cluster");
    args.add("--class").add(MAIN_CLASS).add("--name").add("robotaug-" + job.jobId());
    settings.forEach((key, value) -> args.add("--conf").add(key + "=" + value));
    args.add(job.jarUri()).add("--spec").add(job.specUri());

    ObjectNode body = JSON.createObjectNode();
    body.put("JobFlowId", step.clusterId());
    ObjectNode stepNode = body.putArray("Steps").addObject();
    stepNode.put("Name", "robotaug " + job.jobId());
    stepNode.put("ActionOnFailure", step.actionOnFailure());
    ObjectNode jarStep = stepNode.putObject("HadoopJarStep");
    jarStep.put("Jar", "command-runner.jar");
    jarStep.set("Args", args);
    return body;
  }

  /**
   * Input of {@code StartJobRun} ({@code aws emr-serverless start-job-run --cli-input-json}; the
   * REST call takes {@code applicationId} from the path).
   *
   * @throws IllegalArgumentException for the gpu profile: EMR Serverless runs CPU workers only
   */
  public ObjectNode emrServerless(Submission job, EmrServerless run) {
    if (job.profile() == ComputeProfile.GPU) {
      throw new IllegalArgumentException(
          "Invalid compute profile for EMR Serverless: gpu (it runs CPU workers only;"
              + " use Databricks or an EMR step for the gpu profile)");
    }

    ObjectNode body = JSON.createObjectNode();
    body.put("applicationId", run.applicationId());
    body.put("clientToken", token(job.jobId()));
    body.put("executionRoleArn", run.executionRoleArn());
    body.put("name", "robotaug " + job.jobId());
    body.put("executionTimeoutMinutes", run.timeoutMinutes());
    ObjectNode submit = body.putObject("jobDriver").putObject("sparkSubmit");
    submit.put("entryPoint", job.jarUri());
    submit.putArray("entryPointArguments").add("--spec").add(job.specUri());
    submit.put("sparkSubmitParameters", "--class " + MAIN_CLASS);

    ObjectNode overrides = body.putObject("configurationOverrides");
    ObjectNode defaults = overrides.putArray("applicationConfiguration").addObject();
    defaults.put("classification", "spark-defaults");
    defaults.set("properties", JSON.valueToTree(profiles.settings(job.profile())));
    if (run.logUri() != null) {
      overrides
          .putObject("monitoringConfiguration")
          .putObject("s3MonitoringConfiguration")
          .put("logUri", run.logUri());
    }

    body.set("tags", JSON.valueToTree(Map.of("robotaug_job_id", job.jobId())));
    return body;
  }

  /**
   * The idempotency token of a job: its id when it fits the services' rules (1 to 64 of {@code
   * A-Za-z0-9._-}), else the SHA-256 of the id in hex, so that the same job always maps to the same
   * token.
   */
  public static String token(String jobId) {
    if (TOKEN.matcher(jobId).matches()) {
      return jobId;
    }

    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(jobId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash job id: SHA-256 is missing", e);
    }
  }

  /** A Databricks {@code InitScriptInfo}: one destination keyed by its kind. */
  static ObjectNode initScript(String location) {
    Map<String, String> kinds = new LinkedHashMap<>();
    kinds.put("s3://", "s3");
    kinds.put("dbfs:/", "dbfs");
    kinds.put("abfss://", "abfss");
    kinds.put("gs://", "gcs");
    kinds.put("/Volumes/", "volumes");
    kinds.put("/", "workspace");
    for (Map.Entry<String, String> kind : kinds.entrySet()) {
      if (location.startsWith(kind.getKey())) {
        ObjectNode info = JSON.createObjectNode();
        info.putObject(kind.getValue()).put("destination", location);
        return info;
      }
    }

    throw new IllegalArgumentException(
        "Invalid init script location: "
            + location
            + " (use a workspace or /Volumes path, or an s3://, dbfs:/, abfss:// or gs:// URI)");
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Invalid submission: the " + what + " is missing");
    }
  }

  /** A cluster cannot read the files of the machine that builds the payload. */
  private static void requireRemote(String uri, String what) {
    requireText(uri, what);
    if (uri.startsWith("file:") || !(uri.startsWith("/") || uri.matches("^[a-zA-Z][\\w+.-]*:.*"))) {
      throw new IllegalArgumentException(
          "Invalid "
              + what
              + ": "
              + uri
              + " (the cluster cannot read it; upload it and give its s3://, dbfs:/, abfss://,"
              + " gs:// or workspace URI)");
    }
  }
}
