# The jq peer of `shipmap -m shipping.csv`: the folded title (dashes and
# no-break spaces folded, lower case, runs of spaces made one, trimmed) of
# the live shipping line (not is_removed) looked up in $ship[0], an object
# made by run.sh from shipping.csv: {"next day delivery": {"": ["12",
# "DPD"], "IE": ["65", "UPS"]}}; the country's row, else the title's;
# service_code and carrier set on that live line. An order with no line to
# pick (neither a gift card nor requires_shipping false, at a live
# quantity above 0) passes; one with no live line, live lines whose
# titles fold apart, or a title not in the table is written as
# {"exception":...}.
def fold: explode | map(if . == 8208 or . == 8209 or . == 8211 or . == 8212
    or . == 8722 then 45 elif . == 160 or . == 9 then 32 else . end)
  | implode | ascii_downcase | split(" ") | map(select(. != ""))
  | join(" ");
def picked: .gift_card != true and .requires_shipping != false
  and ((.current_quantity // .quantity) | type == "number" and . > 0);
def held(code): {exception: {tool: "jq", code: code}, record: .};
$ship[0] as $map
| [.shipping_lines // [] | to_entries[]
   | select(.value.is_removed != true and (.value.title | type) == "string"
       and .value.title != "")] as $live
| if any(.line_items[]?; picked) | not then .
  elif ($live | length) == 0 then held("missing_ship_method")
  elif ([$live[].value.title | fold] | unique | length) > 1 then
    held("ambiguous_ship_method")
  else
    $live[0].key as $at
    | $map[$live[0].value.title | fold] as $rows
    | ($rows[.shipping_address.country_code // ""] // $rows[""]) as $s
    | if $s == null then held("unmapped_ship_method")
      else
        .shipping_lines[$at].service_code = $s[0]
        | if $s[1] != "" then .shipping_lines[$at].carrier = $s[1]
          else . end
      end
  end
