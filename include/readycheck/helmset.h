/*
 * helmset.h - what a Helm install sets over its values files, as values.
 *
 * `--set a.b=v,c=w` the way Helm's strvals reads it: dotted keys make
 * nested mappings, `\.` and `\,` escape, `{x,y}` is a list, and values
 * are typed (true/false, null, integers; anything else a string);
 * `--set-string` keeps strings. A value written with a variable
 * (`$TAG`, `${{ github.sha }}`, a skaffold `{{.IMAGE_TAG}}` template)
 * stays as written: the image rules read `$` and `{{` as "set at deploy
 * time". List indexes (`a[0]=x`) are not read.
 */
#ifndef READYCHECK_HELMSET_H
#define READYCHECK_HELMSET_H

#include <cjson/cJSON.h>

#include "readycheck/entry.h"

/* The mapping one set stands for, to merge over the values the way Helm
 * merges (null deletes); NULL when it sets nothing readable. The caller
 * frees it. */
cJSON *rc_helm_set_values(const struct rc_helm_set *set);

#endif
