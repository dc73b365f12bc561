#!/usr/bin/env bash
# The embedded default: istiod-lite in file mode on examples/mesh (xDS on 127.0.0.1:15010,
# metrics/debug on 127.0.0.1:15014) plus the demo's proxyless gRPC workloads. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

MESH_DIR="${RIGGING_CONFIG_DIR:-$PWD/examples/mesh}"
LOG=istiod-lite/target/istiod-lite.log
APP=istiod-lite/target/quarkus-app/quarkus-run.jar
CP_FILE=istiod-lite/target/demo.classpath
[ -f "$APP" ] && [ -f "$CP_FILE" ] || { echo "run 'make build' first" >&2; exit 1; }

pids=()
cleanup() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped."
}
trap cleanup INT TERM EXIT

echo "istiod-lite: serving $MESH_DIR (log: $LOG)"
RIGGING_CONFIG_DIR="$MESH_DIR" java -Xmx256m -jar "$APP" >"$LOG" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS http://127.0.0.1:15014/ready >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "istiod-lite exited; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS http://127.0.0.1:15014/ready >/dev/null || { echo "istiod-lite not ready after 60 s; see $LOG" >&2; exit 1; }
echo "istiod-lite ready: xDS 127.0.0.1:15010, http://127.0.0.1:15014/metrics, /debug/syncz, /debug/configz"

java -cp "istiod-lite/target/test-classes:$(cat "$CP_FILE")" dev.rigging.istiod.demo.DemoWorkloads 127.0.0.1:15010 50 &
pids+=($!)
wait "${pids[1]}"
