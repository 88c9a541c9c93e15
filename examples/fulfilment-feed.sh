#!/bin/sh
# WMS dispatch events to storefront fulfilments, one per shipment, with
# the order's status from all its shipments; the state carries on from the
# last run, so cron can feed only the new events.
# Usage: fulfilment-feed.sh EVENTS ORDERS-AS-SENT OUTDIR
ex=$(dirname "$0")
events=${1:?usage: fulfilment-feed.sh EVENTS ORDERS OUTDIR} orders=${2:?}
out=${3:?}
mkdir -p "$out"
statusmap -m "$ex/status-clarus.csv" --orders "$orders" \
    --state "$out/statusmap.state" -x "$out/held.ndjson" \
    --metrics "$out/statusmap.prom" "$events" >>"$out/fulfilments.ndjson"
