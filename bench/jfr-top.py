#!/usr/bin/python3
"""Summarises a JFR recording's execution samples: the share of samples per top frame, per thread,
and per area of the doctor (first matching frame anywhere in the stack).

Usage: bench/jfr-top.py RECORDING.jfr [N]   (needs the JDK's `jfr` tool on PATH)
Record one with: java -XX:StartFlightRecording=filename=R.jfr,settings=profile -jar ... doctor ..."""
import collections
import re
import subprocess
import sys

AREAS = [  # (label, substrings of a frame; the first area any frame matches wins)
    ("callers sharing a Secret (ServingCertificate.sharing)", ["ServingCertificate.sharing"]),
    ("KnownOperators scan of workloads", ["KnownOperators"]),
    ("P-256 arithmetic (key-pair d*G, ECDSA)", ["bouncycastle.math.raw", "bouncycastle.math.ec"]),
    ("JSON reading (Jackson)", ["tools.jackson"]),
    ("PEM / base64", ["PemReader", "Base64"]),
    ("X.509 parsing (JDK)", ["sun.security.x509", "sun.security.util.Der"]),
    ("CertFacts", ["CertFacts"]),
    ("SHA-256", ["MessageDigest"]),
    ("doctor checks (other)", ["io.certmedic.core.doctor"]),
]


def main(path, n):
    text = subprocess.run(
        ["jfr", "print", "--events", "jdk.ExecutionSample", path],
        check=True, capture_output=True, text=True).stdout
    events = text.split("jdk.ExecutionSample {")[1:]
    top, area, thread = collections.Counter(), collections.Counter(), collections.Counter()
    for e in events:
        t = re.search(r'sampledThread = "([^"]*)"', e)
        thread[t.group(1) if t else "?"] += 1
        stack = e.split("stackTrace = [")[1].split("]")[0] if "stackTrace = [" in e else ""
        frames = [re.sub(r"\s+line:.*", "", f.strip()) for f in stack.strip().split("\n")
                  if f.strip() and f.strip() != "..."]
        if not frames:
            continue
        top[frames[0]] += 1
        joined = " ".join(frames)
        area[next((label for label, keys in AREAS if any(k in joined for k in keys)), "other")] += 1
    total = max(1, len(events))
    print(f"{len(events)} samples")
    for title, counter in (("top frames", top), ("areas", area), ("threads", thread)):
        print(f"-- {title}")
        for k, v in counter.most_common(n):
            print(f"{100 * v / total:5.1f}%  {k}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12)
