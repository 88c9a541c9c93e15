#!/bin/sh
# The whole kit on the example data: orders to the WMS, stock back to the
# storefront, fulfilments from WMS events, and the daily check, with what
# each step passed on and what it held for a person.
# Usage: examples/demo.sh [BINDIR]
bin=${1:-bin}
ex=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
PATH="$(cd "$bin" && pwd):$PATH"
export PATH

# "code (owner), by tool: message" for each envelope
held() {
	sed -e 's/^{"exception":{"tool":"\([^"]*\)","code":"\([^"]*\)","owner":"\([^"]*\)","message":"\(\([^"\\]\|\\.\)*\)".*/    \2 (\3), by \1: \4/' \
	    -e 's/\\"/"/g' "$@"
}

echo "1. Orders to the WMS: sku-normalize | dekit | shipmap"
"$ex/order-pipeline.sh" "$ex/orders.ndjson" "$out"
echo "  To the WMS: order [service code]: SKU x quantity @ price"
sed -e 's/^{"id":[0-9]*,"name":"\([^"]*\)".*"line_items":\[\(.*\)\],"shipping_lines":\[{[^]]*"service_code":"\([^"]*\)".*/    \1 [\3]: \2/' \
    -e 's/{"id":[^,]*,"sku":"\([^"]*\)","quantity":\([0-9]*\),"price":"\([^"]*\)"[^{}]*\({[^{}]*}\)\{0,1\}[^{}]*}/\1 x\2 @\3/g' \
    -e 's/{"id":[^,]*,"sku":null,"title":"\([^"]*\)","quantity":\([0-9]*\),"price":"\([^"]*\)"[^{}]*}/(\1) x\2 @\3/g' \
    "$out/to-wms.ndjson"
echo "  Held:"
held "$out/held.ndjson"
cp "$out/held.ndjson" "$out/held-orders.ndjson"

echo
echo "2. Stock to the storefront: dekit --stock | stockdiff"
grep '"#1007"' "$ex/orders.ndjson" >"$out/pending.ndjson"
"$ex/stock-sync.sh" "$ex/wms-stock.ndjson" "$ex/store-stock.ndjson" \
    "$out/pending.ndjson" "$out/stock"
echo "  Updates: SKU: storefront shows -> should show (risk)"
sed 's/^{"sku":"\([^"]*\)","available":\([0-9]*\),"previous":\(-\{0,1\}[0-9]*\),"delta":[^,]*,"risk":"\([a-z]*\)"}/    \1: \3 -> \2 (\4)/' \
    "$out/stock/stock-updates.ndjson"
echo "  Held:"
held "$out/stock/held.ndjson"

echo
echo "3. Fulfilments from WMS events: statusmap, run twice on the same events"
"$ex/fulfilment-feed.sh" "$ex/wms-events.ndjson" "$out/to-wms.ndjson" \
    "$out/feed"
"$ex/fulfilment-feed.sh" "$ex/wms-events.ndjson" "$out/to-wms.ndjson" \
    "$out/feed"
echo "  Updates: fulfilment key, channel status, order status"
sed 's/.*"fulfilment_key":"\([^"]*\)".*"channel_status":"\([^"]*\)".*"order_status":"\([^"]*\)".*/    \1: \2, order \3/' \
    "$out/feed/fulfilments.ndjson"
echo "  (the second run, on the same events, added nothing)"

echo
echo "4. The daily check: reconcile and wmsreport"
mkdir -p "$out/check"
cat "$out/held-orders.ndjson" "$out/stock/held.ndjson" >"$out/check/held.ndjson"
"$ex/daily-check.sh" "$ex/orders.ndjson" "$ex/wms-orders.ndjson" \
    "$ex/fulfilments.ndjson" 2026-11-27T06:00:00Z "$out/check"
echo "  Discrepancies: code (owner): order"
sed 's/^{"code":"\([^"]*\)","owner":"\([^"]*\)","order_ref":"\([^"]*\)".*/    \1 (\2): \3/' \
    "$out/check/discrepancies.ndjson"
echo
sed 's/^/  | /' "$out/check/report.txt"
echo
echo "  The report as a page: report.html ($(wc -c <"$out/check/report.html") bytes, no script, nothing fetched)"
mkdir -p "$ex/../build/demo" && cp "$out/check/report.html" "$ex/../build/demo/" &&
    echo "  kept in build/demo/report.html"
