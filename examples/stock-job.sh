#!/bin/sh
# The stock job of examples/crontab: WMS stock to the storefront, a delta
# sync against the last good run's snapshot of the WMS stock.
# Usage: stock-job.sh TABLES WORK [METRICS]
#   TABLES   kits.csv, buffers.csv
#   WORK     reads in/wms-stock.ndjson, in/pending.ndjson and
#            in/store-stock.ndjson; writes out/stock-updates.ndjson, keeps
#            wms-last.ndjson, the snapshot, and appends to held.ndjson
#   METRICS  where dekit-stock.prom and stockdiff.prom go (default WORK)
# Exit status: stockdiff's, or 2 when dekit is in trouble.
#
# The first run has no snapshot: stockdiff says so and compares every
# listing, a full sync. The updates replace out/stock-updates.ndjson whole,
# and the snapshot becomes the next run's --since, only when stockdiff was
# not in trouble nor refused a limit (exit 2: nothing written; the next run
# compares against the snapshot before). A snapshot with lines that could
# not be read is not kept, and the one before is dropped: stockdiff could
# not read it as --since, and the SKUs of those lines, taken to 0 now,
# must be compared again when they are back; the next run is a full sync.
usage='usage: stock-job.sh TABLES WORK [METRICS]'
tables=$(cd "${1:?$usage}" && pwd) || exit 2
metrics=$(cd "${3:-${2:?$usage}}" && pwd) || exit 2
cd "$2" && mkdir -p out || exit 2

dekit -k "$tables/kits.csv" --stock -x held.ndjson \
    --metrics "$metrics/dekit-stock.prom" in/wms-stock.ndjson >wms-now.ndjson
[ $? -le 1 ] || { rm -f wms-now.ndjson; exit 2; }
# stockdiff's envelopes are looked at before they join held.ndjson; the
# snapshot is named as it is here, since its lines are found by that name
stockdiff --wms wms-now.ndjson --since wms-last.ndjson \
    --buffers "$tables/buffers.csv" --pending in/pending.ndjson \
    -x held-now.ndjson --metrics "$metrics/stockdiff.prom" \
    in/store-stock.ndjson >out/stock-updates.tmp
s=$?
touch held-now.ndjson
cat held-now.ndjson >>held.ndjson
if [ $s -gt 1 ]; then
	rm -f out/stock-updates.tmp held-now.ndjson wms-now.ndjson
	exit $s
fi
mv out/stock-updates.tmp out/stock-updates.ndjson
# a line of the snapshot held for itself, not for the storefront's lack of
# it (missing_in_store) nor as a second record that was read
envelope='^\{"exception":\{"tool":"stockdiff","code":'
rest='"[a-z_]+","owner":"[a-z]+","message":"([^"\\]|\\.)*"'
if grep -v -E "$envelope\"(missing_in_store|duplicate_sku)\"" held-now.ndjson |
    grep -q -E "$envelope$rest"',"source":"wms-now\.ndjson"'
then
	rm -f wms-now.ndjson wms-last.ndjson
else
	mv wms-now.ndjson wms-last.ndjson
fi
rm -f held-now.ndjson
exit $s
