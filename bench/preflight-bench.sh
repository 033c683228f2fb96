#!/usr/bin/env bash
# certmedic preflight beside the plain doctor, on the same synthetic dump (bench/SyntheticDump).
# The upgrade is a generated 50-template Helm chart (10 webhooks of namespace team-0000, five
# templates each: Service, Deployment, ValidatingWebhookConfiguration, ConfigMap, ServiceAccount)
# that re-renders objects of the dump and renames one webhook's Service (hook-00003 ->
# hook-00003-svc), so the prediction has real work: replacements, caBundles kept, a rename, a
# new SAN_MISMATCH. Wall time and peak RSS from /usr/bin/time, peak heap (largest heap in use
# before a collection) from -Xlog:gc; the fastest of RUNS runs.
#
# Usage: bench/preflight-bench.sh
# Environment: SECRETS=50000 WEBHOOKS=5000 SEED=42 RUNS=3 JAVA_OPTS=-Xmx512m
#              WORK=/tmp/certmedic-doctor-bench (dumps are shared with doctor-bench.sh)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
SECRETS=${SECRETS:-50000}
WEBHOOKS=${WEBHOOKS:-5000}
SEED=${SEED:-42}
RUNS=${RUNS:-3}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
WORK=${WORK:-${TMPDIR:-/tmp}/certmedic-doctor-bench}
bench_jar=$root/bench/target/benchmarks.jar
cli_jar=$root/cli/target/certmedic.jar
mkdir -p "$WORK"
dump=$WORK/dump-$SECRETS-$WEBHOOKS-$SEED.json
chart=$WORK/preflight-chart

if [[ ! -f $bench_jar || ! -f $cli_jar ]]; then
  (cd "$root" && mvn -B -q -o package -DskipTests -pl bench,cli -am >&2)
fi
if [[ ! -f $dump ]]; then
  java -cp "$bench_jar" io.certmedic.bench.SyntheticDump "$dump" --secrets "$SECRETS" --webhooks "$WEBHOOKS" --seed "$SEED" >&2
fi

# --- the chart: 50 templates ------------------------------------------------------------------
rm -rf "$chart" && mkdir -p "$chart/templates"
printf 'apiVersion: v2\nname: bench-webhooks\nversion: 2.0.0\n' >"$chart/Chart.yaml"
printf 'renamed: hook-00003\n' >"$chart/values.yaml"
for i in $(seq 0 9); do
  h=$(printf 'hook-%05d' "$i")
  svc="{{ if eq .Values.renamed \"$h\" }}$h-svc{{ else }}$h{{ end }}"
  cat >"$chart/templates/$h-service.yaml" <<Y
apiVersion: v1
kind: Service
metadata:
  name: $svc
  labels: {app.kubernetes.io/name: $h, app.kubernetes.io/instance: {{ .Release.Name }}}
spec:
  selector: {app.kubernetes.io/name: $h}
  ports: [{name: https, port: 443, targetPort: https}]
Y
  cat >"$chart/templates/$h-deployment.yaml" <<Y
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $h
  labels: {app.kubernetes.io/name: $h, app.kubernetes.io/instance: {{ .Release.Name }}}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: $h}}
  template:
    metadata: {labels: {app.kubernetes.io/name: $h}}
    spec:
      containers:
        - name: webhook
          image: registry.example.com/webhook:2.0.0
          args: [--tls-cert-file=/certs/tls.crt, --tls-private-key-file=/certs/tls.key, --port=8443]
          ports: [{name: https, containerPort: 8443}]
          volumeMounts: [{name: certs, mountPath: /certs, readOnly: true}]
      volumes: [{name: certs, secret: {secretName: $h-tls}}]
Y
  cat >"$chart/templates/$h-webhook.yaml" <<Y
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: $h.team-0000
  labels: {app.kubernetes.io/instance: {{ .Release.Name }}}
webhooks:
  - name: validate.$h.team-0000.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Fail
    clientConfig:
      service: {name: $svc, namespace: team-0000, path: /validate, port: 443}
    rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]
Y
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s-config\ndata:\n  level: info\n' "$h" >"$chart/templates/$h-configmap.yaml"
  printf 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: %s\n' "$h" >"$chart/templates/$h-serviceaccount.yaml"
done
echo "chart: $(ls "$chart/templates" | wc -l) templates in $chart" >&2

# measure NAME COMMAND...: fastest of RUNS (wall s, user+sys s, peak RSS MiB, peak heap MiB, exit)
measure() {
  local name=$1; shift
  local best=""
  for i in $(seq 1 "$RUNS"); do
    local t=$WORK/time.$name gc=$WORK/gc.$name.log
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$t" java $JAVA_OPTS -Xlog:gc:file="$gc" -jar "$cli_jar" "$@" -o json >"$WORK/out.$name.json" 2>"$WORK/err.$name"
    local code=$?
    set -e
    read -r w u s m < <(tail -1 "$t") # time prints "Command exited with non-zero status 1" first when exit != 0
    local heap
    heap=$(grep -oE '[0-9]+M->[0-9]+M' "$gc" | cut -dM -f1 | sort -n | tail -1)
    echo "  $name run $i: wall ${w}s cpu $(awk "BEGIN{print $u+$s}")s rss $((m / 1024))MiB heap ${heap:-?}MiB exit $code" >&2
    if [[ -z $best ]] || awk "BEGIN{exit !($w < $best)}"; then
      best=$w
      printf '%s %s %s %s %s\n' "$w" "$(awk "BEGIN{printf \"%.2f\", $u+$s}")" "$((m / 1024))" "${heap:-?}" "$code" >"$WORK/best.$name"
    fi
  done
}

echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); dump $(stat -L -c %s "$dump" | awk '{printf "%.0f", $1/1048576}') MiB" >&2
measure doctor doctor -f "$dump"
measure preflight preflight --before "$dump" --chart "$chart" --release bench --namespace team-0000
for n in doctor preflight; do
  read -r w c r h e <"$WORK/best.$n"
  echo "| $n | $SECRETS | $w | $c | $r | $h | $e |"
done
python3 - "$WORK/out.preflight.json" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
print("preflight summary:", json.dumps({k: d["summary"][k] for k in ("new", "fixed", "unchanged", "changes")}),
      "new:", sorted({f["code"] + " " + f["object"]["name"] for f in d["findings"] if f["status"] == "new"}))
P
