#!/usr/bin/env bash
# Measures the ATT&CK import into a fresh SQLite file against Python merely
# parsing the same file (json.load), side by side, interleaved, N runs each,
# and prints the medians of wall time and peak memory (max RSS).
# Usage: bench/import.sh [FILE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-../shared/data/attack/enterprise-attack-16.1.json}
runs=${2:-5}
[ -f "$file" ] || { echo "bench/import.sh: $file not found (needs ../shared)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench/import.sh: python3 is needed as the peer" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/accord" ./cmd/accord

measure() { # prints "seconds maxrss_kib", the time to the millisecond
	local start end
	start=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 3; }
	end=$(date +%s%N)
	echo "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }') $(cat "$tmp/t")"
}
: >"$tmp/py"; : >"$tmp/ac"
for i in $(seq "$runs"); do
	measure python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$file" >>"$tmp/py"
	rm -f "$tmp/db"*
	measure "$tmp/accord" --db "$tmp/db" --empty import "$file" >>"$tmp/ac"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
py_s=$(cut -d' ' -f1 "$tmp/py" | median); py_m=$(cut -d' ' -f2 "$tmp/py" | median)
ac_s=$(cut -d' ' -f1 "$tmp/ac" | median); ac_m=$(cut -d' ' -f2 "$tmp/ac" | median)
echo "file: $file ($(stat -c %s "$file") bytes), $runs runs each, interleaved; medians"
printf '%-44s %8s %10s\n' "command" "seconds" "peak MiB"
printf '%-44s %8s %10d\n' "python3 json.load (parse only)" "$py_s" $((py_m / 1024))
printf '%-44s %8s %10d\n' "accord import (fresh SQLite file)" "$ac_s" $((ac_m / 1024))
awk -v a="$ac_s" -v p="$py_s" 'BEGIN { printf "ratio accord/python: %.2f\n", a / p }'
echo "all runs (seconds maxrss_kib): python: $(tr '\n' ';' <"$tmp/py") accord: $(tr '\n' ';' <"$tmp/ac")"
