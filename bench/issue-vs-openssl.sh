#!/usr/bin/env bash
# Serving certificates per second: certmedic (in-process, JMH) against the per-cert OpenSSL
# pipeline that hand-written cert.sh scripts run (openssl req -newkey ..., then openssl x509 -req),
# for ECDSA P-256 and RSA-2048, plus the certmedic CLI run once per certificate (one JVM each).
# Writes the results into BENCHMARKS.md under "## Issuing serving certificates".
#
# Usage: bench/issue-vs-openssl.sh            (N=200 OpenSSL certs per key type, CLI_N=10)
#        N=500 CLI_N=0 JMH_ARGS="-wi 5 -w 2s -i 10 -r 2s -f 2" bench/issue-vs-openssl.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-200}
CLI_N=${CLI_N:-10}
JMH_ARGS=${JMH_ARGS:-"-wi 3 -w 2s -i 5 -r 2s -f 1 -t 1"}
BENCH_JAR=bench/target/benchmarks.jar
CLI_JAR=cli/target/certmedic.jar
OPENSSL=${OPENSSL:-openssl}
SVC=webhook NS=bench
SANS="DNS:$SVC,DNS:$SVC.$NS,DNS:$SVC.$NS.svc,DNS:$SVC.$NS.svc.cluster.local"

command -v "$OPENSSL" >/dev/null || { echo "issue-vs-openssl: openssl not found; install it (apt-get install openssl)" >&2; exit 2; }
if [ ! -f "$BENCH_JAR" ]; then
  echo "building $BENCH_JAR ..." >&2
  mvn -B -q -o package -DskipTests -pl bench -am
fi
if [ "$CLI_N" -gt 0 ] && [ ! -f "$CLI_JAR" ]; then
  echo "building $CLI_JAR ..." >&2
  mvn -B -q -o package -DskipTests -pl cli -am
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }
per_sec() { awk -v n="$1" -v ns="$2" 'BEGIN { printf "%.1f", n / (ns / 1e9) }'; }

# --- certmedic, in process (JMH) --------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== JMH: java -jar $BENCH_JAR IssueBenchmark $JMH_ARGS" >&2
# JMH allows one benchmark per machine (/tmp/jmh.lock); wait for another one to finish rather
# than run beside it and measure a shared CPU.
for attempt in $(seq 1 60); do
  # shellcheck disable=SC2086
  if java -jar "$BENCH_JAR" IssueBenchmark $JMH_ARGS -rf csv -rff "$work/jmh.csv" >"$work/jmh.log" 2>&1; then
    cat "$work/jmh.log" >&2
    break
  fi
  if ! grep -q "Unable to acquire the JMH lock" "$work/jmh.log"; then
    cat "$work/jmh.log" >&2
    exit 1
  fi
  echo "another JMH run holds /tmp/jmh.lock; waiting (attempt $attempt/60)" >&2
  sleep 10
done
[ -s "$work/jmh.csv" ] || { echo "issue-vs-openssl: JMH never got the lock" >&2; exit 1; }
jmh() { # benchmark keyType -> "score error"
  awk -F, -v b="\"io.certmedic.bench.IssueBenchmark.$1\"" -v k="$2" \
    '{ sub(/\r$/, "") } $1 == b && $8 == k { printf "%.1f %.1f", $5, $6 }' "$work/jmh.csv"
}

# --- OpenSSL, one pipeline per cert, as cert.sh scripts do ------------------------------------
openssl_run() { # name newkey-args... ; prints certs/s
  local name=$1; shift
  local d="$work/openssl-$name"
  mkdir -p "$d"
  "$OPENSSL" req -x509 "$@" -nodes -keyout "$d/ca.key" -out "$d/ca.crt" -days 1825 \
    -subj "/CN=bench-ca-$name" 2>/dev/null
  local ku="digitalSignature"
  [ "$name" = rsa-2048 ] && ku="digitalSignature,keyEncipherment"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,%s\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
    "$ku" "$SANS" >"$d/ext.cnf"
  local start end i
  start=$(now_ns)
  for ((i = 0; i < N; i++)); do
    "$OPENSSL" req -new "$@" -nodes -keyout "$d/tls.key" -out "$d/tls.csr" \
      -subj "/CN=$SVC.$NS.svc" -addext "subjectAltName=$SANS" 2>/dev/null
    "$OPENSSL" x509 -req -in "$d/tls.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 90 -out "$d/tls.crt" -extfile "$d/ext.cnf" 2>/dev/null
  done
  end=$(now_ns)
  # the last cert must be a valid serving cert, or the timing means nothing
  "$OPENSSL" verify -CAfile "$d/ca.crt" -purpose sslserver -verify_hostname "$SVC.$NS.svc" "$d/tls.crt" >/dev/null
  per_sec "$N" $((end - start))
}
echo "== OpenSSL pipeline, $N certs per key type" >&2
ossl_ec=$(openssl_run ecdsa-p256 -newkey ec -pkeyopt ec_paramgen_curve:P-256)
ossl_rsa=$(openssl_run rsa-2048 -newkey rsa:2048)

# --- certmedic CLI, one JVM per cert -------------------------------------------------------------
cli_run() { # key-type ; prints certs/s
  local start end i
  start=$(now_ns)
  for ((i = 0; i < CLI_N; i++)); do
    java -jar "$CLI_JAR" issue --service "$SVC" --namespace "$NS" --key-type "$1" \
      --out "$work/cli-$1" --force >/dev/null
  done
  end=$(now_ns)
  per_sec "$CLI_N" $((end - start))
}
cli_ec="-" cli_rsa="-"
if [ "$CLI_N" -gt 0 ]; then
  echo "== certmedic CLI, $CLI_N runs per key type" >&2
  cli_ec=$(cli_run ecdsa-p256)
  cli_rsa=$(cli_run rsa-2048)
fi

read -r ec_issue ec_issue_err <<<"$(jmh issue ecdsa-p256)"
read -r ec_pem ec_pem_err <<<"$(jmh issueAsPem ecdsa-p256)"
read -r rsa_issue rsa_issue_err <<<"$(jmh issue rsa-2048)"
read -r rsa_pem rsa_pem_err <<<"$(jmh issueAsPem rsa-2048)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
ratio_ec=$(ratio "$ec_pem" "$ossl_ec")
ratio_rsa=$(ratio "$rsa_pem" "$ossl_rsa")

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(lscpu 2>/dev/null | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }')
java_version=$(java -version 2>&1 | head -n 2 | tr '\n' ' ' | sed 's/ *$//')
section=$(cat <<MD
## Issuing serving certificates

Serving certificates per second (higher is better): a new key pair and a certificate carrying
the four Service names, signed by a CA of the same key type. certmedic figures are JMH
throughput in one thread (score ± 99.9% error); "as PEM" also encodes cert and key as PEM, the
output the OpenSSL pipeline writes, and is the figure the ratio uses. OpenSSL is the per-cert
pipeline of hand-written \`cert.sh\` scripts: \`openssl req -new -newkey ... -nodes -addext
subjectAltName=...\` then \`openssl x509 -req -CA ca.crt -CAkey ca.key -CAcreateserial -days 90
-extfile ...\`, $N times in a row. The CLI row runs \`java -jar $CLI_JAR issue ... --out DIR
--force\` $CLI_N times: one JVM per certificate, start-up included.

| key type | certmedic (in process) | certmedic, as PEM | OpenSSL pipeline | ratio (as PEM / OpenSSL) | certmedic CLI, one JVM per cert |
|---|---|---|---|---|---|
| ECDSA P-256 | $ec_issue ± $ec_issue_err | $ec_pem ± $ec_pem_err | $ossl_ec | **${ratio_ec}x** | $cli_ec |
| RSA-2048 | $rsa_issue ± $rsa_issue_err | $rsa_pem ± $rsa_pem_err | $ossl_rsa | **${ratio_rsa}x** | $cli_rsa |

Target: ECDSA P-256 at least 20x the OpenSSL pipeline. Most of the pipeline's cost is starting
two processes per certificate; a single \`certmedic issue\` pays JVM start-up instead (CLI
column), so the in-process figures apply where certmedic issues many certificates in one process
(the controller, a batch), not to one CLI run.

- Machine: $(nproc) CPUs ($cpu), $java_version, $("$OPENSSL" version)
- Load average (1, 5, 15 min) before / after: $load_before / $load_after; the machine is shared,
  so other builds ran beside this one and every column above, OpenSSL's included, is lower than
  on an idle machine
- Date: $(date -u +%Y-%m-%dT%H:%MZ)
- Command: \`bench/issue-vs-openssl.sh\` (N=$N, CLI_N=$CLI_N, JMH \`$JMH_ARGS\`)
MD
)

out=BENCHMARKS.md
if [ -f "$out" ]; then
  awk '/^## Issuing serving certificates$/ { skip = 1; next } /^## / { skip = 0 } !skip' "$out" >"$work/rest.md"
else
  printf '# Benchmarks\n' >"$work/rest.md"
fi
{ sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$work/rest.md"; printf '\n%s\n' "$section"; } >"$out"

echo
echo "ECDSA P-256: certmedic $ec_pem certs/s (as PEM), OpenSSL pipeline $ossl_ec certs/s: ${ratio_ec}x"
echo "RSA-2048:    certmedic $rsa_pem certs/s (as PEM), OpenSSL pipeline $ossl_rsa certs/s: ${ratio_rsa}x"
echo "CLI, one JVM per cert: ecdsa-p256 $cli_ec certs/s, rsa-2048 $cli_rsa certs/s"
echo "written to $out"
