# The jq peer of `dekit -k kits.csv`: every kit line to pick replaced, in
# place, by one line per component. $kits[0] is an object made by run.sh
# from kits.csv, nested kits flattened: {"KIT-00001": [["SKU", units],
# ...]}. A line to pick is neither a gift card nor requires_shipping
# false, at a live quantity (current_quantity, else quantity) above 0.
# Each component line is the kit line with its SKU, every quantity
# (quantity, current_quantity, fulfillable_quantity) times its units, the
# unit price of one kit shared by units (the pennies left over to the
# first component), each tax line's price shared by units, no grams, id
# ("ID-N") and "kit". Simpler than dekit: no weights, no exact last
# penny, no checks.
def pence: split(".") | (.[0] | tonumber) * 100
  + ((.[1] // "") + "00" | .[0:2] | tonumber);
def money: "\(. / 100 | floor).\(. % 100 | tostring
  | if length < 2 then "0" + . else . end)";
def picked: .gift_card != true and .requires_shipping != false
  and ((.current_quantity // .quantity) | type == "number" and . > 0);
$kits[0] as $k
| .line_items |= [.[]
  | if (.sku | type) == "string" and $k[.sku] != null and picked then
      . as $l | $k[.sku] as $c
      | ($c | map(.[1]) | add) as $units
      | ($l.price | pence) as $p
      | [$c[] | ($p * .[1] / $units | floor) / .[1] | floor] as $each
      | ($p - ([range(0; $c | length) as $j | $each[$j] * $c[$j][1]]
          | add)) as $left
      | range(0; $c | length) as $i
      | $c[$i][1] as $u
      | $l + {sku: $c[$i][0], quantity: ($l.quantity * $u),
          price: ($each[$i] + (if $i == 0 then $left / $u | floor
                  else 0 end) | money),
          id: "\($l.id)-\($i + 1)",
          kit: {sku: $l.sku, line_id: $l.id, qty: $u,
                position: ($i + 1)}}
      | if .current_quantity != null then .current_quantity *= $u
        else . end
      | if .fulfillable_quantity != null then .fulfillable_quantity *= $u
        else . end
      | .tax_lines |= map(.price = ((.price | pence) * $u / $units
          | floor | money))
      | del(.grams)
    else . end]
