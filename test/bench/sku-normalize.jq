# The jq peer of `sku-normalize -M skus.csv`: the SKU of each line to pick
# resolved against the master, as a jq user would write it. $master[0] is
# an object made by run.sh from skus.csv: every master SKU to itself, and
# every canonical key to its SKU. A line to pick is neither a gift card
# nor requires_shipping false, at a live quantity (current_quantity, else
# quantity) above 0; the other lines are left as they are. Exact, then
# cleaned (dashes and no-break spaces folded, trimmed, upper case), then
# by the canonical key (letters and digits upper case, other characters
# kept where not ASCII, separators dropped but one "-" between two
# digits, leading zeros removed); a line to pick without a SKU, or with
# one that nothing fits, makes the order {"exception":...,"record":...}.
def fold: explode | map(if . == 8208 or . == 8209 or . == 8211 or . == 8212
    or . == 8722 then 45 elif . == 160 or . == 9 then 32 else . end)
  | implode;
def trim: until((startswith(" ") or endswith(" ")) | not;
    ltrimstr(" ") | rtrimstr(" "));
def digit: . >= 48 and . <= 57;
def canon: ascii_upcase | explode
  | reduce .[] as $c ({k: [], gap: false};
      if ($c | digit) or ($c >= 65 and $c <= 90) or $c >= 128 then
        (if .gap and ($c | digit) and (.k | length) > 0
            and (.k[-1] | digit) then .k += [45] else . end)
        | .k += [$c] | .gap = false
      else .gap = true end)
  | .k | implode
  | (match("^0*").length) as $z
  | if $z > 0 and ($z == length or .[$z:$z + 1] == "-") then .[$z - 1:]
    else .[$z:] end;
def picked: .gift_card != true and .requires_shipping != false
  and ((.current_quantity // .quantity) | type != "number" or . > 0);
$master[0] as $m
| . as $order
| [.line_items[]?
   | if picked | not then null
     elif (.sku | type) != "string" or .sku == "" then "missing"
     else .sku | (. as $s | $m[$s] // (fold | trim | ascii_upcase) as $c
        | $m[$c] // $m[$c | canon] // false)
     end] as $r
| if any($r[]; . == "missing") then
    {exception: {tool: "jq", code: "missing_sku"}, record: $order}
  elif any($r[]; . == false) then
    {exception: {tool: "jq", code: "unknown_sku"}, record: $order}
  else
    reduce range(0; $r | length) as $i (.;
      if $r[$i] then .line_items[$i].sku = $r[$i] else . end)
  end
