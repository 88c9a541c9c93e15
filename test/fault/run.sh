#!/bin/bash
# Fault injection for every program: test/fault/run.sh BUILD
#
# 1. Memory: for each program on the small fixtures of test/fault/data, the
#    N-th allocation (malloc, calloc, realloc, counted from main, through
#    BUILD/failalloc.so) fails, for every N from 1 until a run makes fewer
#    than N allocations. A run where the fault fired must end with status 2
#    and "out of memory" on stderr, without a signal or a sanitizer report;
#    its stdout and -x file must be beginnings of the complete run's, in
#    whole lines (JSON objects where the program writes NDJSON); statusmap's
#    state, wmsreport's pages must be the old files, byte for byte, and a
#    --metrics file whole. The run past the last allocation must be the
#    complete run itself.
# 2. Full disk: stdout, and the -x file, on /dev/full: status 2 and a
#    message, for every program.
# 3. Kills: statusmap killed (SIGKILL) before each of its file calls in
#    turn (write, fsync, close, rename, unlink, fchmod, mkstemp, open):
#    its state is the old one or the new one, whole; when new, the updates
#    were all written first; a rerun then finishes the job.
#
# Environment: FAULT_MODE=plain (BUILD/bin) or asan (BUILD/san/bin, built
# with ASan and UBSan: memory errors and leaks on every failure path are
# findings; valgrind cannot be used, its own malloc is preloaded before the
# shim); FAULT_STRIDE=K tries every K-th N only (asan is slower);
# FAULT_PERSIST=1 makes every allocation from the N-th on fail;
# FAULT_CASES=REGEX runs the cases whose names match. A fault that the
# C library absorbs (its stdio buffer falls back to none) and that leaves
# the complete run's output and status is counted, not a finding.
# Ends with "faults: N runs, N findings" and status 1 on a finding.
build=$(cd "${1:?usage: run.sh BUILD}" && pwd)
# envelopes carry the time they were written ("at"): one clock for every
# run, so that a run and the complete run compare byte for byte
export SOURCE_DATE_EPOCH=1795756800
here=$(cd "$(dirname "$0")" && pwd)
mode=${FAULT_MODE:-plain} stride=${FAULT_STRIDE:-1}
shim=$build/failalloc.so check=$build/noloss-check
case $mode in
plain) bin=$build/bin ;;
asan)	bin=$build/san/bin
	export ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1:exitcode=99
	export UBSAN_OPTIONS=print_stacktrace=1:exitcode=99 ;;
*) echo "FAULT_MODE: plain or asan" >&2; exit 2 ;;
esac
for p in sku-normalize dekit shipmap statusmap stockdiff reconcile wmsreport \
    wmsorder orderdiff; do
	[ -x "$bin/$p" ] || { echo "run.sh: no $bin/$p" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=0 findings=0 absorbed=0 started=$SECONDS
only=${FAULT_CASES:-.}	# a regular expression: the cases to run
declare -A seen	# one report per case and kind of finding
temp='\.tmp\.[A-Za-z0-9]{6}$'	# atomicfile's FILE.tmp.XXXXXX

# finding CASE KIND TEXT [SITE]: reported once per case, kind and site
# (the program's frame that made the failing allocation), all counted
finding() {
	findings=$((findings + 1))
	[ -n "${seen[$1:$2:$4]}" ] && return
	seen[$1:$2:$4]=1
	echo "FINDING: $1: $3"
}

# The failing allocation's innermost frame in the program, from the log.
site() {
	sed -n "s|^\(.*/\)\{0,1\}$1(+\(0x[0-9a-f]*\)).*|\2|p" "$work/log" |
	    head -n 1
}

# The stack of the N-th allocation of a case, resolved in the program.
stack_of() {
	local prog=$1 n=$2
	shift 2
	rm -rf "$work/bt" "$work/btrun"
	cp -r "$here/data" "$work/btrun"
	(cd "$work/btrun" && FAILALLOC_N=$n FAILALLOC_BACKTRACE=1 \
	    FAILALLOC_LOG="$work/bt" LD_PRELOAD=$shim "$bin/$prog" "$@" \
	    >/dev/null 2>&1 </dev/null)
	sed -n "s|^\(.*/\)\{0,1\}$prog(+\(0x[0-9a-f]*\)).*|\2|p" "$work/bt" 2>/dev/null |
	    addr2line -f -s -e "$bin/$prog" 2>/dev/null |
	    paste - - | awk '{ printf "%s%s (%s)", (NR > 1 ? " <- " : ""), $1, $2 }
		NR == 6 { exit }'
}

fresh() {
	rm -rf "$work/run"
	cp -r "$here/data" "$work/run"
}

# The files a case writes besides stdout and stderr.
outputs() {
	local f
	for f in held.ndjson m.prom state.ndjson r.html r.txt; do
		[ -e "$work/run/$f" ] && echo "$f"
	done
}

# case NAME KIND PROG ARGS...: KIND json or text (what stdout holds)
fault_case() {
	local name=$1 kind=$2 prog=$3 n status fired calls err f
	shift 3
	[[ $name =~ $only ]] || return 0
	fresh
	(cd "$work/run" && "$bin/$prog" "$@" >"$work/base.out" \
	    2>"$work/base.err" </dev/null)
	status=$?
	if [ "$status" -gt 1 ]; then
		finding "$name" base "the complete run ends with status $status: $(head -n 2 "$work/base.err")"
		return
	fi
	mkdir -p "$work/base"
	rm -f "$work/base/"*
	for f in $(outputs); do cp "$work/run/$f" "$work/base/$f"; done
	local base_status=$status from=$SECONDS
	n=0
	while :; do
		n=$((n + stride))
		fresh
		rm -f "$work/log"
		(cd "$work/run" && FAILALLOC_N=$n FAILALLOC_PERSIST=${FAULT_PERSIST:-0} \
		    FAILALLOC_BACKTRACE=1 FAILALLOC_LOG="$work/log" LD_PRELOAD=$shim \
		    "$bin/$prog" "$@" >"$work/out" 2>"$work/err" \
		    </dev/null)
		status=$?
		runs=$((runs + 1))
		# no process substitution here: bash may then give its
		# status (grep's 0) for the program's
		line=$(grep -m 1 '^calls ' "$work/log" 2>/dev/null)
		read -r _ calls _ fired <<<"$line"
		[[ $fired == [01] ]] || { calls=? fired=?; }
		at=$(site "$prog")
		err=$(head -c 2000 "$work/err")
		if [ "$status" -ge 128 ] || [ "$status" = 99 ] ||
		    [[ $err == *Sanitizer* || $err == *"runtime error"* ||
		    $err == *"=="[0-9]*"=="* ]]; then
			finding "$name" crash "allocation $n: status $status: $(grep -m 3 -h 'ERROR\|runtime error\|SUMMARY\|Sanitizer\|== [A-Z]' "$work/err" | tr '\n' ' ') [at $(stack_of "$prog" "$n" "$@")]" "$at"
		fi
		if [ "$fired" != 1 ]; then	# past the last allocation
			if [ "$status" != "$base_status" ] ||
			    ! cmp -s "$work/out" "$work/base.out"; then
				finding "$name" last "the run without a fault differs from the complete run (status $status)"
			fi
			break
		fi
		if [ "$status" = "$base_status" ] &&
		    cmp -s "$work/out" "$work/base.out" &&
		    { [ ! -e "$work/base/held.ndjson" ] ||
		    cmp -s "$work/run/held.ndjson" "$work/base/held.ndjson"; }; then
			absorbed=$((absorbed + 1))	# recovered: libc's buffers
			continue
		fi
		if [ "$status" != 2 ]; then
			finding "$name" status "allocation $n fails, status $status, not 2; stderr: $(head -c 300 "$work/err" | tr '\n' ' ') [at $(stack_of "$prog" "$n" "$@")]" "$at"
		elif [[ $err != *"out of memory"* ]]; then
			finding "$name" message "allocation $n fails, status 2 but the message is not \"out of memory\": $(head -n 1 "$work/err") [at $(stack_of "$prog" "$n" "$@")]" "$at"
		fi
		local pairs=("$work/out" "$work/base.out")
		[ "$kind" = json ] && pairs=(-j "${pairs[@]}")
		[ -e "$work/run/held.ndjson" ] &&
		    pairs+=("$work/run/held.ndjson" "$work/base/held.ndjson")
		if ! "$check" prefix "${pairs[@]}" >"$work/check" 2>&1; then
			finding "$name" partial "allocation $n: $(cat "$work/check") [at $(stack_of "$prog" "$n" "$@")]" "$at"
		fi
		# the state: the old one, or (a failure after its commit) the
		# new one once every update is out
		f=state.ndjson
		if [ -e "$work/run/$f" ] && ! cmp -s "$work/run/$f" "$here/data/$f"; then
			if ! cmp -s "$work/run/$f" "$work/base/$f"; then
				finding "$name" torn "allocation $n: $f is neither the old nor the new state [at $(stack_of "$prog" "$n" "$@")]" "$at"
			elif ! cmp -s "$work/out" "$work/base.out"; then
				finding "$name" early "allocation $n: the state moved on before every update was out [at $(stack_of "$prog" "$n" "$@")]" "$at"
			fi	# else: the new state, every update out (right)
		fi
		for f in r.html r.txt; do	# absent, or whole
			[ -e "$work/run/$f" ] && ! cmp -s "$work/run/$f" "$work/base/$f" &&
			    finding "$name" "half-$f" "allocation $n: $f is half written by a failed run"
		done
		if [ -e "$work/run/m.prom" ] && ! grep -q '^wmskit_exit_status{.*} 2$' \
		    "$work/run/m.prom"; then
			finding "$name" metrics "allocation $n: the metrics file is not whole or not status 2" "$at"
		fi
		if ls "$work/run/" | grep -Eq "$temp"; then
			finding "$name" litter "allocation $n: a temporary file is left behind: $(ls "$work/run" | grep -E "$temp" | head -n 1) [at $(stack_of "$prog" "$n" "$@")]" "$at"
		fi
	done
	printf '%-24s %5s allocations, %3ss\n' "$name" "$calls" $((SECONDS - from))
}

# full NAME PROG ARGS...: stdout on /dev/full
full_case() {
	local name=$1 prog=$2 status
	shift 2
	[[ $name =~ $only ]] || return 0
	fresh
	(cd "$work/run" && "$bin/$prog" "$@" >/dev/full \
	    2>"$work/err" </dev/null)
	status=$?
	runs=$((runs + 1))
	if [ "$status" != 2 ] || ! grep -q 'write error\|No space' "$work/err"; then
		finding "$name" full "status $status on a full disk; stderr: $(head -c 200 "$work/err" | tr '\n' ' ')"
	fi
}

echo "faults ($mode): every allocation failing in turn"
cd "$work" || exit 2
fault_case sku-normalize json sku-normalize -M skus.csv -x held.ndjson \
    --stats --metrics m.prom orders-mixed.ndjson
fault_case dekit json dekit -k kits.csv -x held.ndjson --stats orders-mixed.ndjson
fault_case "dekit, a long table line" json dekit -k kits-long.csv \
    -x held.ndjson orders.ndjson
fault_case "dekit --stock" json dekit -k kits.csv --stock -x held.ndjson \
    --metrics m.prom wms-stock.ndjson
fault_case "dekit --rekit" json dekit -k kits.csv --rekit -x held.ndjson \
    to-wms.ndjson
fault_case "dekit --shape magento" json dekit --shape magento -k kits.csv \
    -x held.ndjson orders-magento.ndjson
fault_case shipmap json shipmap -m shipping.csv --services services.csv \
    -x held.ndjson orders-mixed.ndjson
fault_case "shipmap --coverage" json shipmap -m shipping.csv --coverage \
    orders-mixed.ndjson
fault_case statusmap json statusmap -m status-clarus.csv --orders to-wms.ndjson \
    --state state.ndjson -x held.ndjson --metrics m.prom wms-events.ndjson
fault_case stockdiff json stockdiff --wms wms-stock.ndjson --buffers buffers.csv \
    --pending pending.ndjson -x held.ndjson store-stock.ndjson
fault_case reconcile json reconcile --wms wms-orders.ndjson --orders orders.ndjson \
    --fulfilments fulfilments.ndjson --kits kits.csv \
    --as-of 2026-11-27T06:00:00Z -x held.ndjson
fault_case wmsorder json wmsorder -x held.ndjson --stats --metrics m.prom \
    to-wms.ndjson orders-mixed.ndjson
fault_case "wmsorder --shape magento" json wmsorder --shape magento \
    -x held.ndjson orders-magento.ndjson
fault_case orderdiff json orderdiff --wms wms-orders.ndjson -x held.ndjson \
    --stats --metrics m.prom orders.ndjson orders-mixed.ndjson
fault_case wmsreport text wmsreport --as-of 2026-11-27T06:00:00Z \
    held.ndjson discrepancies.ndjson
fault_case "wmsreport --html" text wmsreport --as-of 2026-11-27T06:00:00Z \
    --html r.html --text r.txt held.ndjson discrepancies.ndjson

echo "faults ($mode): a full disk"
full_case "sku-normalize >/dev/full" sku-normalize -M skus.csv orders.ndjson
full_case "sku-normalize -x /dev/full" sku-normalize -M skus.csv \
    -x /dev/full orders.ndjson
full_case "dekit >/dev/full" dekit -k kits.csv orders.ndjson
full_case "dekit --stock >/dev/full" dekit -k kits.csv --stock wms-stock.ndjson
full_case "shipmap >/dev/full" shipmap -m shipping.csv orders.ndjson
full_case "shipmap -x /dev/full" shipmap -m shipping.csv -x /dev/full orders.ndjson
full_case "shipmap --coverage >/dev/full" shipmap -m shipping.csv --coverage \
    orders.ndjson
if [[ "statusmap >/dev/full" =~ $only ]]; then
	full_case "statusmap >/dev/full" statusmap -m status-clarus.csv \
	    --orders to-wms.ndjson --state state.ndjson wms-events.ndjson
	cmp -s "$work/run/state.ndjson" "$here/data/state.ndjson" ||
	    finding "statusmap >/dev/full" state "the state moved on though the updates could not be written"
	ls "$work/run" | grep -Eq "$temp" &&
	    finding "statusmap >/dev/full" litter "state.ndjson.tmp.XXXXXX is left behind"
fi
full_case "stockdiff >/dev/full" stockdiff --wms wms-stock.ndjson store-stock.ndjson
full_case "stockdiff -x /dev/full" stockdiff --wms wms-stock.ndjson \
    -x /dev/full store-stock.ndjson
full_case "reconcile >/dev/full" reconcile --wms wms-orders.ndjson \
    --orders orders.ndjson --as-of 2026-11-27T06:00:00Z
full_case "reconcile -x /dev/full" reconcile --wms wms-orders.ndjson \
    --orders orders-mixed.ndjson -x /dev/full --as-of 2026-11-27T06:00:00Z
full_case "wmsorder >/dev/full" wmsorder to-wms.ndjson
full_case "wmsorder -x /dev/full" wmsorder -x /dev/full orders-mixed.ndjson
full_case "orderdiff >/dev/full" orderdiff --wms wms-orders.ndjson \
    orders.ndjson
full_case "orderdiff -x /dev/full" orderdiff --wms wms-orders.ndjson \
    -x /dev/full orders-mixed.ndjson
full_case "wmsreport >/dev/full" wmsreport --as-of 2026-11-27T06:00:00Z \
    held.ndjson discrepancies.ndjson
full_case "wmsreport -x /dev/full" wmsreport --as-of 2026-11-27T06:00:00Z \
    -x /dev/full held.ndjson orders.ndjson
# -h and -V write to stdout too
for p in sku-normalize dekit shipmap statusmap stockdiff reconcile wmsreport \
    wmsorder orderdiff; do
	full_case "$p --version >/dev/full" "$p" --version
	full_case "$p --help >/dev/full" "$p" --help
done

if [[ statusmap-kill =~ $only ]]; then
	echo "faults ($mode): statusmap killed before each file call"
	sm=(-m status-clarus.csv --orders to-wms.ndjson --state state.ndjson
	    --metrics m.prom wms-events.ndjson)
	fresh
	(cd "$work/run" && "$bin/statusmap" "${sm[@]}" >"$work/base.out" 2>/dev/null)
	cp "$work/run/state.ndjson" "$work/new.state"
	cp "$work/run/m.prom" "$work/new.prom"
	n=0 kills=0 litter=0
	while :; do
		n=$((n + 1))
		fresh
		rm -f "$work/log"
		(cd "$work/run" && FAILALLOC_KILL=$n FAILALLOC_LOG="$work/log" \
		    LD_PRELOAD=$shim "$bin/statusmap" "${sm[@]}" >"$work/out" \
		    2>"$work/err") 2>/dev/null	# bash's "Killed"
		status=$?
		runs=$((runs + 1))
		[ "$status" = 137 ] || break	# past the last file call
		kills=$((kills + 1))
		if cmp -s "$work/run/state.ndjson" "$here/data/state.ndjson"; then
			state=old
		elif cmp -s "$work/run/state.ndjson" "$work/new.state"; then
			state=new
			cmp -s "$work/out" "$work/base.out" ||
			    finding statusmap-kill early "kill $n: the state moved on before the updates were all written"
		else
			finding statusmap-kill torn "kill $n: the state is neither the old nor the new one"
			continue
		fi
		if [ -e "$work/run/m.prom" ] && ! cmp -s "$work/run/m.prom" "$work/new.prom" &&
		    ! grep -q '^wmskit_exit_status' "$work/run/m.prom"; then
			finding statusmap-kill metrics "kill $n: the metrics file is torn"
		fi
		# a rerun finishes the job: the same final state, no update
		# twice, and no temporary file left over
		(cd "$work/run" && "$bin/statusmap" "${sm[@]}" >"$work/out2" 2>/dev/null)
		if ls "$work/run" | grep -Eq "$temp"; then
			litter=$((litter + 1))
		fi
		cmp -s "$work/run/state.ndjson" "$work/new.state" ||
		    finding statusmap-kill rerun "kill $n: a rerun does not reach the same state"
		if [ "$state" = new ] && [ -s "$work/out2" ]; then
			finding statusmap-kill twice "kill $n: the rerun repeats updates"
		fi
	done
	echo "statusmap killed at each of $kills file calls: state old or new every time"
	if [ "$litter" -gt 0 ]; then
		finding statusmap-kill litter "$litter of $kills kills leave a FILE.tmp.XXXXXX that the next run does not replace"
	fi
fi

echo "faults ($mode): $runs runs ($absorbed faults absorbed by libc, same output), $findings findings, $((SECONDS - started))s"
[ "$findings" -eq 0 ]
