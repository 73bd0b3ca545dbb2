package dev.robotaug.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Executes a Jupyter notebook headless, as a test would: in a Python virtual environment of its own
 * holding {@code notebooks/requirements.txt} (made once under {@code
 * ~/.cache/robotaug/notebook-venv-<hash of the requirements>}, reused after), with nbclient and the
 * environment's own {@code python3} kernel. pip reads the machine's local package index when one is
 * configured ({@code ROBOTAUG_PIP_INDEX}, else {@code file:///opt/pypi/simple} if present).
 */
public final class Notebooks {
  private static final Path REQUIREMENTS = Path.of("notebooks/requirements.txt");

  private Notebooks() {}

  /** The outcome: exit status and nbclient's output; the executed copy lies at {@code executed}. */
  public record Run(int exit, String log, Path executed) {}

  /**
   * Runs every cell of {@code notebook} with {@code environment} added to the kernel's environment
   * and the repository root as working folder; stops at the first failing cell.
   */
  public static Run execute(Path notebook, Path executed, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path python = environment().resolve("bin/python");
    String script =
        String.join(
            "\n",
            "import sys, nbformat, nbclient",
            "nb = nbformat.read(sys.argv[1], as_version=4)",
            "client = nbclient.NotebookClient(nb, timeout=900, kernel_name='python3',",
            "    resources={'metadata': {'path': '.'}})",
            "try:",
            "    client.execute()",
            "finally:",
            "    nbformat.write(nb, sys.argv[2])");
    ProcessBuilder builder =
        new ProcessBuilder(
                python.toString(), "-c", script, notebook.toString(), executed.toString())
            .redirectErrorStream(true);
    builder.environment().putAll(environment);
    // The kernel is found in the environment, not in a user-wide Jupyter setup.
    builder.environment().put("JUPYTER_PATH", environment().resolve("share/jupyter").toString());
    Process process = builder.start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(20, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "Cannot execute " + notebook + ": still running after 20 min");
    }

    return new Run(process.exitValue(), log, executed);
  }

  /** The virtual environment, made on first use. */
  static synchronized Path environment() throws IOException, InterruptedException {
    String requirements = Files.readString(REQUIREMENTS);
    Path venv =
        Path.of(System.getProperty("user.home"), ".cache", "robotaug")
            .resolve("notebook-venv-" + sha256(requirements).substring(0, 12));
    if (Files.exists(venv.resolve(".complete"))) {
      return venv;
    }

    Files.createDirectories(venv.getParent());
    run(List.of("python3", "-m", "venv", "--clear", venv.toString()));
    List<String> install =
        new ArrayList<>(
            List.of(
                venv.resolve("bin/pip").toString(),
                "install",
                "-q",
                "--disable-pip-version-check"));
    install.addAll(indexOptions());
    install.addAll(List.of("-r", REQUIREMENTS.toAbsolutePath().toString()));
    run(install);
    Files.writeString(venv.resolve(".complete"), requirements);
    return venv;
  }

  /** The local package index, so that pip does not wait on an unreachable public one. */
  private static List<String> indexOptions() {
    String configured = System.getenv("ROBOTAUG_PIP_INDEX");
    if (configured != null && !configured.isBlank()) {
      return List.of("--index-url", configured);
    }

    List<String> options = new ArrayList<>();
    if (Files.isDirectory(Path.of("/opt/pypi/simple"))) {
      options.addAll(List.of("--index-url", "file:///opt/pypi/simple"));
      if (Files.isDirectory(Path.of("/opt/pypi-more/simple"))) {
        options.addAll(List.of("--extra-index-url", "file:///opt/pypi-more/simple"));
      }
    }

    return options;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "Cannot prepare the notebook environment: " + String.join(" ", command) + "\n" + log);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
