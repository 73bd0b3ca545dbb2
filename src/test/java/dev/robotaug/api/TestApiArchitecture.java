package dev.robotaug.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API stays thin: neither its sources nor any project class it reaches refer to Spark, Scala,
 * FFmpeg/JavaCV (bytedeco) or OpenCV. Hadoop is allowed (storage).
 */
class TestApiArchitecture {
  private static final List<String> FORBIDDEN =
      List.of("org.apache.spark", "org.bytedeco", "org.opencv", "scala");
  private static final Path SOURCES = Path.of("src/main/java/dev/robotaug/api");
  private static final Path CLASSES = Path.of("target/classes");
  private static final Pattern PROJECT_CLASS = Pattern.compile("dev/robotaug/[A-Za-z0-9_/$]+");

  @Test
  void apiSourcesImportNoSparkScalaFfmpegOrOpencv() throws IOException {
    Pattern forbidden =
        Pattern.compile("\\b(org\\.apache\\.spark|org\\.bytedeco|org\\.opencv|scala)\\.");
    List<String> offenders = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }

    for (Path source : sources) {
      String text = Files.readString(source);
      Matcher match = forbidden.matcher(text);
      while (match.find()) {
        offenders.add(source.getFileName() + ": " + match.group());
      }
    }

    assertThat(sources).hasSizeGreaterThanOrEqualTo(10);
    assertThat(offenders).isEmpty();
  }

  @Test
  void apiClassesAndEveryProjectClassTheyReachReferToNoForbiddenPackage() throws IOException {
    Set<String> reached = reachableProjectClasses();
    List<String> offenders = new ArrayList<>();
    for (String name : reached) {
      offenders.addAll(
          forbiddenReferences(name, Files.readAllBytes(CLASSES.resolve(name + ".class"))));
    }

    assertThat(reached)
        .contains(
            "dev/robotaug/api/ApiServer",
            "dev/robotaug/spec/RequestValidator",
            "dev/robotaug/spec/JobStore");
    assertThat(offenders).isEmpty();
  }

  @Test
  void checkSpotsAForbiddenReference() throws IOException {
    try (InputStream spark = getClass().getResourceAsStream("/org/apache/spark/SparkConf.class")) {
      assertThat(forbiddenReferences("SparkConf", spark.readAllBytes())).isNotEmpty();
    }
  }

  /** The API's classes and, transitively, the project classes their constant pools name. */
  private static Set<String> reachableProjectClasses() throws IOException {
    Deque<String> todo = new ArrayDeque<>();
    try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/robotaug/api"))) {
      files
          .filter(p -> p.toString().endsWith(".class"))
          .map(p -> CLASSES.relativize(p).toString().replace('\\', '/').replaceAll("\\.class$", ""))
          .forEach(todo::add);
    }

    Set<String> reached = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      String name = todo.pop();
      Path file = CLASSES.resolve(name + ".class");
      if (!Files.exists(file) || !reached.add(name)) {
        continue;
      }

      Matcher refs =
          PROJECT_CLASS.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      while (refs.find()) {
        todo.add(refs.group());
      }
    }

    return reached;
  }

  private static List<String> forbiddenReferences(String name, byte[] classFile) {
    String text = new String(classFile, StandardCharsets.ISO_8859_1);
    List<String> found = new ArrayList<>();
    for (String prefix : FORBIDDEN) {
      String internal = prefix.replace('.', '/') + "/";
      if (text.contains(internal)) {
        found.add(name + " -> " + prefix);
      }
    }

    return found;
  }
}
