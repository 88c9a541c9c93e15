#!/bin/sh
# Runs each libFuzzer target for SECONDS seconds: test/fuzz/run.sh BUILD
# SECONDS TARGET... (make fuzz FUZZ_SECONDS=60 runs it). New inputs go to
# BUILD/corpus/TARGET (kept from run to run), the seeds of
# test/fuzz/corpus/TARGET are read too. A finding (crash, failed property,
# leak, timeout, out of memory) is copied to test/fuzz/regressions/TARGET/,
# which make check-faults replays, and fails the run once every target has
# had its time.
build=${1:?usage: run.sh BUILD SECONDS TARGET...} seconds=${2:?}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
status=0
for t in "$@"; do
	case $t in
	csv) dict=$here/dict/csv.dict max=4096 ;;
	path) dict=$here/dict/json.dict max=1024 ;;
	records) dict=$here/dict/json.dict max=4096 ;;
	*) dict=$here/dict/json.dict max=16384 ;;
	esac
	mkdir -p "$build/corpus/$t" "$build/findings/$t"
	log=$build/fuzz_$t.log
	echo "fuzz_$t: ${seconds}s (log $log)"
	# -timeout: an input slower than 10 s is a hang; -rss_limit_mb: the
	# memory of a process, bounded; leaks are findings (ASan's default)
	"$build/fuzz_$t" -max_total_time="$seconds" -max_len=$max \
	    -timeout=10 -rss_limit_mb=2048 -dict="$dict" \
	    -artifact_prefix="$build/findings/$t/" -print_final_stats=1 \
	    "$build/corpus/$t" "$here/corpus/$t" >"$log" 2>&1
	rc=$?
	sed -n 's/^stat::\(number_of_executed_units\|average_exec_per_sec\|peak_rss_mb\|new_units_added\): */  \1 /p' "$log"
	grep -h '^#[0-9].*DONE\|cov:' "$log" | tail -n 1 | sed 's/^/  /'
	found=$(ls "$build/findings/$t" 2>/dev/null)
	if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
		status=1
		mkdir -p "$here/regressions/$t"
		for f in $found; do
			cp "$build/findings/$t/$f" "$here/regressions/$t/$f" &&
			    rm -f "$build/findings/$t/$f"
			echo "  FINDING: test/fuzz/regressions/$t/$f"
		done
		grep -m 3 -h 'ERROR\|FUZZ PROPERTY\|SUMMARY' "$log" | sed 's/^/  /'
		echo "  fuzz_$t ended with status $rc; see $log"
	fi
done
[ "$status" -eq 0 ] && echo "fuzz: no finding"
exit $status
