package dev.robotaug.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.deploy.ComputeProfiles;
import dev.robotaug.spec.ComputeProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conf/api.json} as checked in, and the checks on a configuration. */
class TestApiConfig {
  /** The documented example key for local use (docs/API.md). */
  static final String EXAMPLE_KEY = "robotaug-local-dev-key";

  @TempDir Path dir;

  @Test
  void checkedInConfigLoadsWithTheLocalLauncherAndTheExampleKey() throws Exception {
    ApiConfig config = ApiConfig.load(Path.of("conf", "api.json"));

    assertThat(config.port()).isEqualTo(8000);
    assertThat(config.launcher().type()).isEqualTo("local");
    assertThat(config.launcher().mainClass()).isEqualTo("dev.robotaug.job.AugmentJob");
    assertThat(config.launcher().local().jvmFlags()).isEqualTo(LocalJobLauncher.SPARK_JVM_FLAGS);
    assertThat(config.allowedDatasetSchemes()).contains("file", "s3a");
    assertThat(config.profileSettings(ComputeProfile.GPU))
        .containsEntry("spark.plugins", "com.nvidia.spark.SQLPlugin");
    ApiKeys keys = new ApiKeys(config.apiKeys());
    assertThat(keys.authenticate(EXAMPLE_KEY))
        .hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("local-dev"));
    assertThat(keys.authenticate(EXAMPLE_KEY + "x")).isEmpty();
  }

  @Test
  void checkedInConfigTakesEachProfileFromConfProfilesAsSparkSubmitDoes() throws Exception {
    ApiConfig config = ApiConfig.load(Path.of("conf", "api.json"));
    ComputeProfiles files = ComputeProfiles.inConfFolder(Path.of("conf"));

    assertThat(config.profileSettings(ComputeProfile.CPU))
        .isEqualTo(files.settings(ComputeProfile.CPU))
        .containsEntry("spark.speculation", "false");
    assertThat(config.profileSettings(ComputeProfile.GPU))
        .isEqualTo(files.settings(ComputeProfile.GPU));
  }

  @Test
  void computeProfilesInTheConfigOverrideSingleSettingsOfTheProfileFiles() throws Exception {
    Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(
        dir.resolve("profiles/cpu.properties"),
        "spark.speculation=false\nspark.locality.wait=0s\n");
    String json =
        config("\"name\": \"k\", \"sha256\": \"" + "c".repeat(64) + "\", \"projects\": [\"*\"]")
            .replace(
                "\"api_keys\"",
                "\"compute_profiles\": {\"cpu\": {\"spark.locality.wait\": \"3s\"},"
                    + " \"gpu\": {\"spark.plugins\": \"x\"}}, \"api_keys\"");

    ApiConfig config = load(json);

    assertThat(config.profileSettings(ComputeProfile.CPU))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("spark.speculation", "false", "spark.locality.wait", "3s"));
    assertThat(config.profileSettings(ComputeProfile.GPU))
        .containsExactlyInAnyOrderEntriesOf(Map.of("spark.plugins", "x"));
  }

  @Test
  void unknownKeysAreRejectedAtTopLevelAndInSections() throws Exception {
    String valid = Files.readString(Path.of("conf", "api.json"));

    assertThatThrownBy(() -> load(valid.replace("\"port\"", "\"prot\"")))
        .hasMessageContaining("prot");
    assertThatThrownBy(() -> load(valid.replace("\"master\"", "\"mastr\"")))
        .hasMessageContaining("mastr");
  }

  @Test
  void badKeyEntriesAreRejectedNamingTheKey() {
    String badHash = config("\"name\": \"ops\", \"sha256\": \"abc\", \"projects\": [\"*\"]");
    String badProject =
        config(
            "\"name\": \"ops\", \"sha256\": \""
                + "a".repeat(64)
                + "\", \"projects\": [\"team-x\"]");

    assertThatThrownBy(() -> load(badHash)).hasMessageContaining("Invalid sha256 of key 'ops'");
    assertThatThrownBy(() -> load(badProject))
        .hasMessageContaining("Invalid project of key 'ops': 'team-x'");
  }

  @Test
  void sparkSubmitLauncherNeedsItsSection() {
    String json =
        "{\"storage_root\": \"s\", \"output_root\": \"o\", \"api_keys\": [{\"name\": \"k\", \"sha256\": \""
            + "b".repeat(64)
            + "\", \"projects\": [\"*\"]}], \"launcher\": {\"type\": \"spark-submit\"}}";

    assertThatThrownBy(() -> load(json)).hasMessageContaining("spark_submit section");
  }

  @Test
  void keyForEveryProjectAllowsAnyProject() {
    ApiKeys keys =
        new ApiKeys(
            java.util.List.of(
                new ApiConfig.KeyConfig("ops", ApiKeys.sha256Hex("k1"), java.util.List.of("*"))));

    assertThat(keys.authenticate("k1").orElseThrow().allows(TestingApi.PROJECT_B)).isTrue();
  }

  private ApiConfig load(String json) throws Exception {
    Path file = dir.resolve("api.json");
    Files.writeString(file, json);
    return ApiConfig.load(file);
  }

  private static String config(String keyEntry) {
    return "{\"storage_root\": \"s\", \"output_root\": \"o\", \"api_keys\": [{" + keyEntry + "}]}";
  }
}
