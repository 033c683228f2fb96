#!/usr/bin/env bash
# The doctor on a synthetic 50,000-TLS-Secret dump, side by side in one run with
#  (a) pyca/cryptography (Debian's python3-cryptography): load the same JSON, check every
#      Secret's tls.crt expiry, nothing else;
#  (b) a shell loop of `openssl x509 -checkend 0 -noout` per Secret on a 1,000-Secret slice
#      (PEMs extracted beforehand, outside the timing).
# Wall time and peak RSS come from /usr/bin/time; each tool runs RUNS times and the fastest run
# is reported (the machine may be shared: the CPU column shows the work done whatever the load).
#
# Usage: bench/doctor-bench.sh [--write-md]   (--write-md puts the table into BENCHMARKS.md)
# With INGRESSES=N (e.g. 5000) a second dump is made: the same Secrets and webhooks plus N Ingresses,
# each naming one Secret with a host its certificate carries; the doctor runs on both dumps, one
# run of each in turn, RUNS times, and the fastest of each is compared (target: at most 20% more).
# PEERS=0 skips pyca and openssl (only the doctor rows).
# Environment: SECRETS=50000 WEBHOOKS=5000 INGRESSES=0 PEERS=1 SEED=42 SLICE=1000 RUNS=3 JAVA_OPTS=-Xmx512m
#              WORK=/tmp/certmedic-doctor-bench (the dump is generated there once and reused)
#              VARIANTS=1 adds doctor rows with the ./certmedic launcher's JVM flags.
#              BEFORE_JAR=path/to/older/certmedic.jar adds a row for that build, same flags, same run
#              (before/after side by side); OPENSSL=0 skips the openssl loop.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
SECRETS=${SECRETS:-50000}
WEBHOOKS=${WEBHOOKS:-5000}
INGRESSES=${INGRESSES:-0}
PEERS=${PEERS:-1}
SEED=${SEED:-42}
SLICE=${SLICE:-1000}
RUNS=${RUNS:-3}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
WORK=${WORK:-${TMPDIR:-/tmp}/certmedic-doctor-bench}
PY=/usr/bin/python3
write_md=false
[[ ${1:-} == --write-md ]] && write_md=true

bench_jar=$root/bench/target/benchmarks.jar
cli_jar=$root/cli/target/certmedic.jar
mkdir -p "$WORK"
dump=$WORK/dump-$SECRETS-$WEBHOOKS-$SEED.json
slice=$WORK/slice-$SECRETS-$SEED-$SLICE
dump_ing=$WORK/dump-$SECRETS-$WEBHOOKS-$SEED-ingresses-$INGRESSES.json

if [[ ! -f $bench_jar || ! -f $cli_jar ]]; then
  echo "building the bench and CLI jars (mvn -o package)..." >&2
  (cd "$root" && mvn -B -q -o package -DskipTests -pl bench,cli -am >&2)
fi
if ! $PY -c 'import cryptography' 2>/dev/null; then
  echo "$PY lacks cryptography: apt-get install -y python3-cryptography" >&2
  exit 2
fi
if [[ ! -f $dump ]]; then
  echo "generating $dump ..." >&2
  java -cp "$bench_jar" io.certmedic.bench.SyntheticDump "$dump" --secrets "$SECRETS" --webhooks "$WEBHOOKS" --seed "$SEED" >&2
fi
if ((INGRESSES > 0)) && [[ ! -f $dump_ing ]]; then
  echo "generating $dump_ing ..." >&2
  java -cp "$bench_jar" io.certmedic.bench.SyntheticDump "$dump_ing" --secrets "$SECRETS" --webhooks "$WEBHOOKS" --ingresses "$INGRESSES" --seed "$SEED" >&2
fi
if [[ $PEERS == 1 && ! -d $slice ]]; then
  echo "extracting the tls.crt of the first $SLICE Secrets into $slice ..." >&2
  mkdir -p "$slice.part"
  $PY - "$dump" "$slice.part" "$SLICE" <<'EOF'
import base64, json, sys
dump, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
k = 0
for item in json.load(open(dump, "rb"))["items"]:
    if item.get("kind") == "Secret" and "tls.crt" in item.get("data", {}):
        open(f"{out}/{k:05d}.pem", "wb").write(base64.b64decode(item["data"]["tls.crt"]))
        k += 1
        if k == n:
            break
EOF
  mv "$slice.part" "$slice"
fi

# The doctor through the CLI once `certmedic doctor` exists; until then the bench stand-in that
# does exactly what it does: DumpReader.read, then Doctor.run.
if java -jar "$cli_jar" doctor --help >/dev/null 2>&1; then
  doctor_label="certmedic doctor (CLI jar)"
  doctor_args=(-jar "$cli_jar" doctor -f "$dump" -o json)
  doctor_shown="java $JAVA_OPTS -jar cli/target/certmedic.jar doctor -f dump.json -o json > /dev/null"
else
  doctor_label="DumpReader.read + Doctor.run (bench DoctorRun)"
  doctor_args=(-cp "$bench_jar" io.certmedic.bench.DoctorRun "$dump")
  doctor_shown="java $JAVA_OPTS -cp bench/target/benchmarks.jar io.certmedic.bench.DoctorRun dump.json > /dev/null"
fi
# shellcheck disable=SC2206 # JAVA_OPTS is a list of words
java_opts=($JAVA_OPTS)
doctor_cmd=(java "${java_opts[@]}" "${doctor_args[@]}")
doctor_ing_cmd=("${doctor_cmd[@]/#$dump/$dump_ing}")
launcher_cmd=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto "${java_opts[@]}" "${doctor_args[@]}")
pyca_cmd=("$PY" "$root/bench/pyca_expiry.py" "$dump")
# shellcheck disable=SC2016 # expanded by the inner shell
openssl_cmd=(bash -c 'n=0; for f in "$1"/*.pem; do openssl x509 -checkend 0 -noout -in "$f" >/dev/null || n=$((n+1)); done; echo "expired=$n"' _ "$slice")

declare -A WALL CPU RSS OUT
# measure KEY COMMAND...: the fastest of RUNS runs (wall s, user+sys s, peak RSS KiB, first output line).
measure() {
  local key=$1
  shift
  local t o i rc
  t=$(mktemp) o=$(mktemp)
  for ((i = 1; i <= RUNS; i++)); do
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$o" 2>&1
    rc=$?
    set -e
    if ((rc > 1)); then # the doctor exits 1 when it finds problems
      echo "$key failed (exit $rc):" >&2
      tail -5 "$o" >&2
      exit 1
    fi
    read -r w u s m < <(tail -1 "$t")
    echo "  $key run $i: wall ${w}s cpu $(awk "BEGIN{print $u+$s}")s rss $((m / 1024))MiB" >&2
    if [[ -z ${WALL[$key]:-} ]] || awk "BEGIN{exit !($w < ${WALL[$key]})}"; then
      WALL[$key]=$w CPU[$key]=$(awk "BEGIN{printf \"%.2f\", $u+$s}") RSS[$key]=$m OUT[$key]=$(head -c 300 "$o" | head -1)
    fi
  done
  rm -f "$t" "$o"
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB, load $load_start" >&2
if ((INGRESSES > 0)); then # one run of each in turn, so both see the same load
  runs=$RUNS
  RUNS=1
  for ((r = 1; r <= runs; r++)); do
    measure doctor "${doctor_cmd[@]}"
    measure doctor_ing "${doctor_ing_cmd[@]}"
  done
  RUNS=$runs
else
  measure doctor "${doctor_cmd[@]}"
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ $PEERS == 1 ]]; then
  measure pyca "${pyca_cmd[@]}"
fi
if [[ $PEERS == 1 && ${OPENSSL:-1} == 1 ]]; then
  measure openssl "${openssl_cmd[@]}"
fi
if [[ ${VARIANTS:-0} == 1 ]]; then
  measure launcher "${launcher_cmd[@]}"
fi
if [[ -n ${BEFORE_JAR:-} ]]; then
  measure before java "${java_opts[@]}" -jar "$BEFORE_JAR" doctor -f "$dump" -o json
fi

per() { awk "BEGIN{printf \"%.4f\", $1 * 1000 / $2}"; } # ms per Secret
ok() { awk "BEGIN{exit !($1)}" && echo met || echo MISSED; }
mib() { stat -L -c %s "$1" | awk '{printf "%.0f", $1/1048576}'; }
if ((INGRESSES > 0)); then
  ing_wall=$(awk "BEGIN{printf \"%+.1f\", (${WALL[doctor_ing]} / ${WALL[doctor]} - 1) * 100}")
  ing_cpu=$(awk "BEGIN{printf \"%+.1f\", (${CPU[doctor_ing]} / ${CPU[doctor]} - 1) * 100}")
  ing_table=$(
    echo "| dump | size MiB | wall s | CPU s (user+sys) | peak RSS MiB |"
    echo "|---|---:|---:|---:|---:|"
    echo "| $SECRETS TLS Secrets, $WEBHOOKS webhooks | $(mib "$dump") | ${WALL[doctor]} | ${CPU[doctor]} | $((RSS[doctor] / 1024)) |"
    echo "| the same plus $INGRESSES Ingresses | $(mib "$dump_ing") | ${WALL[doctor_ing]} | ${CPU[doctor_ing]} | $((RSS[doctor_ing] / 1024)) |"
  )
  ing_ratio="- $INGRESSES Ingresses cost **${ing_wall}%** wall time (target at most +20%: $(ok "${WALL[doctor_ing]} <= 1.2 * ${WALL[doctor]}")), ${ing_cpu}% CPU time; load average $load_start at the start, $load_end at the end of the doctor runs"
  echo
  echo "$ing_table"
  echo
  echo "$ing_ratio"
  echo "outputs: without: ${OUT[doctor]:0:120}"
  echo "         with:    ${OUT[doctor_ing]:0:120}"
fi
if [[ $PEERS != 1 ]]; then
  if $write_md && ((INGRESSES > 0)); then
    section=$(
      echo "### The same dump plus $INGRESSES Ingresses (issue 13)"
      echo
      echo "The dump above, and the same dump plus $INGRESSES \`networking.k8s.io/v1\` Ingresses (SyntheticDump"
      echo "\`--ingresses $INGRESSES\`: each has one \`spec.tls\` entry naming a Secret no webhook uses, in its"
      echo "namespace, with a host its certificate carries). One run of each in turn, $RUNS times; the fastest of each."
      echo
      echo "$ing_table"
      echo
      echo "$ing_ratio"
      echo "- Doctor command: \`$doctor_shown\`, on each dump"
      echo "- Bench command: \`INGRESSES=$INGRESSES PEERS=0 bench/doctor-bench.sh --write-md\` (RUNS=$RUNS, SEED=$SEED)"
      echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), shared with other sessions' builds; $(java -version 2>&1 | head -1)"
      echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ)"
    )
    SECTION=$section $PY - "$root/BENCHMARKS.md" <<'EOF'
import os, re, sys
path = sys.argv[1]
text = open(path).read()
new = os.environ["SECTION"].rstrip() + "\n\n"
pat = re.compile(r"^### The same dump plus \d+ Ingresses.*?(?=^##)", re.S | re.M)
if pat.search(text):
    text = pat.sub(lambda m: new, text)
else:
    anchor = "## doctor benchmark: where the time went"
    text = text.replace(anchor, new + anchor, 1)
open(path, "w").write(text.rstrip() + "\n")
EOF
    echo "wrote the Ingress comparison into $root/BENCHMARKS.md" >&2
  fi
  exit 0
fi
rows=(doctor pyca)
[[ ${OPENSSL:-1} == 1 ]] && rows+=(openssl)
[[ ${VARIANTS:-0} == 1 ]] && rows+=(launcher)
[[ -n ${BEFORE_JAR:-} ]] && rows+=(before)
declare -A LABEL=([doctor]="$doctor_label" [pyca]="pyca/cryptography $($PY -c 'import cryptography; print(cryptography.__version__)') (python3 $($PY -c 'import platform; print(platform.python_version())'))"
  [openssl]="openssl x509 -checkend 0, one process per Secret ($(openssl version | cut -d' ' -f2))" [launcher]="doctor with the launcher's flags (SerialGC, TieredStopAtLevel=1)"
  [before]="certmedic doctor, build before ($(basename "${BEFORE_JAR:-none}"))")
declare -A COUNT=([doctor]=$SECRETS [pyca]=$SECRETS [openssl]=$SLICE [launcher]=$SECRETS [before]=$SECRETS)

table=$(
  echo "| tool | Secrets | wall s | CPU s (user+sys) | peak RSS MiB | ms per Secret (wall) |"
  echo "|---|---:|---:|---:|---:|---:|"
  for k in "${rows[@]}"; do
    echo "| ${LABEL[$k]} | ${COUNT[$k]} | ${WALL[$k]} | ${CPU[$k]} | $((RSS[$k] / 1024)) | $(per "${WALL[$k]}" "${COUNT[$k]}") |"
  done
)
vs_pyca=$(awk "BEGIN{printf \"%.2f\", ${WALL[doctor]} / ${WALL[pyca]}}")
vs_pyca_cpu=$(awk "BEGIN{printf \"%.2f\", ${CPU[doctor]} / ${CPU[pyca]}}")
vs_openssl=$([[ -n ${WALL[openssl]:-} ]] && awk "BEGIN{printf \"%.0f\", (${WALL[openssl]} / $SLICE) / (${WALL[doctor]} / $SECRETS)}" || echo "-")
ratios=$(
  echo "- doctor / pyca wall time: **${vs_pyca}x** (target at most 1.5x: $(ok "$vs_pyca <= 1.5")); CPU time ${vs_pyca_cpu}x"
  if [[ $vs_openssl != - ]]; then
    echo "- openssl loop / doctor, per Secret: **${vs_openssl}x** faster (target at least 50x: $(ok "$vs_openssl >= 50"))"
  fi
  if [[ -n ${BEFORE_JAR:-} ]]; then
    echo "- doctor before / after, same run: wall $(awk "BEGIN{printf \"%.2f\", ${WALL[before]} / ${WALL[doctor]}}")x, CPU $(awk "BEGIN{printf \"%.2f\", ${CPU[before]} / ${CPU[doctor]}}")x"
  fi
  echo "- doctor peak RSS $((RSS[doctor] / 1024)) MiB with \`$JAVA_OPTS\` (it completed inside the heap cap)"
)
echo
echo "$table"
echo
echo "$ratios"
echo
echo "outputs: doctor: ${OUT[doctor]}"
echo "         pyca: ${OUT[pyca]}; openssl: ${OUT[openssl]:-not run}"

if $write_md; then
  md=$root/BENCHMARKS.md
  section=$(
    echo "## doctor on 50,000 TLS Secrets"
    echo
    echo "A synthetic \`kubectl get -A -o json\` List (bench/SyntheticDump: $SECRETS TLS Secrets with a distinct ECDSA P-256"
    echo "key each and a handful of shared CAs, $WEBHOOKS ValidatingWebhookConfigurations with their Services and"
    echo "Deployments, about 1% of Secrets broken: expired, wrong SAN, untrusted caBundle, key mismatch;"
    echo "$(stat -L -c %s "$dump" | awk '{printf "%.0f", $1/1048576}') MiB). Fastest of $RUNS runs each, wall and peak RSS from \`/usr/bin/time\`."
    echo
    echo "$table"
    echo
    echo "$ratios"
    echo
    echo "- Doctor command: \`$doctor_shown\`"
    echo "- Bench command: \`bench/doctor-bench.sh --write-md\` (RUNS=$RUNS, SLICE=$SLICE, SEED=$SEED)"
    echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -m | awk '/Mem:/{print $2}') MiB RAM, load average at start $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -2 | tr '\n' ' ')"
    echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ)"
  )
  [[ -f $md ]] || printf '# Benchmarks\n' >"$md"
  SECTION=$section $PY - "$md" <<'EOF'
import os, re, sys
path = sys.argv[1]
text = open(path).read()
new = os.environ["SECTION"].rstrip() + "\n"
pat = re.compile(r"^## doctor on 50,000 TLS Secrets\n.*?(?=^## |\Z)", re.S | re.M)
text = pat.sub(lambda m: new + "\n", text) if pat.search(text) else text.rstrip() + "\n\n" + new
open(path, "w").write(text.rstrip() + "\n")
EOF
  echo "wrote the section into $md" >&2
fi
