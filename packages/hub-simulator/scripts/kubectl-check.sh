#!/usr/bin/env bash
# Drives kubectl against the hub simulator as against a real hub: get, apply (client-side
# and server-side), wait, get -w, delete, and a schema violation. Exits non-zero on the
# first difference. Usage: kubectl-check.sh [CRD_DIR] (default: the CRDs the simulator ships)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
crds="${1:-$here/crds}"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
export KUBECONFIG="$work/kubeconfig"

"$here/bin/ocm-hub-sim" --port "$port" --crds "$crds" --token kubectl-check --kubeconfig "$KUBECONFIG" >"$work/sim.log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do [ -s "$KUBECONFIG" ] && break; sleep 0.1; done

fail() { echo "kubectl-check: $*" >&2; cat "$work/sim.log" >&2; exit 1; }
expect() { # expect <description> <needle> <command...>
  local what=$1 needle=$2; shift 2
  local out; out="$("$@" 2>&1)" || fail "$what: '$*' failed: $out"
  grep -qF -- "$needle" <<<"$out" || fail "$what: expected '$needle' in: $out"
  echo "ok - $what"
}

expect "get managedclusters" hospital-berlin kubectl get managedclusters
expect "get by short name" gpu-pool kubectl get mclset
expect "label selector" edge-virginia kubectl get managedclusters -l region=us-east,environment=staging

cat >"$work/placement.yaml" <<YAML
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: Placement
metadata: {name: kubectl-check, namespace: federated-learning}
spec:
  clusterSets: [hospitals]
  numberOfClusters: 2
  predicates:
    - requiredClusterSelector:
        labelSelector: {matchLabels: {gpu: "true"}}
YAML
expect "client-side apply" created kubectl apply -f "$work/placement.yaml"
expect "client-side apply again" unchanged kubectl apply -f "$work/placement.yaml"
expect "wait for a condition" "condition met" kubectl wait --for=condition=PlacementSatisfied placement/kubectl-check -n federated-learning --timeout=20s
expect "decisions" hospital-boston kubectl get placementdecisions -n federated-learning -l cluster.open-cluster-management.io/placement=kubectl-check -o jsonpath='{.items[*].status.decisions[*].clusterName}'

# Server-side apply on an object of its own, so that no client-side apply owns its fields.
sed 's/name: kubectl-check/name: ssa-check/' "$work/placement.yaml" >"$work/ssa.yaml"
expect "server-side apply creates" serverside-applied kubectl apply --server-side --field-manager=kubectl-check -f "$work/ssa.yaml"
expect "server-side apply changes its own field" serverside-applied bash -c "sed 's/numberOfClusters: 2/numberOfClusters: 1/' '$work/ssa.yaml' | kubectl apply --server-side --field-manager=kubectl-check -f -"
expect "server-side conflict names the owner" 'conflict with "kubectl-check"' bash -c "sed 's/numberOfClusters: 2/numberOfClusters: 3/' '$work/ssa.yaml' | kubectl apply --server-side --field-manager=intruder -f - 2>&1 || true"
expect "server-side apply with force" serverside-applied bash -c "sed 's/numberOfClusters: 2/numberOfClusters: 3/' '$work/ssa.yaml' | kubectl apply --server-side --field-manager=intruder --force-conflicts -f -"
expect "forced value" 3 kubectl get placement ssa-check -n federated-learning -o jsonpath='{.spec.numberOfClusters}'

sed 's/numberOfClusters: 2/numberOfClusters: 2\n  unknownField: true/' "$work/placement.yaml" >"$work/strict.yaml"
expect "strict field validation names the field" 'unknown field "spec.unknownField"' bash -c "kubectl apply -f '$work/strict.yaml' 2>&1 || true"
sed 's/numberOfClusters: 2/prioritizerPolicy: {configurations: [{scoreCoordinate: {builtIn: Steady}, weight: 50}]}/' "$work/placement.yaml" >"$work/invalid.yaml"
expect "schema violation names the field" "spec.prioritizerPolicy.configurations[0].weight" bash -c "kubectl apply -f '$work/invalid.yaml' 2>&1 || true"

kubectl get managedclusters -w --request-timeout=0 >"$work/watch.out" 2>&1 &
watcher=$!
sleep 1
kubectl label managedcluster gpu-pool-2 kubectl-check=seen >/dev/null
sleep 1
kill $watcher 2>/dev/null || true
[ "$(grep -c gpu-pool-2 "$work/watch.out")" -ge 2 ] || fail "get -w did not show the change: $(cat "$work/watch.out")"
echo "ok - get -w"

expect "delete" deleted kubectl delete -f "$work/placement.yaml"
expect "decisions are collected" "No resources found" kubectl get placementdecisions -n federated-learning -l cluster.open-cluster-management.io/placement=kubectl-check
echo "kubectl-check: all passed"
