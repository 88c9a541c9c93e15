#!/bin/bash
# The CLI test runner. Each test/cli/*.test file is a bash script of
#
#   t NAME COMMAND STDIN STDOUT STDERR STATUS
#
# COMMAND runs under bash with the programs on PATH, in a fresh copy of
# test/cli/data. STDIN, STDOUT and STDERR are texts that end with a newline
# unless empty (use $'...' for special bytes, or printf in COMMAND for a
# missing last newline). Held records go to stderr unless -x says otherwise,
# so STDERR holds the exception envelopes and the messages. $SRC is the
# source tree.
bin=$(cd "${1:?usage: run.sh BINDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
export SRC=${here%/test/cli}	# the source tree, for tests of the docs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0 skipped=0
# the "at" of every envelope, so that expected envelopes are exact:
# 2026-11-27T05:20:00Z (wmskit(7): SOURCE_DATE_EPOCH)
export SOURCE_DATE_EPOCH=1795756800

nl() { [ -n "$1" ] && printf '%s\n' "$1"; }

t() {
	local name=$1 cmd=$2 in=$3 out=$4 err=$5 status=$6 got
	# SKIP: a glob of test names a harness cannot run (see valgrind.sh)
	if [ -n "${SKIP:-}" ] && [[ $name == $SKIP ]]; then
		skipped=$((skipped + 1))
		return
	fi
	rm -rf "$work/run" && cp -r "$here/data" "$work/run"
	nl "$in" >"$work/stdin"
	nl "$out" >"$work/want.out"
	nl "$err" >"$work/want.err"
	(cd "$work/run" && PATH="$bin:$PATH" bash -c "$cmd" \
	    <"$work/stdin" >"$work/got.out" 2>"$work/got.err")
	got=$?
	if cmp -s "$work/want.out" "$work/got.out" &&
	    cmp -s "$work/want.err" "$work/got.err" && [ "$got" = "$status" ]
	then
		passed=$((passed + 1))
		return
	fi
	failed=$((failed + 1))
	echo "FAIL: $file: $name"
	echo "  command: $cmd"
	[ "$got" = "$status" ] || echo "  exit status $got, expected $status"
	diff -u "$work/want.out" "$work/got.out" | sed -n '3,$s/^/  stdout /p'
	diff -u "$work/want.err" "$work/got.err" | sed -n '3,$s/^/  stderr /p'
}

for file in "$here"/*.test; do
	. "$file"
done
[ "$skipped" -eq 0 ] || echo "cli: skipped $skipped: $SKIP"
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
