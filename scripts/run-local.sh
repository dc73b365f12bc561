#!/usr/bin/env bash
# The embedded default: istiod-lite in file mode on examples/mesh (xDS on 127.0.0.1:15010, xDS and
# CA over TLS on 127.0.0.1:15012, metrics/debug on 127.0.0.1:15014) plus the demo's proxyless gRPC
# workloads, each with a certificate from istiod-lite's CA. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

MESH_DIR="${RIGGING_CONFIG_DIR:-$PWD/examples/mesh}"
DEMO_DIR="$PWD/istiod-lite/target/demo"
LOG=istiod-lite/target/istiod-lite.log
APP=istiod-lite/target/quarkus-app/quarkus-run.jar
CP_FILE=istiod-lite/target/demo.classpath
[ -f "$APP" ] && [ -f "$CP_FILE" ] || { echo "run 'make build' first" >&2; exit 1; }
mkdir -p "$DEMO_DIR"
rm -f "$DEMO_DIR/jwks.json"

pids=()
cleanup() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped."
}
trap cleanup INT TERM EXIT

# The demo workloads first: they act as the token issuer istiod-lite's CA must trust (jwks.json).
java -cp "istiod-lite/target/test-classes:$(cat "$CP_FILE")" -Dorg.bouncycastle.fips.approved_only=true \
  dev.rigging.istiod.demo.DemoWorkloads "$DEMO_DIR" 127.0.0.1:15010 127.0.0.1:15012 http://127.0.0.1:15014 50 &
pids+=($!)
for _ in $(seq 1 120); do [ -f "$DEMO_DIR/jwks.json" ] && break; sleep 0.5; done
[ -f "$DEMO_DIR/jwks.json" ] || { echo "demo workloads did not start" >&2; exit 1; }

echo "istiod-lite: serving $MESH_DIR, CA root in $DEMO_DIR/ca (log: $LOG)"
RIGGING_CONFIG_DIR="$MESH_DIR" RIGGING_CA_DIR="$DEMO_DIR/ca" RIGGING_CA_JWT_JWKS_FILE="$DEMO_DIR/jwks.json" \
  java -Xmx256m -jar "$APP" >"$LOG" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS http://127.0.0.1:15014/ready >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[1]}" 2>/dev/null; then echo "istiod-lite exited; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS http://127.0.0.1:15014/ready >/dev/null || { echo "istiod-lite not ready after 60 s; see $LOG" >&2; exit 1; }
echo "istiod-lite ready: xDS 127.0.0.1:15010, xDS+CA (TLS) 127.0.0.1:15012, http://127.0.0.1:15014/metrics, /debug/syncz"
wait "${pids[0]}"
