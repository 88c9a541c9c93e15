#!/bin/bash
# The no-loss property, for every program: test/noloss/run.sh BUILD
#
# Input: random lines from BUILD/noloss-gen (orders, events, stock and
# envelopes, valid and broken: JSON cut short, non-objects, invalid UTF-8,
# NUL bytes, blank lines, CRLF, lines over --max-line, a BOM, no last
# newline), with the JSON seed corpora of test/fuzz as lines among them,
# and the Shopify and Magento seed records. Each program runs on it with
# its side inputs from test/fault/data, --stats and -x; then
# BUILD/noloss-check checks (jansson's json_equal, byte for byte for raw)
# that records in = records out + envelopes + what the program documents
# as dropped or consumed, and that every envelope carries its line exactly.
# nest runs on the same input and on a bulk export from BUILD/noloss-gen -b.
# NOLOSS_SEEDS (default 25) inputs of NOLOSS_LINES (default 300) lines;
# NOLOSS_BIN=BUILD/san/bin runs the programs built with ASan and UBSan.
# envelopes carry the time they were written ("at"): one clock for every
# run, so that a run and the complete run compare byte for byte
export SOURCE_DATE_EPOCH=1795756800
build=$(cd "${1:?usage: run.sh BUILD}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seeds=${NOLOSS_SEEDS:-25} lines=${NOLOSS_LINES:-300}
bin=$(cd "${NOLOSS_BIN:-$build/bin}" && pwd)
gen=$build/noloss-gen check=$build/noloss-check
export MAXLINE=2048
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$top/test/fault/data/." "$work/"
cd "$work" || exit 2
corpus=("$top"/test/fuzz/corpus/ndjson/JSONTestSuite/[yni]_*
    "$top"/test/fuzz/corpus/ndjson/jansson/*-*)
kits=$(tail -n +2 kits.csv | cut -d, -f1 | sort -u | wc -l)
failed=0 runs=0 started=$SECONDS

# one MODE NAME PROG ARGS... (INPUTS, as NAME=PATH, set by the caller)
one() {
	local mode=$1 name=$2 prog=$3 status
	shift 3
	rm -f exc.ndjson
	: >exc.ndjson
	"$bin/$prog" --max-line "$MAXLINE" --stats -x exc.ndjson "$@" \
	    >out.ndjson 2>stats
	status=$?
	runs=$((runs + 1))
	if [ "$status" -gt 1 ]; then
		echo "FAIL: $name (seed $seed): status $status: $(grep -v '^{"tool"' stats | head -n 2)"
		failed=$((failed + 1))
		return
	fi
	if ! KITS=$kits "$check" run "$mode" stats out.ndjson exc.ndjson \
	    "${INPUTS[@]}" >check.out 2>&1; then
		echo "FAIL: $name (seed $seed): $(cat check.out)"
		failed=$((failed + 1))
		mkdir -p "$build/noloss-failed/$name-$seed"
		cp in.ndjson wms.ndjson bulk.jsonl out.ndjson exc.ndjson stats \
		    "$build/noloss-failed/$name-$seed/" 2>/dev/null
	fi
}

for seed in $(seq 1 "$seeds"); do
	if [ "$seed" = 1 ]; then	# the seed records as they are
		cat "$top"/test/fuzz/corpus/records/*/*.ndjson >in.ndjson
		"$gen" 1001 "$lines" "$MAXLINE" >wms.ndjson
	else
		"$gen" "$seed" "$lines" "$MAXLINE" "${corpus[@]}" >in.ndjson
		"$gen" $((seed + 1000)) "$lines" "$MAXLINE" >wms.ndjson
	fi
	INPUTS=(in.ndjson=in.ndjson)
	one pass sku-normalize sku-normalize -M skus.csv in.ndjson
	one pass "sku-normalize-clean" sku-normalize -p sku -p 'line_items[].sku' \
	    --case upper --allow 'A-Z0-9-' --pad 6 --keep-original in.ndjson
	one pass dekit dekit -k kits.csv in.ndjson
	one pass "dekit-rekit" dekit -k kits.csv --rekit in.ndjson
	one pass "dekit-magento" dekit --shape magento -k kits.csv in.ndjson
	one stock "dekit-stock" dekit -k kits.csv --stock in.ndjson
	one pass shipmap shipmap -m shipping.csv --default TPS48 in.ndjson
	one pass "shipmap-strict" shipmap -m shipping.csv in.ndjson
	cp "$top/test/fault/data/state.ndjson" state.ndjson
	one statusmap statusmap statusmap -m status-clarus.csv --orders to-wms.ndjson \
	    --state state.ndjson in.ndjson
	one pass wmsorder wmsorder in.ndjson
	one pass "wmsorder-magento" wmsorder --shape magento in.ndjson
	one pass "wmsorder-graphql" wmsorder --shape shopify-graphql in.ndjson
	one report wmsreport wmsreport --as-of 2026-11-27T06:00:00Z in.ndjson
	one nest nest nest in.ndjson
	# a bulk export gone wrong (orphans, children before their parent,
	# ids twice, children of no type), grouped and not
	"$gen" -b "$seed" "$lines" "$MAXLINE" >bulk.jsonl
	INPUTS=(bulk.jsonl=bulk.jsonl)
	one nest "nest-bulk" nest bulk.jsonl
	one nest "nest-grouped" nest --grouped bulk.jsonl
	one nest "nest-name" nest --name LineItem=lines --name Delivery=x \
	    bulk.jsonl
	# the pending orders are records too: read, and passed or held
	INPUTS=(in.ndjson=in.ndjson +wms.ndjson=wms.ndjson
	    +pending.ndjson=pending.ndjson)
	# random WMS lines are mostly not stock records, and unrelated to the
	# storefront's: the safety limits would refuse every run
	one stockdiff stockdiff stockdiff --max-bad 100% --max-zero 100% \
	    --wms wms.ndjson --buffers buffers.csv \
	    --pending pending.ndjson in.ndjson
	INPUTS=(in.ndjson=in.ndjson +wms.ndjson=wms.ndjson)
	one stockdiff "stockdiff-location" stockdiff --max-bad 100% \
	    --max-zero 100% --wms wms.ndjson \
	    --location-key location --tolerance 1 in.ndjson
	one reconcile orderdiff orderdiff --max-missing 100% --wms wms.ndjson \
	    in.ndjson
	one reconcile reconcile reconcile --max-missing 100% --wms wms.ndjson \
	    --orders in.ndjson \
	    --kits kits.csv --as-of 2026-11-27T06:00:00Z
done
echo "noloss: $runs runs on $seeds inputs of $lines lines, $failed failed, $((SECONDS - started))s"
[ "$failed" -eq 0 ]
