/*
 * emoji-legend.h -- internal interfaces of the emoji-legend filter.
 */
#ifndef EMOJI_LEGEND_H
#define EMOJI_LEGEND_H

#include "paissconv.h"

/* Reads the YAML file at path into metadata values in doc's arena: maps,
 * lists and strings.  NULL after a warning when the file cannot be read or
 * parsed. */
pcv_meta *emoji_yaml_load(pcv_ctx *ctx, pcv_doc *doc, const char *path);

#endif
