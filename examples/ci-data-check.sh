#!/bin/sh
# A CI data check, for the repository that keeps the integration's tables:
# every catalogue SKU is in the WMS master, the shipping table names only
# codes the WMS accepts, and the kit table loads. Fails (exit 1) on any.
# Usage: ci-data-check.sh CATALOGUE
ex=$(dirname "$0")
catalogue=${1:?usage: ci-data-check.sh CATALOGUE}
failed=0
sku-normalize -M "$ex/skus.csv" -p sku "$catalogue" >/dev/null ||
    { echo "catalogue SKUs not in the WMS master (above)"; failed=1; }
shipmap -m "$ex/shipping.csv" --services "$ex/services.csv" </dev/null ||
    { echo "shipping table names a code the WMS does not accept"; failed=1; }
dekit -k "$ex/kits.csv" </dev/null || { echo "kit table"; failed=1; }
exit $failed
