#!/usr/bin/env bash
# Measures accord hunt against wc -l, rg -F and grep -F on a synthetic
# corpus of IIS W3C and Zeek JSON logs (bench/huntgen) with a plain list of
# indicators (IPv4s, domains, URLs, SHA-256 hashes, then 500 CIDR blocks).
# Every tool runs on one core (GOMAXPROCS=1 for accord, -j1 for rg), RUNS
# times, interleaved; the table gives the medians of wall time, throughput
# and peak RSS, and accord's speed against rg, grep and a tenth of wc -l.
# accord's findings are checked against the planted hits (MISSED/EXTRA
# lines). The goals (the issue's): 10× rg with 10,000 indicators, 100× rg
# with 1,000,000, a tenth of wc -l's speed, peak memory under 1 GiB.
#
# Usage: bench/hunt.sh [SIZE_MIB_IIS] [SIZE_MIB_ZEEK] [INDICATORS] [RUNS]
#   (defaults 1024 256 10000 3)
# Env: HUNT_CORPUS=DIR  use (and keep) the corpus in DIR; generated there
#                       when DIR has no iocs.txt, reused as it is otherwise
#      HUNT_SKIP_RG=1   do not run rg;  HUNT_SKIP_GREP=1  do not run grep
#                       (with 1,000,000 indicators each takes many minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
iis_mib=${1:-1024}
zeek_mib=${2:-256}
indicators=${3:-10000}
runs=${4:-3}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${HUNT_CORPUS:-$work/corpus}
if [[ -f $corpus/iocs.txt ]]; then
	echo "reusing the corpus in $corpus (its own sizes and indicators; the arguments are ignored)"
else
	mkdir -p "$corpus"
	go run ./bench/huntgen -out "$corpus" -iis-mib "$iis_mib" -zeek-mib "$zeek_mib" \
		-indicators "$indicators" -cidrs 500 -seed 1
fi
bin=$work/accord
go build -o "$bin" ./cmd/accord
corpus=$(cd "$corpus" && pwd)
cd "$corpus"
files=(iis/*.log zeek/*.log)
bytes=$(cat "${files[@]}" | wc -c) # also warms the page cache
niocs=$(grep -c . iocs.txt)
nplanted=$(wc -l <planted.txt)
nliteral=$(cut -f2 planted.txt | grep -vc / || true) # the planted hits a fixed string can find (not CIDR)

tools=(wc)
skipped=()
if [[ ${HUNT_SKIP_RG:-} == 1 ]]; then
	skipped+=("rg (HUNT_SKIP_RG=1)")
elif ! command -v rg >/dev/null; then
	skipped+=("rg (not installed: apt-get install ripgrep)")
	echo "rg is missing: skipping it (apt-get install ripgrep)" >&2
else
	tools+=(rg)
fi
if [[ ${HUNT_SKIP_GREP:-} == 1 ]]; then
	skipped+=("grep (HUNT_SKIP_GREP=1)")
else
	tools+=(grep)
fi
# accord three times: with the list given by --intel (read and indexed at
# start); over a knowledge base the same indicators were imported into as
# STIX (iocs.json), which is how it runs for a user, with the index built
# from the store at each start (accord-kb-build: --no-index-cache); and
# over the same knowledge base with the prebuilt index the first hunt
# saved next to it (accord-kb: the first hunt is timed apart, below).
tools+=(accord accord-kb-build accord-kb)
[[ -x /usr/bin/time ]] || { echo "hunt.sh needs /usr/bin/time (apt-get install time)" >&2; exit 3; }

# run TOOL N: runs TOOL once; appends "ms rss_kib count" to $work/res.TOOL.
run() {
	local tool=$1 n=$2 out=$work/$1.out t0 t1 rc=0
	local cmd
	case $tool in
	wc) cmd=(wc -l "${files[@]}") ;;
	rg) cmd=(rg --no-config -F -f iocs.txt -j1 -c "${files[@]}") ;;
	grep) cmd=(env LC_ALL=C grep -F -f iocs.txt -c "${files[@]}") ;;
	accord) cmd=(env GOMAXPROCS=1 "$bin" --db "$work/kb$n.db" --empty hunt --intel iocs.txt --no-index-cache --no-record --output json iis zeek) ;;
	accord-kb-build) cmd=(env GOMAXPROCS=1 "$bin" --db "$work/iocs.db" hunt --no-index-cache --no-record --output json iis zeek) ;;
	accord-kb*) cmd=(env GOMAXPROCS=1 "$bin" --db "$work/iocs.db" hunt --no-record --output json iis zeek) ;;
	esac
	t0=$(date +%s%N)
	/usr/bin/time -f %M -o "$work/rss" "${cmd[@]}" >"$out" 2>"$work/$tool.err" || rc=$?
	t1=$(date +%s%N)
	rm -f "$work/kb$n.db"*
	# wc, rg and grep exit 1 when nothing matched, accord when something did.
	if ((rc > 1)); then
		echo "$tool failed (exit $rc):" >&2
		cat "$work/$tool.err" >&2
		exit 3
	fi
	local count
	case $tool in
	wc) count=$(tail -n1 "$out" | awk '{print $1}') ;;
	rg | grep) count=$(awk -F: '{s += $NF} END {print s + 0}' "$out") ;;
	accord*) count=$(wc -l <"$out") ;;
	esac
	echo "$(((t1 - t0) / 1000000)) $(tail -n1 "$work/rss") $count" >>"$work/res.$tool"
}

# The knowledge base for accord-kb, imported once (timed, not part of the
# runs).
t0=$(date +%s%N)
/usr/bin/time -f %M -o "$work/rss" "$bin" --db "$work/iocs.db" --empty import iocs.json >/dev/null 2>"$work/import.err" ||
	{ cat "$work/import.err" >&2; exit 3; }
t1=$(date +%s%N)
echo "imported iocs.json into a knowledge base in $(((t1 - t0) / 1000000)) ms, peak $(($(tail -n1 "$work/rss") / 1024)) MiB"
# The first hunt over it builds the index and saves it for the next ones
# (the accord-kb runs below).
run accord-kb-first 0
read -r ms_first rss_first _ <"$work/res.accord-kb-first"
echo "first hunt over the knowledge base (builds and saves the prebuilt index, $(($(stat -c %s "$work/iocs.db.hunt-index") / 1048576)) MiB): $ms_first ms, peak $((rss_first / 1024)) MiB; $(grep -E 'files, .* records' "$work/accord-kb-first.err" | tail -n1)"

echo "corpus $corpus: $(printf '%.1f' "$(echo "$bytes / 1000000" | bc -l)") MB in ${#files[@]} files; $niocs indicators (with CIDR blocks); $nplanted planted hits, $nliteral of them not CIDR"
echo "$(nproc) cores, $runs runs each, interleaved; $(rg --version 2>/dev/null | head -n1 || true); $(grep --version | head -n1); go $(go env GOVERSION)"
((${#skipped[@]} == 0)) || echo "skipped: ${skipped[*]}"
for ((i = 1; i <= runs; i++)); do
	for tool in "${tools[@]}"; do
		run "$tool" "$i"
	done
done

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
declare -A ms
printf '%-15s %10s %10s %12s %12s\n' tool "ms" "MB/s" "peak MiB" "lines hit"
for tool in "${tools[@]}"; do
	ms[$tool]=$(cut -d' ' -f1 "$work/res.$tool" | median)
	rss=$(cut -d' ' -f2 "$work/res.$tool" | median)
	count=$(cut -d' ' -f3 "$work/res.$tool" | median)
	label=$count
	[[ $tool == accord* ]] && label="$count findings"
	[[ $tool == wc ]] && label="$count lines"
	awk -v t="$tool" -v ms="${ms[$tool]}" -v b="$bytes" -v rss="$rss" -v l="$label" \
		'BEGIN {printf "%-15s %10d %10.1f %12.1f %12s\n", t, ms, b / 1e6 / (ms / 1000), rss / 1024, l}'
done
[[ -n ${ms[rg]:-} ]] && echo "(rg and grep count matching lines: the $nliteral planted hits that are not CIDR; fixed strings cannot match a CIDR block)"

# accord's own split of the time: the sweep (its summary line) and the rest
# (start, loading the indicators, building the index); its findings against
# the planted hits (MISSED: planted lines not found, EXTRA: lines found that
# were not planted); its speed against the others.
cut -f1 planted.txt | sort -u >"$work/want"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }
bad=0
for tool in accord accord-kb-build accord-kb; do
	sweep=$(grep -oE 'MB in [0-9.hms]+' "$work/$tool.err" | tail -n1 | awk '{
		d = $3; s = 0
		if (match(d, /[0-9.]+h/)) { s += substr(d, RSTART, RLENGTH - 1) * 3600 }
		if (match(d, /[0-9.]+m[^s]/) || match(d, /[0-9.]+m$/)) { v = substr(d, RSTART); sub(/m.*/, "", v); s += v * 60 }
		if (match(d, /[0-9.]+ms/)) { s += substr(d, RSTART, RLENGTH - 2) / 1000 }
		else if (match(d, /[0-9.]+s/)) { s += substr(d, RSTART, RLENGTH - 1) }
		printf "%d", s * 1000 }')
	echo "$tool (last run): sweep ${sweep} ms, start + indicators + index $((${ms[$tool]} - sweep)) ms (of the median wall time); $(grep -E 'files, .* records' "$work/$tool.err" | tail -n1)"
	sed -E 's/.*"file":"([^"]*)".*"line":([0-9]+).*/\1:\2/' "$work/$tool.out" | sort -u >"$work/got"
	missed=$(comm -23 "$work/want" "$work/got" | wc -l)
	extra=$(comm -13 "$work/want" "$work/got" | wc -l)
	echo "$tool vs planted: $(wc -l <"$work/want") planted lines, $(wc -l <"$work/got") lines found; MISSED $missed EXTRA $extra"
	comm -23 "$work/want" "$work/got" | head -n5 | sed 's/^/  missed /'
	comm -13 "$work/want" "$work/got" | head -n5 | sed 's/^/  extra /'
	((missed == 0 && extra == 0)) || bad=1
	line="$tool speed:"
	[[ -n ${ms[rg]:-} ]] && line+=" $(ratio "${ms[rg]}" "${ms[$tool]}")× rg (goal 10× at 10,000 indicators, 100× at 1,000,000);"
	[[ -n ${ms[grep]:-} ]] && line+=" $(ratio "${ms[grep]}" "${ms[$tool]}")× grep;"
	line+=" $(ratio "$((${ms[wc]} * 10))" "${ms[$tool]}")× wc -l/10 (goal ≥ 1)"
	echo "$line"
done
exit $bad
