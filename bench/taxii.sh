#!/usr/bin/env bash
# Measures accord serve (TAXII 2.1) on loopback with bench/taxiiload: POSTs
# N objects (default 100,000) into a new collection in envelopes of 1,000,
# then CLIENTS clients (default 50) page through the collection, 100 objects
# a page, for SECONDS (default 60). Reports POST objects/s, pages/s, p50/p99
# latency and errors. The issue's goals: p99 under 50 ms for a 100-object
# page, POST at least 5,000 objects/s, zero errors.
#
# Usage: bench/taxii.sh [N] [CLIENTS] [SECONDS]
# Env: TAXII_CPUPROFILE=FILE  write the server's CPU profile there
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
clients=${2:-50}
seconds=${3:-60}
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null && wait $server 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/accord" ./cmd/accord
go build -o "$work/taxiiload" ./bench/taxiiload
db=$work/taxii.db
acc() { "$work/accord" --db "$db" --empty "$@"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
acc org add "Load test CERT" --json >/dev/null
acc user add loader --org "Load test CERT" --json >/dev/null
secret=$(acc token create loader --json | field secret)
coll=$(acc collection add "Load test" --json | field id)
acc grant "$coll" --org "Load test CERT" --read --write >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ACCORD_CPUPROFILE=${TAXII_CPUPROFILE:-} "$work/accord" --db "$db" serve --insecure-http --listen "127.0.0.1:$port" >"$work/serve.out" 2>"$work/serve.log" &
server=$!
for _ in $(seq 50); do
	curl -fs -o /dev/null -H 'Accept: application/taxii+json;version=2.1' "http://127.0.0.1:$port/taxii2/" && break
	sleep 0.1
done
url="http://127.0.0.1:$port/api/collections/$coll/"
echo "accord serve on 127.0.0.1:$port, 2 cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); go $(go env GOVERSION)"
"$work/taxiiload" -url "$url" -user loader -token "$secret" post -n "$n" -batch 1000
"$work/taxiiload" -url "$url" -user loader -token "$secret" page -clients "$clients" -duration "${seconds}s" -limit 100
# Peak RSS counts the database file once for each connection that maps
# it (mmap_size): PSS shares those pages out and is the server's own use.
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MiB"}');" \
	"now PSS $(awk '/^Pss:/ {print $2/1024 " MiB"}' /proc/$server/smaps_rollup)" \
	"(anonymous $(awk '/^Pss_Anon:/ {print $2/1024 " MiB"}' /proc/$server/smaps_rollup))"
