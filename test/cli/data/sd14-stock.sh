# sd14-stock.sh N Z Q: N stock records, SKU-001 to SKU-N, the first Z of
# them at 0 and the others at Q; a catalogue for the limits of stockdiff
awk -v n="$1" -v z="$2" -v q="$3" 'BEGIN {
	for (i = 1; i <= n; i++)
		printf "{\"sku\":\"SKU-%03d\",\"available\":%d}\n", i,
		    i <= z ? 0 : q
}'
