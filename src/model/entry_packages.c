/*
 * entry_packages.c - package.json scripts, each a shell line of its own
 * read for its image builds, and which package.json files count.
 */
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"

#include "entry_scan.h"

/* ---- package.json scripts ------------------------------------------------
 */

/* The 1-based line of `"name":` after from, else of from. */
static unsigned key_line(const char *data, size_t len, size_t from,
                         const char *name)
{
  size_t nl = strlen(name);
  size_t at = from;
  for (size_t i = from; i + nl + 2 <= len; i++)
    if (data[i] == '"' && memcmp(data + i + 1, name, nl) == 0 &&
        data[i + 1 + nl] == '"') {
      at = i;
      break;
    }
  unsigned line = 1;
  for (size_t i = 0; i < at && i < len; i++)
    line += data[i] == '\n';
  return line;
}

/* A package.json inside another package's source tree
 * (`packages/codegen/src/server/package.json` below
 * `packages/codegen/package.json`): data that package's code writes into
 * the projects it generates, whose scripts run there, not here. The
 * root's src/ may hold a workspace's packages and is read. */
bool en_in_package_source(struct rc_index *idx, struct rc_arena *a,
                          const char *path)
{
  for (const char *seg = path; *seg;) {
    size_t len = strcspn(seg, "/");
    if (!seg[len])
      break;
    /* not the root's src/: a workspace may keep its packages there */
    if (len == 3 && strncmp(seg, "src", 3) == 0 && seg > path) {
      const char *above = rc_arena_strndup(a, path, (size_t)(seg - path));
      if (rc_index_find(idx, rc_path_join(a, above, "package.json")))
        return true;
    }
    seg += len + 1;
  }
  return false;
}

/* Each script of a package.json is a shell line of its own (`npm run
 * docker:build`): its image builds, named by the script. A script whose
 * name says development or test builds a non-production image. */
void en_scan_package_json(struct scan *sc, const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(sc->docs, &docs, data, len, sc->path, RC_DOC_JSON, err,
                         sizeof(err)) != 0)
    return;
  const cJSON *scripts =
      docs.n ? cJSON_GetObjectItemCaseSensitive(docs.docs[0], "scripts") : NULL;
  const char *sk = scripts ? strstr(data, "\"scripts\"") : NULL;
  size_t from = sk ? (size_t)(sk - data) : 0;
  enum rc_role file_role = sc->role;
  sc->builds_only = true;
  for (const cJSON *c = cJSON_IsObject(scripts) ? scripts->child : NULL; c;
       c = c->next) {
    if (!cJSON_IsString(c) || !c->string ||
        (!rc_str_find_ci(c->valuestring, "build") &&
         !strstr(c->valuestring, "kaniko")))
      continue;
    char *name = rc_arena_strdup(sc->tmp, c->string);
    for (char *p = name; *p; p++)
      if (*p == ':')
        *p = '-';
    enum rc_role nrole = rc_role_of_path(name, NULL, 0);
    sc->role = file_role == RC_ROLE_PRODUCTION ? nrole : file_role;
    sc->via = rc_arena_printf(sc->a, "package.json script %s", c->string);
    sc->line = key_line(data, len, from, c->string);
    sc->cwd = sc->base;
    sc->n_dirs = 0;
    const char **w;
    size_t n = rc_shell_words(sc->tmp, c->valuestring, &w);
    en_scan_words(sc, w, n);
  }
  sc->via = NULL;
  sc->builds_only = false;
  sc->role = file_role;
  rc_docs_release(&docs);
}
