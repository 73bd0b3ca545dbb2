#!/bin/bash
# Databricks cluster init script for the gpu profile: puts the RAPIDS Accelerator jar where the
# runtime loads jars from (/databricks/jars) before Spark starts, and removes any other version of
# it first (two plugin jars on one classpath break start-up).
#
# Upload this file to the workspace (scripts/payload's default is /Shared/robotaug/init-rapids.sh)
# or to a volume or bucket and pass --init-script. RAPIDS_JAR says where the cluster reads the
# plugin jar: a Unity Catalog volume or /dbfs path holding the jar that
#   mvn dependency:get -Dartifact=com.nvidia:rapids-4-spark_2.12:25.04.0 -Dtransitive=false
# leaves in ~/.m2/repository/com/nvidia/rapids-4-spark_2.12/25.04.0/, or an https URL of an
# artifact repository. Set it here or in the cluster's spark_env_vars.
set -euo pipefail

RAPIDS_JAR="${RAPIDS_JAR:-/Volumes/main/robotaug/jars/rapids-4-spark_2.12-25.04.0.jar}"
target="/databricks/jars/$(basename "$RAPIDS_JAR")"

rm -f /databricks/jars/rapids-4-spark_2.12-*.jar
case "$RAPIDS_JAR" in
  https://*|http://*) curl -fsSL --retry 3 -o "$target" "$RAPIDS_JAR" ;;
  *) cp "$RAPIDS_JAR" "$target" ;;
esac
echo "RAPIDS Accelerator installed: $target ($(stat -c %s "$target") bytes)"
