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
# a replay of 2026-11-27: every envelope's and finding's "at" is 06:00
export SOURCE_DATE_EPOCH=1795759200

# "code (owner), by tool: message" for each envelope
held() {
	sed -e 's/^{"exception":{"tool":"\([^"]*\)","code":"\([^"]*\)","owner":"\([^"]*\)","message":"\(\([^"\\]\|\\.\)*\)".*/    \2 (\3), by \1: \4/' \
	    -e 's/\\"/"/g' "$@"
}

# "reference [service]: SKU xQTY @PRICE (of KIT), ..." for each goods-out
goods() {
	sed -e 's/^{"reference":"\([^"]*\)".*"carrier_service_code":"\{0,1\}\([^",]*\)"\{0,1\},.*"lines":\[\(.*\)\]}$/    \1 [\2]: \3/' \
	    -e 's/{"product_code":"\([^"]*\)","order_quantity":\([0-9]*\),"unit_price":"\([^"]*\)","external_line_reference":"[^"]*"}/\1 x\2 @\3/g' \
	    -e 's/{"product_code":"\([^"]*\)","order_quantity":\([0-9]*\),"unit_price":"\([^"]*\)","external_line_reference":"[^"]*","kit":{"sku":"\([^"]*\)"[^{}]*}}/\1 x\2 @\3 (of \4)/g' \
	    -e 's/\(@[0-9.]*\( (of [^)]*)\)\{0,1\}\),/\1, /g' \
	    -e 's/\[\]$/nothing to pick/' "$@"
}

echo "1. Orders to the WMS: sku-normalize | dekit | shipmap | wmsorder"
"$ex/order-pipeline.sh" "$ex/orders.ndjson" "$out"
echo "  Goods-out to the WMS: order [service code]: SKU xquantity @unit price"
goods "$out/goods-out.ndjson"
echo "  (#1008 was edited: 000123 from 2 to 1, TS-BLU-M removed, so not sent"
echo "   and not held; its gift card is not picked; Next Day is its live"
echo "   shipping line, the removed Standard Delivery is not)"
echo "  Held:"
held "$out/held.ndjson"
echo
echo "  A Magento order: a bundle whose children are listed, a configurable"
echo "  product, a downloadable guide, one T-shirt of two cancelled"
"$ex/order-pipeline.sh" "$ex/magento-orders.ndjson" "$out/magento" magento
goods "$out/magento/goods-out.ndjson"
echo "  (the bundle's parent row and the configurable's child row are not"
echo "   picked; the guide is not shipped)"
echo
echo "  A Shopify bulk export (GraphQL JSONL: each line item, shipping line and"
echo "  fulfilment order a line of its own, after its parent but not next to"
echo "  it): nest puts the orders together, the pipeline reads them as"
echo "  shopify-graphql"
mkdir -p "$out/bulk"
nest --stats -x "$out/bulk/held.ndjson" "$ex/bulk-orders.jsonl" \
    2>"$out/bulk/stats.json" >"$out/bulk/orders.ndjson"
sed 's/.*"read":\([0-9]*\),.*"roots":\([0-9]*\),"children":\([0-9]*\),"most_open":\([0-9]*\).*/    \1 lines: \2 orders, \3 objects put inside them, \4 orders in memory at most/' \
    "$out/bulk/stats.json"
"$ex/order-pipeline.sh" "$out/bulk/orders.ndjson" "$out/bulk" shopify-graphql
goods "$out/bulk/goods-out.ndjson"
echo "  (#1201 was edited: 000123 from 2 to 1; #1202's gift card is not picked"
echo "   and its ts-red-m is the master's TS-RED-M; #1204's removed Standard"
echo "   Delivery is not its shipping line)"
[ -s "$out/bulk/held.ndjson" ] && { echo "  Held:"; held "$out/bulk/held.ndjson"; }
cp "$out/held.ndjson" "$out/held-orders.ndjson"

echo
echo "2. Edited orders: sku-normalize | dekit | orderdiff against the WMS"
sku-normalize -M "$ex/skus.csv" "$ex/orderdiff-orders.ndjson" |
    dekit -k "$ex/kits.csv" |
    orderdiff --wms "$ex/orderdiff-wms.ndjson" -x "$out/edits-held.ndjson" \
    >"$out/amendments.ndjson"
echo "  Amendments for the WMS, before the pick: order: action SKU from -> to"
sed -e 's/^{"reference":"\([^"]*\)","action":"\([a-z]*\)","wms_status":"\([A-Z_]*\)".*"lines":\[\(.*\)\]}$/    \1 (\3): \2 \4/' \
    -e 's/{"sku":"\([^"]*\)","wms_quantity":\([0-9]*\),"quantity":\([0-9]*\)}/\1 \2 -> \3/g' \
    -e 's/\(-> [0-9]*\),/\1, /g' "$out/amendments.ndjson"
echo "  Held, too late for an amendment:"
held "$out/edits-held.ndjson"

echo "3. Stock to the storefront: dekit --stock | stockdiff"
grep '"#1007"' "$ex/orders.ndjson" >"$out/pending.ndjson"
"$ex/stock-sync.sh" "$ex/wms-stock.ndjson" "$ex/store-stock.ndjson" \
    "$out/pending.ndjson" "$out/stock"
echo "  Updates: SKU: storefront shows -> should show (risk)"
sed 's/^{"sku":"\([^"]*\)",.*"available":\([0-9]*\),"previous":\(-\{0,1\}[0-9]*\),"delta":[^,]*,"risk":"\([a-z]*\)"}/    \1: \3 -> \2 (\4)/' \
    "$out/stock/stock-updates.ndjson"
echo "  Held:"
held "$out/stock/held.ndjson"

echo
echo "4. Fulfilments from WMS events: statusmap, run twice on the same events"
"$ex/fulfilment-feed.sh" "$ex/wms-events.ndjson" "$out/to-wms.ndjson" \
    "$out/feed"
"$ex/fulfilment-feed.sh" "$ex/wms-events.ndjson" "$out/to-wms.ndjson" \
    "$out/feed"
echo "  Updates: fulfilment key, channel status, order status"
sed 's/.*"fulfilment_key":"\([^"]*\)".*"channel_status":"\([^"]*\)".*"order_status":"\([^"]*\)".*/    \1: \2, order \3/' \
    "$out/feed/fulfilments.ndjson"
echo "  (the second run, on the same events, added nothing)"

echo
echo "5. The daily check: reconcile and wmsreport"
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
