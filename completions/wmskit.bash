# Bash completion for the programs of wmskit. The options come from the
# program's own --help, so that they never drift from it; a value named
# FILE (or an operand) completes as a file name, --shape as a shape.
# make install puts this file under each program's name, where
# bash-completion looks for it.

_wmskit()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	local help value

	[[ $COMP_CWORD -gt 0 ]] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	help=$("$1" --help 2>/dev/null) || return
	# "  -m, --map FILE   ..." and "      --shape NAME ...": the value an
	# option takes, by its short or long name
	value=$(printf '%s\n' "$help" | awk -v o="$prev" '
	    /^ +-/ {
		for (i = 1; i <= NF; i++) {
			w = $i; sub(/,$/, "", w)
			if (w !~ /^-/) {
				if (hit && w ~ /^[A-Z]/) print w
				break
			}
			if (w == o) hit = 1
		}
		if (hit) exit
	    }')
	case $value in
	NAME)
		if [[ $prev == --shape ]]; then
			COMPREPLY=($(compgen -W 'shopify shopify-graphql magento' \
			    -- "$cur"))
		fi
		return
		;;
	FILE*|'')
		;;
	*)
		return	# a value of its own: nothing to offer
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(printf '%s\n' "$help" |
		    grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' |
		    tr -d ' ,' | sort -u)" -- "$cur"))
	fi
	# otherwise an empty reply: -o default completes a file name
}

complete -o default -F _wmskit sku-normalize dekit shipmap statusmap \
    stockdiff reconcile wmsreport wmsorder orderdiff nest
