#!/bin/bash
# Output under stress (issue 17): test/fault/io.sh BUILD
#
# 1. 8 programs at once append envelopes over 64 KB (bad_json with a long
#    raw line; line_too_long, spilled in pieces) to one -x file: every
#    line of it must parse, and none be missing.
# 2. TERM during a large run: status 143, stdout ends with a whole line,
#    and every line of it parses.
# 3. ulimit -f on a buffered stdout: status 2, stdout cut back to a whole
#    line.
# Ends with "io: N checks, N findings" and status 1 on a finding.
build=$(cd "${1:?usage: io.sh BUILD}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/bin map=$here/../cli/data/shipmap-map.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checks=0 findings=0

check() {	# check WHAT CONDITION...
	local what=$1
	shift
	checks=$((checks + 1))
	if ! "$@"; then
		echo "io: FINDING: $what"
		findings=$((findings + 1))
	fi
}

# Counts of bad_json and of lines in FILE, read back by a program of the kit.
bad_lines() {
	"$bin/shipmap" -m "$map" --stats -x /dev/null "$1" 2>&1 >/dev/null |
	    sed -n 's/.*"bad_json":\([0-9]*\).*/\1/p' | tail -1
}

# 1. concurrent writers
pad=$(head -c 100000 /dev/zero | tr '\0' x)
for i in $(seq 30); do
	echo "{\"id\":$i,\"note\":\"$pad"	# bad JSON, 100 KB
	echo "[\"$pad\"]"			# not an object, 100 KB
	echo "{\"id\":$i,\"note\":\"$pad$pad$pad\"}"	# over --max-line
done >"$work/big.ndjson"
pids=
for w in $(seq 8); do
	"$bin/shipmap" -m "$map" --max-line 200K -x "$work/held.ndjson" \
	    "$work/big.ndjson" >/dev/null 2>"$work/err.$w" &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
n=$(wc -l <"$work/held.ndjson")
check "8 writers: $n envelopes, not 720" [ "$n" -eq 720 ]
b=$(bad_lines "$work/held.ndjson")
check "8 writers: $b torn lines in the -x file" [ "${b:-0}" -eq 0 ]

# 2. TERM during a large run
order='{"id":1,"email":"a@example.com","shipping_lines":[{"title":"Next Day Delivery","price":"5.99"}],"line_items":[{"sku":"MUG","quantity":1}]}'
yes "$order" | head -n 1500000 >"$work/orders.ndjson"	# about 200 MB
"$bin/shipmap" -m "$map" "$work/orders.ndjson" >"$work/out.ndjson" \
    2>"$work/term.err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
s=$?
check "TERM: status $s, not 143" [ "$s" -eq 143 ]
check "TERM: stdout ends with a whole line" \
    [ "$(tail -c 1 "$work/out.ndjson" | od -An -c | tr -d ' ')" = '\n' ]
b=$(bad_lines "$work/out.ndjson")
check "TERM: $b cut lines on stdout" [ "${b:-0}" -eq 0 ]
check "TERM: a message" grep -q 'stopped by SIGTERM' "$work/term.err"

# 3. a file size limit on a buffered stdout
(ulimit -f 1000; exec "$bin/shipmap" -m "$map" "$work/orders.ndjson" \
    >"$work/cut.ndjson" 2>"$work/cut.err")
s=$?
check "ulimit -f: status $s, not 2" [ "$s" -eq 2 ]
check "ulimit -f: stdout ends with a whole line" \
    [ "$(tail -c 1 "$work/cut.ndjson" | od -An -c | tr -d ' ')" = '\n' ]
check "ulimit -f: a message" grep -q 'File too large; cut back' \
    "$work/cut.err"

echo "io: $checks checks, $findings findings"
[ "$findings" -eq 0 ]
