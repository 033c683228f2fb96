#!/usr/bin/env bash
# Start-up of the certmedic CLI beside a kubectl plugin's peer, side by side in one run:
#   kubectl version --client                       (the peer)
#   certmedic explain 'x509: certificate signed by unknown authority'
#   certmedic inspect tls.crt                      (one self-signed P-256 certificate)
#   certmedic doctor -f examples/
#   certmedic --help
# Every command goes through the ./certmedic launcher, as a user or kubectl runs it (class-data
# archive included; the first, untimed run of each command makes the archive when it is missing).
# Rounds interleave the commands, so load changes hit all of them alike; the table shows the best
# of ROUNDS wall times and times to first output (first byte on stdout), the ratio of the best
# wall time to kubectl's, the best CPU time (user + sys of the process and its children: the
# fairer figure on a loaded machine), and the classes the JVM loaded for the command (-Xlog:class+load) with
# how many came from a class-data archive (the JDK's base one or certmedic's own).
# No figure is asserted anywhere; this prints, it does not judge.
#
# Usage: bench/startup.sh            Environment: ROUNDS=5 KUBECTL=kubectl CERTMEDIC=./certmedic
#   BEFORE=/path/to/other/certmedic adds the same rows for another launcher (e.g. an older build in
#   its own source tree) to the same interleaved rounds, so before and after share one run's load.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
ROUNDS=${ROUNDS:-5}
KUBECTL=${KUBECTL:-kubectl}
CERTMEDIC=${CERTMEDIC:-$root/certmedic}
PY=${PY:-python3}

command -v "$KUBECTL" >/dev/null || { echo "startup.sh: no $KUBECTL on PATH" >&2; exit 2; }
work=$(mktemp -d -t certmedic-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT

# One certificate to inspect, made outside the timing (the key is thrown away with $work).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 90 \
  -subj /CN=webhook.bench.svc -addext subjectAltName=DNS:webhook.bench.svc \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null

# The first run builds the jar when the sources changed (launcher) and makes the class-data archive.
"$CERTMEDIC" --version >/dev/null
[[ -z ${BEFORE:-} ]] || "$BEFORE" --version >/dev/null

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" - "$ROUNDS" "$work" "$KUBECTL" "$CERTMEDIC" "$root" "${BEFORE:-}" <<'EOF'
import os, subprocess, sys, time

rounds, work, kubectl, certmedic, root = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
before = sys.argv[6]

def certmedic_rows(launcher, prefix):
    return [
        (prefix + "certmedic explain 'x509: ...unknown authority'",
         [launcher, "explain", "x509: certificate signed by unknown authority"]),
        (prefix + "certmedic inspect tls.crt", [launcher, "inspect", os.path.join(work, "tls.crt")]),
        (prefix + "certmedic doctor -f examples/",
         [launcher, "doctor", "-f", os.path.join(root, "examples")]),
        (prefix + "certmedic --help", [launcher, "--help"]),
    ]

commands = [("kubectl version --client", [kubectl, "version", "--client"])]
commands += certmedic_rows(certmedic, "")
if before:
    commands += certmedic_rows(before, "before: ")

def timed(argv, env=None):
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=root)
    first = p.stdout.read(1)
    t_first = time.perf_counter() - start
    p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, (t_first if first else None), p.returncode, \
        usage.ru_utime + usage.ru_stime

def classes(argv):
    if not argv[0].endswith("certmedic"):
        return "-", "-"
    log = os.path.join(work, "classes.log")
    env = dict(os.environ)
    env["JAVA_OPTS"] = (env.get("JAVA_OPTS", "") + " -Xlog:class+load=info:file=" + log).strip()
    timed(argv, env)
    lines = open(log).read().splitlines()
    loaded = [l for l in lines if " source: " in l]
    shared = [l for l in loaded if "source: shared objects file" in l]
    return str(len(loaded)), str(len(shared))

for _, argv in commands:  # untimed: page cache, the class-data archive
    timed(argv)
walls = {name: [] for name, _ in commands}
cpus = {name: [] for name, _ in commands}
firsts = {name: [] for name, _ in commands}
codes = {}
for _ in range(rounds):
    for name, argv in commands:
        wall, first, rc, cpu = timed(argv)
        walls[name].append(wall)
        cpus[name].append(cpu)
        if first is not None:
            firsts[name].append(first)
        codes[name] = rc
peer = min(walls[commands[0][0]])
print(f"best of {rounds} rounds, interleaved; wall, first output and CPU in ms")
print("| command | exit | best wall | median wall | first output | x kubectl | best CPU | classes loaded | from CDS |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, argv in commands:
    w = sorted(walls[name])
    loaded, shared = classes(argv)
    first = f"{min(firsts[name]) * 1000:.0f}" if firsts[name] else "-"
    print(f"| `{name}` | {codes[name]} | {w[0] * 1000:.0f} | {w[len(w) // 2] * 1000:.0f} | {first} | "
          f"{w[0] / peer:.1f}x | {min(cpus[name]) * 1000:.0f} | {loaded} | {shared} |")
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -n 1); kubectl: $("$KUBECTL" version --client 2>/dev/null | head -n 1)"
echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown); date: $(date -u +%Y-%m-%dT%H:%MZ)"
