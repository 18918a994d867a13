# Manual pages, the plugin author's guide, bash completion.
dist_man_MANS = doc/paissconv.1 doc/paissconv-plugins.7
EXTRA_DIST += doc/plugins.md doc/md2man.awk doc/paissconv.bash

# The plugin man page is made from the guide, so the two never disagree.
doc/paissconv-plugins.7: doc/plugins.md doc/md2man.awk
	$(AM_V_GEN)$(MKDIR_P) doc && $(AWK) -v section=7 -v name=paissconv-plugins \
	  -v date=2026-11-27 -f $(srcdir)/doc/md2man.awk $(srcdir)/doc/plugins.md > $@

bashcompletiondir = $(datadir)/bash-completion/completions
bashcompletion_DATA = doc/paissconv
CLEANFILES += doc/paissconv
doc/paissconv: doc/paissconv.bash
	$(AM_V_GEN)$(MKDIR_P) doc && cp $(srcdir)/doc/paissconv.bash $@
