#!/usr/bin/env bash
# Live doctor against a fake API server (real limit/continue paging) holding SECRETS TLS Secrets
# and WEBHOOKS webhooks with their Services and Deployments. Prints API requests, wall time and
# peak memory of the doctor's own JVM (the server runs in another).
# Usage: bench/live-doctor.sh [SECRETS=10000] [WEBHOOKS=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
SECRETS=${1:-10000}
WEBHOOKS=${2:-1000}
mvn -B -q -o package -pl cli,bench -am -DskipTests
tmp=$(mktemp -d)
java -cp bench/target/benchmarks.jar io.certmedic.bench.FakeApiServer "$SECRETS" "$WEBHOOKS" "$tmp/kubeconfig" > "$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
until [ -s "$tmp/kubeconfig" ] && grep -q serving "$tmp/server.log"; do sleep 0.5; done
cat "$tmp/server.log"
url=$(sed -n 's/.*server: "\(.*\)".*/\1/p' "$tmp/kubeconfig")
before=$(curl -s "$url/stats")
/usr/bin/time -v java -Xlog:gc:file="$tmp/gc.log" -jar cli/target/certmedic.jar doctor --kubeconfig "$tmp/kubeconfig" -o json \
  > "$tmp/findings.json" 2> "$tmp/time.txt" || true
after=$(curl -s "$url/stats")
echo "API requests: $((after - before))"
grep -E "Elapsed \(wall|Maximum resident" "$tmp/time.txt"
echo "peak heap after GC / heap size (from -Xlog:gc):"
grep -oE "[0-9]+M->[0-9]+M\([0-9]+M\)" "$tmp/gc.log" | awk -F'[->()M]+' '{ if ($1>b) b=$1; if ($3>h) h=$3 } END { print "  max heap in use before a GC: " b " MiB, largest heap: " h " MiB" }'
echo "findings: $(grep -c '"code"' "$tmp/findings.json")"
