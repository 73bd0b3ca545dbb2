package dev.robotaug.job;

import dev.robotaug.dataset.DatasetInfo;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.DatasetSource;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.ParquetTable;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.Storage;
import dev.robotaug.dataset.VideoRef;
import dev.robotaug.hub.HubClient;
import dev.robotaug.hub.HubConfig;
import dev.robotaug.hub.HubMirror;
import dev.robotaug.hub.HubRepoId;
import dev.robotaug.hub.HubUploader;
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
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
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

  private static final long STOP_TASKS_SECONDS = 120;

  /** SVT-AV1's highest level of parallelism. */
  static final int MAX_ENCODER_THREADS = 6;

  /** System property: threads per video encoder, for every encoder. */
  static final String ENCODER_THREADS_PROPERTY = "robotaug.encoder.threads";

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
  private final HubConfig hub;

  public AugmentJob(SparkSession spark, JobSpec spec, JobListener listener) {
    this.spark = spark;
    this.spec = spec;
    this.listener = listener;
    this.hadoopProperties = hadoopProperties(spark);
    this.conf = Storage.configuration(hadoopProperties);
    this.group = "robotaug-" + spec.jobId();
    this.hub = HubConfig.from(sparkSettings(spark));
  }

  public static void main(String[] args) {
    JobMain.main(args);
  }

  /** Runs the job to the end: published and summarised, or failed with nothing published. */
  public JobSummary execute() {
    long started = System.currentTimeMillis();
    Publication publication = new Publication(conf, spec.jobId(), new Path(spec.output()));
    Path staging = publication.prepareStaging();
    try {
      // Hub sources are mirrored under _work/, which goes before publication (docs/STORAGE.md).
      DatasetSource input =
          HubMirror.resolve(conf, spec.source(), new Path(staging, "_work/source"), hub);
      SourceDataset source = SourceDataset.open(conf, input.root());
      OutputPlan plan = OutputPlan.of(source, spec.request());
      long augmented = plan.outputEpisodes();
      listener.onProgress(
          0,
          augmented,
          "Planned " + augmented + " augmented episodes from " + source.episodes().size());

      JobContext context = context(input, source, staging, plan.units().size());
      Broadcast<JobContext> broadcast =
          JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(context);

      boolean converting = convertsToV30(source);
      if (spec.request().augmentDatasetMode() == DatasetMode.COPY && !converting) {
        copySourceFiles(input, staging);
      }

      checkCancelled();
      List<EpisodeResult> results = augment(plan, broadcast);
      checkCancelled();
      OutputMetadata metadata = new OutputMetadata(source, spec, conf, staging);
      long frames;
      if (source.info().isV21() && !converting) {
        V21Output v21 = new V21Output(source, spec, conf, staging);
        v21.place(results);
        frames = v21.write(plan, results, metadata);
      } else {
        if (!converting) {
          plan.keptEpisodes().forEach(metadata::addKept);
        }

        assemble(source, plan, results, broadcast, metadata, converting);
        frames = metadata.write(plan.totalEpisodes());
      }

      Previews.write(conf, staging, source, spec.request(), results);
      checkCancelled();
      Storage.delete(conf, new Path(staging, "_work"));

      publication.publish(staging);
      String uploaded = uploadToHub(source.info(), augmented);
      JobSummary summary =
          new JobSummary(
              spec.jobId(),
              source.episodes().size(),
              plan.totalEpisodes(),
              augmented,
              frames,
              System.currentTimeMillis() - started,
              uploaded == null ? spec.output() : spec.output() + " and " + uploaded);
      LOG.info("{}", summary.line());
      return summary;
    } catch (Exception e) {
      // Exception, not RuntimeException: a failed stage surfaces as Spark's checked
      // SparkException, which Spark's Java API throws without declaring it.
      stopTasks();
      publication.abandon(staging);
      throw e;
    }
  }

  /**
   * Uploads the published output when the spec names an output repo; answers its {@code hf://} URI,
   * or null. Runs after {@code _SUCCESS}, so the job only succeeds once both are done.
   */
  private String uploadToHub(DatasetInfo info, long augmented) {
    if (spec.outputRepo() == null) {
      return null;
    }

    HubRepoId repo = HubRepoId.parse(spec.outputRepo());
    listener.onProgress(augmented, augmented, "Uploading to Hub dataset " + repo.id());
    String tag = DatasetInfo.V30.equals(info.codebaseVersion()) ? DatasetInfo.V30 : null;
    new HubUploader(new HubClient(hub))
        .upload(conf, new Path(spec.output()), repo, HubUploader.Options.forJob(spec.jobId(), tag));
    return repo.uri();
  }

  /**
   * Cancels this job's tasks that still run after a failure and waits until they have stopped:
   * Spark fails a job as soon as one task gives up, while the others run on, and one of them could
   * write into the staging folder after it is deleted. Waits at most {@value #STOP_TASKS_SECONDS}
   * s, since a task in native code only stops when its episode ends.
   */
  private void stopTasks() {
    SparkContext sc = spark.sparkContext();
    sc.cancelJobGroup(group);
    SparkStatusTracker tracker = sc.statusTracker();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TASKS_SECONDS);
    while (activeTasks(tracker) > 0) {
      if (System.nanoTime() > deadline) {
        LOG.warn(
            "Job {}: tasks still running {} s after the failure; its staging folder is deleted"
                + " anyway and may keep files they write later",
            spec.jobId(),
            STOP_TASKS_SECONDS);
        return;
      }

      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private int activeTasks(SparkStatusTracker tracker) {
    try {
      // The tracker reads what Spark's listener bus has delivered; a task launched just before
      // the failure may not be there yet. Spark's own tests wait on the bus the same way.
      spark.sparkContext().listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(10));
    } catch (TimeoutException e) {
      LOG.warn("Spark's listener bus is busy; counting the tasks it has delivered so far");
    }

    int active = 0;
    for (int jobId : tracker.getJobIdsForGroup(group)) {
      Option<SparkJobInfo> job = tracker.getJobInfo(jobId);
      if (job.isEmpty()) {
        continue;
      }

      for (int stageId : job.get().stageIds()) {
        Option<SparkStageInfo> stage = tracker.getStageInfo(stageId);
        active += stage.isDefined() ? stage.get().numActiveTasks() : 0;
      }
    }

    return active;
  }

  private JobContext context(DatasetSource input, SourceDataset source, Path staging, int units) {
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
    input.ensure(conf, source.dataPathOf(first));
    ParquetTable sample;
    try {
      sample = ParquetTable.readRange(conf, source.dataFile(first), "index", 0, 1);
    } catch (RuntimeException e) {
      throw AugmentEpisodes.episodeFailure(first.index(), e);
    }

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
        Integer.getInteger(ENCODER_THREADS_PROPERTY, 1),
        sharedEncoderThreads(units),
        input,
        benchIdentity());
  }

  /** Copy mode keeps the source's data and video files byte for byte; copies follow them. */
  private void copySourceFiles(DatasetSource input, Path staging) {
    List<String> files = new ArrayList<>();
    files.addAll(input.listFiles(conf, "data"));
    files.addAll(input.listFiles(conf, "videos"));
    spark.sparkContext().setJobGroup(group, "Copy " + files.size() + " source files", true);
    String root = input.root();
    String target = staging.toString();
    Map<String, String> properties = hadoopProperties;
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(files, Math.max(1, Math.min(files.size(), 64)))
        .foreach(
            file -> {
              Configuration taskConf = Storage.configuration(properties);
              input.ensure(taskConf, file);
              Storage.copy(taskConf, new Path(root, file), new Path(target, file));
            });
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
    } catch (Exception e) {
      // Spark's checked SparkException included: a cancelled job group fails with one.
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

  /**
   * Threads per video encoder: {@code -Drobotaug.encoder.threads} when given, else the task slots
   * that would idle because there are fewer tasks than slots, shared out among the tasks (one
   * 300-frame episode on two cores encodes in 3.8 s at two threads against 7.2 s at one).
   */
  private int sharedEncoderThreads(int units) {
    Integer configured = Integer.getInteger(ENCODER_THREADS_PROPERTY);
    if (configured != null) {
      return configured;
    }

    int slots = spark.sparkContext().defaultParallelism();
    boolean local = spark.sparkContext().isLocal();
    int executorCores =
        spark.sparkContext().getConf().getInt("spark.executor.cores", local ? slots : 1);
    return sharedThreads(partitions(units), slots, executorCores);
  }

  /** One thread per encoder when every slot has a task, more when slots would idle. */
  static int sharedThreads(int tasks, int slots, int executorCores) {
    int share = slots / Math.max(1, Math.min(tasks, slots));
    return Math.max(1, Math.min(share, Math.min(executorCores, MAX_ENCODER_THREADS)));
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

  /**
   * One output episode's files for the assemble stage: a copy's staged files, or, when converting
   * v2.1 to v3.0, a source episode's own files ({@link AssembleFiles#SOURCE} inputs).
   */
  private record Packed(
      long episode,
      long dataBytes,
      Map<String, Long> videoBytes,
      String dataInput,
      Map<String, String> videoInputs) {}

  private void assemble(
      SourceDataset source,
      OutputPlan plan,
      List<EpisodeResult> results,
      Broadcast<JobContext> broadcast,
      OutputMetadata metadata,
      boolean converting) {
    List<Packed> packed = new ArrayList<>();
    if (converting) {
      plan.keptEpisodes().forEach(episode -> packed.add(packedSource(source, episode)));
    }

    for (EpisodeResult result : results) {
      Map<String, String> videoInputs = new LinkedHashMap<>();
      source
          .info()
          .videoKeys()
          .forEach(
              camera ->
                  videoInputs.put(
                      camera, EpisodeResult.stagedVideo(camera, result.outputEpisode())));
      packed.add(
          new Packed(
              result.outputEpisode(),
              result.dataBytes(),
              result.videoBytes(),
              EpisodeResult.stagedData(result.outputEpisode()),
              videoInputs));
    }

    if (packed.isEmpty()) {
      return;
    }

    boolean appending = spec.request().augmentDatasetMode() == DatasetMode.COPY && !converting;
    int chunksSize = source.info().chunksSize();
    List<FileAssembly> files = new ArrayList<>();
    Map<Long, FileLayout.FileNumber> dataFileOf = new LinkedHashMap<>();
    FileLayout.FileNumber firstData =
        appending ? lastDataFile(source).next(chunksSize) : new FileLayout.FileNumber(0, 0);
    for (FileLayout.Group<Packed> group :
        FileLayout.pack(
            packed,
            Packed::dataBytes,
            source.info().dataFilesSizeInMb() << 20,
            firstData,
            chunksSize)) {
      List<String> inputs = new ArrayList<>();
      List<Long> episodes = new ArrayList<>();
      for (Packed episode : group.episodes()) {
        inputs.add(episode.dataInput());
        episodes.add(episode.episode());
        dataFileOf.put(episode.episode(), group.number());
      }

      String path =
          converting
              ? DatasetInfo.v30DataPath(group.number().chunk(), group.number().file())
              : source.info().dataPath(group.number().chunk(), group.number().file());
      files.add(new FileAssembly(null, path, inputs, episodes));
    }

    Map<String, Map<Long, FileLayout.FileNumber>> videoFileOf = new LinkedHashMap<>();
    for (String camera : source.info().videoKeys()) {
      Map<Long, FileLayout.FileNumber> fileOf = new LinkedHashMap<>();
      videoFileOf.put(camera, fileOf);
      FileLayout.FileNumber firstVideo =
          appending
              ? lastVideoFile(source, camera).next(chunksSize)
              : new FileLayout.FileNumber(0, 0);
      for (FileLayout.Group<Packed> group :
          FileLayout.pack(
              packed,
              episode -> episode.videoBytes().get(camera),
              source.info().videoFilesSizeInMb() << 20,
              firstVideo,
              chunksSize)) {
        List<String> inputs = new ArrayList<>();
        List<Long> episodes = new ArrayList<>();
        for (Packed episode : group.episodes()) {
          inputs.add(episode.videoInputs().get(camera));
          episodes.add(episode.episode());
          fileOf.put(episode.episode(), group.number());
        }

        String path =
            converting
                ? DatasetInfo.v30VideoPath(camera, group.number().chunk(), group.number().file())
                : source.info().videoPath(camera, group.number().chunk(), group.number().file());
        files.add(new FileAssembly(camera, path, inputs, episodes));
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

    Map<Long, EpisodeResult> resultOf = new LinkedHashMap<>();
    results.forEach(result -> resultOf.put(result.outputEpisode(), result));
    for (Packed episode : packed) {
      Map<String, FileLayout.FileNumber> videoFiles = new LinkedHashMap<>();
      Map<String, double[]> episodeSegments = new LinkedHashMap<>();
      for (String camera : source.info().videoKeys()) {
        videoFiles.put(camera, videoFileOf.get(camera).get(episode.episode()));
        episodeSegments.put(camera, segments.get(camera).get(episode.episode()));
      }

      FileLayout.FileNumber dataFile = dataFileOf.get(episode.episode());
      EpisodeResult result = resultOf.get(episode.episode());
      if (result == null) {
        Episode kept = source.episodes().get(Math.toIntExact(episode.episode()));
        metadata.addRelocated(kept, dataFile, videoFiles, episodeSegments);
      } else {
        metadata.addAugmented(result, dataFile, videoFiles, episodeSegments);
      }
    }
  }

  /** A source episode's own files, packed unchanged into v3.0 files. */
  private Packed packedSource(SourceDataset source, Episode episode) {
    String dataFile = source.dataPathOf(episode);
    Map<String, Long> videoBytes = new LinkedHashMap<>();
    Map<String, String> videoInputs = new LinkedHashMap<>();
    for (String camera : source.info().videoKeys()) {
      String videoFile = source.videoPathOf(episode, camera);
      videoBytes.put(camera, Storage.size(conf, source.path(videoFile)));
      videoInputs.put(camera, AssembleFiles.SOURCE + videoFile);
    }

    return new Packed(
        episode.index(),
        Storage.size(conf, source.path(dataFile)),
        videoBytes,
        AssembleFiles.SOURCE + dataFile,
        videoInputs);
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

  /** Whether the output is v3.0 made from a v2.1 source ({@code output_version: v3.0}). */
  private boolean convertsToV30(SourceDataset source) {
    return source.info().isV21() && DatasetInfo.V30.equals(spec.outputVersion());
  }

  private void checkCancelled() {
    if (listener.cancelRequested()) {
      throw new JobCancelledException(spec.jobId());
    }
  }

  private static Map<String, String> sparkSettings(SparkSession spark) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (Tuple2<String, String> entry : spark.sparkContext().getConf().getAll()) {
      settings.put(entry._1(), entry._2());
    }

    return settings;
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
