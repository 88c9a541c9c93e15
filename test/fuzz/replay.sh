#!/bin/bash
# Replays the fuzz seeds and every regression input through the targets
# built without libFuzzer (replay.c, ASan and UBSan): test/fuzz/replay.sh
# REPLAYDIR TARGET... Each regression file runs on its own, so that every
# open finding is named; ends with status 1 if any input fails.
dir=${1:?usage: replay.sh REPLAYDIR TARGET...}
shift
here=$(cd "$(dirname "$0")" && pwd)
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
status=0 log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$@"; do
	if { "$dir/fuzz_$t" "$here/corpus/$t"/* >/dev/null 2>"$log"; } 2>/dev/null
	then
		echo "replay fuzz_$t: seeds: $(tail -n 1 "$log" | sed 's/^replay: //')"
	else
		status=1
		echo "FAIL: replay fuzz_$t: a seed: $(grep -a -m 2 'PROPERTY\|ERROR\|runtime error' "$log" | cut -c1-300 | tr '\n' ' ')"
	fi
	for f in "$here/regressions/$t"/*; do
		[ -f "$f" ] || continue
		if { "$dir/fuzz_$t" "$f" >/dev/null 2>"$log"; } 2>/dev/null; then
			echo "replay fuzz_$t: regressions/$t/${f##*/}: fixed"
		else
			status=1
			echo "FAIL: replay fuzz_$t: regressions/$t/${f##*/}: $(grep -a -m 2 'PROPERTY\|ERROR\|runtime error' "$log" | cut -c1-300 | tr '\n' ' ')"
		fi
	done
done
exit $status
