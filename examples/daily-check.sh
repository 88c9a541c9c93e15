#!/bin/sh
# The daily check: what fell between the storefront and the WMS, and the
# report of everything held, by owner, for the people who deal with it.
# Usage: daily-check.sh STOREFRONT-ORDERS WMS-ORDERS FULFILMENTS AS-OF OUTDIR
ex=$(dirname "$0")
orders=${1:?usage: daily-check.sh ORDERS WMS FULFILMENTS AS-OF OUTDIR}
wms=${2:?} fulfilments=${3:?} asof=${4:?} out=${5:?}
mkdir -p "$out"
reconcile --wms "$wms" --orders "$orders" --fulfilments "$fulfilments" \
    -M "$ex/skus.csv" --kits "$ex/kits.csv" --as-of "$asof" \
    -x "$out/held.ndjson" \
    --metrics "$out/reconcile.prom" >"$out/discrepancies.ndjson"
status=$?
# no --as-of: what reconcile found just now is dated now, after $asof
wmsreport --html "$out/report.html" \
    --text "$out/report.txt" "$out/held.ndjson" "$out/discrepancies.ndjson"
exit $status
