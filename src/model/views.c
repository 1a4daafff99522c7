/*
 * views.c - which compose files form views, the sets of files `docker
 * compose` merges into one stack: a chain an entry point runs (`-f a -f
 * b`) first, then a folder's base file with its overlays, then the files
 * left over, as stacks of their own unless they only adjust another. Each
 * view keeps the reason it was formed, for `readycheck model`.
 */
#include "views.h"

#include <string.h>
#include <strings.h>

#include "readycheck/model.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "build.h"
#include "lookup.h"
#include "names.h"

enum rc_role mb_worse(enum rc_role a, enum rc_role b)
{
  static const int rank[] = {[RC_ROLE_PRODUCTION] = 0,
                             [RC_ROLE_DEVELOPMENT] = 1,
                             [RC_ROLE_UNUSED] = 2,
                             [RC_ROLE_NONPROD] = 3};
  return rank[a] >= rank[b] ? a : b;
}

static bool same_files(const struct rc_compose_view *v,
                       const struct rc_compose_file **files, size_t n)
{
  if (v->n_files != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (v->files[i] != files[i])
      return false;
  return true;
}

/* COMPOSE_PROFILES from the committed .env beside the base file. */
static const char *profiles_for(struct build *b, const char *dir)
{
  const char *env = rc_path_join(b->a, dir, ".env");
  const struct rc_entry *e = env ? rc_index_find(b->m->index, env) : NULL;
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  for (const char *l = data; l && *l;
       l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
    if (strncmp(l, "COMPOSE_PROFILES=", 17) == 0)
      return rc_arena_strndup(b->a, l + 17, strcspn(l + 17, "\r\n #"));
  return NULL;
}

/* The compose file at path for `include:` and `extends: {file}`: one the
 * model read, or any YAML file of the repository loaded on first use
 * (common-services.yml has no compose-like name). */
static const struct rc_compose_file *find_compose(void *arg, const char *path)
{
  struct build *b = arg;
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_compose; i++)
    if (strcmp(m->compose[i].path, path) == 0)
      return &m->compose[i];
  for (size_t i = 0; i < m->n_extra_compose; i++)
    if (strcmp(m->extra_compose[i]->path, path) == 0)
      return m->extra_compose[i];
  const struct rc_entry *e = rc_index_find(m->index, path);
  const char *data;
  size_t len;
  if (!e || m->n_extra_compose >= MAX_COMPOSE ||
      !rc_index_read_text(m->index, e, MAX_FILE_BYTES, &data, &len))
    return NULL;
  struct rc_compose_file *f = rc_arena_alloc(b->a, sizeof(*f));
  rc_compose_file_load(f, b->a, e->path, data, len);
  f->role = RC_ROLE_PRODUCTION;
  f->why = "";
  rc_grow((void **)&m->extra_compose, &b->cap_extra, m->n_extra_compose,
          sizeof(*m->extra_compose));
  m->extra_compose[m->n_extra_compose++] = f;
  return f;
}

static struct rc_compose_view *add_view(struct build *b,
                                        const struct rc_compose_file **files,
                                        size_t n, enum rc_role role,
                                        const char *why)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_views; i++)
    if (same_files(&m->views[i], files, n))
      return NULL;
  for (size_t i = 0; i < n; i++)
    role = mb_worse(role, files[i]->role);
  rc_grow((void **)&m->views, &b->cap_views, m->n_views, sizeof(*m->views));
  struct rc_compose_view *v = &m->views[m->n_views++];
  memset(v, 0, sizeof(*v));
  rc_compose_view_build(v, b->a, files, n, profiles_for(b, files[0]->dir),
                        find_compose, b);
  v->role = role;
  v->why = why;
  return v;
}

static bool in_any_view(const struct rc_model *m,
                        const struct rc_compose_file *f)
{
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_files; k++)
      if (m->views[i].files[k] == f)
        return true;
  return false;
}

static bool same_folder(const struct rc_compose_file *const *files, size_t n)
{
  for (size_t k = 1; k < n; k++)
    if (strcmp(files[k]->dir, files[0]->dir) != 0)
      return false;
  return true;
}

/* `COMPOSE_FILE=compose.yaml:compose.production.yaml` in a script of
 * scripts/solr/, which has a compose.yaml of its own: a chain whose names
 * resolve in different folders (one beside the script, one at the root)
 * is read at the root when every name is there; else it is not read. */
static bool resolve_all_at_root(struct build *b, const struct rc_chain *c,
                                const struct rc_compose_file **files, size_t *n)
{
  size_t k = 0;
  for (; k < c->n_files && k < MAX_VIEW_FILES; k++) {
    const struct rc_compose_file *f =
        mb_compose_at(b->m, rc_path_join(b->a, "", c->files[k]));
    if (!f || f->error)
      return false;
    files[k] = f;
  }
  *n = k;
  return true;
}

/* Another chain runs f alone where it is not the deployment (a test or
 * development script): that chain's view would be f's only one. */
static bool run_alone_elsewhere(struct build *b, const struct rc_chain *self,
                                const struct rc_compose_file *f)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    if (c == self || c->unresolved || c->n_files != 1 ||
        mb_resolve_name(b, c->dir, c->files[0]) != f)
      continue;
    if (c->role != RC_ROLE_PRODUCTION ||
        rc_chain_on_ci_runner(b->m->index, b->a, c))
      return true;
  }
  return false;
}

/* A file a deployment document runs and a test script runs too (the
 * guide's `docker compose -f docker/compose-x.yaml up`, an e2e script
 * bringing the same file up) is the deployment the guide describes: the
 * script tests it. Its view takes the document's role, whichever chain
 * made it first. */
static void documented_deployment(struct build *b, const struct rc_chain *c,
                                  const struct rc_compose_file *f)
{
  struct rc_model *m = b->m;
  const struct rc_compose_file *files[1] = {f};
  const char *why =
      rc_arena_printf(b->a, "deployed by %s:%u", c->at.path, c->at.line);
  for (size_t i = 0; i < m->n_views; i++)
    if (same_files(&m->views[i], files, 1)) {
      if (f->role == RC_ROLE_PRODUCTION) {
        m->views[i].role = RC_ROLE_PRODUCTION;
        m->views[i].why = why;
      }
      return;
    }
  add_view(b, files, 1, RC_ROLE_PRODUCTION, why);
}

/* Every file of the chain is production by its own path. */
static bool all_production(const struct rc_compose_file *const *files, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (files[i]->role != RC_ROLE_PRODUCTION)
      return false;
  return true;
}

/* Chains written in the repository's automation become views: they say
 * which overlays go together, whatever the overlays are called. */
void mb_views_from_chains(struct build *b)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    const struct rc_compose_file *files[MAX_VIEW_FILES];
    size_t n = 0;
    bool ok = !c->unresolved && c->n_files > 0;
    for (size_t k = 0; ok && k < c->n_files && n < MAX_VIEW_FILES; k++) {
      const struct rc_compose_file *f = mb_resolve_name(b, c->dir, c->files[k]);
      ok = f && !f->error;
      if (ok)
        files[n++] = f;
    }
    if (ok && !same_folder(files, n))
      ok = resolve_all_at_root(b, c, files, &n);
    /* one plain compose file: its own directory's view covers it; one the
     * model reads only because a chain names it is run on its own */
    if (ok && n == 1 && c->deploys && c->role == RC_ROLE_PRODUCTION &&
        !rc_chain_on_ci_runner(b->m->index, b->a, c) &&
        run_alone_elsewhere(b, c, files[0])) {
      documented_deployment(b, c, files[0]);
      continue;
    }
    if (!ok ||
        (n == 1 && !rc_role_name_is_production(files[0]->path) &&
         rc_compose_is_name(files[0]->path) && c->role == RC_ROLE_PRODUCTION))
      continue;
    /* A page of the project's documentation (docs/databases/README.md)
     * running compose files that are production by their own names and
     * folders documents how to run them: that the page sits under docs/
     * makes it no example stack, so it demotes nothing; the files keep
     * the views the rest of the model gives them. */
    if (c->role != RC_ROLE_PRODUCTION && rc_path_is_markdown(c->at.path) &&
        rc_role_docs_only(b->a, c->at.path) && all_production(files, n))
      continue;
    enum rc_role role = c->role;
    const char *why =
        rc_arena_printf(b->a, "run with -f in %s:%u", c->at.path, c->at.line);
    if (role == RC_ROLE_PRODUCTION &&
        rc_chain_on_ci_runner(b->m->index, b->a, c)) {
      role = RC_ROLE_NONPROD;
      why = rc_arena_printf(b->a,
                            "started on the CI runner by %s:%u: a test stack",
                            c->at.path, c->at.line);
    }
    add_view(b, files, n, role, why);
  }
}

static bool has_chain_view_with_base(const struct rc_model *m,
                                     const struct rc_compose_file *base)
{
  for (size_t i = 0; i < m->n_views; i++)
    if (m->views[i].n_files > 1 && m->views[i].files[0] == base &&
        m->views[i].role == RC_ROLE_PRODUCTION)
      return true;
  return false;
}

/* A base file with the production-named overlays of its folder, each
 * applied on its own (`-f compose.yml -f compose.prod.yml`). */
/* Every service of f says what runs (an image or a build): f is a stack of
 * its own, not an overlay that adjusts another file's services. */
bool mb_complete_stack(const struct rc_compose_file *f)
{
  const cJSON *s;
  size_t n = 0;
  cJSON_ArrayForEach(s, f->services) {
    if (!cJSON_GetObjectItemCaseSensitive(s, "image") &&
        !cJSON_GetObjectItemCaseSensitive(s, "build") &&
        !cJSON_GetObjectItemCaseSensitive(s, "extends"))
      return false;
    n++;
  }
  return n > 0;
}

/* The chains that name f start it on the CI runner only (views made from
 * chains come first, so a non-production view holding f is one): a
 * release-named file CI brings up for tests is not the deployment. */
static bool in_test_chain(const struct rc_model *m,
                          const struct rc_compose_file *f)
{
  bool test = false;
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_files; k++)
      if (m->views[i].files[k] == f) {
        if (m->views[i].role == RC_ROLE_PRODUCTION)
          return false;
        test = true;
      }
  return test;
}

/* A production file of its own beside the base (docker-compose.prod.yml
 * defining every service it runs): production runs that file, and the
 * base is the development setup. */
static const struct rc_compose_file *
standalone_production(const struct rc_model *m,
                      const struct rc_compose_file *base)
{
  for (size_t k = 0; k < m->n_compose; k++) {
    const struct rc_compose_file *o = &m->compose[k];
    if (o != base && !o->error && strcmp(o->dir, base->dir) == 0 &&
        !mb_is_base_compose_name(o->path) &&
        rc_role_name_is_production(o->path) && o->role == RC_ROLE_PRODUCTION &&
        mb_complete_stack(o) && !in_test_chain(m, o))
      return o;
  }
  return NULL;
}

static bool only_fragments(const struct rc_compose_file *f);
static const struct rc_compose_file *
ancestor_base(struct build *b, const struct rc_compose_file *f);

/* A base-named file whose services only complete those of a compose file
 * above it (`-f suites/compose.yml -f suites/x/compose.yml`) is that file's
 * overlay, not a stack of its own. */
static bool overlay_below(struct build *b, const struct rc_compose_file *f)
{
  return cJSON_GetArraySize(f->services) > 0 && only_fragments(f) &&
         ancestor_base(b, f) != NULL;
}

/* Networks for overlays to share, or nothing at all (an empty placeholder
 * layer), no service: nothing runs from it alone. */
static bool networks_only(const struct rc_compose_file *f)
{
  return !f->services &&
         !(f->root && cJSON_GetObjectItemCaseSensitive(f->root, "include"));
}

void mb_views_from_folders(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *base = &m->compose[i];
    if (base->error || !mb_is_base_compose_name(base->path) ||
        base->role == RC_ROLE_NONPROD || has_chain_view_with_base(m, base) ||
        overlay_below(b, base) || networks_only(base))
      continue;
    const struct rc_compose_file *own = standalone_production(m, base);
    if (own) {
      const struct rc_compose_file *one[] = {own};
      add_view(b, one, 1, RC_ROLE_PRODUCTION,
               "a production compose file of its own");
      const struct rc_compose_file *dev[] = {base};
      add_view(b, dev, 1, RC_ROLE_DEVELOPMENT,
               rc_arena_printf(b->a,
                               "the development setup: production runs '%s'",
                               rc_path_base(own->path)));
      continue;
    }
    size_t overlays = 0;
    for (size_t k = 0; k < m->n_compose; k++) {
      const struct rc_compose_file *o = &m->compose[k];
      if (o == base || o->error || strcmp(o->dir, base->dir) != 0 ||
          mb_is_base_compose_name(o->path) ||
          !rc_role_name_is_production(o->path) ||
          o->role != RC_ROLE_PRODUCTION || in_test_chain(m, o))
        continue;
      const struct rc_compose_file *pair[] = {base, o};
      add_view(b, pair, 2, RC_ROLE_PRODUCTION,
               rc_arena_printf(b->a,
                               "base file with the production overlay "
                               "'%s'",
                               rc_path_base(o->path)));
      overlays++;
    }
    if (!overlays) {
      const struct rc_compose_file *one[] = {base};
      add_view(b, one, 1, RC_ROLE_PRODUCTION, "the folder's compose file");
    }
  }
}

/* Every service of `o` is defined in `base`: o only adjusts them. */
static bool only_adjusts(const struct rc_compose_file *o,
                         const struct rc_compose_file *base)
{
  const cJSON *s;
  cJSON_ArrayForEach(s, o->services) {
    if (!cJSON_GetObjectItemCaseSensitive(base->services, s->string))
      return false;
  }
  return true;
}

static const struct rc_compose_file *folder_base(const struct rc_model *m,
                                                 const char *dir)
{
  for (size_t i = 0; i < m->n_compose; i++)
    if (!m->compose[i].error && strcmp(m->compose[i].dir, dir) == 0 &&
        mb_is_base_compose_name(m->compose[i].path))
      return &m->compose[i];
  return NULL;
}

/* How many of f's relative build contexts and bind-mount sources exist
 * when resolved from dir. */
static size_t refs_found_from(struct build *b, const struct rc_compose_file *f,
                              const char *dir)
{
  size_t n = 0;
  const cJSON *svc;
  cJSON_ArrayForEach(svc, f->services) {
    const cJSON *bld = cJSON_GetObjectItemCaseSensitive(svc, "build");
    const cJSON *ctx = cJSON_IsString(bld)
                           ? bld
                           : cJSON_GetObjectItemCaseSensitive(bld, "context");
    if (cJSON_IsString(ctx)) {
      const char *p = rc_path_join(b->a, dir, ctx->valuestring);
      n += p && rc_index_find(b->m->index, p) != NULL;
    }
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(svc, "volumes")) {
      if (!cJSON_IsString(v) || v->valuestring[0] != '.')
        continue;
      const char *s = v->valuestring;
      const char *src = rc_arena_strndup(b->a, s, strcspn(s, ":"));
      const char *p = rc_path_join(b->a, dir, src);
      n += p && rc_index_find(b->m->index, p) != NULL;
    }
  }
  return n;
}

/* f names a service of base without saying what it runs (no image, no
 * build): it only makes sense merged onto base. */
static bool completes_any(const struct rc_compose_file *f,
                          const struct rc_compose_file *base)
{
  const cJSON *s;
  cJSON_ArrayForEach(s, f->services) {
    if (cJSON_GetObjectItemCaseSensitive(base->services, s->string) &&
        !cJSON_GetObjectItemCaseSensitive(s, "image") &&
        !cJSON_GetObjectItemCaseSensitive(s, "build") &&
        !cJSON_GetObjectItemCaseSensitive(s, "extends"))
      return true;
  }
  return false;
}

/* Every service of f says neither what it runs nor what it extends:
 * Compose refuses to start f alone; it completes services defined in
 * another file. */
static bool only_fragments(const struct rc_compose_file *f)
{
  const cJSON *s;
  cJSON_ArrayForEach(s, f->services) {
    if (cJSON_GetObjectItemCaseSensitive(s, "image") ||
        cJSON_GetObjectItemCaseSensitive(s, "build") ||
        cJSON_GetObjectItemCaseSensitive(s, "extends"))
      return false;
  }
  return true;
}

/* The nearest folder above f's with a base compose file that f is an
 * overlay of (`docker compose -f compose.yaml -f overrides/x.yaml`): f's
 * relative paths resolve from there better than from f's own folder, or
 * f completes one of that base's services. */
static const struct rc_compose_file *
ancestor_base(struct build *b, const struct rc_compose_file *f)
{
  size_t own = refs_found_from(b, f, f->dir);
  for (const char *d = f->dir; *d;) {
    d = rc_path_dir(b->a, d);
    const struct rc_compose_file *base = folder_base(b->m, d);
    if (base && base->role != RC_ROLE_NONPROD)
      return refs_found_from(b, f, d) > own || completes_any(f, base) ? base
                                                                      : NULL;
  }
  return NULL;
}

/* Compose files no view took: a production-named file without a base is
 * its own view; an add-on that starts services of its own is judged with
 * its folder's base; a file that only adjusts the base's services and that
 * no chain applies is left out (optional overlay). */
void mb_views_from_leftovers(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *f = &m->compose[i];
    if (f->error || !f->services || in_any_view(m, f))
      continue;
    const struct rc_compose_file *base = folder_base(m, f->dir);
    if (base && base != f && only_adjusts(f, base))
      continue;
    const struct rc_compose_file *above =
        base && base != f ? NULL : ancestor_base(b, f);
    if (above && only_adjusts(f, above))
      continue;
    if (above) {
      const struct rc_compose_file *pair[] = {above, f};
      add_view(b, pair, 2, f->role,
               rc_arena_printf(b->a,
                               "an overlay of '%s' (it completes its "
                               "services or its paths resolve from there)",
                               above->path));
      continue;
    }
    if (!base && only_fragments(f))
      continue; /* completes services another overlay defines */
    if (base && base != f) {
      const struct rc_compose_file *pair[] = {base, f};
      struct rc_compose_view *v = add_view(
          b, pair, 2, f->role,
          rc_arena_printf(b->a, "an add-on to '%s'", rc_path_base(base->path)));
      if (v)
        v->addon = true;
    } else {
      const struct rc_compose_file *one[] = {f};
      add_view(b, one, 1, f->role, "a compose file of its own");
    }
  }
}
