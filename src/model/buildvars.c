/*
 * buildvars.c - a compose build's Dockerfile written with a variable
 * (`dockerfile: ${CLIENT_DOCKERFILE}`), resolved as the project resolves
 * it: the default written in `${VAR:-x}`, else the one value the committed
 * env files beside the compose file give (a `.env`, or a template such as
 * `docker/compose-env` that a setup script copies to `.env`). A variable
 * with no value, or with two different ones, stays unresolved. A build
 * `target:` and an `image:` written with variables are resolved the same
 * way.
 */
#include "readycheck/model.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

enum {
  ENV_FILE_MAX = 64 * 1024, /* env templates are small; larger is data */
  ENV_DEPTH_MAX = 2,        /* folders below the compose file's */
};

struct lookup {
  struct rc_index *index;
  struct rc_arena *a;
  const char *dir;   /* the compose project's folder */
  const char *name;  /* the variable */
  size_t len;        /* its name's length */
  const char *value; /* the value found, in the model's arena */
  bool conflict;     /* two files disagree */
};

static size_t depth_below(const char *path, const char *dir)
{
  size_t n = 0;
  for (const char *p = path + strlen(dir); *p; p++)
    n += *p == '/';
  return n;
}

/* `.env`, `.env.example`, `compose-env`, `docker.env`: a name that says env
 * and is not source code. */
static bool env_file_name(const char *path)
{
  static const char *const exts[] = {
      ".env", ".example", ".sample", ".template", ".tmpl", ".dist", NULL};
  const char *base = rc_path_base(path);
  if (strncmp(base, ".env", 4) == 0)
    return true; /* .env.docker, .env.production */
  if (!rc_str_find_ci(base, "env"))
    return false;
  const char *dot = strrchr(base, '.');
  if (!dot || dot == base)
    return true;
  for (size_t i = 0; exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return false;
}

static const char *value_in_line(struct rc_arena *a, const char *l,
                                 const char *end, const struct lookup *k)
{
  while (l < end && (*l == ' ' || *l == '\t'))
    l++;
  if ((size_t)(end - l) > 7 && strncmp(l, "export ", 7) == 0)
    l += 7;
  if ((size_t)(end - l) <= k->len || strncmp(l, k->name, k->len) != 0 ||
      l[k->len] != '=')
    return NULL;
  const char *v = l + k->len + 1, *e = v;
  while (e < end && *e != '#' && !isspace((unsigned char)*e))
    e++;
  if (e > v + 1 && (*v == '"' || *v == '\'') && e[-1] == *v) {
    v++;
    e--;
  }
  return e > v ? rc_arena_strndup(a, v, (size_t)(e - v)) : NULL;
}

static int on_env_file(const struct rc_entry *e, void *arg)
{
  struct lookup *k = arg;
  if (!rc_path_within(e->path, k->dir) ||
      depth_below(e->path, k->dir) > ENV_DEPTH_MAX || !env_file_name(e->path) ||
      rc_entry_size(k->index, e) > ENV_FILE_MAX)
    return 0;
  const char *data;
  size_t len;
  char err[128];
  if (rc_index_read(k->index, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  for (const char *l = data, *end = data + len; l < end;) {
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    const char *le = nl ? nl : end;
    const char *v = value_in_line(k->a, l, le, k);
    if (v && k->value && strcmp(v, k->value) != 0)
      k->conflict = true;
    else if (v)
      k->value = v;
    l = le + 1;
  }
  return 0;
}

/* The one value the committed env files beside dir give name (n bytes),
 * or NULL (none, or two that differ). */
static const char *env_files_value(struct rc_index *idx, struct rc_arena *a,
                                   const char *dir, const char *name, size_t n)
{
  struct lookup k = {idx, a, dir, rc_arena_strndup(a, name, n), n, NULL, false};
  /* only the compose folder's part of the index is walked */
  const char *globs[] = {"**/*env*", "**/.env*"};
  for (size_t i = 0; i < 2; i++)
    rc_index_glob(idx,
                  *dir ? rc_arena_printf(a, "%s/%s", dir, globs[i]) : globs[i],
                  RC_ENTRY_FILE, on_env_file, &k);
  return k.conflict ? NULL : k.value;
}

/* The value of ${NAME[:-default]} starting at p (after "${"), or NULL;
 * *after gets the character past its '}'. With env_first, a value the env
 * files give wins over the default, as Compose takes `.env` over it. */
static const char *resolve_one(struct rc_index *idx, struct rc_arena *a,
                               const char *dir, const char *p,
                               const char **after, bool env_first)
{
  const char *close = strchr(p, '}');
  if (!close)
    return NULL;
  *after = close + 1;
  size_t n = strcspn(p, ":-}");
  if (env_first && n &&
      (p[n] == '}' || p[n] == '-' || (p[n] == ':' && p[n + 1] == '-'))) {
    const char *v = env_files_value(idx, a, dir, p, n);
    if (v)
      return v;
  }
  if (p[n] == ':' && p[n + 1] == '-')
    return rc_arena_strndup(a, p + n + 2, (size_t)(close - p - n - 2));
  if (p[n] == '-')
    return rc_arena_strndup(a, p + n + 1, (size_t)(close - p - n - 1));
  if (p[n] != '}' || n == 0)
    return NULL; /* ${X:?required}, ${X:+alt}: no value to take */
  return env_files_value(idx, a, dir, p, n);
}

/* text with every ${...} replaced, or NULL when one stays unknown. */
static const char *substitute_with(struct rc_index *idx, struct rc_arena *a,
                                   const char *dir, const char *text,
                                   bool env_first)
{
  struct rc_buf out;
  rc_buf_init(&out);
  const char *res = NULL;
  for (const char *p = text;;) {
    const char *d = strstr(p, "${");
    if (!d) {
      rc_buf_printf(&out, "%s", p);
      res = rc_arena_strndup(a, out.data ? out.data : "", out.len);
      break;
    }
    rc_buf_printf(&out, "%.*s", (int)(d - p), p);
    const char *v = resolve_one(idx, a, dir, d + 2, &p, env_first);
    if (!v || strchr(v, '$'))
      break;
    rc_buf_printf(&out, "%s", v);
  }
  rc_buf_release(&out);
  return res && !strchr(res, '$') ? res : NULL;
}

static const char *substitute(struct rc_model *m, const char *dir,
                              const char *text)
{
  return substitute_with(m->index, m->arena, dir, text, false);
}

const char *rc_compose_env_substitute(struct rc_index *idx, struct rc_arena *a,
                                      const char *dir, const char *text)
{
  return substitute_with(idx, a, dir, text, true);
}

const char *rc_compose_mount_resolved(struct rc_index *idx, struct rc_arena *a,
                                      const struct rc_compose_service *s,
                                      const struct rc_mount *m)
{
  if (!m->source || !strstr(m->source, "${"))
    return m->path;
  const char *dir = s->project ? s->project : "";
  const char *v = rc_compose_env_substitute(idx, a, dir, m->source);
  const char *p =
      v && *v && v[0] != '/' && v[0] != '~' ? rc_path_join(a, dir, v) : NULL;
  return p ? p : m->path;
}

void rc_buildvars_resolve(struct rc_model *m)
{
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    for (size_t k = 0; k < v->n_services; k++) {
      struct rc_compose_service *s = &v->services[k];
      const char *dir = s->project ? s->project : "";
      /* `target: ${DOCKER_APP_RUNTIME}-runtime` the same way */
      if (s->target && strstr(s->target, "${")) {
        const char *t = substitute(m, dir, s->target);
        if (t)
          s->target = t;
      }
      /* `image: ${WEB_IMAGE}:${TAG}`: what `docker compose config` runs */
      if (s->image && strstr(s->image, "${")) {
        const char *im = substitute(m, dir, s->image);
        if (im && *im)
          s->image = im;
      }
      if (!s->dockerfile_var || s->dockerfile || !s->context)
        continue;
      const char *df = substitute(m, dir, s->dockerfile_var);
      if (df)
        s->dockerfile = rc_path_join(m->arena, s->context, df);
    }
  }
}
