#ifndef READYCHECK_MATRIX_H
#define READYCHECK_MATRIX_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct rc_arena;

/*
 * matrix - the rows of a GitHub Actions job matrix and the expressions
 * that name them.
 *
 * rc_matrix_rows() makes the rows GitHub runs for strategy.matrix: the
 * product of its lists, `exclude:` entries dropping the rows they agree
 * with, `include:` entries merged into the rows they agree with (or added
 * as rows of their own). The rows are made in the cJSON array `made`,
 * which the caller owns and frees; at most max of them are put in rows.
 * A matrix that is not a mapping makes none.
 *
 * rc_matrix_subst() returns s with every `${{ matrix.NAME }}` (or
 * `matrix.NAME.FIELD` of a row value that is a mapping) replaced by
 * row's NAME (in the arena), s itself when it names no matrix value, and
 * NULL when the row lacks a value s names. `matrix.NAME || 'default'`
 * is the row's value, or the default when the row has none (or an empty
 * one). An expression that does more
 * than name a value (`${{ matrix.app == 'api' && '.slim' || '' }}`) is
 * left as written, for the caller to treat as unresolved.
 */
size_t rc_matrix_rows(const cJSON *matrix, cJSON *made, const cJSON **rows,
                      size_t max);
const char *rc_matrix_subst(struct rc_arena *a, const char *s,
                            const cJSON *row);

#endif
