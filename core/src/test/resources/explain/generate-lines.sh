#!/usr/bin/env bash
# Generates generated-lines.tsv: real error lines of the TLS stacks installed on this machine
# (the JDK, OpenSSL, curl, Python ssl/urllib3/requests, Node.js), each made by a client on
# 127.0.0.1 talking to a local TLS server whose certificate is broken in one known way.
# Loopback only; the throwaway CA and keys live in a temp dir that is deleted at the end.
# Columns: family (what the server's certificate was made to be), stack, source (the command), line.
# Usage: core/src/test/resources/explain/generate-lines.sh > core/src/test/resources/explain/generated-lines.tsv
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
exec python3 "$HERE/generate_lines.py"
