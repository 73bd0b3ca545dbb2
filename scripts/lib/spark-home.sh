# Sourced by scripts/spark-submit, local-cluster and submit-job when no SPARK_HOME is given: lays
# out target/spark-home as a stand-in for a Spark distribution, built from the Maven jars, and
# builds the job jar. Sets SPARK_HOME, SPARK_SCALA_VERSION and ROBOTAUG_JOB_JAR.
#
#   target/spark-home/jars/     links to Spark, Hadoop, Scala and their libraries: the project's
#                               runtime classpath less what only the job jar carries (JavaCV and
#                               its natives, the relocated Jackson module) and the REST API's web
#                               server, so that a job runs here only if its jar is complete
#   target/spark-home/conf/     log4j2.properties for drivers, masters, workers and executors
#   target/spark-home/bin/spark-submit   runs scripts/spark-submit (what SparkLauncher calls)
source "$(dirname "${BASH_SOURCE[0]}")/java-env.sh"

ROBOTAUG_VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROBOTAUG_ROOT/pom.xml" | head -1)"
ROBOTAUG_JOB_JAR="$ROBOTAUG_ROOT/target/robotaug-$ROBOTAUG_VERSION-job.jar"
if [ ! -f "$ROBOTAUG_JOB_JAR" ] || \
   [ -n "$(find "$ROBOTAUG_ROOT/src/main" "$ROBOTAUG_ROOT/pom.xml" -newer "$ROBOTAUG_JOB_JAR" -print -quit)" ]; then
  echo "[robotaug] building the job jar (mvn -Pjob-jar package)..." >&2
  (cd "$ROBOTAUG_ROOT" && mvn -B -q -Pjob-jar -Dmaven.test.skip=true -Dspotless.check.skip=true package >&2)
fi

SPARK_HOME="$ROBOTAUG_ROOT/target/spark-home"
if [ ! -f "$SPARK_HOME/.stamp" ] || [ "$cp_file" -nt "$SPARK_HOME/.stamp" ]; then
  rm -rf "$SPARK_HOME"
  mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf" "$SPARK_HOME/bin"
  tr ':' '\n' < "$cp_file" \
    | grep '\.jar$' \
    | grep -v -e '/org/bytedeco/' -e '/jackson-datatype-jsr310/' \
        -e '/io/javalin/' -e '/org/eclipse/jetty/' -e '/org/jetbrains/' \
    | while read -r jar; do ln -sf "$jar" "$SPARK_HOME/jars/$(basename "$jar")"; done
  cp "$ROBOTAUG_ROOT/src/main/resources/log4j2.properties" "$SPARK_HOME/conf/"
  # The daemons' own lines (registrations, executors launched and exited) at INFO.
  printf '%s\n' 'logger.master.name = org.apache.spark.deploy.master' 'logger.master.level = info' \
      'logger.worker.name = org.apache.spark.deploy.worker' 'logger.worker.level = info' \
      >> "$SPARK_HOME/conf/log4j2.properties"
  printf '#!/usr/bin/env bash\nexec "%s/scripts/spark-submit" "$@"\n' "$ROBOTAUG_ROOT" > "$SPARK_HOME/bin/spark-submit"
  chmod +x "$SPARK_HOME/bin/spark-submit"
  touch "$SPARK_HOME/.stamp"
fi

# Spark's launcher finds the Scala version from a source tree's build folders unless told.
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
export SPARK_HOME ROBOTAUG_JOB_JAR
