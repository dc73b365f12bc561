#!/usr/bin/env bash
# make bench: istiod-lite under a generated mesh of 1,000 services (50 namespaces) and 2,000 ADS
# clients, against a bare java-control-plane server holding the same resources, plus JMH.
# Run `make build` first (make bench does). Writes istiod-lite/target/bench/results.md.
#
# Knobs (environment): ISTIOD_JAVA_OPTS (istiod-lite and the bare server), HARNESS_JAVA_OPTS,
# BENCH_CLIENTS (2000), BENCH_CHANGES (30), BENCH_PUSHES (5), BENCH_WARMUP_PUSHES (3), BENCH_JMH_OPTS,
# BENCH_CA_SECONDS (10), BENCH_CA_THREADS (8), BENCH_WAIT_QUIET
# (seconds to wait for other processes to leave the CPUs idle before starting; 0 = do not wait).
# Clients and servers share the machine's cores: numbers from a busy machine are not comparable
# (the results show how much CPU other processes used during the measurements).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=istiod-lite/target/bench
APP=istiod-lite/target/quarkus-app/quarkus-run.jar
CP_FILE=istiod-lite/target/demo.classpath
[ -f "$APP" ] && [ -f "$CP_FILE" ] && [ -d istiod-lite/target/test-classes/dev/rigging/istiod/bench ] \
  || { echo "run 'make build' first" >&2; exit 1; }
CP="istiod-lite/target/test-classes:istiod-lite/target/classes:$(cat "$CP_FILE")"

# Heap: the RSS target is 512 MiB and the JVM, Quarkus and gRPC need ~190 MiB outside the heap, so
# the heap is fixed at 320 MiB; Parallel GC has the smallest footprint of the multi-threaded
# collectors and the shortest young pauses here. A 64 MiB young generation leaves the old one room
# for what a full push keeps alive (~185 MiB): with Parallel GC's default third, istiod-lite ran
# three full collections per full push instead of one. docs/benchmarks.md has what else was tried.
ISTIOD_JAVA_OPTS=${ISTIOD_JAVA_OPTS:--XX:+UseParallelGC -Xms320m -Xmx320m -Xmn64m}
HARNESS_JAVA_OPTS=${HARNESS_JAVA_OPTS:--Xms1g -Xmx1g}
CLIENTS=${BENCH_CLIENTS:-2000}
CHANGES=${BENCH_CHANGES:-30}
PUSHES=${BENCH_PUSHES:-5}
WARMUP_PUSHES=${BENCH_WARMUP_PUSHES:-3}
JMH_OPTS=${BENCH_JMH_OPTS:--f 1 -wi 3 -i 5 -w 2s -r 2s}
LOG_MANAGER=-Djava.util.logging.manager=org.jboss.logmanager.LogManager

mkdir -p "$OUT"
rm -f "$OUT"/{istiod,bare}.properties "$OUT"/{istiod,bare,harness-istiod,harness-bare,jmh,ca}.log "$OUT"/ca.md "$OUT"/jmh.json \
  "$OUT"/results.md

pids=()
cleanup() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

wait_ready() { # URL PID LOG
  for _ in $(seq 1 240); do
    curl -fsS "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "server exited; see $3" >&2; tail -20 "$3" >&2; exit 1; }
    sleep 0.5
  done
  echo "not ready after 120 s: $1 (see $3)" >&2; exit 1
}

busy_percent() { # busy CPU share of the whole machine over 3 s
  local a b
  a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( 100 - 100 * idle / (total > 0 ? total : 1) ))
}
if [ "${BENCH_WAIT_QUIET:-0}" -gt 0 ]; then
  deadline=$(( $(date +%s) + BENCH_WAIT_QUIET ))
  until [ "$(busy_percent)" -le 10 ]; do
    [ "$(date +%s)" -ge "$deadline" ] && { echo "machine still busy; measuring anyway" >&2; break; }
  done
fi

read -r XDS MON BARE_XDS BARE_HTTP < <(java -cp "$CP" dev.rigging.istiod.bench.FreePorts 4)

{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cores=$(nproc)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "jdk=$(java -version 2>&1 | head -1 | tr -d '"')"
  echo "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "istiod.flags=$ISTIOD_JAVA_OPTS"
  echo "bare.flags=$ISTIOD_JAVA_OPTS"
  echo "harness.flags=$HARNESS_JAVA_OPTS"
  echo "jmh.command=java -cp <test class path> org.openjdk.jmh.Main 'bench.(ProxyGeneration|PushGeneration)' $JMH_OPTS"
} > "$OUT/env.properties"

echo "== mesh"
java -cp "$CP" dev.rigging.istiod.bench.MeshGenerator "$OUT/mesh"

echo "== istiod-lite (xDS :$XDS, monitoring :$MON): $ISTIOD_JAVA_OPTS"
# shellcheck disable=SC2086
RIGGING_CONFIG_DIR="$PWD/$OUT/mesh" java $ISTIOD_JAVA_OPTS -Drigging.xds.port="$XDS" -Drigging.monitoring.port="$MON" \
  -jar "$APP" > "$OUT/istiod.log" 2>&1 &
ISTIOD=$!; pids+=("$ISTIOD")
wait_ready "http://127.0.0.1:$MON/ready" "$ISTIOD" "$OUT/istiod.log"
# shellcheck disable=SC2086
java $HARNESS_JAVA_OPTS -cp "$CP" dev.rigging.istiod.bench.LoadHarness --target istiod --xds "127.0.0.1:$XDS" \
  --trigger "http://127.0.0.1:$MON/debug/adsz?push=true" --metrics "http://127.0.0.1:$MON/metrics" --pid "$ISTIOD" \
  --mesh "$OUT/mesh" --out "$OUT/istiod.properties" --clients "$CLIENTS" --changes "$CHANGES" --pushes "$PUSHES" --warmup-pushes "$WARMUP_PUSHES" \
  2>&1 | tee "$OUT/harness-istiod.log" | grep '^\[harness\]' || true
stop "$ISTIOD"

echo "== bare java-control-plane server (xDS :$BARE_XDS, trigger :$BARE_HTTP): $ISTIOD_JAVA_OPTS"
# shellcheck disable=SC2086
java $ISTIOD_JAVA_OPTS $LOG_MANAGER -cp "$CP" dev.rigging.istiod.bench.BareXdsServer "$OUT/mesh" "$BARE_XDS" \
  "$BARE_HTTP" "$CLIENTS" > "$OUT/bare.log" 2>&1 &
BARE=$!; pids+=("$BARE")
wait_ready "http://127.0.0.1:$BARE_HTTP/ready" "$BARE" "$OUT/bare.log"
# shellcheck disable=SC2086
java $HARNESS_JAVA_OPTS -cp "$CP" dev.rigging.istiod.bench.LoadHarness --target bare --xds "127.0.0.1:$BARE_XDS" \
  --trigger "http://127.0.0.1:$BARE_HTTP/push" --memory "http://127.0.0.1:$BARE_HTTP/memory" --pid "$BARE" \
  --out "$OUT/bare.properties" --clients "$CLIENTS" --pushes "$PUSHES" --warmup-pushes "$WARMUP_PUSHES" \
  2>&1 | tee "$OUT/harness-bare.log" | grep '^\[harness\]' || true
stop "$BARE"

echo "== JMH: per-proxy generation"
# shellcheck disable=SC2086
java -cp "$CP" org.openjdk.jmh.Main 'bench.(ProxyGeneration|PushGeneration)' $JMH_OPTS \
  -jvmArgs "-Xms1g -Xmx1g $LOG_MANAGER" -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.log" 2>&1 \
  || echo "JMH failed; see $OUT/jmh.log" >&2
grep -A20 '^Benchmark' "$OUT/jmh.log" || true

echo "== CA: CreateCertificate over gRPC (TLS + JWT) vs raw BC-FIPS signing"
CA_CP_FILE=ca/target/bench.classpath
mvn -B -o -q -pl ca dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
java -Xms1g -Xmx1g $LOG_MANAGER -cp "ca/target/test-classes:ca/target/classes:$(cat "$CA_CP_FILE")" \
  dev.rigging.ca.bench.CaLoadHarness "${BENCH_CA_SECONDS:-10}" "${BENCH_CA_THREADS:-8}" "$OUT/ca.md" \
  > "$OUT/ca.log" 2>&1 || { echo "CA harness failed; see $OUT/ca.log" >&2; tail -20 "$OUT/ca.log" >&2; }
cat "$OUT/ca.md" 2>/dev/null || true

echo "== results ($OUT/results.md)"
java -cp "$CP" dev.rigging.istiod.bench.BenchReport "$OUT"
if [ -f "$OUT/ca.md" ]; then
  { echo; echo "## CA"; echo; cat "$OUT/ca.md"; } >> "$OUT/results.md"
fi
