# The jq peer of `sku-normalize -M skus.csv`: each line's SKU resolved
# against the master, as a jq user would write it. $master[0] is an object
# made by run.sh from skus.csv: every master SKU to itself, and every
# canonical key (letters and digits, upper case, leading zeros removed)
# to its SKU. Exact, then cleaned (dashes and no-break spaces folded,
# trimmed, upper case), then by the canonical key; an order with a SKU
# that nothing fits is written as {"exception":...,"record":...}.
def fold: explode | map(if . == 8208 or . == 8209 or . == 8211 or . == 8212
    or . == 8722 then 45 elif . == 160 or . == 9 then 32 else . end)
  | implode;
def trim: until((startswith(" ") or endswith(" ")) | not;
    ltrimstr(" ") | rtrimstr(" "));
def canon: ascii_upcase | explode
  | map(select((. >= 48 and . <= 57) or (. >= 65 and . <= 90))) | implode
  | until((startswith("0") and length > 1) | not; .[1:]);
$master[0] as $m
| . as $order
| [.line_items[]? | .sku
   | if type == "string" and . != "" then
       (. as $s | $m[$s] // (fold | trim | ascii_upcase) as $c
        | $m[$c] // $m[$c | canon] // false)
     else null end] as $r
| if any($r[]; . == false) then
    {exception: {tool: "jq", code: "unknown_sku"}, record: $order}
  else
    reduce range(0; $r | length) as $i (.;
      if $r[$i] then .line_items[$i].sku = $r[$i] else . end)
  end
