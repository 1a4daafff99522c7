/*
 * keypath.h - dotted key paths into JSON/YAML trees.
 *
 * Syntax: "services.*.healthcheck", "a.b[0].c" or "a.b.0.c"; "*" (or "[*]")
 * is one wildcard step over object members or array items; a key with a dot
 * in it is quoted: scripts."test:ci" (\" and \\ escape inside quotes). A
 * bare all-digit step indexes arrays and names keys of objects; "[N]" only
 * indexes arrays. At most RC_KEYPATH_MAX_STEPS steps.
 */
#ifndef READYCHECK_KEYPATH_H
#define READYCHECK_KEYPATH_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

enum { RC_KEYPATH_MAX_STEPS = 128 };

/* A compiled key path. */
struct rc_keypath;

/* Compiles a path; NULL with a message in err on syntax errors. Caller owns
 * the result (rc_keypath_free). */
struct rc_keypath *rc_keypath_new(const char *path, char *err, size_t errlen);
void rc_keypath_free(struct rc_keypath *kp);
bool rc_keypath_has_wildcard(const struct rc_keypath *kp);

/* Calls fn for every node the path reaches from root, with the concrete
 * path of that node ("services.web.healthcheck", "a[0].b"). Where the path
 * breaks off it calls fn once with node == NULL and where = the concrete
 * prefix plus the rest of the path as written: for each wildcard candidate
 * that lacks the rest ("services.db.healthcheck"), for a missing
 * non-wildcard step ("services.*.healthcheck" when there is no services),
 * and for a wildcard over a scalar or an empty container. So there is
 * always at least one callback and callers can apply all/any semantics.
 * Returns the number of callbacks made. */
size_t rc_keypath_walk(const struct rc_keypath *kp, const cJSON *root,
                       void (*fn)(const char *where, const cJSON *node,
                                  void *arg),
                       void *arg);

#endif
