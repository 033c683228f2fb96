#!/usr/bin/env bash
# Chain + name verifications: certmedic's ServingVerifier (JMH) side by side with
# `openssl verify`, on the same leaf + intermediate + root (ECDSA P-256 and RSA-2048).
# Usage: bench/verify-vs-openssl.sh [ITERATIONS]   (run from the worktree root; 2-core machine)
set -euo pipefail
N=${1:-200}
OUT=bench-out/verify
NAME=webhook.bench.svc
mkdir -p "$OUT"

mvn -B -q -o package -DskipTests -pl bench -am
java -cp bench/target/benchmarks.jar io.certmedic.bench.WriteChains "$OUT"

echo "== JMH: ServingVerifier.verify (ops/s, higher is better)"
java -jar bench/target/benchmarks.jar VerifyBenchmark -wi 3 -i 5 -f 1 -w 2s -r 3s -rf json -rff "$OUT/jmh.json" \
  | tee "$OUT/jmh.txt" | grep -E '^(Benchmark|VerifyBenchmark)'

now_ns() { date +%s%N; }
for kind in ecdsa rsa; do
  d="$OUT/$kind"
  openssl verify -CAfile "$d/root.pem" -untrusted "$d/inter.pem" -verify_hostname "$NAME" -attime 1780315200 "$d/leaf.pem" >/dev/null
  # one process per certificate, as a script checking Secrets one by one would run it
  t0=$(now_ns)
  for _ in $(seq "$N"); do
    openssl verify -CAfile "$d/root.pem" -untrusted "$d/inter.pem" -verify_hostname "$NAME" -attime 1780315200 "$d/leaf.pem" >/dev/null
  done
  t1=$(now_ns)
  # one process for all N certificates: openssl's verification cost without process start-up
  args=(); for _ in $(seq "$N"); do args+=("$d/leaf.pem"); done
  t2=$(now_ns)
  openssl verify -CAfile "$d/root.pem" -untrusted "$d/inter.pem" -verify_hostname "$NAME" -attime 1780315200 "${args[@]}" >/dev/null
  t3=$(now_ns)
  per_proc_us=$(( (t1 - t0) / N / 1000 ))
  per_batch_us=$(( (t3 - t2) / N / 1000 ))
  echo "== openssl $kind: $N runs, ${per_proc_us} us per certificate (process each); ${per_batch_us} us per certificate (one process)"
  echo "openssl,$kind,$N,$per_proc_us,$per_batch_us" >> "$OUT/openssl.csv"
done
openssl version
