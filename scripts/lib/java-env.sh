# Sourced by the scripts in scripts/: builds the project when its sources changed since the last
# build, then sets ROBOTAUG_CP (classpath) and ROBOTAUG_JVM_OPTS (Spark's Java 17 flags).
ROBOTAUG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cp_file="$ROBOTAUG_ROOT/target/classpath.txt"
stamp="$ROBOTAUG_ROOT/target/.build-stamp"
if [ ! -f "$stamp" ] || [ ! -f "$cp_file" ] || \
   [ -n "$(find "$ROBOTAUG_ROOT/src/main" "$ROBOTAUG_ROOT/pom.xml" -newer "$stamp" -print -quit)" ]; then
  echo "[robotaug] building the project (first use or sources changed)..." >&2
  (cd "$ROBOTAUG_ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true compile dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >&2)
  touch "$stamp"
fi
ROBOTAUG_CP="$ROBOTAUG_ROOT/target/classes:$(cat "$cp_file")"
ROBOTAUG_JVM_OPTS="$(grep -v '^#' "$ROBOTAUG_ROOT/conf/jvm.options" | tr '\n' ' ')"
# SVT-AV1 prints its whole configuration per encoder at info level; errors only.
export SVT_LOG="${SVT_LOG:-1}"
export ROBOTAUG_ROOT ROBOTAUG_CP ROBOTAUG_JVM_OPTS
