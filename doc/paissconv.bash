# bash completion for paissconv
_paissconv_formats()
{
	# $1: reader or writer.  Names from the plugins actually found.
	paissconv --list-plugins 2>/dev/null | awk -v k="$1" '$2 == k { print $1 }'
}

_paissconv()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-f | --from)
		COMPREPLY=($(compgen -W "$(_paissconv_formats reader)" -- "$cur"))
		return ;;
	-t | --to)
		COMPREPLY=($(compgen -W "$(_paissconv_formats writer)" -- "$cur"))
		return ;;
	--filter | --no-filter)
		COMPREPLY=($(compgen -W "$(_paissconv_formats filter) all" -- "$cur"))
		return ;;
	--help-plugin)
		COMPREPLY=($(compgen -W "$(paissconv --list-plugins 2>/dev/null | awk 'NR > 1 { print $1 }')" -- "$cur"))
		return ;;
	-O | --option)
		local names
		names=$(paissconv --list-plugins 2>/dev/null | awk 'NR > 1 { print $1 }')
		COMPREPLY=($(compgen -W "$(for n in $names; do paissconv --help-plugin "$n" 2>/dev/null |
			sed -n 's/^ *-O \([^=]*\)=.*/\1=/p'; done)" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	-o | --output | --plugin)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-M | --metadata | --toc-depth)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-o --output -f --from -t --to -s --standalone --toc
			--toc-depth -M --metadata -O --option --filter --no-filter --plugin
			--list-plugins --help-plugin -v --verbose -q --quiet --version -h --help" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _paissconv paissconv
