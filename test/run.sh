#!/bin/sh
# Runs every unit test program and every CLI test against the build in $1;
# ends with one line "N passed, N failed" over the test cases of both.
build=${1:?usage: test/run.sh BUILD}
passed=0 failed=0 out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$build"/unit/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$out" 2>&1
	status=$?
	cat "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out")
	if [ "$status" -ne 0 ] && [ -z "$f" ]; then
		f=1	# it crashed before its summary
		echo "FAIL: $t ended with status $status"
	fi
	passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0}))
done
echo "unit: $passed passed, $failed failed"
bash test/cli/run.sh "$build/bin" >"$out" 2>&1
cat "$out"
set -- $(sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$out")
passed=$((passed + ${1:-0})) failed=$((failed + ${2:-1}))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
