#!/bin/sh
# test/bench/run.sh: the benchmarks, as run by `make bench`.
#
# Generates the data (test/bench/gen.c) into $WORK unless it is there for
# the same sizes and generator, checks on a small set that each program
# and its peers agree, then times each program on its main job, the floors
# (test/bench/floor.c: jansson's, and with -j the kit's own reader's) on
# the same input, the peers doing the same work (jq, gojq, Miller) and,
# for the stateless filters, the program split over 2 jobs by GNU parallel,
# each the best of $BENCH_RUNS runs, output to /dev/null; prints the table
# and writes it, with the machine and the noise, to $WORK/results.md.
#
# Environment (the Makefile passes them on):
#   BIN=bin            the programs
#   BENCH=build/bench  gen, floor and measure, built by `make bench`
#   WORK=$BENCH        data, outputs and results
#   ORDERS=200000      orders (the streaming check reads 10 times as many)
#   SKUS=1000000       SKUs of the master and of each stock snapshot
#   BENCH_RUNS=3       runs per measurement; the best counts
#   BENCH_ONLY=        a subset, as words: sku-normalize dekit shipmap
#                      statusmap orderdiff stockdiff reconcile streaming
#                      master nest (the floors always run)
#   JQ=jq GOJQ=gojq MLR=mlr  the peers
#   PARALLEL=parallel  GNU parallel, for the .par2 rows
#   PAR_BLOCK=8M       its --block
set -u
BIN=${BIN:-bin}
BENCH=${BENCH:-build/bench}
WORK=${WORK:-$BENCH}
ORDERS=${ORDERS:-200000}
SKUS=${SKUS:-1000000}
RUNS=${BENCH_RUNS:-3}
ONLY=${BENCH_ONLY:-}
JQ=${JQ:-jq}
GOJQ=${GOJQ:-gojq}
MLR=${MLR:-mlr}
PARALLEL=${PARALLEL:-parallel}
PAR_BLOCK=${PAR_BLOCK:-8M}
AS_OF=2026-11-27T06:00:00Z
here=$(cd "$(dirname "$0")" && pwd)
MEASURE=$BENCH/measure
GEN=$BENCH/gen
FLOOR=$BENCH/floor
LC_ALL=C
export LC_ALL

die() { echo "bench: $*" >&2; exit 2; }
say() { echo "bench: $*" >&2; }
wanted() { [ -z "$ONLY" ] || case " $ONLY " in *" $1 "*) true;; *) false;; esac; }

for f in "$MEASURE" "$GEN" "$FLOOR"; do
	[ -x "$f" ] || die "$f is missing: run make bench"
done
for p in sku-normalize dekit shipmap statusmap orderdiff stockdiff \
    reconcile nest; do
	[ -x "$BIN/$p" ] || die "$BIN/$p is missing: run make"
done
command -v "$JQ" >/dev/null || die "jq is missing: apt-get install jq"
command -v "$GOJQ" >/dev/null || die "gojq is missing: apt-get install gojq"
command -v "$MLR" >/dev/null || die "mlr is missing: apt-get install miller"
# moreutils has a parallel of its own, with other options
"$PARALLEL" --version 2>/dev/null | grep -q '^GNU parallel' ||
    die "GNU parallel is missing: apt-get install parallel"
mkdir -p "$WORK" || exit 2

# --- data ---------------------------------------------------------------

# The peers' tables, made from the same CSV files as the programs'.
# master.json: every SKU to itself, every canonical key to its SKU.
# kits.json: each kit's leaves, nested kits flattened, units multiplied.
# shipping.json: folded title to {country or "": [code, carrier]}.
derive() {
	d=$1
	# the key as lib/domain/sku.c makes it: letters and digits, upper case,
	# other bytes kept where not ASCII, one "-" for separators between
	# two digits, leading zeros removed (one kept before a "-" or alone)
	awk -F, 'function key(s,   i, c, k, gap, z) {
		s = toupper(s); k = ""; gap = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c ~ /[A-Z0-9]/ || c !~ /[\001-\177]/) {
				if (gap && c ~ /[0-9]/ && k ~ /[0-9]$/)
					k = k "-"
				gap = 0; k = k c
			} else
				gap = 1
		}
		z = match(k, /^0+/) ? RLENGTH : 0
		if (z > 0 && (z == length(k) || substr(k, z + 1, 1) == "-"))
			z--
		return substr(k, z + 1)
	    }
	    NR > 1 { s = $1; k = key(s)
		printf "%s\"%s\":\"%s\"", (n++ ? "," : "{"), s, s
		if (k != s && k != "") printf ",\"%s\":\"%s\"", k, s }
	    END { print (n ? "" : "{") "}" }' "$d/skus.csv" >"$d/master.json"
	awk -F, '
	    NR > 1 { if (!($1 in nc)) { order[nk++] = $1; nc[$1] = 0 }
		c[$1, nc[$1]] = $2; q[$1, nc[$1]++] = $3 }
	    function leaves(k, mult, out,   i, s) {
		for (i = 0; i < nc[k]; i++) {
			s = c[k, i]
			if (s in nc)
				out = leaves(s, mult * q[k, i], out)
			else
				out = out (out != "" ? "," : "") "[\"" s "\"," \
				    mult * q[k, i] "]"
		}
		return out
	    }
	    END { printf "{"
		for (i = 0; i < nk; i++)
			printf "%s\"%s\":[%s]", (i ? "," : ""), order[i],
			    leaves(order[i], 1, "")
		print "}" }' "$d/kits.csv" >"$d/kits.json"
	awk -F, 'NR > 1 && $4 == "" { t = tolower($1); gsub(/ +/, " ", t)
		sub(/^ /, "", t); sub(/ $/, "", t)
		if (t in rows) rows[t] = rows[t] ","
		else { order[n++] = t; rows[t] = "" }
		rows[t] = rows[t] "\"" toupper($5) "\":[\"" $2 "\",\"" $3 \
		    "\"]" }
	    END { printf "{"
		for (i = 0; i < n; i++)
			printf "%s\"%s\":{%s}", (i ? "," : ""), order[i],
			    rows[order[i]]
		print "}" }' "$d/shipping.csv" >"$d/shipping.json"
}

generate() {
	d=$1 n=$2 s=$3
	stamp="$n $s $(cksum <"$here/gen.c")"
	if [ -f "$d/stamp" ] && [ "$(cat "$d/stamp")" = "$stamp" ]; then
		return 0
	fi
	say "generating $n orders, $s SKUs into $d"
	mkdir -p "$d" && rm -f "$d/stamp" &&
	    "$GEN" "$d" "$n" "$s" && derive "$d" || die "cannot generate $d"
	echo "$stamp" >"$d/stamp"
}

# gen -b: the Shopify bulk export of ORDERS orders, grouped and not (nest)
generate_bulk() {
	d=$1 n=$2 s=$3
	stamp="bulk $n $s $(cksum <"$here/gen.c")"
	if [ -f "$d/bulk.stamp" ] && [ "$(cat "$d/bulk.stamp")" = "$stamp" ]
	then
		return 0
	fi
	say "generating a bulk export of $n orders into $d"
	mkdir -p "$d" && rm -f "$d/bulk.stamp" &&
	    "$GEN" -b "$d" "$n" "$s" || die "cannot generate $d/bulk.jsonl"
	echo "$stamp" >"$d/bulk.stamp"
}

# The inputs of statusmap and orderdiff, which come after sku-normalize
# and dekit in the pipeline: the orders in WMS SKUs and components
# (orders-wms.ndjson), and a status table for gen's goods-out statuses.
# Made anew each run, as the programs may have changed.
pipeline() {
	d=$1
	printf '%s\n' wms_status,channel_status,effect \
	    AWAITING_PICK,pending,none ALLOCATED,open,none \
	    DESPATCHED,success,shipped CANCELLED,cancelled,cancelled \
	    >"$d/status.csv"
	"$BIN/sku-normalize" -M "$d/skus.csv" "$d/orders.ndjson" 2>/dev/null |
	    "$BIN/dekit" -k "$d/kits.csv" >"$d/orders-wms.ndjson" 2>/dev/null
	[ -s "$d/orders-wms.ndjson" ] || die "cannot write $d/orders-wms.ndjson"
}
# statusmap's events: each goods-out a shipment under its reference
STATUSMAP_ARGS='--wms-ref-path reference --wms-shipment-path reference
    --wms-qty-key dispatch_quantity --wms-tracking-path tracking_number'

generate "$WORK" "$ORDERS" "$SKUS"
{ wanted statusmap || wanted orderdiff; } && pipeline "$WORK"
wanted nest && generate_bulk "$WORK" "$ORDERS" "$SKUS"
D=$WORK
X=$D/orders-10x.ndjson
if wanted streaming && { [ ! -f "$X" ] || [ "$X" -ot "$D/stamp" ]; }; then
	say "orders-10x.ndjson: orders.ndjson 10 times"
	for i in 1 2 3 4 5 6 7 8 9 10; do cat "$D/orders.ndjson"; done \
	    >"$X" || die "cannot write $X"
fi
SMALL_SKUS=100000
[ "$SKUS" -lt 1000000 ] && SMALL_SKUS=$((SKUS / 10))
head -n $((SMALL_SKUS + 1)) "$D/skus.csv" >"$D/skus-small.csv"

lines() { wc -l <"$1" | tr -d ' '; }
bytes() { wc -c <"$1" | tr -d ' '; }

# --- spot checks: each program against its peer, on a small set ----------

C=$WORK/check
generate "$C" 5000 20000
: >"$WORK/checks.txt"
check() {	# name, result
	printf '%-14s %s\n' "$1" "$2" | tee -a "$WORK/checks.txt" >&2
}
same() {	# a b: the same lines
	if cmp -s "$1" "$2"; then echo "agree on $(lines "$1") records"
	else echo "DIFFER ($(lines "$1") and $(lines "$2") records)"; fi
}
say "spot checks on $C (5000 orders, 20000 SKUs)"
"$BIN/sku-normalize" -M "$C/skus.csv" "$C/orders.ndjson" >"$C/sn.out" \
    2>"$C/sn.held"
"$JQ" -c --slurpfile master "$C/master.json" -f "$here/sku-normalize.jq" \
    "$C/orders.ndjson" >"$C/sn.jq"
"$JQ" -c '[.line_items[].sku]' "$C/sn.out" >"$C/a"
"$JQ" -c 'select(.exception | not) | [.line_items[].sku]' "$C/sn.jq" >"$C/b"
check sku-normalize "SKUs of passed orders: $(same "$C/a" "$C/b");\
 held $(lines "$C/sn.held"), jq $(grep -c '^{"exception"' "$C/sn.jq")"
"$BIN/dekit" -k "$C/kits.csv" "$C/orders.ndjson" >"$C/dk.out" 2>"$C/dk.held"
"$JQ" -c --slurpfile kits "$C/kits.json" -f "$here/dekit.jq" \
    "$C/orders.ndjson" >"$C/dk.jq"
"$JQ" -c '[.line_items[] | [.sku, .quantity, .id]]' "$C/dk.out" >"$C/a"
"$JQ" -c '[.line_items[] | [.sku, .quantity, .id]]' "$C/dk.jq" >"$C/b"
check dekit "lines (sku, quantity, id): $(same "$C/a" "$C/b");\
 prices differ where kits are weighted (jq shares by units)"
"$BIN/shipmap" -m "$C/shipping.csv" "$C/orders.ndjson" >"$C/sm.out" \
    2>"$C/sm.held"
"$JQ" -c --slurpfile ship "$C/shipping.json" -f "$here/shipmap.jq" \
    "$C/orders.ndjson" >"$C/sm.jq"
"$JQ" -c '[.shipping_lines[] | select(.is_removed != true)][0] |
    [.service_code, .carrier]' "$C/sm.out" >"$C/a"
"$JQ" -c 'select(.exception | not) | [.shipping_lines[] |
    select(.is_removed != true)][0] | [.service_code, .carrier]' \
    "$C/sm.jq" >"$C/b"
check shipmap "codes and carriers: $(same "$C/a" "$C/b");\
 held $(lines "$C/sm.held"), jq $(grep -c '^{"exception"' "$C/sm.jq")"

# gojq runs the same programs; it writes an object's keys sorted, so its
# records are compared with jq's with their keys sorted
gojq_check() {	# program, its short name, the table's variable and file
	"$GOJQ" -c --slurpfile "$3" "$C/$4.json" -f "$here/$1.jq" \
	    "$C/orders.ndjson" >"$C/$2.gojq"
	"$JQ" -S -c . "$C/$2.jq" >"$C/a"
	"$JQ" -S -c . "$C/$2.gojq" >"$C/b"
	check "$1.gojq" "records against jq's, keys sorted: $(same "$C/a" "$C/b")"
}
gojq_check sku-normalize sn master master
gojq_check dekit dk kits kits
gojq_check shipmap sm ship shipping

# parallel --pipe -k in blocks of 1M (8 of the check's orders): the
# output byte for byte that of one process, and the same records held
# (their envelopes differ: each job counts lines from its block's start)
par_check() {	# program, its short name, its options
	p=$1 o=$2
	shift 2
	"$PARALLEL" --pipe -k -j2 --block 1M "$BIN/$p" "$@" \
	    <"$C/orders.ndjson" >"$C/$o.par" 2>"$C/$o.par.held"
	"$JQ" -c .record "$C/$o.held" >"$C/a"
	"$JQ" -c .record "$C/$o.par.held" >"$C/b"
	check "$p.par2" "output against one process: $(same "$C/$o.out" \
	    "$C/$o.par"); held records: $(same "$C/a" "$C/b")"
}
par_check sku-normalize sn -M "$C/skus.csv"
par_check dekit dk -k "$C/kits.csv"
par_check shipmap sm -m "$C/shipping.csv"

STOCK_PEER='join --ul --ur -j sku --lp wms_ --rp store_ -f'
STOCK_FILTER='is_present($available) || $wms_available != $store_available'
"$BIN/stockdiff" --wms "$C/wms-stock.ndjson" "$C/store-stock.ndjson" \
    >"$C/sd.out" 2>"$C/sd.held"
"$MLR" --ijsonl --ojsonl $STOCK_PEER "$C/wms-stock.ndjson" \
    then filter "$STOCK_FILTER" "$C/store-stock.ndjson" >"$C/sd.mlr"
# stockdiff's updates: the SKUs both sides list that differ, and those the
# WMS lacks where the storefront shows stock; Miller's join: both kinds,
# and the WMS's SKUs that the storefront lacks (stockdiff holds those).
"$JQ" -r .sku "$C/sd.out" | sort >"$C/a"
"$JQ" -r 'select(has("wms_available") or (has("available") and
    (.sku | startswith("OLD-")) and .available > 0)) | .sku' "$C/sd.mlr" |
    sort >"$C/b"
check stockdiff "SKUs to update: $(same "$C/a" "$C/b");\
 held $(lines "$C/sd.held") (missing_in_wms, missing_in_store)"

RC_PEER_PUT='$reference = sub($name, "^#", "")'
RC_PEER_FILTER='is_absent($status) || is_absent($name) ||
    (($status == "CANCELLED") != is_not_null($cancelled_at)) ||
    (($status == "DESPATCHED") != ($fulfillment_status == "fulfilled")) ||
    ($status == "DESPATCHED" &&
     $tracking_number != $fulfillments[1]["tracking_number"])'
"$BIN/reconcile" --wms "$C/wms-orders.ndjson" --orders "$C/orders.ndjson" \
    --kits "$C/kits.csv" --as-of "$AS_OF" >"$C/rc.out" 2>"$C/rc.held"
"$MLR" --ijsonl --ojsonl put "$RC_PEER_PUT" then join --ul --ur \
    -j reference -f "$C/wms-orders.ndjson" then filter "$RC_PEER_FILTER" \
    "$C/orders.ndjson" >"$C/rc.mlr"
check reconcile "$(lines "$C/rc.out") findings ($("$JQ" -r .code \
    "$C/rc.out" | sort | uniq -c | awk '{ printf "%s%s %s", s, $1, $2;
    s = ", " }')); mlr join+filter: $(lines "$C/rc.mlr") records\
 (no quantities, no grace)"

if wanted statusmap || wanted orderdiff; then
	pipeline "$C"
	"$BIN/statusmap" -m "$C/status.csv" --orders "$C/orders-wms.ndjson" \
	    $STATUSMAP_ARGS "$C/wms-orders.ndjson" >"$C/st.out" 2>"$C/st.held"
	"$BIN/orderdiff" --wms "$C/wms-orders.ndjson" "$C/orders-wms.ndjson" \
	    >"$C/od.out" 2>"$C/od.held"
	check statusmap "no peer: $(lines "$C/st.out") updates from\
 $(lines "$C/wms-orders.ndjson") goods-outs, held $(lines "$C/st.held")"
	check orderdiff "no peer: $(lines "$C/od.out") amendments for\
 $(lines "$C/orders-wms.ndjson") orders, held $(lines "$C/od.held")"
fi
if wanted nest; then
	generate_bulk "$C" 5000 20000
	"$BIN/nest" "$C/bulk.jsonl" >"$C/ne.out" 2>"$C/ne.held"
	"$BIN/nest" --grouped "$C/bulk-grouped.jsonl" >"$C/neg.out" \
	    2>"$C/neg.held"
	"$JQ" -s -c -f "$here/nest.jq" "$C/bulk.jsonl" >"$C/ne.jq"
	check nest "orders, byte for byte: ungrouped and jq -s $(same \
	    "$C/ne.out" "$C/ne.jq"); --grouped and jq -s $(same "$C/neg.out" \
	    "$C/ne.jq"); held $(($(lines "$C/ne.held") + $(lines "$C/neg.held")))"
fi

# --- timing -------------------------------------------------------------

R=$WORK/results.tsv
: >"$R"
load=$(cut -d ' ' -f 1-3 /proc/loadavg)
# bench KEY RECORDS BYTES command...: the best of $RUNS runs
bench() {
	key=$1 recs=$2 size=$3
	shift 3
	say "$key"
	i=0 best= worst= cpu= rss=0 st=0
	while [ "$i" -lt "$RUNS" ]; do
		set -- $("$MEASURE" -e "$WORK/$key.err" -- "$@") "$@"
		w=$1 c=$2 m=$3 s=$4
		shift 4
		if [ "$s" -gt 1 ]; then
			say "$key: exit status $s; see $WORK/$key.err"
			st=$s
		fi
		if [ -z "$best" ] || awk "BEGIN { exit !($w < $best) }"; then
			best=$w cpu=$c
		fi
		if [ -z "$worst" ] || awk "BEGIN { exit !($w > $worst) }"; then
			worst=$w
		fi
		[ "$m" -gt "$rss" ] && rss=$m
		i=$((i + 1))
	done
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$recs" "$size" \
	    "$best" "$worst" "$cpu" "$rss" "$st" >>"$R"
}

O=$D/orders.ndjson
NO=$(lines "$O") BO=$(bytes "$O")
bench floor "$NO" "$BO" "$FLOOR" "$O"
bench floor.jdoc "$NO" "$BO" "$FLOOR" -j "$O"
# a stateless filter: alone, split over 2 jobs by GNU parallel (reading
# its standard input, as a user spreads it over cores), and its jq and
# gojq peers: the same program, its table as a --slurpfile variable
stateless() {	# program, the table's variable and file, its options
	p=$1 var=$2 table=$3
	shift 3
	bench "$p" "$NO" "$BO" "$BIN/$p" "$@" "$O"
	# parallel's status is the number of jobs that failed, and a job
	# that holds a record exits 1: only a job's trouble (2) counts here
	bench "$p.par2" "$NO" "$BO" sh -c 'f=$1; shift; "$@" <"$f"' sh "$O" \
	    "$PARALLEL" -q --pipe -k -j2 --block "$PAR_BLOCK" \
	    sh -c '"$0" "$@"; [ $? -le 1 ]' "$BIN/$p" "$@"
	bench "$p.jq" "$NO" "$BO" "$JQ" -c --slurpfile "$var" \
	    "$D/$table.json" -f "$here/$p.jq" "$O"
	# gojq walks a --slurpfile value again for every input (40 ms an
	# order with a 100k-SKU master): hours on the master; GOJQ_ALL=1 to
	# run it anyway
	if [ "$p" = sku-normalize ] && [ -z "${GOJQ_ALL:-}" ]; then
		say "$p.gojq: skipped (set GOJQ_ALL=1)"
		return 0
	fi
	bench "$p.gojq" "$NO" "$BO" "$GOJQ" -c --slurpfile "$var" \
	    "$D/$table.json" -f "$here/$p.jq" "$O"
}
wanted sku-normalize && stateless sku-normalize master master \
    -M "$D/skus.csv"
wanted dekit && stateless dekit kits kits -k "$D/kits.csv"
wanted shipmap && stateless shipmap ship shipping -m "$D/shipping.csv"
if wanted statusmap || wanted orderdiff; then
	# both read the goods-outs and the orders in WMS SKUs whole
	W=$D/wms-orders.ndjson P=$D/orders-wms.ndjson
	n=$(($(lines "$W") + $(lines "$P"))) b=$(($(bytes "$W") + $(bytes "$P")))
	bench floor.pipeline "$n" "$b" "$FLOOR" "$W" "$P"
	wanted statusmap && bench statusmap "$n" "$b" "$BIN/statusmap" \
	    -m "$D/status.csv" --orders "$P" $STATUSMAP_ARGS "$W"
	wanted orderdiff && bench orderdiff "$n" "$b" "$BIN/orderdiff" \
	    --wms "$W" "$P"
fi
if wanted stockdiff; then
	W=$D/wms-stock.ndjson S=$D/store-stock.ndjson
	n=$(($(lines "$W") + $(lines "$S"))) b=$(($(bytes "$W") + $(bytes "$S")))
	bench floor.stock "$n" "$b" "$FLOOR" "$W" "$S"
	bench stockdiff "$n" "$b" "$BIN/stockdiff" --wms "$W" "$S"
	bench stockdiff.mlr "$n" "$b" "$MLR" --ijsonl --ojsonl $STOCK_PEER "$W" \
	    then filter "$STOCK_FILTER" "$S"
	# the shell's way, for the record: text out of the JSON, sort, join
	bench stockdiff.sort "$n" "$b" sh -c '
	    t=$(mktemp -d) || exit 2
	    x="s/^{\"sku\":\"\([^\"]*\)\",\"available\":\(-\{0,1\}[0-9]*\)}$/\1 \2/"
	    sed "$x" "$1" | sort -k1,1 >"$t/w" &
	    sed "$x" "$2" | sort -k1,1 >"$t/s"
	    wait
	    join -a1 -a2 -e NA -o 0,1.2,2.2 "$t/w" "$t/s" | awk "\$2 != \$3"
	    rm -rf "$t"' sh "$W" "$S"
fi
if wanted reconcile; then
	W=$D/wms-orders.ndjson
	n=$(($(lines "$W") + NO)) b=$(($(bytes "$W") + BO))
	bench floor.orders "$n" "$b" "$FLOOR" "$W" "$O"
	bench reconcile "$n" "$b" "$BIN/reconcile" --wms "$W" --orders "$O" \
	    --kits "$D/kits.csv" --as-of "$AS_OF"
	bench reconcile.mlr "$n" "$b" "$MLR" --ijsonl --ojsonl put "$RC_PEER_PUT" \
	    then join --ul --ur -j reference -f "$W" then filter \
	    "$RC_PEER_FILTER" "$O"
fi
if wanted streaming; then
	[ -n "$ONLY" ] && ! wanted sku-normalize &&
	    bench sku-normalize "$NO" "$BO" "$BIN/sku-normalize" \
	    -M "$D/skus.csv" "$O"
	bench sku-normalize.10x "$(lines "$X")" "$(bytes "$X")" \
	    "$BIN/sku-normalize" -M "$D/skus.csv" "$X"
fi
if wanted master; then
	bench master.empty 0 0 "$BIN/sku-normalize" -M "$D/skus.csv" /dev/null
	bench master.small 0 0 "$BIN/sku-normalize" -M "$D/skus-small.csv" \
	    /dev/null
	[ -n "$ONLY" ] && ! wanted sku-normalize && ! wanted streaming &&
	    bench sku-normalize "$NO" "$BO" "$BIN/sku-normalize" \
	    -M "$D/skus.csv" "$O"
fi
if wanted nest; then
	# the floor on the same lines; nest on the grouped export with
	# --grouped (one root in memory) and on the ungrouped one (every root
	# open until the end); jq can only slurp (-s) the export
	B=$D/bulk.jsonl G=$D/bulk-grouped.jsonl
	NB=$(lines "$B") BB=$(bytes "$B")
	bench floor.bulk "$NB" "$BB" "$FLOOR" "$B"
	bench nest.grouped "$NB" "$BB" "$BIN/nest" --stats --grouped "$G"
	bench nest "$NB" "$BB" "$BIN/nest" --stats "$B"
	bench nest.jq "$NB" "$BB" "$JQ" -s -c -f "$here/nest.jq" "$B"
fi

# --- the report ---------------------------------------------------------

cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
jqv=$("$JQ" --version 2>&1)
gojqv=$("$GOJQ" --version 2>&1 | cut -d ' ' -f 1-2)
parv=$("$PARALLEL" --version 2>&1 | head -n 1)
mlrv=$("$MLR" --version 2>&1)
jv=$(dpkg-query -W -f '${Version}' libjansson4 2>/dev/null || echo "?")
{
echo "# wmskit benchmarks"
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $cpu, $mem, $(uname -sr); load average"
echo "$load at the start, $(cut -d ' ' -f 1-3 /proc/loadavg) at the end;"
echo "jansson $jv, $jqv, $gojqv, $mlrv, $parv (--block $PAR_BLOCK)."
echo "$ORDERS orders ($(awk "BEGIN { printf \
\"%.0f\", $BO / 1e6 }") MB), $SKUS SKUs; best of $RUNS runs, output to /dev/null."
echo
most_open() {	# the most roots open at once, from the last run's --stats
	sed -n 's/.*"most_open":\([0-9]*\).*/\1/p' "$WORK/$1.err" 2>/dev/null |
	    tail -n 1
}
awk -F '\t' -v skus="$SKUS" -v small="$SMALL_SKUS" -v orders="$ORDERS" \
    -v open_g="$(most_open nest.grouped)" -v open_u="$(most_open nest)" \
    -v stock="$(lines "$D/wms-stock.ndjson") WMS, $(lines "$D/store-stock.ndjson") storefront" \
    -v wmsorders="$(lines "$D/wms-orders.ndjson") WMS, $NO storefront" \
    -v block="$PAR_BLOCK" '
function mb(x) { return sprintf("%.0f", x / 1048576) }
function rate(n, t) { return n > 0 && t > 0 ? (n / t >= 1e6 ? sprintf("%.2fM", n / t / 1e6) : sprintf("%.0fk", n / t / 1e3)) : "-" }
function row(k, what, peer, fl,    r, fs, ps, mem) {
	if (!(k in best)) return
	fs = (fl in best) ? sprintf("%.2f", best[fl] / best[k]) : ""
	ps = (peer in best) ? sprintf("%.1f", best[peer] / best[k]) : ""
	mem = (peer in best && rss[peer] > 0) ? sprintf(" (%.2f)", rss[k] / rss[peer]) : ""
	printf "| %s | %s | %.2f | %.2f | %s | %.1f | %s | %s | %s%s | %.0f%% |%s\n", \
	    k, what, best[k], cpu[k], rate(recs[k], best[k]), \
	    (best[k] > 0 ? bytes[k] / 1e6 / best[k] : 0), mb(rss[k] * 1024), fs, ps, mem, \
	    100 * (worst[k] - best[k]) / best[k], \
	    (status[k] > 1 ? " **exit " status[k] "**" : "")
}
{ recs[$1] = $2; bytes[$1] = $3; best[$1] = $4; worst[$1] = $5; cpu[$1] = $6
  rss[$1] = $7; status[$1] = $8; if ($4 > 0) spread[n++] = ($5 - $4) / $4 }
BEGIN { sides["stock"] = stock; sides["orders"] = wmsorders }
function ratio(a, b) { return (a in best) && (b in best) && best[b] > 0 ? best[a] / best[b] : 0 }
function verdict(ok) { return ok ? "met" : "**missed**" }
# against the floor, a floor ratio f of at least 3
function floor3(k, fl, what,    f) {
	if (!(k in best)) return
	f = ratio(fl, k)
	printf "- %s%s: %.2f × the jansson floor'"'"'s throughput (target 3): %s.\n", k, what, f, verdict(f >= 3)
}
END {
	print "| program | job | best s | CPU s | records/s | MB/s | peak RSS MB | × floor | × peer (RSS ratio) | spread |"
	print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	row("floor", "orders.ndjson: getline, json_loadb, json_dumps", "", "")
	row("floor.jdoc", "orders.ndjson: getline, jdoc_parse, the line as it came", "", "floor")
	split("sku-normalize dekit shipmap", st, " ")
	job["sku-normalize"] = "-M skus.csv (" skus " SKUs)"
	job["dekit"] = "-k kits.csv"
	job["shipmap"] = "-m shipping.csv"
	peerjob["sku-normalize"] = "clean, look up the master object"
	peerjob["dekit"] = "expand from a kits object"
	peerjob["shipmap"] = "folded title through an object"
	for (i = 1; i <= 3; i++) {
		k = st[i]
		row(k, job[k], k ".jq", "floor")
		row(k ".par2", "parallel --pipe -k -j2 --block " block " (× peer: over one process)", k, "floor")
		row(k ".jq", "jq: " peerjob[k], "", "floor")
		row(k ".gojq", "gojq: the same program", "", "floor")
	}
	row("floor.pipeline", "wms-orders.ndjson and orders-wms.ndjson (orders after sku-normalize and dekit)", "", "")
	row("statusmap", "-m status.csv --orders orders-wms.ndjson, goods-outs as events", "", "floor.pipeline")
	row("orderdiff", "--wms wms-orders.ndjson orders-wms.ndjson", "", "floor.pipeline")
	row("floor.stock", "both stock snapshots", "", "")
	row("stockdiff", "--wms wms-stock.ndjson store-stock.ndjson (" sides["stock"] ")", "stockdiff.mlr", "floor.stock")
	row("stockdiff.mlr", "mlr join --ul --ur, then filter", "", "floor.stock")
	row("stockdiff.sort", "sed, sort, join, awk", "", "floor.stock")
	row("floor.orders", "wms-orders.ndjson and orders.ndjson", "", "")
	row("reconcile", "--wms --orders --kits --as-of (" sides["orders"] ")", "reconcile.mlr", "floor.orders")
	row("reconcile.mlr", "mlr put, join --ul --ur, filter", "", "floor.orders")
	row("sku-normalize.10x", "-M skus.csv, orders.ndjson 10 times", "", "")
	row("master.empty", "-M skus.csv, empty input (" skus " SKUs)", "", "")
	row("master.small", "-M, empty input (" small " SKUs)", "", "")
	row("floor.bulk", "bulk.jsonl (" orders " orders): getline, json_loadb, json_dumps", "", "")
	row("nest.grouped", "--grouped bulk-grouped.jsonl (children after their order)", "nest.jq", "floor.bulk")
	row("nest", "bulk.jsonl (ungrouped: connection by connection)", "nest.jq", "floor.bulk")
	row("nest.jq", "jq -s: slurp, index children by parent, nest", "", "floor.bulk")
	print ""
	print "× floor: the jansson floor'"'"'s time over the program'"'"'s on the same input (1 or"
	print "more: at least the floor'"'"'s throughput); × peer: the peer'"'"'s time over the"
	print "program'"'"'s, and in brackets the program'"'"'s peak RSS over the peer'"'"'s; for a"
	print ".par2 row, one process'"'"'s time over the 2 jobs'"'"'. spread: (worst - best) /"
	print "best over the runs of that row."
	for (i = 0; i < n; i++) for (j = i + 1; j < n; j++)
		if (spread[j] < spread[i]) { t = spread[i]; spread[i] = spread[j]; spread[j] = t }
	if (n) printf "Noise: the spread is %.0f%% at the median, %.0f%% at most.\n", \
	    100 * spread[int((n - 1) / 2)], 100 * spread[n - 1]
	print ""
	print "## Targets"
	print ""
	if ("floor.jdoc" in best)
		printf "The kit'"'"'s own reader sets the floor at %.2f × the jansson floor'"'"'s throughput\n(floor.jdoc: %.2f s against %.2f s).\n\n", \
		    ratio("floor", "floor.jdoc"), best["floor.jdoc"], best["floor"]
	for (i = 1; i <= 3; i++) {
		k = st[i]
		if (!(k in best)) continue
		f = ratio("floor", k); p = ratio(k ".jq", k); g = ratio(k ".gojq", k)
		gs = (k ".gojq") in best ? sprintf("%.1f", g) : "(not run)"
		printf "- %s: %.2f × the jansson floor'"'"'s throughput (target 3), %.1f × jq'"'"'s and %s × gojq'"'"'s (target 10 each): %s", \
		    k, f, p, gs, verdict(f >= 3 && p >= 10 && g >= 10)
		if ("floor.jdoc" in best)
			printf "; %.2f × the jdoc floor'"'"'s", ratio("floor.jdoc", k)
		if ((k ".par2") in best)
			printf "; on 2 jobs %.2f × one process", ratio(k, k ".par2")
		print "."
	}
	floor3("statusmap", "floor.pipeline", "")
	floor3("orderdiff", "floor.pipeline", "")
	floor3("nest.grouped", "floor.bulk", " (--grouped: most_open " open_g ")")
	floor3("nest", "floor.bulk", " (ungrouped: most_open " open_u ")")
	for (i = 0; i < 2; i++) {
		k = i == 0 ? "stockdiff" : "reconcile"
		if (!(k in best)) continue
		p = ratio(k ".mlr", k); m = rss[k] / rss[k ".mlr"]
		printf "- %s: %.1f × faster than mlr join (target 6), in %.2f of its memory (target 0.10): %s.\n", \
		    k, p, m, verdict(p >= 6 && m <= 0.1)
	}
	if ("sku-normalize.10x" in best) {
		g = rss["sku-normalize.10x"] / rss["sku-normalize"]
		printf "- Peak memory flat in the input'"'"'s length: sku-normalize %s MB on %d orders, %s MB on 10 times as many (× %.2f; target within 10%%): %s.\n", \
		    mb(rss["sku-normalize"] * 1024), orders, mb(rss["sku-normalize.10x"] * 1024), g, verdict(g <= 1.1)
	}
	if ("master.empty" in best && "master.small" in best) {
		l = (best["master.empty"] / skus) / (best["master.small"] / small)
		s = best["master.empty"] / best["sku-normalize"]
		printf "- Master load, linear and a small part of a run: %.2f s for %d SKUs, %.2f s for %d (per SKU × %.2f; target at most 1.5); %.0f%% of the sku-normalize run (target at most 20%%): %s.\n", \
		    best["master.empty"], skus, best["master.small"], small, l, 100 * s, verdict(l <= 1.5 && s <= 0.2)
	}
}' "$R"
echo
echo "Spot checks (5000 orders, 20000 SKUs):"
echo
sed 's/^/    /' "$WORK/checks.txt"
} >"$WORK/results.md"
cat "$WORK/results.md"
