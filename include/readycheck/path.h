/*
 * path.h - repository-relative paths as the model and the probes join them:
 * '/'-separated, no leading "./", "" for the root.
 */
#ifndef READYCHECK_PATH_H
#define READYCHECK_PATH_H

#include <stdbool.h>

struct rc_arena;
struct rc_buf;

/* dir + "/" + rel with "." and ".." resolved, in the arena; NULL when rel
 * is absolute ("/x", "~/x"), holds a variable ('$'), or leaves the root.
 * join("a/b", "../c") is "a/c"; join("", ".") is "". */
const char *rc_path_join(struct rc_arena *a, const char *dir, const char *rel);

/* path with "." and ".." resolved and repeated '/' collapsed, into out
 * (reset first); false when it leaves the root ("a/../.." ) or has more
 * segments than the joiner keeps. */
bool rc_path_normalize(struct rc_buf *out, const char *path);

/* The folder of path ("" at the root), in the arena. */
const char *rc_path_dir(struct rc_arena *a, const char *path);

/* The last segment of path (points into path). */
const char *rc_path_base(const char *path);

/* The file at path is a Markdown document: its name ends with ".md", in
 * any case, after at least one character (README.md, NOTES.MD; not a file
 * named ".md"). */
bool rc_path_is_markdown(const char *path);

/* The file at path is documentation a reader reads: Markdown,
 * reStructuredText or AsciiDoc (.md, .rst, .adoc, in any case, after at
 * least one character of name). */
bool rc_path_is_doc(const char *path);

/* True when path is dir or below it ("" contains everything). */
int rc_path_within(const char *path, const char *dir);

#endif
