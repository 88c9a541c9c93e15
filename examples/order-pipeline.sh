#!/bin/sh
# Storefront orders to the WMS: SKUs made exact, bundles broken into what
# the warehouse picks, shipping titles mapped to carrier services. What
# cannot be made right is held in held.ndjson, with its owner.
# Usage: order-pipeline.sh ORDERS OUTDIR   (tables from this directory)
ex=$(dirname "$0")
orders=${1:?usage: order-pipeline.sh ORDERS OUTDIR} out=${2:?}
mkdir -p "$out"
sku-normalize -M "$ex/skus.csv" -x "$out/held.ndjson" \
    --metrics "$out/sku-normalize.prom" "$orders" |
    dekit -k "$ex/kits.csv" -x "$out/held.ndjson" \
    --metrics "$out/dekit.prom" |
    shipmap -m "$ex/shipping.csv" --services "$ex/services.csv" \
    -x "$out/held.ndjson" --metrics "$out/shipmap.prom" \
    >"$out/to-wms.ndjson"
