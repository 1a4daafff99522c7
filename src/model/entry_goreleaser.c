/*
 * entry_goreleaser.c - `goreleaser release` (a command or the
 * goreleaser-action): the images its config's `dockers:` and
 * `dockers_v2:` entries build and publish.
 */
#include <string.h>

#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"

#include "entry_scan.h"

/* The files goreleaser reads from where it runs when --config names none. */
static const char *const config_names[] = {".goreleaser.yml",
                                           ".goreleaser.yaml", "goreleaser.yml",
                                           "goreleaser.yaml", NULL};

static const char *cfg_str(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The image name an `image_templates:` entry gives before its templated
 * tag (`ghcr.io/acme/app:{{ .Tag }}` -> `ghcr.io/acme/app`), or NULL when
 * the name itself is templated. */
static const char *template_repo(struct scan *sc, const cJSON *list)
{
  const cJSON *t = cJSON_IsArray(list) ? cJSON_GetArrayItem(list, 0) : NULL;
  if (!cJSON_IsString(t))
    return NULL;
  const char *s = t->valuestring;
  const char *tmpl = strstr(s, "{{");
  size_t n = tmpl ? (size_t)(tmpl - s) : strlen(s);
  if (tmpl && (n == 0 || s[n - 1] != ':'))
    return NULL;
  return rc_arena_strndup(sc->tmp, s, tmpl ? n - 1 : n);
}

/* One `dockers:` or `dockers_v2:` entry: its Dockerfile (default
 * `Dockerfile`, relative to where goreleaser runs). Its context is the
 * folder goreleaser fills with the built binaries and `extra_files:`, not
 * this tree, so the build's context is left unknown. No repository folder
 * is that context, even when `extra_files:` names one: the files keep
 * their repository paths beside binaries the tree does not hold, and the
 * repository's .dockerignore goes in only when listed. Probes that fall
 * back to the Dockerfile's folder therefore judge more than goreleaser
 * sends (its .git, .env files); saying so needs a promise of its own on
 * the image (a context staged by a release tool), which no dev repository
 * needed yet: none of the 16 with `dockers:` has a .dockerignore finding. */
static void goreleaser_docker(struct scan *sc, const struct rc_docs *docs,
                              const cJSON *d, bool v2)
{
  const char *df = cfg_str(d, "dockerfile");
  if (!df)
    df = "Dockerfile";
  if (strstr(df, "{{"))
    return;
  sc->line = rc_docs_line(docs, d);
  const char *tag = template_repo(
      sc,
      cJSON_GetObjectItemCaseSensitive(d, v2 ? "images" : "image_templates"));
  en_add_build(sc, df, ".", NULL, en_has_var(df), tag, NULL);
  struct rc_build *b = &sc->out->builds[sc->out->n_builds - 1];
  if (!b->unresolved)
    b->context = NULL;
}

/* Reads the config at path (repository-relative) and adds its images. */
static bool goreleaser_config(struct scan *sc, const char *path)
{
  const struct rc_entry *e = path ? rc_index_find(sc->idx, path) : NULL;
  const char *data;
  size_t len;
  char err[256];
  if (!e || rc_index_read(sc->idx, e, &data, &len, err, sizeof(err)) != 0)
    return false;
  struct rc_docs docs;
  if (rc_doc_cache_parse(sc->docs, &docs, data, len, path, RC_DOC_YAML, err,
                         sizeof(err)) != 0)
    return true;
  const char *via = sc->via;
  sc->via = rc_arena_printf(sc->a, "goreleaser (%s)", path);
  for (size_t i = 0; i < docs.n; i++) {
    const cJSON *d;
    cJSON_ArrayForEach(
        d, cJSON_GetObjectItemCaseSensitive(docs.docs[i], "dockers"))
      goreleaser_docker(sc, &docs, d, false);
    cJSON_ArrayForEach(
        d, cJSON_GetObjectItemCaseSensitive(docs.docs[i], "dockers_v2"))
      goreleaser_docker(sc, &docs, d, true);
  }
  sc->via = via;
  return true;
}

void en_run_goreleaser(struct scan *sc, const char *dir, const char *config,
                       bool snapshot)
{
  if (!sc->idx || (config && en_has_var(config)))
    return;
  unsigned line = sc->line;
  enum rc_role role = sc->role;
  /* a snapshot builds the images without publishing them: a test run */
  if (snapshot)
    sc->role = RC_ROLE_NONPROD;
  const char *cwd = sc->cwd;
  if (dir && !en_has_var(dir))
    sc->cwd = en_resolve(sc, sc->cwd, dir);
  if (!sc->cwd)
    sc->cwd = cwd;
  else if (config)
    goreleaser_config(sc, en_resolve(sc, sc->cwd, config));
  else
    for (size_t i = 0; config_names[i]; i++)
      if (goreleaser_config(sc, en_resolve(sc, sc->cwd, config_names[i])))
        break;
  sc->cwd = cwd;
  sc->role = role;
  sc->line = line;
}

/* Whether pkg is goreleaser's module path, with an optional major
 * version suffix and @version: github.com/goreleaser/goreleaser[/v2][@v]. */
static bool goreleaser_pkg(const char *pkg)
{
  static const char mod[] = "github.com/goreleaser/goreleaser";
  if (strncmp(pkg, mod, sizeof(mod) - 1) != 0)
    return false;
  const char *t = pkg + sizeof(mod) - 1;
  if (t[0] == '/' && t[1] == 'v') {
    t += 2;
    while (*t >= '0' && *t <= '9')
      t++;
  }
  return *t == '\0' || *t == '@';
}

/* `go run [FLAGS] github.com/goreleaser/goreleaser[/vN][@v] ARGS` runs
 * goreleaser without installing it (a Makefile pinning its version): i is
 * at `go`. Returns where goreleaser's own arguments start, or 0 when the
 * command is not `go run` or the package run is another. */
size_t en_go_run_goreleaser(const char **w, size_t n, size_t i)
{
  if (strcmp(w[i], "go") != 0 || !en_word_is(w, n, i + 1, "run"))
    return 0;
  i += 2;
  while (i < n && !en_is_op(w[i]) && w[i][0] == '-')
    i++;
  return i < n && !en_is_op(w[i]) && goreleaser_pkg(w[i]) ? i + 1 : 0;
}

/* goreleaser [release] [OPTIONS]: -f/--config names the file, --snapshot
 * publishes nothing, --skip=docker (or the older --skip-docker) builds no
 * image. Other commands (build, check, healthcheck) build no image. i is
 * after `goreleaser`. */
size_t en_goreleaser_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *config = NULL;
  bool release = i >= n || en_is_op(w[i]) || w[i][0] == '-' ||
                 strcmp(w[i], "release") == 0;
  bool snapshot = false, skip = false;
  for (; i < n && !en_is_op(w[i]); i++) {
    const char *v = en_opt_value(w[i], "--config");
    if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--config") == 0) && i + 1 < n)
      v = w[++i];
    if (v)
      config = v;
    else if (strcmp(w[i], "--snapshot") == 0)
      snapshot = true;
    else if (strcmp(w[i], "--skip-docker") == 0 ||
             (strncmp(w[i], "--skip", 6) == 0 && strstr(w[i], "docker")))
      skip = true;
    else if (strcmp(w[i], "--skip") == 0 && i + 1 < n &&
             strstr(w[i + 1], "docker"))
      skip = true;
  }
  if (release && !skip)
    en_run_goreleaser(sc, NULL, config, snapshot);
  return i;
}
