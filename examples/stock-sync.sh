#!/bin/sh
# WMS stock to the storefront: bundle stock derived from its components,
# then one update for each listing whose storefront figure is not the target.
# Usage: stock-sync.sh WMS-STOCK STORE-STOCK PENDING-ORDERS OUTDIR
# A full sync, once; stock-job.sh is the cron job's delta sync.
ex=$(dirname "$0")
wms=${1:?usage: stock-sync.sh WMS STORE PENDING OUTDIR} store=${2:?}
pending=${3:?} out=${4:?}
mkdir -p "$out"
dekit -k "$ex/kits.csv" --stock -x "$out/held.ndjson" "$wms" \
    >"$out/wms-with-kits.ndjson"
stockdiff --wms "$out/wms-with-kits.ndjson" --buffers "$ex/buffers.csv" \
    --pending "$pending" -x "$out/held.ndjson" \
    --metrics "$out/stockdiff.prom" "$store" >"$out/stock-updates.ndjson"
