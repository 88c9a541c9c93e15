#!/bin/sh
# The order pipeline on the example data: what goes on to the WMS, and what
# is held for a person, with its code and owner.
# Usage: examples/demo.sh [BINDIR]
bin=${1:-bin}
ex=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PATH="$bin:$PATH"

echo "\$ sku-normalize -M $ex/skus.csv --keep-original -x held.ndjson $ex/orders.ndjson"
sku-normalize -M "$ex/skus.csv" --keep-original -x "$tmp/held.ndjson" \
    --stats "$ex/orders.ndjson" >"$tmp/out.ndjson" 2>"$tmp/stats"
status=$?
echo
echo "Passed on to the WMS: order name, then each line's SKU (and as it came)"
sed -e 's/^{"id":[0-9]*,"name":"\([^"]*\)".*"line_items":\[\(.*\)\],"shipping_lines.*/  \1: \2/' \
    -e 's/{"id":[0-9]*,"sku":\("[^"]*"\|null\)[^}]*"sku_original":\("[^"]*"\)[^}]*}/\1 (was \2)/g' \
    -e 's/{"id":[0-9]*,"sku":\("[^"]*"\|null\)[^}]*}/\1/g' "$tmp/out.ndjson"
echo
echo "Held in held.ndjson: code (owner): message"
sed -e 's/^{"exception":{"tool":"[^"]*","code":"\([^"]*\)","owner":"\([^"]*\)","message":"\(\([^"\\]\|\\.\)*\)".*/  \1 (\2): \3/' \
    -e 's/\\"/"/g' "$tmp/held.ndjson"
echo
echo "Counts (--stats): $(cat "$tmp/stats")"
echo "Exit status $status: 0 all passed, 1 records held, 2 trouble"
[ "$status" -le 1 ]
