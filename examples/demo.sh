#!/bin/sh
# The order pipeline on the example data: SKUs made exact, bundles broken
# into what the warehouse picks, shipping titles mapped to carrier services;
# what goes on to the WMS, and what is held for a person, with its owner.
# Usage: examples/demo.sh [BINDIR]
bin=${1:-bin}
ex=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PATH="$bin:$PATH"
held=$tmp/held.ndjson

echo "\$ sku-normalize -M skus.csv -x held.ndjson orders.ndjson |"
echo "      dekit -k kits.csv -x held.ndjson |"
echo "      shipmap -m shipping.csv --services services.csv -x held.ndjson"
sku-normalize -M "$ex/skus.csv" -x "$held" "$ex/orders.ndjson" |
    dekit -k "$ex/kits.csv" -x "$held" |
    shipmap -m "$ex/shipping.csv" --services "$ex/services.csv" \
    -x "$held" >"$tmp/to-wms.ndjson"
echo
echo "To the WMS: order, service code, then each line as SKU x quantity @ price"
sed -e 's/^{"id":[0-9]*,"name":"\([^"]*\)".*"line_items":\[\(.*\)\],"shipping_lines":\[{[^]]*"service_code":"\([^"]*\)".*/  \1 [\3]: \2/' \
    -e 's/{"id":[^,]*,"sku":"\([^"]*\)","quantity":\([0-9]*\),"price":"\([^"]*\)"[^{}]*\({[^{}]*}\)\{0,1\}[^{}]*}/\1 x\2 @\3/g' \
    -e 's/{"id":[^,]*,"sku":null,"title":"\([^"]*\)","quantity":\([0-9]*\),"price":"\([^"]*\)"[^{}]*}/(\1) x\2 @\3/g' \
    "$tmp/to-wms.ndjson"
echo
echo "Held in held.ndjson: code (owner): message"
sed -e 's/^{"exception":{"tool":"\([^"]*\)","code":"\([^"]*\)","owner":"\([^"]*\)","message":"\(\([^"\\]\|\\.\)*\)".*/  \2 (\3), by \1: \4/' \
    -e 's/\\"/"/g' "$held"
echo
echo "$(wc -l <"$tmp/to-wms.ndjson") orders to the WMS, $(wc -l <"$held") held."
