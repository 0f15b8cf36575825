#!/usr/bin/env bash
# Measures accord hunt with every SigmaHQ rule over Windows events: the
# Security and Sysmon JSON lines of ../shared/data/logs/otrf-sysmon repeated
# to SIZE MiB, swept on one core (GOMAXPROCS=1) with --rules given every
# rules* folder of ../shared/data/sigma (the engine routes each rule to the
# events of its logsource, so the Windows rules are the ones that run).
# RUNS runs; the table gives the medians of the wall time, the sweep's own
# time (its summary line), the process's CPU time (user + system, which
# includes loading and compiling the rules; "sweep cpu" is it less the CPU
# time of the same command over a log of one event: on a busy machine the CPU
# time says more than the wall time), events per second over each, and
# peak RSS. The goal
# (issue 5): at least 100,000 events per second on one core.
#
# Usage: bench/sigma.sh [SIZE_MIB] [RUNS]   (defaults 1024 3)
# Env: SIGMA_CORPUS=FILE  use (and keep) the corpus FILE; built there when
#                         it does not exist, reused as it is otherwise
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
runs=${2:-3}
shared=../shared/data
[[ -d $shared/sigma && -d $shared/logs/otrf-sysmon ]] || { echo "sigma.sh needs ../shared/data (sigma/, logs/otrf-sysmon/)" >&2; exit 3; }
[[ -x /usr/bin/time ]] || { echo "sigma.sh needs /usr/bin/time (apt-get install time)" >&2; exit 3; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${SIGMA_CORPUS:-$work/sysmon.json}
if [[ -f $corpus ]]; then
	echo "reusing the corpus $corpus (its own size; SIZE_MIB is ignored)"
else
	# Whole copies of the sample, one after another, until the size is
	# reached: every event stays whole.
	want=$((size_mib * 1024 * 1024))
	cat "$shared"/logs/otrf-sysmon/*.json >"$work/one.json"
	one=$(wc -c <"$work/one.json")
	copies=$(((want + one - 1) / one))
	: >"$corpus"
	for ((i = 0; i < copies; i++)); do cat "$work/one.json"; done >>"$corpus"
	rm "$work/one.json"
fi
bin=$work/accord
go build -o "$bin" ./cmd/accord
rules=("$shared"/sigma/rules*)
rule_args=()
for r in "${rules[@]}"; do rule_args+=(--rules "$r"); done
bytes=$(wc -c <"$corpus") # also warms the page cache
events=$(grep -c . "$corpus")
nrules=$(find "${rules[@]}" -name '*.yml' | wc -l)
nwin=$(grep -rlE '^\s+product: windows' "${rules[@]}" --include='*.yml' | wc -l)
echo "corpus $corpus: $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}') MiB, $events events; $nrules rule files, $nwin of them product: windows"
echo "$(nproc) cores, GOMAXPROCS=1, $runs runs; go $(go env GOVERSION)"

# sweep_ms FILE: the sweep's time from accord's summary line ("… MB in 1m2.5s; …").
sweep_ms() {
	grep -oE 'MB in [0-9.hmsµ]+' "$1" | tail -n1 | awk '{
		d = $3; s = 0
		if (match(d, /[0-9.]+h/)) { s += substr(d, RSTART, RLENGTH - 1) * 3600 }
		if (match(d, /[0-9.]+m[^s]/) || match(d, /[0-9.]+m$/)) { v = substr(d, RSTART); sub(/m.*/, "", v); s += v * 60 }
		if (match(d, /[0-9.]+ms/)) { s += substr(d, RSTART, RLENGTH - 2) / 1000 }
		else if (match(d, /[0-9.]+s/)) { s += substr(d, RSTART, RLENGTH - 1) }
		printf "%d", s * 1000 }'
}

# start CPU: the same command over a log of one event, whose CPU time (start,
# loading and compiling the rules) is taken off the runs' for the sweep's.
head -n1 "$corpus" >"$work/one.json"
for ((i = 1; i <= runs; i++)); do
	env GOMAXPROCS=1 /usr/bin/time -f '%U %S' -o "$work/cpu0" "$bin" --db "$work/kb0.db" --empty hunt --no-record \
		"${rule_args[@]}" "$work/one.json" >/dev/null 2>&1 || true
	rm -f "$work/kb0.db"*
	tail -n1 "$work/cpu0" | awk '{printf "%d\n", ($1 + $2) * 1000}' >>"$work/start"
done

for ((i = 1; i <= runs; i++)); do
	rc=0
	t0=$(date +%s%N)
	env GOMAXPROCS=1 /usr/bin/time -f '%M %U %S' -o "$work/rss" "$bin" --db "$work/kb.db" --empty hunt --no-record --output json \
		"${rule_args[@]}" "$corpus" >"$work/out" 2>"$work/err" || rc=$?
	t1=$(date +%s%N)
	rm -f "$work/kb.db"*
	if ((rc > 1)); then
		echo "accord failed (exit $rc):" >&2
		tail -n 20 "$work/err" >&2
		exit 3
	fi
	read -r rss_kib user sys < <(tail -n1 "$work/rss")
	cpu_ms=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')
	echo "$(((t1 - t0) / 1000000)) $(sweep_ms "$work/err") $rss_kib $(wc -l <"$work/out") $cpu_ms" >>"$work/res"
done

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
wall=$(cut -d' ' -f1 "$work/res" | median)
sweep=$(cut -d' ' -f2 "$work/res" | median)
rss=$(cut -d' ' -f3 "$work/res" | median)
findings=$(cut -d' ' -f4 "$work/res" | median)
cpu=$(cut -d' ' -f5 "$work/res" | median)
start_cpu=$(median <"$work/start")
loaded=$(grep -oE '[0-9]+ Sigma rules' "$work/err" | tail -n1)
left=$(grep -c '^rule left out:' "$work/err" || true)
echo "rules: $loaded compiled, $left left out (last run's stderr says why)"
grep -E 'files, .* records' "$work/err" | tail -n1
printf '%-10s %10s %14s %12s %10s\n' "" ms "events/s" "MB/s" "peak MiB"
awk -v ms="$wall" -v e="$events" -v b="$bytes" -v rss="$rss" \
	'BEGIN {printf "%-10s %10d %14.0f %12.1f %10.1f\n", "wall", ms, e / (ms / 1000), b / 1e6 / (ms / 1000), rss / 1024}'
awk -v ms="$sweep" -v e="$events" -v b="$bytes" \
	'BEGIN {printf "%-10s %10d %14.0f %12.1f %10s\n", "sweep", ms, e / (ms / 1000), b / 1e6 / (ms / 1000), "-"}'
awk -v ms="$cpu" -v e="$events" -v b="$bytes" \
	'BEGIN {printf "%-10s %10d %14.0f %12.1f %10s\n", "cpu", ms, e / (ms / 1000), b / 1e6 / (ms / 1000), "-"}'
awk -v ms="$((cpu - start_cpu))" -v e="$events" -v b="$bytes" \
	'BEGIN {printf "%-10s %10d %14.0f %12.1f %10s\n", "sweep cpu", ms, e / (ms / 1000), b / 1e6 / (ms / 1000), "-"}'
echo "findings: $findings (median); start + rule loading + compiling: $((wall - sweep)) ms of wall time, $start_cpu ms of CPU (over a log of one event)"
awk -v ms="$sweep" -v c="$((cpu - start_cpu))" -v e="$events" 'BEGIN {r = e / (ms / 1000); printf "goal ≥ 100,000 events/s on one core: %s by the wall time (%.0f events/s), %s by the CPU time (%.0f events/s)\n", (r >= 100000 ? "met" : "NOT met"), r, (e / (c / 1000) >= 100000 ? "met" : "NOT met"), e / (c / 1000)}'
