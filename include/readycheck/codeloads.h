/*
 * codeloads.h - data files the application's own code loads by name.
 *
 * An installer or a migration that runs a SQL file it ships
 * (`executeScript(APPPATH . 'Database/Migrations/sqlscripts/schema.sql')`,
 * `import "cacti.sql"`) loads the schema and the default rows it needs on
 * purpose: that file is part of the release, not an export that slipped
 * into the repository. rc_code_loads() looks for the source files that
 * write a file's name as the end of a string literal.
 *
 * Code is a source file by its extension (PHP, Python, Ruby, Go, Java,
 * Kotlin, C#, JavaScript, TypeScript, Rust, Elixir, Perl) that is not
 * test code (rc_referrers_is_test_path) and not vendored (node_modules/,
 * vendor/). Shell scripts are not code here: a dump is made by a shell
 * line (`mysqldump ... > dump.sql`) as often as it is loaded.
 *
 * The name counts when a quote, backquote or '/' comes right before it
 * and a quote or backquote right after it; after a '/', the folder
 * written before it, when one is, must be the file's own folder
 * (`'sqlscripts/schema.sql'` names app/sqlscripts/schema.sql, not
 * backups/schema.sql).
 *
 * Cost: one read of each source file of at most 1 MiB, 128 MiB in all;
 * past that, nothing more is called loaded.
 */
#ifndef READYCHECK_CODELOADS_H
#define READYCHECK_CODELOADS_H

#include <stddef.h>

struct rc_arena;
struct rc_index;

/* For each of paths[0..n) (repo-relative), by[i] is NULL, or
 * "FILE:LINE" of a source file that loads it (in a). */
void rc_code_loads(struct rc_index *idx, struct rc_arena *a,
                   const char *const *paths, size_t n, const char **by);

#endif
