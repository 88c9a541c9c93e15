# The jq peer of nest (run with -s: jq cannot nest in a stream, since a
# root is whole only once the input has ended, so it slurps the export):
# each child, without __parentId, into its parent's array named after its
# type (__typename, else the type in its gid), lower camel case plus "s"
# (lineItems for FulfillmentOrderLineItem, as GraphQL names it; no -ies nor
# -es: the export's types need none); roots in input order, children in
# input order. No duplicate ids, orphans nor out-of-order lines: it checks
# nothing.
def type: .__typename // (.id | capture("^gid://[^/]+/(?<t>[^/]+)/").t);
def member:
	if . == "FulfillmentOrderLineItem" then "lineItems"
	else (.[0:1] | ascii_downcase) + .[1:] + "s" end;
# The children by parent: grouped by a stable sort, so each parent's keep
# their input order (a reduce that appends to an object's arrays copies
# them in jq 1.6, and took 138 s on 20,000 orders).
(map(select(has("__parentId"))) | group_by(.__parentId)
 | map({key: .[0].__parentId, value: map(del(.__parentId))})
 | from_entries) as $kids
| def nest: reduce ($kids[.id] // [])[] as $c (.;
	.[$c | type | member] += [$c | nest]);
.[] | select(has("__parentId") | not) | nest
