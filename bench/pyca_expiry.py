#!/usr/bin/python3
"""Baseline for bench/doctor-bench.sh: load a `kubectl get -A -o json` dump and check the expiry
of every Secret's tls.crt with pyca/cryptography, nothing else. Prints: secrets checked, expired."""
import base64
import datetime
import json
import sys

from cryptography import x509


def main(path):
    now = datetime.datetime.now(datetime.timezone.utc)
    with open(path, "rb") as f:
        dump = json.load(f)
    checked = expired = 0
    for item in dump.get("items", []):
        if item.get("kind") != "Secret":
            continue
        crt = (item.get("data") or {}).get("tls.crt")
        if not crt:
            continue
        cert = x509.load_pem_x509_certificate(base64.b64decode(crt))
        # not_valid_after_utc arrived in cryptography 42; Debian 12 ships 38 (naive UTC datetime).
        if hasattr(cert, "not_valid_after_utc"):
            not_after = cert.not_valid_after_utc
        else:
            not_after = cert.not_valid_after.replace(tzinfo=datetime.timezone.utc)
        checked += 1
        if not_after <= now:
            expired += 1
    print(f"secrets={checked} expired={expired}")


if __name__ == "__main__":
    main(sys.argv[1])
