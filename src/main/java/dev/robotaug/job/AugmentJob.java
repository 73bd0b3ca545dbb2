package dev.robotaug.job;

import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.ParquetTable;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.Storage;
import dev.robotaug.dataset.VideoRef;
import dev.robotaug.spec.DatasetMode;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The augmentation job: reads a LeRobot dataset's metadata on the driver, plans one unit of work
 * per source episode, augments and encodes on the executors, joins the per-episode outputs into
 * LeRobot's shared files, writes {@code meta/} and publishes the dataset atomically. Reads {@code
 * --spec <uri>} when run as a program (spark-submit, the API's launchers).
 */
public final class AugmentJob {
  private static final Logger LOG = LoggerFactory.getLogger(AugmentJob.class);

  /** Spark setting: partitions of the augment stage (default: one per source episode). */
  public static final String PARTITIONS_KEY = "spark.robotaug.augment.partitions";

  /**
   * Spark setting, for benchmarks only: when true, the augment stage applies no transform and
   * encodes the decoded source frames, so {@code scripts/bench} can time decode, encode and
   * assembly through the job's own machinery. Never set it in production: the output's {@code
   * meta/augmentation.json} would record parameters that were not applied.
   */
  public static final String BENCH_IDENTITY_KEY = "spark.robotaug.bench.identity";

  private final SparkSession spark;
  private final JobSpec spec;
  private final JobListener listener;
  private final Configuration conf;
  private final Map<String, String> hadoopProperties;
  private final String group;

  public AugmentJob(SparkSession spark, JobSpec spec, JobListener listener) {
    this.spark = spark;
    this.spec = spec;
    this.listener = listener;
    this.hadoopProperties = hadoopProperties(spark);
    this.conf = Storage.configuration(hadoopProperties);
    this.group = "robotaug-" + spec.jobId();
  }

  public static void main(String[] args) {
    JobMain.main(args);
  }

  /** Runs the job to the end: published and summarised, or failed with nothing published. */
  public JobSummary execute() {
    long started = System.currentTimeMillis();
    SourceDataset source = SourceDataset.open(conf, spec.source());
    checkOutputVersion(source);
    OutputPlan plan = OutputPlan.of(source, spec.request());
    long augmented = plan.outputEpisodes();
    listener.onProgress(
        0,
        augmented,
        "Planned " + augmented + " augmented episodes from " + source.episodes().size());

    Publication publication = new Publication(conf, spec.jobId(), new Path(spec.output()));
    Path staging = publication.prepareStaging();
    try {
      JobContext context = context(source, staging);
      Broadcast<JobContext> broadcast =
          JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(context);

      if (spec.request().augmentDatasetMode() == DatasetMode.COPY) {
        copySourceFiles(source, staging);
      }

      checkCancelled();
      List<EpisodeResult> results = augment(plan, broadcast);
      checkCancelled();
      OutputMetadata metadata = new OutputMetadata(source, spec, conf, staging);
      long frames;
      if (source.info().isV21()) {
        V21Output v21 = new V21Output(source, spec, conf, staging);
        v21.place(results);
        frames = v21.write(plan, results, metadata);
      } else {
        plan.keptEpisodes().forEach(metadata::addKept);
        assemble(source, plan, results, broadcast, metadata);
        frames = metadata.write(plan.totalEpisodes());
      }

      Previews.write(conf, staging, source, spec.request(), results);
      checkCancelled();
      Storage.delete(conf, new Path(staging, "_work"));

      publication.publish(staging);
      JobSummary summary =
          new JobSummary(
              spec.jobId(),
              source.episodes().size(),
              plan.totalEpisodes(),
              augmented,
              frames,
              System.currentTimeMillis() - started,
              spec.output());
      LOG.info("{}", summary.line());
      return summary;
    } catch (RuntimeException e) {
      publication.abandon(staging);
      throw e;
    }
  }

  private JobContext context(SourceDataset source, Path staging) {
    List<JobContext.CameraFeature> cameras = new ArrayList<>();
    for (String key : source.info().videoKeys()) {
      var feature = source.info().features().get(key);
      cameras.add(
          new JobContext.CameraFeature(
              key, feature.width(), feature.height(), DatasetJson.write(feature.info())));
    }

    List<JobContext.CameraFeature> imageCameras = new ArrayList<>();
    for (var feature : source.info().features().values()) {
      if (feature.isImage() && !feature.isDepthMap()) {
        imageCameras.add(
            new JobContext.CameraFeature(feature.name(), feature.width(), feature.height(), "{}"));
      }
    }

    Episode first = source.episodes().get(0);
    ParquetTable sample = ParquetTable.readRange(conf, source.dataFile(first), "index", 0, 1);
    return new JobContext(
        SpecJson.write(spec),
        source.root(),
        staging.toString(),
        hadoopProperties,
        source.info().fps(),
        cameras,
        imageCameras,
        sample.schema().toString(),
        sample.keyValueMetadata(),
        Integer.getInteger("robotaug.encoder.threads", 1),
        benchIdentity());
  }

  /** Copy mode keeps the source's data and video files byte for byte; copies follow them. */
  private void copySourceFiles(SourceDataset source, Path staging) {
    List<String> files = new ArrayList<>();
    files.addAll(Storage.listRecursive(conf, source.path("data"), source.root()));
    files.addAll(Storage.listRecursive(conf, source.path("videos"), source.root()));
    spark.sparkContext().setJobGroup(group, "Copy " + files.size() + " source files", true);
    String root = source.root();
    String target = staging.toString();
    Map<String, String> properties = hadoopProperties;
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(files, Math.max(1, Math.min(files.size(), 64)))
        .foreach(
            file ->
                Storage.copy(
                    Storage.configuration(properties),
                    new Path(root, file),
                    new Path(target, file)));
  }

  private List<EpisodeResult> augment(OutputPlan plan, Broadcast<JobContext> broadcast) {
    long total = plan.outputEpisodes();
    LongAccumulator done = spark.sparkContext().longAccumulator("episodes augmented");
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(daemon("robotaug-progress"));
    long[] reported = {-1};
    poller.scheduleWithFixedDelay(
        () -> {
          long now = done.value();
          if (now != reported[0]) {
            reported[0] = now;
            listener.onProgress(now, total, "Augmented " + now + " of " + total + " episodes");
          }

          if (listener.cancelRequested()) {
            spark.sparkContext().cancelJobGroup(group);
          }
        },
        1,
        1,
        TimeUnit.SECONDS);

    spark
        .sparkContext()
        .setJobGroup(
            group, "Augment " + plan.units().size() + " episodes into " + total + " copies", true);
    try {
      List<EpisodeResult> results =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(plan.units(), partitions(plan.units().size()))
              .mapPartitions(new AugmentEpisodes(broadcast, done))
              .collect();
      List<EpisodeResult> sorted = new ArrayList<>(results);
      sorted.sort(Comparator.comparingLong(EpisodeResult::outputEpisode));
      listener.onProgress(total, total, "Augmented " + total + " of " + total + " episodes");
      return sorted;
    } catch (RuntimeException e) {
      checkCancelled();
      throw e;
    } finally {
      poller.shutdownNow();
    }
  }

  /**
   * One partition per source episode unless {@value #PARTITIONS_KEY} says otherwise; the output is
   * the same either way.
   */
  private int partitions(int units) {
    int configured = spark.sparkContext().getConf().getInt(PARTITIONS_KEY, 0);
    return Math.max(1, configured > 0 ? Math.min(configured, units) : units);
  }

  private boolean benchIdentity() {
    boolean identity = spark.sparkContext().getConf().getBoolean(BENCH_IDENTITY_KEY, false);
    if (identity) {
      LOG.warn("{} is set: copies are NOT augmented (benchmark mode)", BENCH_IDENTITY_KEY);
    }
    return identity;
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private void assemble(
      SourceDataset source,
      OutputPlan plan,
      List<EpisodeResult> results,
      Broadcast<JobContext> broadcast,
      OutputMetadata metadata) {
    if (results.isEmpty()) {
      return;
    }

    boolean copyMode = spec.request().augmentDatasetMode() == DatasetMode.COPY;
    int chunksSize = source.info().chunksSize();
    List<FileAssembly> files = new ArrayList<>();
    Map<Long, FileLayout.FileNumber> dataFileOf = new LinkedHashMap<>();
    FileLayout.FileNumber firstData =
        copyMode ? lastDataFile(source).next(chunksSize) : new FileLayout.FileNumber(0, 0);
    for (FileLayout.Group group :
        FileLayout.pack(
            results,
            EpisodeResult::dataBytes,
            source.info().dataFilesSizeInMb() << 20,
            firstData,
            chunksSize)) {
      List<String> inputs = new ArrayList<>();
      List<Long> episodes = new ArrayList<>();
      for (EpisodeResult result : group.episodes()) {
        inputs.add(EpisodeResult.stagedData(result.outputEpisode()));
        episodes.add(result.outputEpisode());
        dataFileOf.put(result.outputEpisode(), group.number());
      }

      files.add(
          new FileAssembly(
              null,
              source.info().dataPath(group.number().chunk(), group.number().file()),
              inputs,
              episodes));
    }

    Map<String, Map<Long, FileLayout.FileNumber>> videoFileOf = new LinkedHashMap<>();
    for (String camera : source.info().videoKeys()) {
      Map<Long, FileLayout.FileNumber> fileOf = new LinkedHashMap<>();
      videoFileOf.put(camera, fileOf);
      FileLayout.FileNumber firstVideo =
          copyMode
              ? lastVideoFile(source, camera).next(chunksSize)
              : new FileLayout.FileNumber(0, 0);
      for (FileLayout.Group group :
          FileLayout.pack(
              results,
              r -> r.videoBytes().get(camera),
              source.info().videoFilesSizeInMb() << 20,
              firstVideo,
              chunksSize)) {
        List<String> inputs = new ArrayList<>();
        List<Long> episodes = new ArrayList<>();
        for (EpisodeResult result : group.episodes()) {
          inputs.add(EpisodeResult.stagedVideo(camera, result.outputEpisode()));
          episodes.add(result.outputEpisode());
          fileOf.put(result.outputEpisode(), group.number());
        }

        files.add(
            new FileAssembly(
                camera,
                source.info().videoPath(camera, group.number().chunk(), group.number().file()),
                inputs,
                episodes));
      }
    }

    spark.sparkContext().setJobGroup(group, "Assemble " + files.size() + " output files", true);
    List<FileAssembly.Assembled> assembled =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(files, files.size())
            .mapPartitions(new AssembleFiles(broadcast))
            .collect();

    Map<String, Map<Long, double[]>> segments = new LinkedHashMap<>();
    for (FileAssembly.Assembled file : assembled) {
      if (!file.file().isVideo()) {
        continue;
      }

      Map<Long, double[]> byEpisode =
          segments.computeIfAbsent(file.file().camera(), c -> new LinkedHashMap<>());
      for (int i = 0; i < file.file().episodes().size(); i++) {
        byEpisode.put(
            file.file().episodes().get(i),
            new double[] {file.fromTimestamps().get(i), file.toTimestamps().get(i)});
      }
    }

    for (EpisodeResult result : results) {
      Map<String, FileLayout.FileNumber> videoFiles = new LinkedHashMap<>();
      Map<String, double[]> episodeSegments = new LinkedHashMap<>();
      for (String camera : source.info().videoKeys()) {
        videoFiles.put(camera, videoFileOf.get(camera).get(result.outputEpisode()));
        episodeSegments.put(camera, segments.get(camera).get(result.outputEpisode()));
      }

      metadata.addAugmented(
          result, dataFileOf.get(result.outputEpisode()), videoFiles, episodeSegments);
    }
  }

  private static FileLayout.FileNumber lastDataFile(SourceDataset source) {
    return source.episodes().stream()
        .map(e -> new FileLayout.FileNumber(e.dataChunk(), e.dataFile()))
        .max(Comparator.naturalOrder())
        .orElse(new FileLayout.FileNumber(0, -1));
  }

  private static FileLayout.FileNumber lastVideoFile(SourceDataset source, String camera) {
    return source.episodes().stream()
        .map(e -> e.videos().get(camera))
        .map((VideoRef ref) -> new FileLayout.FileNumber(ref.chunkIndex(), ref.fileIndex()))
        .max(Comparator.naturalOrder())
        .orElse(new FileLayout.FileNumber(0, -1));
  }

  /**
   * The output keeps the source's version. Converting a v2.1 source to v3.0 on the way is not built
   * yet: such a request fails before any work instead of writing a mixed dataset.
   */
  private void checkOutputVersion(SourceDataset source) {
    boolean toV30 = "v3.0".equals(spec.outputVersion());
    if (source.info().isV21() && toV30) {
      throw new IllegalArgumentException(
          "Cannot convert dataset "
              + spec.source()
              + " from v2.1 to v3.0: not supported yet; run LeRobot's"
              + " convert_dataset_v21_to_v30 on the output, or leave output_version at 'source'");
    }
  }

  private void checkCancelled() {
    if (listener.cancelRequested()) {
      throw new JobCancelledException(spec.jobId());
    }
  }

  /** Hadoop properties set through Spark ({@code spark.hadoop.*}), passed on to every task. */
  private static Map<String, String> hadoopProperties(SparkSession spark) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Tuple2<String, String> entry :
        spark.sparkContext().getConf().getAllWithPrefix("spark.hadoop.")) {
      properties.put(entry._1(), entry._2());
    }

    return properties;
  }
}
