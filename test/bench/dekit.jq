# The jq peer of `dekit -k kits.csv`: every kit line replaced, in place, by
# one line per component. $kits[0] is an object made by run.sh from
# kits.csv, nested kits flattened: {"KIT-00001": [["SKU", units], ...]}.
# Each component line is the kit line with its SKU, quantity (kit quantity
# times units), unit price (the line's total in pence shared by units,
# the pennies left over to the first component), id ("ID-N") and "kit".
# Simpler than dekit: no weights, no exact last penny, no checks.
def pence: split(".") | (.[0] | tonumber) * 100
  + ((.[1] // "") + "00" | .[0:2] | tonumber);
def money: "\(. / 100 | floor).\(. % 100 | tostring
  | if length < 2 then "0" + . else . end)";
$kits[0] as $k
| .line_items |= [.[]
  | if (.sku | type) == "string" and $k[.sku] != null then
      . as $l | $k[.sku] as $c
      | (($l.price | pence) * $l.quantity) as $total
      | ($c | map(.[1]) | add) as $units
      | [$c[] | ($total * .[1] / $units | floor)] as $shares
      | ($total - ($shares | add)) as $left
      | range(0; $c | length) as $i
      | ($l.quantity * $c[$i][1]) as $q
      | $l + {sku: $c[$i][0], quantity: $q,
          price: (($shares[$i] + (if $i == 0 then $left else 0 end))
                  / $q | floor | money),
          id: "\($l.id)-\($i + 1)",
          kit: {sku: $l.sku, line_id: $l.id, qty: $c[$i][1],
                position: ($i + 1)}}
    else . end]
