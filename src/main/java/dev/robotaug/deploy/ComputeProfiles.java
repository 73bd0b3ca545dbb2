package dev.robotaug.deploy;

import dev.robotaug.spec.ComputeProfile;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Spark settings of each compute profile, one spark-submit properties file per profile: {@code
 * <conf>/profiles/cpu.properties} and {@code gpu.properties}. A job's profile comes from its spec
 * ({@link dev.robotaug.spec.JobSpec#computeProfile()}, chosen from {@code augmentation_type}); the
 * API's launchers and the payload builders read the settings here, the scripts pass the same files
 * to spark-submit with {@code --properties-file}. Needs no Spark on the classpath.
 */
public final class ComputeProfiles {
  /** The folder under the configuration folder that holds the profile files. */
  public static final String FOLDER = "profiles";

  private final Path folder;

  /** Profiles read from {@code folder} (the {@code profiles} folder itself). */
  public ComputeProfiles(Path folder) {
    this.folder = folder;
  }

  /** Profiles of a configuration folder such as the repository's {@code conf/}. */
  public static ComputeProfiles inConfFolder(Path confFolder) {
    return new ComputeProfiles(confFolder.resolve(FOLDER));
  }

  /** The properties file of a profile, e.g. {@code conf/profiles/gpu.properties}. */
  public Path file(ComputeProfile profile) {
    return folder.resolve(profile.wireName() + ".properties");
  }

  /**
   * The profile's settings, sorted by key. Every key is a Spark setting ({@code spark.*}) with a
   * non-blank value.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when a key is not a Spark setting or a value is blank
   */
  public Map<String, String> settings(ComputeProfile profile) {
    Path file = file(profile);
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read compute profile " + profile.wireName() + ": " + file, e);
    }

    Map<String, String> settings = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      String value = properties.getProperty(key).trim();
      if (!key.startsWith("spark.") || value.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid compute profile "
                + profile.wireName()
                + ": '"
                + key
                + "="
                + value
                + "' in "
                + file
                + " is not a Spark setting with a value");
      }

      settings.put(key, value);
    }

    return Collections.unmodifiableMap(settings);
  }
}
