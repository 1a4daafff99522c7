/*
 * appset.h - the Applications an Argo CD ApplicationSet generates, for
 * the Helm values they install a chart with (docs/model.md "Helm
 * templates").
 *
 * An ApplicationSet's `spec.template` is an Application whose fields hold
 * `{{key}}` (or, with goTemplate, `{{.key}}`) placeholders; each element of
 * a `list` generator fills them in. Other generators (clusters, git,
 * matrix, ...) take their parameters from outside the repository and are
 * not expanded; a template with no placeholder is one Application.
 */
#ifndef READYCHECK_APPSET_H
#define READYCHECK_APPSET_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Calls fn with the spec of each Application the ApplicationSet object
 * generates, placeholders filled in: the list elements that name
 * production (`env: production`, `values-prod.yaml`) first, then the
 * others in order; an element that leaves a placeholder in its spec is
 * left out. The spec passed is fn's to read only, freed after the call.
 * Returns how many specs fn was given. */
size_t rc_appset_specs(const cJSON *appset,
                       void (*fn)(const cJSON *spec, void *arg), void *arg);

#endif
