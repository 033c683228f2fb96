#!/usr/bin/env bash
# Measures `certmedic explain --log` on a synthetic 1 GB kube-apiserver log, pinned to one core,
# side by side with `grep -c x509` on the same file, and prints MB/s (wall and CPU) and the ratio.
# In the same rounds it runs `explain --log` on a hostile log (bench/HostileLog: every line a
# 4 KiB line built against the matchers, HOSTILE_MB megabytes, 0 to skip) and prints its MB/s
# and the ratio hostile / benign (issue 14's target: at least 0.5).
#
# Usage: bench/explain-throughput.sh [LOG=/tmp/explain-bench.log] [MEGABYTES=1024] [ROUNDS=3]
# Environment: HOSTILE_MB=200 HOSTILE_LOG=/tmp/explain-bench-hostile.log CPU=0
# Builds nothing: run `mvn -B -q -o package -DskipTests -pl cli,bench -am` first.
# The log is generated if missing and deleted at the end if this script made it.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG=${1:-/tmp/explain-bench.log}
MB=${2:-1024}
ROUNDS=${3:-3}
CPU=${CPU:-0}
made=0
if [[ ! -f "$LOG" ]]; then
  java -cp bench/target/benchmarks.jar io.certmedic.bench.SyntheticLog "$LOG" "$MB" 1
  made=1
fi
HOSTILE_MB=${HOSTILE_MB:-200}
HOSTILE_LOG=${HOSTILE_LOG:-/tmp/explain-bench-hostile.log}
made_hostile=0
if [[ $HOSTILE_MB -gt 0 && ! -f "$HOSTILE_LOG" ]]; then
  java -cp bench/target/benchmarks.jar io.certmedic.bench.HostileLog "$HOSTILE_LOG" "$HOSTILE_MB"
  made_hostile=1
fi
bytes=$(stat -c %s "$LOG")
cat "$LOG" > /dev/null   # page cache: both tools read from memory
echo "file: $LOG, $bytes bytes, $(wc -l < "$LOG") lines; pinned to CPU $CPU; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure() { # label, command... (BYTES overrides the file size)
  local label=$1; shift
  local bytes=${BYTES:-$bytes}
  # Output goes to a file, not /dev/null: GNU grep stops at the first match when it sees /dev/null.
  local t; t=$( { /usr/bin/time -f "%e %U %S" taskset -c "$CPU" "$@" > /tmp/explain-bench.out; } 2>&1 | tail -1)
  read -r wall user sys <<< "$t"
  awk -v l="$label" -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" \
    'BEGIN { printf "%-22s wall %6.2f s  cpu %6.2f s  %7.0f MB/s wall  %7.0f MB/s cpu\n", l, w, u+s, b/1e6/w, b/1e6/(u+s) }'
  echo "$wall $user $sys" >> "/tmp/explain-bench.$label.times"
}
rm -f /tmp/explain-bench.*.times
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r"
  measure explain java -jar cli/target/certmedic.jar explain --log "$LOG" -o json || true
  measure grep grep -c x509 "$LOG" || true
  if [[ $HOSTILE_MB -gt 0 ]]; then
    BYTES=$(stat -c %s "$HOSTILE_LOG") measure hostile java -jar cli/target/certmedic.jar explain --log "$HOSTILE_LOG" -o json || true
  fi
done
if [[ $HOSTILE_MB -gt 0 ]]; then
  awk -v b="$bytes" -v h="$(stat -c %s "$HOSTILE_LOG")" 'FNR==1 { f++ } { w[f]+=$1; c[f]+=$2+$3; n[f]++ }
    END { ew=b/1e6/(w[1]/n[1]); ec=b/1e6/(c[1]/n[1]); hw=h/1e6/(w[2]/n[2]); hc=h/1e6/(c[2]/n[2]);
          printf "mean hostile explain: %.1f MB/s wall, %.1f MB/s cpu; hostile/benign = %.3f (wall), %.3f (cpu); target >= 0.5\n",
            hw, hc, hw/ew, hc/ec }' /tmp/explain-bench.explain.times /tmp/explain-bench.hostile.times
fi
awk -v b="$bytes" 'FNR==1 { f++ } { w[f]+=$1; c[f]+=$2+$3; n[f]++ }
  END { ew=w[1]/n[1]; ec=c[1]/n[1]; gw=w[2]/n[2]; gc=c[2]/n[2];
        printf "mean explain: %.0f MB/s wall, %.0f MB/s cpu; grep -c x509: %.0f MB/s wall, %.0f MB/s cpu; explain/grep = %.2f (wall), %.2f (cpu)\n",
          b/1e6/ew, b/1e6/ec, b/1e6/gw, b/1e6/gc, gw/ew, gc/ec }' /tmp/explain-bench.explain.times /tmp/explain-bench.grep.times
rm -f /tmp/explain-bench.*.times /tmp/explain-bench.out
if [[ $made == 1 ]]; then rm -f "$LOG"; fi
if [[ $made_hostile == 1 ]]; then rm -f "$HOSTILE_LOG"; fi
