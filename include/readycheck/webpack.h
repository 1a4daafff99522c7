/*
 * webpack.h - what a webpack config says about resolving bare import
 * specifiers: the folders `resolve.modules` searches beside node_modules,
 * and `resolve.preferRelative`. Read from the config's text, not run.
 */
#ifndef READYCHECK_WEBPACK_H
#define READYCHECK_WEBPACK_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;

struct rc_webpack_resolve {
  const char **roots; /* repo folders searched for bare specifiers */
  size_t n_roots;
  bool prefer_relative; /* `preferRelative: true`: the importer's folder */
};

/* Reads the webpack config text found in folder dir (repo-relative) into
 * *out (arrays in a). A root is a quoted folder in `modules: [...]` other
 * than node_modules, or `src` when the list names a variable of that name
 * (`[PATHS.src, PATHS.modules]`). */
void rc_webpack_resolve_read(struct rc_arena *a, const char *dir,
                             const char *text, size_t len,
                             struct rc_webpack_resolve *out);

/* Reads a Shakapacker or Webpacker config (config/shakapacker.yml,
 * config/webpacker.yml; root is the folder holding config/) and adds to
 * *out the folders the generated webpack config resolves bare specifiers
 * in: `source_path` (app/javascript when unset) and `additional_paths`.
 * The first value of each key counts (the `default:` section, which the
 * environments inherit). */
void rc_webpacker_resolve_read(struct rc_arena *a, const char *root,
                               const char *text, size_t len,
                               struct rc_webpack_resolve *out);

#endif
