/*
 * helm.h - a Helm chart's templates rendered with the chart's values.yaml
 * defaults, far enough to read the Kubernetes objects they make.
 *
 * Not Helm: a small Go text/template evaluator for what charts write
 * around their objects - `.Values`, `.Chart`, `.Release`, `if` / `else` /
 * `with` / `range`, variables, `define` / `include` / `template`, and the
 * everyday functions (toYaml, nindent, indent, default, quote, printf,
 * trunc, dict, eq, and, or, not, ...). A template field written
 * `{{ toYaml .Values.x | nindent 8 }}` takes values.yaml's x.
 *
 * What depends on the cluster (`.Capabilities`, `lookup`), on files
 * (`.Files`) or on functions not evaluated here renders as the marker
 * RC_HELM_UNKNOWN: a scalar "__rc_unknown__", or a mapping key of that name
 * where a whole block is unknown; an `if` whose condition is unknown takes
 * its first branch. Readers treat marked values as "cannot tell", never as
 * absent. Rendering never fails; bounded in include depth and output size.
 */
#ifndef READYCHECK_HELM_H
#define READYCHECK_HELM_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct rc_arena;
struct rc_helm;

#define RC_HELM_UNKNOWN "__rc_unknown__"

/* A rendering context for one chart: values is values.yaml's mapping (may
 * be NULL), chart Chart.yaml's (may be NULL). Both are borrowed; strings
 * live in a. */
struct rc_helm *rc_helm_new(struct rc_arena *a, const cJSON *values,
                            const cJSON *chart);
void rc_helm_free(struct rc_helm *h);

/* Records the `define`s of a template file (helpers in _helpers.tpl and
 * any other file of the chart's templates/). */
void rc_helm_add_defines(struct rc_helm *h, const char *path, const char *text,
                         size_t len);

/* Renders one template file. Returns the text (arena), and in *lines an
 * arena array mapping each 1-based rendered line to the template line it
 * came from ((*lines)[0] unused), *n_lines entries. */
const char *rc_helm_render(struct rc_helm *h, const char *path,
                           const char *text, size_t len, const unsigned **lines,
                           size_t *n_lines);

/* True when a rendered node is, or holds directly, the unknown marker: a
 * string containing it, or a mapping with a key of that name. */
bool rc_helm_unknown(const cJSON *node);

#endif
