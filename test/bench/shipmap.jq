# The jq peer of `shipmap -m shipping.csv`: the folded shipping title
# (dashes and no-break spaces folded, lower case, runs of spaces made one,
# trimmed) looked up in $ship[0], an object made by run.sh from
# shipping.csv: {"next day delivery": {"": ["12", "DPD"], "IE": ["65",
# "UPS"]}}; the country's row, else the title's; service_code and carrier
# set on the first shipping line. An order whose lines need no shipping
# passes; one that cannot be mapped is written as {"exception":...}.
def fold: explode | map(if . == 8208 or . == 8209 or . == 8211 or . == 8212
    or . == 8722 then 45 elif . == 160 or . == 9 then 32 else . end)
  | implode | ascii_downcase | split(" ") | map(select(. != ""))
  | join(" ");
$ship[0] as $map
| if (.line_items | length) > 0
     and all(.line_items[]; .requires_shipping == false) then .
  else
    .shipping_lines[0].title as $t
    | if ($t | type) != "string" then
        {exception: {tool: "jq", code: "missing_ship_method"}, record: .}
      else
        $map[$t | fold] as $rows
        | ($rows[.shipping_address.country_code // ""] // $rows[""]) as $s
        | if $s == null then
            {exception: {tool: "jq", code: "unmapped_ship_method"},
             record: .}
          else
            .shipping_lines[0].service_code = $s[0]
            | if $s[1] != "" then .shipping_lines[0].carrier = $s[1]
              else . end
          end
      end
  end
