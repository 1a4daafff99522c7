/*
 * platform.c - a hosting platform builds the Dockerfile its file names, so
 * that Dockerfile is what production runs even when no CI job or script
 * builds it. Each platform's format is read for its build fields only.
 */
#include "readycheck/platform.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/tomltable.h"

static const char *str(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* "./x", "/x" (Railway's root) and "x" all name x; "." and "/" the base. */
static const char *plain(const char *p)
{
  if (!p)
    return NULL;
  while (p[0] == '.' && p[1] == '/')
    p += 2;
  while (*p == '/')
    p++;
  return *p && strcmp(p, ".") != 0 ? p : NULL;
}

static void add(struct rc_platform_builds *out, struct rc_arena *a,
                const char *df, const char *ctx, const char *target,
                bool beside, unsigned line, const char *via)
{
  rc_grow((void **)&out->v, &out->cap, out->n, sizeof(*out->v));
  out->v[out->n++] =
      (struct rc_platform_build){df ? rc_arena_strdup(a, df) : NULL,
                                 ctx ? rc_arena_strdup(a, ctx) : NULL,
                                 target ? rc_arena_strdup(a, target) : NULL,
                                 beside,
                                 line ? line : 1,
                                 via};
}

static const char *base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static bool is_do_spec(const char *path)
{
  const char *n = base_name(path);
  bool in_do = (n - path == 4 && strncmp(path, ".do/", 4) == 0) ||
               (n - path > 5 && strncmp(n - 5, "/.do/", 5) == 0);
  return in_do &&
         (strcmp(n, "app.yaml") == 0 || strcmp(n, "deploy.template.yaml") == 0);
}

bool rc_platform_file(const char *path)
{
  const char *n = base_name(path);
  return strcmp(n, "render.yaml") == 0 || strcmp(n, "render.yml") == 0 ||
         strcmp(n, "railway.json") == 0 || strcmp(n, "railway.toml") == 0 ||
         strcmp(n, "heroku.yml") == 0 || strcmp(n, "app.yaml") == 0 ||
         is_do_spec(path);
}

/* Render: a service with `runtime: docker` (older `env: docker`) builds
 * dockerfilePath (./Dockerfile) in dockerContext (.), both under rootDir;
 * `runtime: image` deploys an image built elsewhere. */
static void render(struct rc_platform_builds *out, struct rc_arena *a,
                   const struct rc_docs *docs, const cJSON *d)
{
  const cJSON *s;
  cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(d, "services")) {
    const char *rt = str(s, "runtime");
    if (!rt)
      rt = str(s, "env");
    if (!rt || strcmp(rt, "docker") != 0)
      continue;
    const char *root = plain(str(s, "rootDir"));
    const char *df = plain(str(s, "dockerfilePath"));
    const char *ctx = plain(str(s, "dockerContext"));
    const char *name = str(s, "name");
    if (root) {
      df = rc_path_join(a, root, df ? df : "Dockerfile");
      ctx = ctx ? rc_path_join(a, root, ctx) : root;
    } else if (!df)
      df = "Dockerfile";
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(s, "dockerfilePath");
    add(out, a, df, ctx, NULL, false, rc_docs_line(docs, at ? at : s),
        rc_arena_printf(a, "Render service '%s'", name ? name : "?"));
  }
}

/* DigitalOcean App Platform: a component with dockerfile_path builds it
 * (from the repository root) in source_dir. */
static void app_platform(struct rc_platform_builds *out, struct rc_arena *a,
                         const struct rc_docs *docs, const cJSON *d)
{
  const cJSON *spec = cJSON_GetObjectItemCaseSensitive(d, "spec");
  if (!spec)
    spec = d;
  static const char *const kinds[] = {"services", "workers", "jobs", NULL};
  for (size_t k = 0; kinds[k]; k++) {
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(spec, kinds[k])) {
      const char *df = plain(str(c, "dockerfile_path"));
      if (!df)
        continue;
      const char *name = str(c, "name");
      add(out, a, df, plain(str(c, "source_dir")), NULL, false,
          rc_docs_line(docs,
                       cJSON_GetObjectItemCaseSensitive(c, "dockerfile_path")),
          rc_arena_printf(a, "App Platform component '%s'", name ? name : "?"));
    }
  }
}

/* heroku.yml: `build: docker: web: Dockerfile` (or `web: {dockerfile: x,
 * target: y}`), one image per process type. */
static void heroku(struct rc_platform_builds *out, struct rc_arena *a,
                   const struct rc_docs *docs, const cJSON *d)
{
  const cJSON *build = cJSON_GetObjectItemCaseSensitive(d, "build");
  const cJSON *p;
  cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(build, "docker")) {
    const char *df =
        cJSON_IsString(p) ? plain(p->valuestring) : plain(str(p, "dockerfile"));
    if (!df || !p->string)
      continue;
    add(out, a, df, NULL, cJSON_IsObject(p) ? str(p, "target") : NULL, false,
        rc_docs_line(docs, p),
        rc_arena_printf(a, "heroku.yml process '%s'", p->string));
  }
}

/* Railway: `build.builder: DOCKERFILE` or a `build.dockerfilePath`
 * (from the repository root). */
static void railway_json(struct rc_platform_builds *out, struct rc_arena *a,
                         const struct rc_docs *docs, const cJSON *d)
{
  const cJSON *build = cJSON_GetObjectItemCaseSensitive(d, "build");
  const char *builder = str(build, "builder");
  const char *df = plain(str(build, "dockerfilePath"));
  if (!df && !(builder && strcasecmp(builder, "DOCKERFILE") == 0))
    return;
  add(out, a, df, NULL, NULL, !df, rc_docs_line(docs, build), "Railway");
}

/* railway.toml's [build] section: `builder = "DOCKERFILE"`,
 * `dockerfilePath = "..."`. */
struct railway {
  struct rc_arena *a;
  const char *df;
  bool docker;
  unsigned at;
};

static void railway_key(const char *k, size_t kl, const char *v, size_t vl,
                        unsigned line, void *arg)
{
  struct railway *r = arg;
  if (kl == 14 && strncmp(k, "dockerfilePath", 14) == 0) {
    r->df = plain(rc_arena_strndup(r->a, v, vl));
    r->at = line;
  } else if (kl == 7 && strncmp(k, "builder", 7) == 0) {
    r->docker = vl == 10 && strncasecmp(v, "DOCKERFILE", 10) == 0;
    if (!r->df)
      r->at = line;
  }
}

static void railway_toml(struct rc_platform_builds *out, struct rc_arena *a,
                         const char *data, size_t len)
{
  struct railway r = {a, NULL, false, 1};
  rc_toml_table_each(data, len, "[build]", railway_key, &r);
  if (r.df || r.docker)
    add(out, a, r.df, NULL, NULL, !r.df, r.at, "Railway");
}

/* App Engine flexible: `runtime: custom` builds the Dockerfile beside
 * app.yaml. */
static void app_engine(struct rc_platform_builds *out, struct rc_arena *a,
                       const struct rc_docs *docs, const cJSON *d)
{
  const char *rt = str(d, "runtime");
  if (!rt || strcmp(rt, "custom") != 0)
    return;
  add(out, a, "Dockerfile", NULL, NULL, true,
      rc_docs_line(docs, cJSON_GetObjectItemCaseSensitive(d, "runtime")),
      "App Engine (runtime: custom)");
}

void rc_platform_scan(struct rc_platform_builds *out, struct rc_arena *a,
                      struct rc_doc_cache *cache, const char *path,
                      const char *data, size_t len)
{
  const char *n = base_name(path);
  if (strcmp(n, "railway.toml") == 0) {
    railway_toml(out, a, data, len);
    return;
  }
  struct rc_docs docs;
  char err[256];
  /* JSON is YAML too, and YAML keeps the lines */
  if (rc_doc_cache_parse(cache, &docs, data, len, path, RC_DOC_YAML, err,
                         sizeof(err)) != 0)
    return;
  for (size_t i = 0; i < docs.n; i++) {
    const cJSON *d = docs.docs[i];
    if (!cJSON_IsObject(d))
      continue;
    if (is_do_spec(path))
      app_platform(out, a, &docs, d);
    else if (strncmp(n, "render.", 7) == 0)
      render(out, a, &docs, d);
    else if (strcmp(n, "heroku.yml") == 0)
      heroku(out, a, &docs, d);
    else if (strcmp(n, "railway.json") == 0)
      railway_json(out, a, &docs, d);
    else if (strcmp(n, "app.yaml") == 0)
      app_engine(out, a, &docs, d);
  }
  rc_docs_release(&docs);
}
