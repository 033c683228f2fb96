#!/usr/bin/env bash
# The controller issue's benchmark: a burst of SERVICES annotated Services (each with a webhook
# configuration asking for the bundle), then 10 more a second for 30 s, then STEADY seconds of
# steady state, then the controller's heap with UNRELATED unrelated Secrets in the cluster.
# The mock API server (fabric8, CRUD mode) runs in the same JVM on 127.0.0.1.
# Usage: bench/controller-bench.sh [SERVICES=1000] [UNRELATED=10000] [STEADY=60]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o package -pl bench -am -DskipTests
java -Xmx2g -XX:+UseG1GC -cp bench/target/benchmarks.jar io.certmedic.bench.ControllerBench "${1:-1000}" "${2:-10000}" "${3:-60}"
# one CA reconcile's read of the caches, at the size the burst ends with
java -Xmx2g -cp bench/target/benchmarks.jar io.certmedic.controller.reconcile.CaFactsBench 1300
