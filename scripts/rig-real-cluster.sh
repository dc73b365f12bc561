#!/usr/bin/env bash
# Drives bin/rig against the real cluster that KUBECONFIG names, for what the Fabric8 mock API
# server cannot show: real server-side apply (managedFields owned by field manager "rig"), CRDs
# established by the API server, Deployments made ready by real controllers, and idempotency as
# the API server judges it. It works in its own mesh namespace and revision, and removes them.
#
# The images come from the release catalog; to try unpublished builds, point rig at a catalog file
# that names pullable images: RIG_CATALOG=/path/versions.yaml make rig-real-cluster
set -euo pipefail

if [ -z "${KUBECONFIG:-}" ]; then
  echo "rig-real-cluster: SKIPPED - KUBECONFIG is not set, so no cluster was touched."
  exit 0
fi
root=$(cd "$(dirname "$0")/.." && pwd)
rig="$root/bin/rig"
[ -x "$rig" ] || { echo "rig-real-cluster: $rig is missing; run make build first" >&2; exit 1; }
command -v kubectl >/dev/null || { echo "rig-real-cluster: kubectl is needed to inspect the cluster" >&2; exit 1; }

ns="rig-e2e-$(date +%s)"
rev=e2e
audit="$(mktemp -d)/audit.log"
cleanup() {
  "$rig" uninstall --purge --force -y -i "$ns" --audit-log "$audit" >/dev/null 2>&1 || true
  kubectl delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== cluster $(kubectl config current-context), mesh namespace $ns, revision $rev"
"$rig" precheck -i "$ns" -r "$rev" --set profile=minimal

echo "== dry run writes nothing"
"$rig" install --dry-run -i "$ns" -r "$rev" --set profile=minimal >/dev/null
if kubectl get namespace "$ns" >/dev/null 2>&1; then echo "FAIL: --dry-run created $ns" >&2; exit 1; fi

echo "== install"
"$rig" install -y -i "$ns" -r "$rev" --set profile=minimal --readiness-timeout 5m --audit-log "$audit"

echo "== server-side apply ownership"
managers=$(kubectl get deployment "istiod-$rev" -n "$ns" -o jsonpath='{range .metadata.managedFields[*]}{.manager}/{.operation} {end}')
echo "managedFields: $managers"
case "$managers" in *rig/Apply*) ;; *) echo "FAIL: istiod-$rev is not owned by field manager rig (Apply)" >&2; exit 1;; esac

echo "== a second identical install changes nothing"
out=$("$rig" install -y -i "$ns" -r "$rev" --set profile=minimal --audit-log "$audit" 2>&1)
echo "$out" | tail -1
echo "$out" | grep -q "no changes" || { echo "FAIL: the second install reported changes" >&2; exit 1; }

echo "== tags and webhooks"
"$rig" tag set e2e-stable -r "$rev" -i "$ns" -y --audit-log "$audit"
"$rig" tag list -i "$ns"
"$rig" analyze -i "$ns" -n "$ns" --output-threshold Error || true

echo "== uninstall"
"$rig" uninstall --purge --force -y -i "$ns" --audit-log "$audit"
left=$(kubectl get mutatingwebhookconfigurations,validatingwebhookconfigurations -l "rigging.dev/mesh=$ns" -o name)
[ -z "$left" ] || { echo "FAIL: webhooks left behind: $left" >&2; exit 1; }
echo "rig-real-cluster: PASSED (audit log: $audit)"
