package dev.robotaug.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Repo ids, the output repo naming rule, retry waits and configuration. */
class TestHubNames {
  @Test
  void repoIdsParseWithAndWithoutRevisionAndPrefix() {
    assertThat(HubRepoId.parse("lerobot/pusht")).isEqualTo(new HubRepoId("lerobot", "pusht", null));
    assertThat(HubRepoId.parse("lerobot/pusht@v3.0").revision()).isEqualTo("v3.0");
    assertThat(HubRepoId.parse("hf://datasets/org/name@refs/pr/1").revision())
        .isEqualTo("refs/pr/1");
    assertThat(HubRepoId.parse("org/name").revisionOrMain()).isEqualTo("main");
    assertThatThrownBy(() -> HubRepoId.parse("just-a-name"))
        .hasMessage("Invalid Hub repo id: 'just-a-name', expected org/name or org/name@revision");
    assertThatThrownBy(() -> HubRepoId.parse("org/bad--name"))
        .hasMessage("Invalid Hub repo name: 'bad--name'");
  }

  @Test
  void storageUrisAndPathsAreNotRepoIds() {
    assertThat(HubRepoId.isRepoId("lerobot/pusht")).isTrue();
    assertThat(HubRepoId.isRepoId("hf://datasets/lerobot/pusht")).isTrue();
    assertThat(HubRepoId.isRepoId("s3a://bucket/datasets/pusht")).isFalse();
    assertThat(HubRepoId.isRepoId("file:/data/pusht")).isFalse();
    assertThat(HubRepoId.isRepoId("/data/pusht")).isFalse();
    assertThat(HubRepoId.isRepoId("./data/pusht")).isFalse();
    assertThat(HubRepoId.isRepoId("data/sample/extra")).isFalse();
  }

  @Test
  void outputReposAreNamedByJobNameElseBySourceAndJobId() {
    String job = "3d4ade13-0000-4000-8000-000000000000";

    assertThat(OutputRepoName.of("alice", "Pick & Place, run #2", "lerobot/pusht", job).id())
        .isEqualTo("alice/pick-place-run-2");
    assertThat(OutputRepoName.of("alice", null, "lerobot/pusht@v3.0", job).id())
        .isEqualTo("alice/pusht-augmented-3d4ade13");
    assertThat(OutputRepoName.of("team", "  ", "s3a://bucket/sets/kitchen/", job).id())
        .isEqualTo("team/kitchen-augmented-3d4ade13");
    assertThat(OutputRepoName.of("team", "x".repeat(120), "a/b", job).name()).hasSize(96);
    assertThat(OutputRepoName.baseName(null, "lerobot/pusht")).isEqualTo("pusht-augmented");
  }

  @Test
  void serverWaitsComeFromRetryAfterOrAnExhaustedRateLimitWindow() {
    assertThat(RetryPolicy.serverWait(Optional.of("7"), Optional.empty()))
        .contains(Duration.ofSeconds(7));
    assertThat(RetryPolicy.serverWait(Optional.empty(), Optional.of("\"api\";r=0;t=55")))
        .contains(Duration.ofSeconds(56));
    assertThat(RetryPolicy.serverWait(Optional.empty(), Optional.of("\"api\";r=12;t=55")))
        .isEmpty();
    RetryPolicy policy =
        new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(2));
    assertThat(policy.delay(1, Optional.of(Duration.ofMinutes(9))))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delay(1, Optional.empty()).toMillis()).isBetween(100L, 125L);
    assertThat(policy.delay(3, Optional.empty()).toMillis()).isBetween(300L, 375L);
    assertThat(RetryPolicy.retryable(429)).isTrue();
    assertThat(RetryPolicy.retryable(503)).isTrue();
    assertThat(RetryPolicy.retryable(404)).isFalse();
  }

  @Test
  void settingsWinOverTheEnvironmentAndTheTokenIsNeverPrinted() {
    Map<String, String> env = Map.of("HF_ENDPOINT", "http://env:1", "HF_TOKEN", "hf_secret");

    HubConfig fromEnv = HubConfig.from(Map.of(), env);
    HubConfig fromSettings =
        HubConfig.from(
            Map.of(HubConfig.ENDPOINT_KEY, "http://set:2/", HubConfig.ATTEMPTS_KEY, "2"), env);

    assertThat(fromEnv.endpoint()).isEqualTo(URI.create("http://env:1"));
    assertThat(fromSettings.endpoint()).isEqualTo(URI.create("http://set:2"));
    assertThat(fromSettings.retry().maxAttempts()).isEqualTo(2);
    assertThat(fromEnv.toString()).doesNotContain("hf_secret").contains("token=***");
    assertThat(HubConfig.from(Map.of(), Map.of()).endpoint())
        .isEqualTo(URI.create("https://huggingface.co"));
  }
}
