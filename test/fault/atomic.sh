#!/bin/bash
# Files replaced atomically and the state's lock, under load: test/fault/
# atomic.sh BUILD (issue 17). Two statusmap runs on one state at once,
# each with many shipments: afterwards the state reads and holds both
# runs' shipments (without the lock, 6 of 8 trials left a state that could
# not be read and 2 lost a run's shipments). Runs sharing one --metrics
# file all end 0. A run killed before its rename leaves a temporary file
# that the next run removes. Modes and group kept after chmod and chgrp;
# --metrics /dev/null stays a device. Ends "atomic: N cases, N failed".
build=$(cd "${1:?usage: atomic.sh BUILD}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
cp "$here/../cli/data/statusmap-status.csv" status.csv
cases=0 failed=0 started=$SECONDS
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
ok() { echo "ok: $*"; }

# N orders of one line, ORDER-P-i, and one shipment of each
n=${ATOMIC_SHIPMENTS:-10000}
for p in a b; do
	awk -v p=$p -v n=$n 'BEGIN { for (i = 1; i <= n; i++)
	    printf "{\"name\":\"#%s%d\",\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1}]}\n", p, i }' \
	    >orders-$p.ndjson
	awk -v p=$p -v n=$n 'BEGIN { for (i = 1; i <= n; i++)
	    printf "{\"order_ref\":\"%s%d\",\"shipment_id\":\"S%s%d\",\"status\":\"COMPLETED\",\"lines\":[{\"sku\":\"MUG\",\"qty\":1}],\"tracking_number\":\"T%d\",\"carrier\":\"DPD\",\"dispatched_at\":\"2026-11-27T10:00:00Z\"}\n", p, i, p, i, i }' \
	    >events-$p.ndjson
done
cat orders-a.ndjson orders-b.ndjson >orders.ndjson

cases=$((cases + 1))
for trial in 1 2 3; do
	rm -f state.ndjson
	"$bin/statusmap" -m status.csv --orders orders.ndjson \
	    --state state.ndjson events-a.ndjson >a.out 2>a.err & pa=$!
	"$bin/statusmap" -m status.csv --orders orders.ndjson \
	    --state state.ndjson events-b.ndjson >b.out 2>b.err & pb=$!
	wait $pa; sa=$?; wait $pb; sb=$?
	# a third run of both event files: every shipment seen, no update
	"$bin/statusmap" -m status.csv --orders orders.ndjson \
	    --state state.ndjson events-a.ndjson events-b.ndjson >c.out 2>c.err
	sc=$?
	if [ "$sa$sb$sc" != 000 ] || [ -s c.out ] ||
	    [ "$(wc -l <state.ndjson)" != $((2 * n)) ]; then
		fail "two runs on one state, trial $trial: status $sa $sb $sc, $(wc -l <c.out) updates again, $(wc -l <state.ndjson) orders in the state: $(head -c 200 c.err)"
		break
	fi
done
[ "$failed" = 0 ] && ok "two runs on one state, $n shipments each, 3 trials: both kept"

cases=$((cases + 1))
bad=0
for i in $(seq 16); do
	(for j in 1 2 3 4 5; do
		"$bin/statusmap" -m status.csv --orders orders-a.ndjson \
		    --metrics m.prom </dev/null >/dev/null 2>>m.err ||
		    echo x >>m.bad
	done) &
done
wait
if [ -e m.bad ] || ls | grep -q 'm\.prom\.tmp'; then
	fail "80 runs sharing --metrics: $(wc -l <m.bad 2>/dev/null) failed: $(head -c 200 m.err)"
else
	ok "80 runs sharing one --metrics file: all 0, no temporary file left"
fi

cases=$((cases + 1))
rm -f state.ndjson
"$bin/statusmap" -m status.csv --orders orders.ndjson --state state.ndjson \
    events-a.ndjson >/dev/null 2>&1
# what a run killed before its rename leaves (no live run holds it)
echo half >state.ndjson.tmp.AbC123
left=$(ls | grep -c 'state\.ndjson\.tmp\.')
"$bin/statusmap" -m status.csv --orders orders.ndjson --state state.ndjson \
    </dev/null >/dev/null 2>&1
if [ "$left" = 0 ] || ls | grep -q 'state\.ndjson\.tmp\.'; then
	fail "a killed run's temporary file: $left left, not removed by the next run"
else
	ok "a killed run's temporary file is removed by the next run"
fi

cases=$((cases + 1))
group=$(id -G | tr ' ' '\n' | grep -vx "$(id -g)" | head -1)
[ "$(id -u)" = 0 ] && group=${group:-1}
chmod 0640 state.ndjson
[ -n "$group" ] && chgrp "$group" state.ndjson
want=$(stat -c '%a %g' state.ndjson)
"$bin/statusmap" -m status.csv --orders orders.ndjson --state state.ndjson \
    events-a.ndjson >/dev/null 2>&1
got=$(stat -c '%a %g' state.ndjson)
if [ "$got" != "$want" ]; then
	fail "mode and group after chmod 0640 and chgrp: $got, not $want"
else
	ok "mode and group after chmod 0640 and chgrp ${group:-(none)}: kept ($got)"
fi

if [ "$(id -u)" = 0 ]; then
	cases=$((cases + 1))
	"$bin/statusmap" -m status.csv --orders orders-a.ndjson \
	    --metrics /dev/null </dev/null >/dev/null 2>&1
	if [ -c /dev/null ]; then
		ok "--metrics /dev/null as root: still a device"
	else
		fail "--metrics /dev/null as root: no longer a device"
		rm -f /dev/null && mknod -m 0666 /dev/null c 1 3
	fi
fi

echo "atomic: $cases cases, $failed failed, $((SECONDS - started))s"
[ "$failed" -eq 0 ]
