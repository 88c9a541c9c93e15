#!/bin/bash
# Hostile input: test/fault/hostile.sh BUILD
#
# Each case runs a program of BUILD/bin under timeout(1) and a memory limit
# (ulimit -v) on input made to hurt, and wants a clear outcome: a record
# held with its code (the envelope carrying the line exactly, checked by
# BUILD/noloss-check), or a table refused with "file:line: what" and
# status 2; never a crash, a hang, memory without bound, output that is not
# JSON, or a record passed wrong. Ends "hostile: N cases, N failed".
build=$(cd "${1:?usage: hostile.sh BUILD}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/bin check=$build/noloss-check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
cp -r "$here/data/." .
cases=0 failed=0 failed_before=0 started=$SECONDS name= note=

fail() {	# bytes that are not text shown as cat -v shows them
	failed=$((failed + 1))
	printf 'FAIL: %s: %s' "$name" "$*" | tr '\n' ' ' | cut -c 1-600 | cat -v
}

# The case before: ok, with its time and note, unless it failed.
report_case() {
	[ -n "$name" ] && [ "$failed" = "$failed_before" ] &&
	    echo "ok: $name ($secs)${note:+: $note}"
	note=
}

# run NAME SECONDS MEMORY-MB PROG ARGS... <stdin from the caller>
# sets status, secs; stdout in out, stderr in err
run() {
	report_case
	failed_before=$failed
	name=$1
	local limit=$2 mem=$3
	shift 3
	cases=$((cases + 1))
	local t0=$(date +%s%N)
	{ (ulimit -v $((mem * 1024)); exec timeout -s KILL "$limit" "$@") \
	    >out 2>err; } 2>/dev/null	# bash's own "Segmentation fault"
	status=$?
	secs=$(( ($(date +%s%N) - t0) / 1000000 ))ms
	if [ "$status" = 137 ]; then
		fail "killed after ${limit}s or out of its ${mem} MB ($secs)"
	elif [ "$status" -ge 128 ]; then
		fail "signal $((status - 128)) ($(grep -m 1 -a 'runtime error\|ERROR' err))"
	fi
	[ "$status" -lt 128 ]
}

# expect STATUS [CODE]: the status, and the envelopes' code when held
expect() {
	if [ "$status" != "$1" ]; then
		fail "status $status, not $1: $(head -c 300 err | tr '\n' ' ')"
		return 1
	fi
	if [ -n "$2" ] && ! grep -q "\"code\":\"$2\"" err exc.ndjson 2>/dev/null; then
		fail "no envelope $2: $(head -c 300 err | tr '\n' ' ')"
		return 1
	fi
}

# refused PATTERN: status 2 and a message matching PATTERN (grep -E)
refused() {
	if [ "$status" = 2 ] && grep -Eq "$1" err; then
		note=$(head -n 1 err)
	else
		fail "status $status, wanted 2 and /$1/: $(head -c 300 err | tr '\n' ' ') $(head -c 200 out)"
	fi
}

# noloss MODE INPUT: envelopes carry their lines, counts add up
noloss() {
	if ! "$check" run "$1" err out exc.ndjson "$2=$2" >check.out 2>&1; then
		fail "$(cat check.out)"
		return 1
	fi
}

# valid FILE...: every line a JSON object, strictly (UTF-8)
valid() {
	if ! "$check" lines "$@" >check.out 2>&1; then
		fail "output is not JSON: $(cat check.out)"
		return 1
	fi
}

gen_nested() {	# gen_nested OPEN CLOSE N: one line of N nested values
	awk -v o="$1" -v c="$2" -v n="$3" 'BEGIN {
		s = ""; for (i = 0; i < n; i++) s = s o; printf "%s1", s
		s = ""; for (i = 0; i < n; i++) s = s c; print s }'
}

echo "hostile input:"

# 1. Depth: 100,000 nested arrays, and objects, in one line
gen_nested '[' ']' 100000 >deep.ndjson
rm -f exc.ndjson
run "100,000 nested arrays" 10 256 "$bin/sku-normalize" --stats \
    -x exc.ndjson deep.ndjson && expect 1 bad_json && noloss pass deep.ndjson
gen_nested '{"a":' '}' 100000 >deep.ndjson
rm -f exc.ndjson
run "100,000 nested objects" 10 256 "$bin/sku-normalize" --stats \
    -x exc.ndjson deep.ndjson && expect 1 bad_json && noloss pass deep.ndjson
{ printf '{"x":'; gen_nested '[' ']' 2000 | tr -d '\n'; echo '}'; } >deep.ndjson
rm -f exc.ndjson
if run "2,000 nested arrays (within jansson's depth) pass whole" 10 256 \
    "$bin/dekit" -k kits.csv --stats -x exc.ndjson deep.ndjson &&
    expect 0 && noloss pass deep.ndjson; then
	cmp -s out deep.ndjson || fail "the record did not pass as it came"
fi

# 2. A 100 MB line, over --max-line (64M): held, streamed, memory bounded
{
	echo '{"id":1,"line_items":[]}'
	awk 'BEGIN { printf "{\"note\":\""; s = "0123456789abcdef";
		for (i = 0; i < 12; i++) s = s s;
		for (i = 0; i < 1600; i++) printf "%s", s; print "\"}" }'
	echo '{"id":2,"line_items":[]}'
} >long.ndjson
rm -f exc.ndjson
run "a 100 MB line over --max-line 64M" 60 400 "$bin/sku-normalize" --stats \
    -x exc.ndjson long.ndjson && expect 1 line_too_long &&
    noloss pass long.ndjson
rm -f exc.ndjson
run "a 100 MB line over --max-line 1M, in 64 MB" 60 64 "$bin/shipmap" \
    -m shipping.csv --max-line 1M --stats -x exc.ndjson long.ndjson &&
    expect 1 line_too_long && MAXLINE=1048576 noloss pass long.ndjson
rm -f exc.ndjson
run "a 100 MB line on stdin, in a pipe" 60 400 "$bin/dekit" -k kits.csv \
    --stats -x exc.ndjson <long.ndjson && expect 1 line_too_long
rm -f long.ndjson

# 2b. A 70 MB line through the README's pipeline (sku-normalize | dekit |
#     shipmap, one -x file), then wmsreport: the item is in the report,
#     whether the line was too long (default --max-line) or passed and
#     was held later, its envelope then over wmsreport's --max-line.
awk 'BEGIN { printf "{\"id\":7,\"line_items\":[{\"sku\":\"NOPE-1\",\"quantity\":1}],\"note\":\"";
	s = "0123456789abcdef"; for (i = 0; i < 12; i++) s = s s;
	for (i = 0; i < 1120; i++) printf "%s", s; print "\"}" }' >long.ndjson
for max in 64M 128M; do
	rm -f exc.ndjson
	run "a 70 MB line, --max-line $max, through the pipeline and wmsreport" \
	    60 800 bash -c "'$bin/sku-normalize' --max-line $max -M skus.csv \
	    -x exc.ndjson long.ndjson | '$bin/dekit' --max-line $max \
	    -k kits.csv -x exc.ndjson | '$bin/shipmap' --max-line $max \
	    -m shipping.csv -x exc.ndjson >piped.ndjson &&
	    '$bin/wmsreport' exc.ndjson" || continue
	code=line_too_long
	[ "$max" = 128M ] && code=unknown_sku
	[ "$(wc -l <exc.ndjson)" -eq 1 ] || fail "not one envelope"
	grep -q "^  $code  *1 " out ||
	    fail "the report has no $code: $(head -c 300 out err | tr '\n' ' ')"
done
rm -f long.ndjson piped.ndjson

# 3. A million keys in one object; a million duplicates of one key. jansson
#    seeds its hash at random per process (and the kit's own tables use
#    SipHash with a random key), so colliding keys cannot be made from
#    outside: this checks the time and memory of a million keys.
awk 'BEGIN { printf "{"; for (i = 0; i < 1000000; i++)
	printf "%s\"k%d\":%d", i ? "," : "", i, i; print "}" }' >keys.ndjson
rm -f exc.ndjson
if run "a million keys in one object" 30 1024 "$bin/sku-normalize" --stats \
    -x exc.ndjson keys.ndjson && expect 0; then
	cmp -s out keys.ndjson || fail "the record did not pass as it came"
fi
awk 'BEGIN { printf "{"; for (i = 0; i < 1000000; i++)
	printf "%s\"k\":%d", i ? "," : "", i; print "}" }' >keys.ndjson
rm -f exc.ndjson
run "a million duplicates of one key" 30 1024 "$bin/sku-normalize" --stats \
    -x exc.ndjson keys.ndjson && expect 1 bad_json && noloss pass keys.ndjson
{ echo sku; awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "SKU-%07d\n", i }'; } >big.csv
for i in $(seq 1 100); do
	echo "{\"line_items\":[{\"sku\":\"ZZ-NOT-THERE-$i\",\"quantity\":1}]}"
done >unknown.ndjson
rm -f exc.ndjson
run "a master of a million SKUs, 100 unknown SKUs (nearest hints)" 60 1024 \
    "$bin/sku-normalize" -M big.csv --stats -x exc.ndjson unknown.ndjson &&
    expect 1 unknown_sku
{ echo sku; awk 'BEGIN { z = ""; for (i = 0; i < 3000; i++) {
	print z "A-1"; print z "a_1"; print z "A.1"; z = z "0" } }'; } >same.csv
for i in $(seq 1 200); do
	echo "{\"line_items\":[{\"sku\":\"a1\",\"quantity\":1}]}"
done >same.ndjson
rm -f exc.ndjson
run "9,000 master SKUs of one canonical key (ambiguous, 200 times)" 60 512 \
    "$bin/sku-normalize" -M same.csv --stats -x exc.ndjson same.ndjson &&
    expect 1 ambiguous_sku
{ echo kit_sku,component_sku,qty; for i in $(seq 1 60); do
	echo "K$i,K$((i + 1)),1"; echo "K$i,L$((i + 1)),1"
	echo "L$i,K$((i + 1)),1"; echo "L$i,L$((i + 1)),1"; done; } >diamond.csv
run "kits nested as 60 diamonds (2^60 components)" 10 256 "$bin/dekit" \
    -k diamond.csv </dev/null && refused 'diamond.csv: .*too many'
rm -f keys.ndjson big.csv

# 4. Invalid UTF-8: held as raw_base64, the bytes exactly
printf '%s\n' '{"sku":"ok"}' >utf8.ndjson
printf '{"sku":"\xff"}\n{"sku":"\xc0\xaf"}\n{"sku":"\xed\xa0\x80"}\n' >>utf8.ndjson
printf '{"sku":"\xf4\x90\x80\x80"}\n{"sku":"caf\xe9"}\n\xfe\xff\n' >>utf8.ndjson
printf '["\\\xf0\x9f\x8c\x80"]\n{"x":tru\xc3\xa9}\n' >>utf8.ndjson
rm -f exc.ndjson
run "invalid UTF-8 in lines" 10 256 "$bin/sku-normalize" -p sku --stats \
    -x exc.ndjson utf8.ndjson && expect 1 bad_json && valid exc.ndjson &&
    noloss pass utf8.ndjson
name_bad=$(printf 'orders-\xe9t\xe9.ndjson')
printf '{"broken\n' >"$name_bad"
rm -f exc.ndjson
run "an input file whose name is not UTF-8" 10 256 "$bin/sku-normalize" \
    -x exc.ndjson "$name_bad" && expect 1 bad_json && valid exc.ndjson
rm -f "$name_bad"

# Tables are text for JSON: a cell that is not UTF-8 must be refused at
# load, not written into records (json_string refuses it: NULL)
printf 'sku\nMUG\nABC\xff\n' >bad-master.csv
run "a master SKU that is not UTF-8" 10 256 "$bin/sku-normalize" \
    -M bad-master.csv <<<'{"line_items":[{"sku":"abc","quantity":1}]}' &&
    refused 'bad-master.csv:3: '
printf 'title,service_code,carrier\nNext Day,12\xff,DPD\n' >bad-ship.csv
run "a service code that is not UTF-8" 10 256 "$bin/shipmap" -m bad-ship.csv \
    <<<'{"shipping_lines":[{"title":"Next Day"}],"line_items":[{"sku":"A","quantity":1}]}' &&
    refused 'bad-ship.csv:2: '
printf 'kit_sku,component_sku,qty\nKIT,COMP\xff,2\nKIT,B,1\n' >bad-kits.csv
run "a kit component that is not UTF-8" 10 256 "$bin/dekit" -k bad-kits.csv \
    <<<'{"line_items":[{"id":1,"sku":"KIT","quantity":1,"price":"3.00"}]}' &&
    refused 'bad-kits.csv:2: '
printf 'kit_sku,component_sku,qty\nK\xffT,A,2\n' >bad-kits.csv
run "a kit SKU that is not UTF-8 (--stock)" 10 256 "$bin/dekit" --stock \
    -k bad-kits.csv <<<'{"sku":"A","available":4}' && refused 'bad-kits.csv:2: '
printf 'wms_status,channel_status,effect\nSHIPPED,succ\xe9s,shipped\n' >bad-status.csv
printf '%s\n' '{"name":"1","line_items":[{"sku":"A","quantity":1}]}' >o1.ndjson
run "a channel status that is not UTF-8" 10 256 "$bin/statusmap" \
    -m bad-status.csv --orders o1.ndjson \
    <<<'{"order_ref":"1","shipment_id":"S1","status":"SHIPPED","lines":[{"sku":"A","qty":1}]}' &&
    refused 'bad-status.csv:2: '

# 5. NUL bytes: raw (not JSON: held), escaped (\u0000: a character)
printf '{"sku":"MUG"}\n{"sku":"M\0UG"}\n\0\n{"sku":"MUG\\u0000EVIL"}\n' >nul.ndjson
printf 'sku\nMUG\n' >mug.csv
rm -f exc.ndjson
run "NUL bytes, raw and escaped" 10 256 "$bin/sku-normalize" -M mug.csv \
    -p sku --stats -x exc.ndjson nul.ndjson && expect 1 bad_json &&
    valid out exc.ndjson && noloss pass nul.ndjson &&
    { grep -q 'EVIL' exc.ndjson || fail "\"MUG\\u0000EVIL\" was made \"MUG\""; }
printf 'wms_status,channel_status,effect\nSHIPPED,success,shipped\n' >st.csv
printf '%s\n' '{"name":"1","line_items":[{"sku":"A\u0000B","quantity":1},{"sku":"A\u0000C","quantity":1}]}' >o2.ndjson
rm -f exc.ndjson sm.state
# SKUs are keys: one holding \u0000 makes the orders file invalid (exit 2)
run "a SKU with \\u0000 in an order (statusmap)" 10 256 \
    "$bin/statusmap" -m st.csv --orders o2.ndjson --state sm.state \
    -x exc.ndjson \
    <<<'{"order_ref":"1","shipment_id":"S1","status":"SHIPPED","lines":[{"sku":"A\u0000B","qty":1}]}' &&
    refused 'o2.ndjson:1: .*line_items\[0\]' && [ ! -e sm.state ]
printf 'sku\nMUG\nA\0B\n' >nul.csv
run "a NUL byte in a table" 10 256 "$bin/sku-normalize" -M nul.csv </dev/null &&
    refused 'nul.csv:3: .*NUL'

# 6. CSV with unbalanced quotes, small and 50 MB
printf 'sku\nMUG\n"TEA\nSPOON\n' >quote.csv
run "a CSV quote never closed" 10 256 "$bin/sku-normalize" -M quote.csv \
    </dev/null && refused 'quote.csv:3: '
printf 'title,service_code\nNext "Day",12\n' >quote.csv
run "a CSV quote inside a field" 10 256 "$bin/shipmap" -m quote.csv \
    </dev/null && refused 'quote.csv:2: '
{ echo kit_sku,component_sku,qty; printf '"'; awk 'BEGIN { s = "KIT,A,1\n";
	for (i = 0; i < 22; i++) s = s s; printf "%s", s }'; } >quote.csv
run "a 36 MB CSV with a quote never closed" 60 512 "$bin/dekit" \
    -k quote.csv </dev/null && refused 'quote.csv:2: '
rm -f quote.csv

# 7. The order model on one order of 200,000 lines, each the parent of
# the next (a chain of parents, all in one ring): roles are found in one
# pass, not line by line; the goods-out is written whole or the order held
awk 'BEGIN { n = 200000
	printf "{\"name\":\"#1\",\"shipping_lines\":[{\"title\":\"Standard\",\"service_code\":\"TPS48\"}],\"line_items\":["
	for (i = 0; i < n; i++)
		printf "%s{\"id\":%d,\"sku\":\"S%d\",\"quantity\":1,\"price\":\"1.00\",\"parent_item_id\":%d}",
		    (i ? "," : ""), i, i % 1000, (i + 1) % n
	print "]}" }' >ring.ndjson
rm -f exc.ndjson
run "an order of 200,000 lines in a ring of parents (wmsorder)" 30 512 \
    "$bin/wmsorder" --stats -x exc.ndjson ring.ndjson && expect 0 &&
    valid out && noloss pass ring.ndjson
rm -f exc.ndjson
run "the same order through dekit" 30 512 "$bin/dekit" -k kits.csv --stats \
    -x exc.ndjson ring.ndjson && expect 0 && valid out &&
    noloss pass ring.ndjson
rm -f ring.ndjson

# 8. nest (issue 18) on exports made to hurt. A chain of 200,000 lines,
# each the child of the one before: 16 levels nest, the 17th is held
# (bad_field: deeper than an export, and than jansson reads back) and every
# line below it with it (orphan_child), in linear time
awk 'BEGIN { print "{\"id\":\"gid://shopify/Order/0\"}"
	for (i = 1; i < 200000; i++)
		printf "{\"id\":\"gid://shopify/LineItem/%d\",\"__parentId\":\"gid://shopify/%s/%d\"}\n",
		    i, i == 1 ? "Order" : "LineItem", i - 1 }' >chain.jsonl
for g in "" --grouped; do
	rm -f exc.ndjson
	run "nest: a chain of 200,000 children ${g:-(ungrouped)}" 30 512 \
	    "$bin/nest" $g --stats -x exc.ndjson chain.jsonl && expect 1 &&
	    { [ "$(wc -l <out)" = 1 ] && [ "$(grep -o '"lineItems":\[' out |
	    wc -l)" = 16 ] && grep -q '"held":199983,' err &&
	    grep -q '"held_by_code":{"bad_field":1,"orphan_child":199982}' err &&
	    grep -q '"roots":1,"children":16' err ||
	    fail "not one line with 16 arrays: $(tail -c 300 err)"; } &&
	    noloss nest chain.jsonl
done
rm -f chain.jsonl

# A root with 200,000 children of 200,000 types: as many arrays
awk 'BEGIN { print "{\"id\":\"gid://shopify/Order/1\"}"
	for (i = 0; i < 200000; i++)
		printf "{\"id\":\"c%d\",\"__typename\":\"T%d\",\"__parentId\":\"gid://shopify/Order/1\"}\n", i, i }' >types.jsonl
rm -f exc.ndjson
run "nest: a root with children of 200,000 types" 30 512 "$bin/nest" \
    --stats -x exc.ndjson types.jsonl && expect 0 && valid out &&
    noloss nest types.jsonl
rm -f types.jsonl

# An id storm: 100,000 roots and 100,000 children of one id. The first
# root is held whole with the children it took, every other line is a
# duplicate_id
awk 'BEGIN { for (i = 0; i < 100000; i++) {
	print "{\"id\":\"gid://shopify/Order/1\",\"n\":" i "}"
	print "{\"id\":\"gid://shopify/Order/1\",\"__parentId\":\"gid://shopify/Order/1\",\"__typename\":\"LineItem\"}" } }' >storm.jsonl
for g in "" --grouped; do
	rm -f exc.ndjson
	run "nest: 200,000 lines of one id ${g:-(ungrouped)}" 30 512 \
	    "$bin/nest" $g --stats -x exc.ndjson storm.jsonl &&
	    expect 1 duplicate_id && noloss nest storm.jsonl
done
rm -f storm.jsonl

# A 100 MB child line over --max-line (64M): held, its root written
{
	echo '{"id":"gid://shopify/Order/1"}'
	awk 'BEGIN { printf "{\"__parentId\":\"gid://shopify/Order/1\",\"id\":\"gid://shopify/LineItem/1\",\"note\":\""
		s = "0123456789abcdef"; for (i = 0; i < 12; i++) s = s s;
		for (i = 0; i < 1600; i++) printf "%s", s; print "\"}" }'
	echo '{"__parentId":"gid://shopify/Order/1","id":"gid://shopify/LineItem/2"}'
} >long.jsonl
rm -f exc.ndjson
run "nest: a 100 MB child line over --max-line 64M" 60 400 "$bin/nest" \
    --stats -x exc.ndjson long.jsonl && expect 1 line_too_long &&
    noloss nest long.jsonl
rm -f long.jsonl

# A grouped export of 200,000 orders (1.2M lines, 120 MB) with --grouped
# in 24 MB: one order in memory at a time
awk 'BEGIN { for (i = 1; i <= 200000; i++) {
	o = "\"__parentId\":\"gid://shopify/Order/" i "\"}"
	print "{\"id\":\"gid://shopify/Order/" i "\",\"name\":\"#" i "\"}"
	print "{\"id\":\"gid://shopify/LineItem/" i "1\",\"sku\":\"MUG\",\"quantity\":1," o
	print "{\"id\":\"gid://shopify/LineItem/" i "2\",\"sku\":\"TEA\",\"quantity\":2," o
	print "{\"id\":\"gid://shopify/ShippingLine/" i "\",\"title\":\"Standard\"," o
	print "{\"id\":\"gid://shopify/FulfillmentOrder/" i "\"," o
	print "{\"id\":\"gid://shopify/FulfillmentOrderLineItem/" i "\",\"__parentId\":\"gid://shopify/FulfillmentOrder/" i "\"}" } }' >grouped.jsonl
rm -f exc.ndjson
run "nest --grouped: 200,000 grouped orders in 24 MB" 60 24 "$bin/nest" \
    --grouped --stats -x exc.ndjson grouped.jsonl && expect 0 &&
    { [ "$(wc -l <out)" = 200000 ] &&
    grep -q '"roots":200000,"children":1000000,"most_open":1,' err ||
    fail "not 200,000 orders, one open at a time: $(tail -c 300 err)"; }
rm -f grouped.jsonl

report_case
echo "hostile: $cases cases, $failed failed, $((SECONDS - started))s"
[ "$failed" -eq 0 ]
