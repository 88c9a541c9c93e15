#!/bin/sh
# Storefront orders to the WMS: SKUs made exact, bundles broken into what
# the warehouse picks, shipping titles mapped to carrier services, and
# the goods-out the WMS receives: the lines to pick at their live
# quantities. What cannot be made right is held in held.ndjson, with its
# owner.
# Usage: order-pipeline.sh ORDERS OUTDIR [SHAPE]   (tables from this directory)
ex=$(dirname "$0")
orders=${1:?usage: order-pipeline.sh ORDERS OUTDIR [SHAPE]} out=${2:?}
shape=${3:-shopify}
mkdir -p "$out"
sku-normalize --shape "$shape" -M "$ex/skus.csv" -x "$out/held.ndjson" \
    --metrics "$out/sku-normalize.prom" "$orders" |
    dekit --shape "$shape" -k "$ex/kits.csv" -x "$out/held.ndjson" \
    --metrics "$out/dekit.prom" |
    shipmap --shape "$shape" -m "$ex/shipping.csv" \
    --services "$ex/services.csv" -x "$out/held.ndjson" \
    --metrics "$out/shipmap.prom" >"$out/to-wms.ndjson"
wmsorder --shape "$shape" -x "$out/held.ndjson" \
    --metrics "$out/wmsorder.prom" "$out/to-wms.ndjson" >"$out/goods-out.ndjson"
