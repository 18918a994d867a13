# md2man.awk -- turns the small Markdown of doc/*.md into a man page.
# Usage: awk -v section=7 -v name=paissconv-plugins -v date=... -f md2man.awk FILE.md
# Handles: # title, ## sections, paragraphs, "- " lists, fenced code,
# `code` and **strong**.
function esc(s) {
	gsub(/\\/, "\\e", s)
	return s
}
function inline(s,    out, i, c, code) {
	s = esc(s)
	out = ""
	while ((i = index(s, "`")) > 0) {
		out = out substr(s, 1, i - 1)
		s = substr(s, i + 1)
		c = index(s, "`")
		if (c == 0) { out = out "`"; break }
		code = substr(s, 1, c - 1)
		gsub(/-/, "\\-", code)
		out = out "\\fB" code "\\fR"
		s = substr(s, c + 1)
	}
	out = out s
	while (match(out, /\*\*[^*]+\*\*/))
		out = substr(out, 1, RSTART - 1) "\\fB" substr(out, RSTART + 2, RLENGTH - 4) "\\fR" substr(out, RSTART + RLENGTH)
	if (out ~ /^[.']/)
		out = "\\&" out
	return out
}
BEGIN { incode = 0; para = 0 }
/^```/ {
	if (!incode) { print ".PP"; print ".RS 4"; print ".nf"; incode = 1 }
	else { print ".fi"; print ".RE"; incode = 0; para = 0 }
	next
}
incode {
	line = esc($0)
	gsub(/\t/, "    ", line)
	gsub(/-/, "\\-", line)
	if (line ~ /^[.']/) line = "\\&" line
	print line
	next
}
/^# / {
	title = substr($0, 3)
	printf ".TH %s %s %s \"paissconv\" \"paissconv Manual\"\n", toupper(name), section, date
	print ".SH NAME"
	print name " \\- " tolower(substr(title, 1, 1)) substr(title, 2)
	print ".SH DESCRIPTION"
	next
}
/^## / { print ".SH \"" toupper(substr($0, 4)) "\""; para = 0; next }
/^$/ { para = 0; next }
/^- / { print ".IP \\(bu 2"; print inline(substr($0, 3)); para = 1; next }
/^  [^ ]/ && para { sub(/^  /, ""); print inline($0); next }
{
	if (!para) { print ".PP"; para = 1 }
	print inline($0)
}
