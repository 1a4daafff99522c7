/*
 * tomltable.h - the `key = value` lines of one table of a TOML file, for
 * the readers of platform files that name a build (fly.toml's and
 * railway.toml's [build]). A line reader, not a TOML parser: a value is
 * its first word, quotes stripped; comments and other tables are skipped.
 */
#ifndef READYCHECK_TOMLTABLE_H
#define READYCHECK_TOMLTABLE_H

#include <stddef.h>

/* Calls each(key, key_len, value, value_len, line, arg) for every
 * `key = value` line of the table headed `header` ("[build]"); lines are
 * 1-based. Nothing is copied: key and value point into data. */
void rc_toml_table_each(const char *data, size_t len, const char *header,
                        void (*each)(const char *key, size_t key_len,
                                     const char *value, size_t value_len,
                                     unsigned line, void *arg),
                        void *arg);

#endif
