package dev.robotaug.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.robotaug.spec.ComputeProfile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Databricks, EMR step and EMR Serverless payloads validate against JSON Schemas written from
 * the services' API references (src/test/resources/schemas) and carry the job, jar, spec and
 * profile settings exactly.
 */
class TestSubmitPayloads {
  private static final String JOB = "3f1c2a3e-5b7d-4e2f-9a10-6c4d2b8e7f01";
  private static final String SPEC = "s3://robotaug-jobs/jobs/" + JOB + "/spec.json";
  private static final String JAR = "s3://robotaug-jobs/jars/robotaug-0.1.0-job.jar";
  private static final String ROLE = "arn:aws:iam::123456789012:role/robotaug-emr-serverless";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ComputeProfiles profiles =
      ComputeProfiles.inConfFolder(java.nio.file.Path.of("conf"));
  private final SubmitPayloads payloads = new SubmitPayloads(profiles);

  @Test
  void databricksCpuRunIsAJarTaskOnANewDedicatedClusterWithTheCpuSettings() {
    ObjectNode body = payloads.databricks(job(ComputeProfile.CPU), databricksDefaults(CPU));

    assertThat(errors("databricks-runs-submit", body)).isEmpty();
    assertThat(body.get("run_name").asText()).isEqualTo("robotaug " + JOB);
    assertThat(body.get("idempotency_token").asText()).isEqualTo(JOB);
    assertThat(body.get("timeout_seconds").asLong()).isEqualTo(86_400);
    assertThat(body.get("tasks")).hasSize(1);
    JsonNode task = body.get("tasks").get(0);
    assertThat(task.get("task_key").asText()).isEqualTo("augment");
    assertThat(task.at("/spark_jar_task/main_class_name").asText())
        .isEqualTo("dev.robotaug.job.AugmentJob");
    assertThat(strings(task.at("/spark_jar_task/parameters"))).containsExactly("--spec", SPEC);
    assertThat(task.at("/libraries/0/jar").asText()).isEqualTo(JAR);

    JsonNode cluster = task.get("new_cluster");
    assertThat(cluster.get("spark_version").asText()).isEqualTo("14.3.x-scala2.12");
    assertThat(cluster.get("num_workers").asInt()).isEqualTo(2);
    assertThat(cluster.get("data_security_mode").asText())
        .isEqualTo("DATA_SECURITY_MODE_DEDICATED");
    assertThat(cluster.has("init_scripts")).isFalse();
    assertThat(map(cluster.get("spark_env_vars")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("SVT_LOG", "1", "JNAME", "zulu17-ca-amd64"));
    Map<String, String> expected = new TreeMap<>(profiles.settings(ComputeProfile.CPU));
    expected.remove("spark.executorEnv.SVT_LOG");
    assertThat(map(cluster.get("spark_conf"))).isEqualTo(expected);
  }

  @Test
  void databricksGpuRunUsesTheGpuRuntimeTheRapidsInitScriptAndLeavesGpuCountsToDatabricks() {
    SubmitPayloads.Databricks cluster =
        new SubmitPayloads.Databricks(
            "14.3.x-gpu-ml-scala2.12",
            "g5.xlarge",
            4,
            "s3://robotaug-jobs/init/init-rapids.sh",
            "someone@example.com",
            3_600);
    ObjectNode body = payloads.databricks(job(ComputeProfile.GPU), cluster);

    assertThat(errors("databricks-runs-submit", body)).isEmpty();
    JsonNode newCluster = body.at("/tasks/0/new_cluster");
    assertThat(newCluster.get("spark_version").asText()).isEqualTo("14.3.x-gpu-ml-scala2.12");
    assertThat(newCluster.get("num_workers").asInt()).isEqualTo(4);
    assertThat(newCluster.get("single_user_name").asText()).isEqualTo("someone@example.com");
    assertThat(newCluster.at("/init_scripts/0/s3/destination").asText())
        .isEqualTo("s3://robotaug-jobs/init/init-rapids.sh");
    Map<String, String> conf = map(newCluster.get("spark_conf"));
    assertThat(conf)
        .containsEntry("spark.plugins", "com.nvidia.spark.SQLPlugin")
        .containsEntry("spark.task.resource.gpu.amount", "0.25")
        .containsEntry("spark.rapids.memory.pinnedPool.size", "2G")
        .doesNotContainKeys(
            "spark.executor.cores",
            "spark.executor.resource.gpu.amount",
            "spark.executor.resource.gpu.discoveryScript");
    assertThat(conf).hasSize(profiles.settings(ComputeProfile.GPU).size() - 4);
  }

  @Test
  void initScriptLocationsMapToTheirDatabricksKinds() {
    assertThat(SubmitPayloads.initScript("/Shared/robotaug/init-rapids.sh").toString())
        .isEqualTo("{\"workspace\":{\"destination\":\"/Shared/robotaug/init-rapids.sh\"}}");
    assertThat(SubmitPayloads.initScript("/Volumes/main/robotaug/init.sh").has("volumes")).isTrue();
    assertThat(SubmitPayloads.initScript("dbfs:/init/init.sh").has("dbfs")).isTrue();
    assertThat(SubmitPayloads.initScript("abfss://c@a.dfs.core.windows.net/i.sh").has("abfss"))
        .isTrue();
    assertThat(SubmitPayloads.initScript("gs://bucket/init.sh").has("gcs")).isTrue();
    assertThatThrownBy(() -> SubmitPayloads.initScript("init.sh"))
        .hasMessageStartingWith("Invalid init script location: init.sh");
  }

  @Test
  void emrStepRunsSparkSubmitInClusterModeThroughCommandRunnerWithEveryProfileSetting() {
    ObjectNode body =
        payloads.emrStep(
            job(ComputeProfile.CPU), new SubmitPayloads.EmrStep("j-2AXXXXXXGAPLF", "CONTINUE"));

    assertThat(errors("emr-add-job-flow-steps", body)).isEmpty();
    assertThat(body.get("JobFlowId").asText()).isEqualTo("j-2AXXXXXXGAPLF");
    JsonNode step = body.at("/Steps/0");
    assertThat(step.get("Name").asText()).isEqualTo("robotaug " + JOB);
    assertThat(step.get("ActionOnFailure").asText()).isEqualTo("CONTINUE");
    assertThat(step.at("/HadoopJarStep/Jar").asText()).isEqualTo("command-runner.jar");

    List<String> args = strings(step.at("/HadoopJarStep/Args"));
    assertThat(args.subList(0, 7))
        .containsExactly(
            "spark-submit",
            "--deploy-mode",
            "cluster",
            "--class",
            "dev.robotaug.job.AugmentJob",
            "--name",
            "robotaug-" + JOB);
    assertThat(args.subList(args.size() - 3, args.size())).containsExactly(JAR, "--spec", SPEC);
    assertThat(confs(args)).isEqualTo(profiles.settings(ComputeProfile.CPU));
  }

  @Test
  void emrGpuStepPointsExecutorsAtEmrsOwnGpuDiscoveryScript() {
    ObjectNode body =
        payloads.emrStep(
            job(ComputeProfile.GPU), new SubmitPayloads.EmrStep("j-2AXXXXXXGAPLF", "CONTINUE"));

    assertThat(errors("emr-add-job-flow-steps", body)).isEmpty();
    Map<String, String> confs = confs(strings(body.at("/Steps/0/HadoopJarStep/Args")));
    assertThat(confs)
        .containsEntry(
            "spark.executor.resource.gpu.discoveryScript",
            "/usr/lib/spark/scripts/gpu/getGpusResources.sh")
        .containsEntry("spark.plugins", "com.nvidia.spark.SQLPlugin")
        .hasSize(profiles.settings(ComputeProfile.GPU).size());
  }

  @Test
  void emrServerlessRunCarriesTheJarSpecTokenAndCpuSettingsAsSparkDefaults() {
    ObjectNode body =
        payloads.emrServerless(
            job(ComputeProfile.CPU),
            new SubmitPayloads.EmrServerless("00fabcd1234efgh5", ROLE, "s3://robotaug-logs/", 720));

    assertThat(errors("emr-serverless-start-job-run", body)).isEmpty();
    assertThat(body.get("applicationId").asText()).isEqualTo("00fabcd1234efgh5");
    assertThat(body.get("clientToken").asText()).isEqualTo(JOB);
    assertThat(body.get("executionRoleArn").asText()).isEqualTo(ROLE);
    assertThat(body.get("executionTimeoutMinutes").asLong()).isEqualTo(720);
    assertThat(body.at("/jobDriver/sparkSubmit/entryPoint").asText()).isEqualTo(JAR);
    assertThat(strings(body.at("/jobDriver/sparkSubmit/entryPointArguments")))
        .containsExactly("--spec", SPEC);
    assertThat(body.at("/jobDriver/sparkSubmit/sparkSubmitParameters").asText())
        .isEqualTo("--class dev.robotaug.job.AugmentJob");
    JsonNode defaults = body.at("/configurationOverrides/applicationConfiguration/0");
    assertThat(defaults.get("classification").asText()).isEqualTo("spark-defaults");
    assertThat(map(defaults.get("properties"))).isEqualTo(profiles.settings(ComputeProfile.CPU));
    assertThat(
            body.at("/configurationOverrides/monitoringConfiguration/s3MonitoringConfiguration")
                .get("logUri")
                .asText())
        .isEqualTo("s3://robotaug-logs/");
    assertThat(body.at("/tags/robotaug_job_id").asText()).isEqualTo(JOB);
  }

  @Test
  void emrServerlessRefusesTheGpuProfile() {
    assertThatThrownBy(
            () ->
                payloads.emrServerless(
                    job(ComputeProfile.GPU),
                    new SubmitPayloads.EmrServerless("00fabcd1234efgh5", ROLE, null, 720)))
        .hasMessageStartingWith("Invalid compute profile for EMR Serverless: gpu");
  }

  @Test
  void aJobIdThatIsNoValidTokenBecomesItsSha256AndStillValidates() {
    String jobId = "project alpha/run #7 ".repeat(4);
    SubmitPayloads.Submission job =
        new SubmitPayloads.Submission(jobId, SPEC, JAR, ComputeProfile.CPU);
    ObjectNode databricks = payloads.databricks(job, databricksDefaults(CPU));
    ObjectNode serverless =
        payloads.emrServerless(
            job, new SubmitPayloads.EmrServerless("00fabcd1234efgh5", ROLE, null, 60));

    String token = SubmitPayloads.token(jobId);
    assertThat(token).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(SubmitPayloads.token(jobId));
    assertThat(databricks.get("idempotency_token").asText()).isEqualTo(token);
    assertThat(serverless.get("clientToken").asText()).isEqualTo(token);
    assertThat(errors("databricks-runs-submit", databricks)).isEmpty();
    assertThat(errors("emr-serverless-start-job-run", serverless)).isEmpty();
  }

  @Test
  void theSchemasRejectAMisspeltFieldAWrongEnumAndAMissingRequirement() {
    ObjectNode databricks = payloads.databricks(job(ComputeProfile.CPU), databricksDefaults(CPU));
    ObjectNode jarTask = (ObjectNode) databricks.at("/tasks/0/spark_jar_task");
    jarTask.set("main_class", jarTask.remove("main_class_name"));
    ObjectNode step =
        payloads.emrStep(
            job(ComputeProfile.CPU), new SubmitPayloads.EmrStep("j-2AXXXXXXGAPLF", "CONTINUE"));
    ((ObjectNode) step.at("/Steps/0")).put("ActionOnFailure", "RETRY");
    ObjectNode serverless =
        payloads.emrServerless(
            job(ComputeProfile.CPU),
            new SubmitPayloads.EmrServerless("00fabcd1234efgh5", ROLE, null, 60));
    serverless.remove("clientToken");

    assertThat(errors("databricks-runs-submit", databricks))
        .hasSize(1)
        .first()
        .asString()
        .contains("main_class");
    assertThat(errors("emr-add-job-flow-steps", step))
        .hasSize(1)
        .first()
        .asString()
        .contains("ActionOnFailure");
    assertThat(errors("emr-serverless-start-job-run", serverless))
        .hasSize(1)
        .first()
        .asString()
        .contains("clientToken");
  }

  @Test
  void localFilesAreRefusedBecauseNoClusterCanReadThem() {
    assertThatThrownBy(
            () ->
                new SubmitPayloads.Submission(JOB, "file:/tmp/spec.json", JAR, ComputeProfile.CPU))
        .hasMessageStartingWith("Invalid spec URI: file:/tmp/spec.json");
    assertThatThrownBy(
            () -> new SubmitPayloads.Submission(JOB, SPEC, "target/job.jar", ComputeProfile.CPU))
        .hasMessageStartingWith("Invalid jar URI: target/job.jar");
  }

  private static final ComputeProfile CPU = ComputeProfile.CPU;

  private static SubmitPayloads.Databricks databricksDefaults(ComputeProfile profile) {
    return SubmitPayloads.Databricks.defaults(profile);
  }

  private static SubmitPayloads.Submission job(ComputeProfile profile) {
    return new SubmitPayloads.Submission(JOB, SPEC, JAR, profile);
  }

  /** Validation messages of {@code body} against {@code schemas/<name>.schema.json}. */
  static Set<String> errors(String name, JsonNode body) {
    String resource = "/schemas/" + name + ".schema.json";
    try (InputStream in = TestSubmitPayloads.class.getResourceAsStream(resource)) {
      JsonSchema schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(in));
      return schema.validate(body).stream()
          .map(ValidationMessage::getMessage)
          .collect(Collectors.toCollection(java.util.TreeSet::new));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + resource, e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  private static Map<String, String> map(JsonNode object) {
    Map<String, String> values = new TreeMap<>();
    object
        .fields()
        .forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
    return values;
  }

  /** The {@code --conf key=value} pairs of a spark-submit command line. */
  private static Map<String, String> confs(List<String> args) {
    Map<String, String> confs = new TreeMap<>();
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).equals("--conf")) {
        String pair = args.get(i + 1);
        confs.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }

    return confs;
  }
}
