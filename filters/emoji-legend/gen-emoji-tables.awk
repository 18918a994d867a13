# gen-emoji-tables.awk -- turns Unicode's emoji data files into C tables.
#
#   LC_ALL=C awk -f gen-emoji-tables.awk emoji-data.txt emoji-test.txt > emoji-tables.h
#
# From emoji-data.txt: one sorted, merged range table per property.
# From emoji-test.txt: every listed sequence (code points, status and CLDR
# short name).  The tables hold no pointers, only offsets into pools (the
# code points, the names), so that loading the plugin relocates nothing in
# them.  The header keeps the data files' copyright and version lines, as
# the Unicode licence asks.  Runs with any POSIX awk; LC_ALL=C makes it
# work on bytes, so names are copied byte for byte and their offsets are
# byte counts.

function hex(s,    i, c, v) {
	v = 0
	s = toupper(s)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789ABCDEF", substr(s, i, 1))
		if (c == 0)
			return -1
		v = v * 16 + c - 1
	}
	return v
}

# Whether sequence a sorts before sequence b: by code points, a sequence
# before the longer ones it begins.
function seq_less(a, b,    i, n) {
	n = seq_len[a] < seq_len[b] ? seq_len[a] : seq_len[b]
	for (i = 0; i < n; i++)
		if (pool[seq_off[a] + i] != pool[seq_off[b] + i])
			return pool[seq_off[a] + i] < pool[seq_off[b] + i]
	return seq_len[a] < seq_len[b]
}

# Sifts order[i] down the heap of order[1..n] (for the heapsort below).
function sift(i, n,    c, t) {
	while ((c = 2 * i) <= n) {
		if (c < n && seq_less(order[c], order[c + 1]))
			c++
		if (!seq_less(order[i], order[c]))
			return
		t = order[i]; order[i] = order[c]; order[c] = t
		i = c
	}
}

# Adds item to the array initialiser's line, printing the line first when
# the item would take it past 72 columns; returns the line.
function wrap(line, item) {
	if (length(line) + length(item) > 72) {
		print line
		line = "\t"
	} else if (line != "\t") {
		line = line " "
	}
	return line item
}

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t\r]+$/, "", s)
	return s
}

# The inside of a C string literal: printable ASCII as is, other bytes as
# octal escapes (octal stops after three digits, so no following character
# is eaten).
function cesc(s,    i, c, out) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\"" || c == "\\")
			out = out "\\" c
		else if (c in byte_of)
			out = out sprintf("\\%03o", byte_of[c])
		else
			out = out c
	}
	return out
}

BEGIN {
	if (length("\303\251") != 2) {
		print "gen-emoji-tables: awk counts characters, not bytes (run it with LC_ALL=C)" > "/dev/stderr"
		exit 1
	}
	for (i = 128; i < 256; i++)
		byte_of[sprintf("%c", i)] = i
	nprops = split("Emoji Emoji_Presentation Emoji_Modifier Emoji_Modifier_Base Emoji_Component Extended_Pictographic", prop_names, " ")
	for (i = 1; i <= nprops; i++) {
		prop_index[prop_names[i]] = i
		nr[i] = 0
	}
	nseq = 0
	npool = 0
	nnames = 0
	names_size = 0
	status_code["fully-qualified"] = "EMOJI_FULLY"
	status_code["minimally-qualified"] = "EMOJI_MINIMALLY"
	status_code["unqualified"] = "EMOJI_UNQUALIFIED"
	status_code["component"] = "EMOJI_COMPONENT"
	ncopy = 0
}

# The first lines of each file: its name, date, copyright and terms.
FNR <= 5 && /^#/ {
	copy[++ncopy] = $0
	next
}
/^# Version:/ { version = trim(substr($0, 12)) }
/^# Used with Emoji Version/ { if (version == "") { version = $0; sub(/.*Version /, "", version); sub(/ .*/, "", version) } }

/^[ \t]*#/ || /^[ \t]*$/ { next }

FILENAME ~ /emoji-data/ {
	split($0, f, ";")
	cps = trim(f[1])
	prop = f[2]
	sub(/#.*/, "", prop)
	prop = trim(prop)
	if (!(prop in prop_index))
		next
	p = prop_index[prop]
	if (index(cps, "..")) {
		lo = hex(substr(cps, 1, index(cps, "..") - 1))
		hi = hex(substr(cps, index(cps, "..") + 2))
	} else {
		lo = hi = hex(cps)
	}
	if (lo < 0 || hi < lo) {
		print "gen-emoji-tables: bad line " FNR ": " $0 > "/dev/stderr"
		exit 1
	}
	n = ++nr[p]
	rlo[p, n] = lo
	rhi[p, n] = hi
	next
}

FILENAME ~ /emoji-test/ {
	split($0, f, ";")
	cps = trim(f[1])
	rest = f[2]
	status = rest
	sub(/#.*/, "", status)
	status = trim(status)
	if (!(status in status_code))
		next
	name = rest
	sub(/^[^#]*#[ \t]*/, "", name)
	# "<emoji> E<version> <name>"
	sub(/^[^ ]+[ \t]+E[0-9.]+[ \t]+/, "", name)
	name = trim(name)
	ncp = split(cps, c, /[ \t]+/)
	if (ncp > 255) {
		print "gen-emoji-tables: sequence too long for emoji_seq, line " FNR ": " $0 > "/dev/stderr"
		exit 1
	}
	seq_off[++nseq] = npool
	seq_len[nseq] = ncp
	seq_status[nseq] = status_code[status]
	# A name several sequences share (fully- and minimally-qualified
	# forms) is stored once.
	if (!(name in name_off)) {
		name_off[name] = names_size
		names[++nnames] = name
		names_size += length(name) + 1
	}
	seq_name[nseq] = name_off[name]
	for (i = 1; i <= ncp; i++) {
		v = hex(c[i])
		if (v < 0) {
			print "gen-emoji-tables: bad line " FNR ": " $0 > "/dev/stderr"
			exit 1
		}
		pool[npool++] = v
	}
	next
}

END {
	if (nseq == 0 || nr[1] == 0) {
		print "gen-emoji-tables: no data (give emoji-data.txt and emoji-test.txt)" > "/dev/stderr"
		exit 1
	}
	if (npool > 65536) {
		print "gen-emoji-tables: too many code points for emoji_seq's 16-bit offsets" > "/dev/stderr"
		exit 1
	}
	print "/*"
	print " * emoji-tables.h -- generated by gen-emoji-tables.awk; do not edit."
	print " * Regenerate with `make emoji-legend-tables` (see filters/emoji-legend/local.mk)."
	print " *"
	print " * Derived from the Unicode Character Database emoji data files"
	print " * (emoji-data.txt and emoji-test.txt, Emoji version " version "), whose"
	print " * headers read:"
	for (i = 1; i <= ncopy; i++) {
		line = copy[i]
		gsub(/\*\//, "* /", line)
		print " *   " line
	}
	print " * The data is used under the Unicode License v3 (Unicode Data Files"
	print " * and Software); see https://www.unicode.org/license.txt."
	print " */"
	print ""
	printf "#define EMOJI_DATA_VERSION \"%s\"\n\n", version
	for (p = 1; p <= nprops; p++) {
		n = nr[p]
		# Insertion sort by low end, then merge adjacent or overlapping ranges.
		for (i = 2; i <= n; i++) {
			lo = rlo[p, i]; hi = rhi[p, i]
			for (j = i - 1; j >= 1 && rlo[p, j] > lo; j--) {
				rlo[p, j + 1] = rlo[p, j]; rhi[p, j + 1] = rhi[p, j]
			}
			rlo[p, j + 1] = lo; rhi[p, j + 1] = hi
		}
		m = 0
		for (i = 1; i <= n; i++) {
			if (m > 0 && rlo[p, i] <= mhi[m] + 1) {
				if (rhi[p, i] > mhi[m])
					mhi[m] = rhi[p, i]
			} else {
				m++
				mlo[m] = rlo[p, i]; mhi[m] = rhi[p, i]
			}
		}
		printf "static const emoji_range emoji_ranges_%s[] = {\n", prop_names[p]
		for (i = 1; i <= m; i++)
			printf "\t{0x%04X, 0x%04X},\n", mlo[i], mhi[i]
		print "};"
		print ""
	}
	print "/* The code points of every sequence of emoji-test.txt, one after the other. */"
	print "static const uint32_t emoji_seq_pool[] = {"
	line = "\t"
	for (i = 0; i < npool; i++)
		line = wrap(line, sprintf("0x%X,", pool[i]))
	print line
	print "};"
	print ""
	print "/* The CLDR short names, each ended by a NUL, in the order of their first"
	print " * sequence; a name several sequences share is stored once. */"
	print "static const char emoji_name_pool[] ="
	for (i = 1; i <= nnames; i++)
		printf "\t\"%s\\0\"%s\n", cesc(names[i]), i == nnames ? ";" : ""
	# The offsets below count bytes as awk saw them: the compiler must agree.
	printf "_Static_assert(sizeof emoji_name_pool == %d, \"emoji_name_pool: offsets do not match\");\n", names_size + 1
	print ""
	print "/* Sequences in the file's (CLDR) order: offset and length in the code"
	print " * point pool, status, offset of the CLDR short name in emoji_name_pool. */"
	print "static const emoji_seq emoji_seqs[] = {"
	for (i = 1; i <= nseq; i++)
		printf "\t{%d, %d, %s, %d},\n", seq_off[i], seq_len[i], seq_status[i], seq_name[i]
	print "};"
	# Heapsort of the sequences by their code points.
	for (i = 1; i <= nseq; i++)
		order[i] = i
	for (i = int(nseq / 2); i >= 1; i--)
		sift(i, nseq)
	for (n = nseq; n > 1; n--) {
		t = order[1]; order[1] = order[n]; order[n] = t
		sift(1, n - 1)
	}
	for (i = 2; i <= nseq; i++)
		if (!seq_less(order[i - 1], order[i])) {
			print "gen-emoji-tables: a sequence is listed twice" > "/dev/stderr"
			exit 1
		}
	print ""
	print "/* The sequences sorted by their code points (a sequence before the"
	print " * longer ones it begins), for a binary search: indices into emoji_seqs. */"
	print "static const unsigned short emoji_seq_order[] = {"
	line = "\t"
	for (i = 1; i <= nseq; i++)
		line = wrap(line, sprintf("%d,", order[i] - 1))
	print line
	print "};"
}
