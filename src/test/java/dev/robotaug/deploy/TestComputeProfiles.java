package dev.robotaug.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.spec.ComputeProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compute profiles in conf/profiles and the GPU discovery script beside them. */
class TestComputeProfiles {
  private final ComputeProfiles profiles = ComputeProfiles.inConfFolder(Path.of("conf"));

  @TempDir Path dir;

  @Test
  void bothProfilesQuietTheEncoderAndKeepSpeculationOff() {
    for (ComputeProfile profile : ComputeProfile.values()) {
      Map<String, String> settings = profiles.settings(profile);
      assertThat(settings)
          .as(profile.wireName())
          .containsEntry("spark.executorEnv.SVT_LOG", "1")
          .containsEntry("spark.speculation", "false");
      assertThat(settings.keySet()).allMatch(key -> key.startsWith("spark."));
    }
  }

  @Test
  void onlyTheGpuProfileLoadsTheRapidsPlugin() {
    assertThat(profiles.settings(ComputeProfile.CPU)).doesNotContainKey("spark.plugins");
    assertThat(profiles.settings(ComputeProfile.GPU))
        .containsEntry("spark.plugins", "com.nvidia.spark.SQLPlugin")
        .containsEntry("spark.rapids.sql.enabled", "true");
  }

  @Test
  void gpuProfileTasksShareExactlyTheOneGpuOfAnExecutor() {
    Map<String, String> gpu = profiles.settings(ComputeProfile.GPU);
    double perTask = Double.parseDouble(gpu.get("spark.task.resource.gpu.amount"));
    int cores = Integer.parseInt(gpu.get("spark.executor.cores"));

    assertThat(gpu.get("spark.executor.resource.gpu.amount")).isEqualTo("1");
    assertThat(perTask * cores).isEqualTo(1.0);
    assertThat(Integer.parseInt(gpu.get("spark.rapids.sql.concurrentGpuTasks"))).isLessThan(cores);
  }

  @Test
  void gpuProfileOverheadHoldsThePinnedPoolWithRoomToSpare() {
    Map<String, String> gpu = profiles.settings(ComputeProfile.GPU);

    assertThat(gibibytes(gpu.get("spark.executor.memoryOverhead")))
        .isGreaterThan(gibibytes(gpu.get("spark.rapids.memory.pinnedPool.size")));
  }

  @Test
  void aSettingThatIsNotSparksIsRejectedNamingTheFile() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(folder.resolve("cpu.properties"), "spark.a=1\nexecutor.memory=4g\n");

    assertThatThrownBy(() -> new ComputeProfiles(folder).settings(ComputeProfile.CPU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid compute profile cpu: 'executor.memory=4g' in ")
        .hasMessageContaining("cpu.properties");
  }

  @Test
  void aMissingProfileFileIsReportedWithItsPath() {
    assertThatThrownBy(() -> new ComputeProfiles(dir).settings(ComputeProfile.GPU))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Cannot read compute profile gpu: " + dir.resolve("gpu.properties"));
  }

  @Test
  void discoveryScriptListsTheGpusThatNvidiaSmiReports() throws Exception {
    Path fake = dir.resolve("nvidia-smi");
    Files.writeString(fake, "#!/bin/sh\nprintf '0\\n1\\n 2\\n'\n");
    fake.toFile().setExecutable(true);

    Result found = discover(dir + ":/usr/bin:/bin");
    Result missing = discover("/usr/bin:/bin");

    assertThat(found.exit()).isZero();
    assertThat(found.output().strip())
        .isEqualTo("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\",\"2\"]}");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.output()).startsWith("Cannot discover GPUs: nvidia-smi is not on the PATH");
  }

  private record Result(int exit, String output) {}

  private Result discover(String path) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "conf/getGpusResources.sh").redirectErrorStream(true);
    builder.environment().put("PATH", path);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static double gibibytes(String size) {
    String number = size.substring(0, size.length() - 1);
    return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
      case 'g' -> Double.parseDouble(number);
      case 'm' -> Double.parseDouble(number) / 1024;
      default -> throw new IllegalArgumentException("Invalid size: " + size);
    };
  }
}
