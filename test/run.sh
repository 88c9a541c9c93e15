#!/bin/sh
# Runs every unit test binary and every CLI test against the build in $1;
# ends with one line "N passed, N failed" over both.
build=${1:?usage: test/run.sh BUILD}
passed=0 failed=0
for t in "$build"/unit/test_*; do
	[ -x "$t" ] || continue
	if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $t"; fi
done
echo "unit: $passed test programs passed, $failed failed"
cli=$(bash test/cli/run.sh "$build/bin"; echo "rc=$?")
printf '%s\n' "$cli" | sed '$d'
cp=$(printf '%s\n' "$cli" | sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
set -- $cp
passed=$((passed + ${1:-0})) failed=$((failed + ${2:-1}))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
