#!/usr/bin/env bash
# Measures the compiled STIX pattern matcher (pattern.Compiled.Match) on one
# core: observations × patterns evaluated per second for single-comparison
# patterns (IP, domain, hash, LIKE on a URL) and boolean ones (AND, OR,
# FOLLOWEDBY, WITHIN), RUNS runs each, and prints the median of each with its
# ratio to the OASIS reference matcher (Python stix2-matcher, about 18,000
# observations × patterns per second on this machine class). The goal is
# 200× that, 3.6 million per second.
# Usage: bench/pattern.sh [RUNS] [BENCHTIME]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
benchtime=${2:-1s}
reference=18000
goal=$((reference * 200))
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go test -run '^$' -bench 'BenchmarkCompiled(Single|Boolean)' -benchtime "$benchtime" \
	-cpu 1 -count "$runs" ./pattern >"$out" || { cat "$out" >&2; exit 3; }
echo "go test -bench 'BenchmarkCompiled(Single|Boolean)' -cpu 1 -count $runs ./pattern; medians"
printf '%-38s %16s %10s %12s\n' "benchmark" "evals/s" "ns/eval" "× reference"
awk -v ref="$reference" -v goal="$goal" '
	/^Benchmark/ {
		name = $1; sub(/-[0-9]+$/, "", name)
		for (i = 2; i < NF; i++) {
			if ($(i+1) == "evals/s") rate[name] = rate[name] " " $i
			if ($(i+1) == "ns/eval") ns[name] = ns[name] " " $i
		}
		if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	}
	function median(list,   a, k, i, j, t) {
		k = split(list, a, " ")
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return a[int((k + 1) / 2)]
	}
	END {
		worst = -1
		for (i = 1; i <= n; i++) {
			r = median(rate[order[i]]); m = median(ns[order[i]])
			printf "%-38s %16.0f %10.2f %12.0f\n", order[i], r, m, r / ref
			if (worst < 0 || r < worst) worst = r
		}
		printf "slowest median: %.0f evals/s = %.0f× the reference matcher (goal 200×, %d/s): %s\n",
			worst, worst / ref, goal, (worst >= goal ? "met" : "NOT met")
	}' "$out"
