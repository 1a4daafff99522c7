/*
 * entry_bake.c - `docker buildx bake`: the bake files it reads, the
 * targets it builds and their --set overrides, each target's role.
 */
#include <string.h>

#include "readycheck/bake.h"
#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"

#include "entry_scan.h"

/* The files `docker buildx bake` reads from its folder when -f names none
 * (the compose files it also reads are judged as compose files). */
static const char *const bake_defaults[] = {
    "docker-bake.json", "docker-bake.hcl", "docker-bake.override.json",
    "docker-bake.override.hcl", NULL};

/* A target named for tests or development (`test`, `test-release-amd64`,
 * `dev`, `lint`) builds a developer's or a test run's image, whoever
 * pushes it. */
static enum rc_role bake_target_role(const char *name)
{
  static const char *const nonprod[] = {
      "test", "tests", "testing", "e2e", "ci", "lint", "example", "demo", NULL};
  static const char *const dev[] = {"dev", "develop", "development", "debug",
                                    NULL};
  if (rc_role_name_word(name, nonprod))
    return RC_ROLE_NONPROD;
  if (rc_role_name_word(name, dev))
    return RC_ROLE_DEVELOPMENT;
  return RC_ROLE_PRODUCTION;
}

/* A bake run: the targets it builds from the files it reads, each tied to
 * its Dockerfile, context, stage and tags like a `docker build` line. A
 * target that only fills the build cache or writes files out (`output =
 * ["type=cacheonly"]`, a lint or test run) builds no image that runs: not
 * production. A file that cannot be read, or a target computed at run
 * time, leaves the build unresolved. meta: the images a metadata-action
 * step's bake file gives the `docker-metadata-action` target, or NULL. */
/* A `--set PATTERN.context=X` or `.dockerfile=X` override for target
 * name: X, else NULL (the last override wins, as in bake). */
static const char *bake_set(struct scan *sc, const char **sets, size_t ns,
                            const char *name, const char *key)
{
  const char *r = NULL;
  for (size_t i = 0; i < ns; i++) {
    const char *eq = strchr(sets[i], '=');
    const char *dot = eq ? memchr(sets[i], '.', (size_t)(eq - sets[i])) : NULL;
    if (!dot || strlen(key) != (size_t)(eq - dot - 1) ||
        strncmp(dot + 1, key, strlen(key)) != 0)
      continue;
    const char *pat =
        rc_arena_strndup(sc->tmp, sets[i], (size_t)(dot - sets[i]));
    if (rc_glob_match(pat, name))
      r = eq + 1;
  }
  return r;
}

void en_run_bake(struct scan *sc, const char **files, size_t nf,
                 const char **targets, size_t nt, const char **sets, size_t ns,
                 const char *meta)
{
  struct rc_bake *bk = rc_bake_new(sc->a);
  if (!bk)
    return;
  const char *err = NULL;
  size_t read = 0;
  for (size_t i = 0; (nf ? i < nf : bake_defaults[i] != NULL) && !err; i++) {
    const char *f = nf ? files[i] : bake_defaults[i];
    if (en_has_var(f)) {
      err = rc_arena_printf(sc->a, "bake file '%s' is computed", f);
      break;
    }
    const char *path = en_resolve(sc, sc->cwd, f);
    const struct rc_entry *e = path ? rc_index_find(sc->idx, path) : NULL;
    const char *data;
    size_t len;
    char rerr[256];
    if (!e || rc_index_read(sc->idx, e, &data, &len, rerr, sizeof(rerr)) != 0)
      continue; /* a compose file, or a file made at run time */
    if (rc_bake_read(bk, sc->docs, path, data, len, rerr, sizeof(rerr)) != 0)
      err = rc_arena_printf(sc->a, "bake file %s", rerr);
    read++;
  }
  /* a target computed at run time (`bake "$TARGET"`, `${{ matrix.base
   * }}-multi`) is one of the file's targets or groups its pattern matches */
  const char *named[MAX_BAKE_TARGETS];
  size_t nn = 0;
  const char *computed = NULL;
  for (size_t i = 0; i < nt && !err; i++) {
    if (!en_has_var(targets[i]) && !strchr(targets[i], '@')) {
      if (nn < MAX_BAKE_TARGETS)
        named[nn++] = targets[i];
      continue;
    }
    struct rc_buf pat;
    rc_buf_init(&pat);
    size_t literal;
    en_vars_as_stars(targets[i], &pat, &literal);
    for (char *c = pat.data; c && *c; c++)
      if (*c == '@')
        *c = '*'; /* `$@`: the script's or rule's arguments */
    size_t got = read && pat.data ? rc_bake_names(bk, pat.data, named + nn,
                                                  MAX_BAKE_TARGETS - nn)
                                  : 0;
    rc_buf_release(&pat);
    if (!got)
      err = rc_arena_printf(sc->a, "bake target '%s' is computed", targets[i]);
    nn += got;
    computed = targets[i];
  }
  const char *via = sc->via;
  if (err) {
    sc->via = err;
    en_add_build(sc, NULL, NULL, NULL, true, NULL, NULL);
  } else if (read) {
    struct rc_bake_target t[MAX_BAKE_TARGETS];
    size_t n = rc_bake_targets(bk, named, nn, t, MAX_BAKE_TARGETS);
    enum rc_role role = sc->role;
    for (size_t i = 0; i < n; i++) {
      if (t[i].inline_df)
        continue;
      /* the Dockerfile is relative to the context, the context to where
       * bake runs (`--set *.context=..` overrides); a path that leaves the
       * repository is unknown */
      const char *sctx = bake_set(sc, sets, ns, t[i].name, "context");
      const char *sdf = bake_set(sc, sets, ns, t[i].name, "dockerfile");
      if (sctx)
        t[i].context = sctx;
      if (sdf)
        t[i].dockerfile = sdf;
      const char *df =
          t[i].unknown || !t[i].context || !t[i].dockerfile
              ? NULL
              : rc_path_join(sc->tmp, t[i].context, t[i].dockerfile);
      bool unresolved = !df || en_has_var(df) || en_has_var(t[i].context);
      /* a name computed at run time builds none of the targets whose
       * Dockerfile is missing */
      const char *full = unresolved ? NULL : en_resolve(sc, sc->cwd, df);
      if (computed && !unresolved && (!full || !rc_index_find(sc->idx, full)))
        continue;
      const char *tags = t[i].metadata && meta ? meta : t[i].tags;
      sc->via = rc_arena_printf(
          sc->a, "bake target %s (%s:%u)%s%s%s%s", t[i].name, t[i].file,
          t[i].line, computed ? ", one of those '" : "",
          computed ? computed : "", computed ? "' may name" : "",
          t[i].no_image ? ", which outputs no image" : "");
      if (t[i].no_image)
        sc->role = RC_ROLE_NONPROD;
      else if (role == RC_ROLE_PRODUCTION)
        sc->role = bake_target_role(t[i].name);
      en_add_build(sc, df, df ? t[i].context : NULL, t[i].target, unresolved,
                   tags, tags);
      sc->role = role;
    }
  }
  sc->via = via;
  rc_bake_free(bk);
}

static bool bake_valued(const char *w)
{
  static const char *const opts[] = {
      "--set",  "--progress",   "--builder", "--metadata-file", "--allow",
      "--call", "--provenance", "--sbom",    "--list",          "--var",
      NULL};
  for (size_t i = 0; opts[i]; i++)
    if (strcmp(w, opts[i]) == 0)
      return true;
  return false;
}

/* docker buildx bake [OPTIONS] [TARGET...]: -f names the files. `--print`
 * and `--check` build nothing. i is after `bake`. */
size_t en_bake_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *files[MAX_BAKE_FILES], *targets[MAX_BAKE_TARGETS];
  const char *sets[MAX_BAKE_FILES];
  size_t nf = 0, nt = 0, ns = 0;
  bool builds = true;
  for (; i < n && !en_is_op(w[i]); i++) {
    const char *v = NULL;
    if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--file") == 0) && i + 1 < n)
      v = w[++i];
    else
      v = en_opt_value(w[i], "--file");
    if (v) {
      if (nf < MAX_BAKE_FILES)
        files[nf++] = v;
    } else if (strcmp(w[i], "--print") == 0 || strcmp(w[i], "--check") == 0 ||
               strncmp(w[i], "--list", 6) == 0)
      builds = false;
    else if (strcmp(w[i], "--set") == 0 && i + 1 < n) {
      if (ns < MAX_BAKE_FILES)
        sets[ns++] = w[i + 1];
      i++;
    } else if (bake_valued(w[i]) && i + 1 < n)
      i++;
    else if (strcmp(w[i], "$@") == 0 && sc->mk_file && sc->mk_rule) {
      /* `bake $@` in a Makefile recipe: the rule's name (each of them
       * for `api worker:`) */
      const char **names;
      size_t nw = rc_shell_words(sc->tmp, sc->mk_rule, &names);
      for (size_t k = 0; k < nw && nt < MAX_BAKE_TARGETS; k++)
        targets[nt++] = names[k];
    } else if (w[i][0] != '-' && nt < MAX_BAKE_TARGETS)
      targets[nt++] = w[i];
  }
  if (builds)
    en_run_bake(sc, files, nf, targets, nt, sets, ns, NULL);
  return i;
}
