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
(reduce (.[] | select(has("__parentId"))) as $c ({};
	.[$c.__parentId] += [$c | del(.__parentId)])) as $kids
| def nest: reduce ($kids[.id] // [])[] as $c (.;
	.[$c | type | member] += [$c | nest]);
.[] | select(has("__parentId") | not) | nest
