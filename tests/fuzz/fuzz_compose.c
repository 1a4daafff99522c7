/*
 * fuzz_compose.c - Compose files (rc_compose_file_load), a view merging a
 * base with overlays as `docker compose -f a -f b` does
 * (rc_compose_view_build) and the lookups probes make of each merged
 * service. The input holds up to three files separated by a line `#%%`
 * (a YAML comment, so a seed reads as the files it stands for); the first
 * byte of the input picks the profiles enabled. `include:` and `extends:
 * {file: ...}` find the other files of the input by path (cycles included).
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_support.h"
#include "readycheck/compose.h"
#include "readycheck/mem.h"

enum { MAX_FILES = 3 };

static const char *const paths[MAX_FILES] = {
    "docker-compose.yml", "docker-compose.override.yml", "deploy/prod.yml"};

static const char *const keys[] = {
    "image",
    "build",
    "build.context",
    "build.dockerfile",
    "command",
    "entrypoint",
    "user",
    "healthcheck.test",
    "restart",
    "deploy.resources.limits.memory",
    "x.y.z.w.v.u.t.s.r.q.p.o.n.m.l.k.j.i.h.g.f.e.d.c.b.a.a.b.c.d.e.f.g"};

static const char *const seqs[] = {"ports",      "expose",  "env_file",
                                   "depends_on", "secrets", "networks"};

static void on_item(const cJSON *item, const struct rc_where *at, void *arg)
{
  (void)arg;
  fz_require(item != NULL && at->path != NULL, "sequence item and place");
}

static void on_env(const char *name, const char *value,
                   const struct rc_where *at, void *arg)
{
  (void)value;
  (void)arg;
  fz_require(name != NULL && at->path != NULL, "variable name and place");
}

static void query(const struct rc_compose_service *s, struct rc_arena *a)
{
  fz_require(s->name && s->n_layers >= 1, "service name and layers");
  for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
    struct rc_where at = {0};
    if (rc_compose_get(s, keys[k], &at))
      fz_require(at.path != NULL, "a value found has a file");
    rc_compose_str(s, keys[k], NULL);
  }
  for (size_t k = 0; k < sizeof(seqs) / sizeof(*seqs); k++)
    rc_compose_each(s, seqs[k], on_item, NULL);
  struct rc_mount *m;
  size_t n = rc_compose_mounts(s, a, &m);
  for (size_t i = 0; i < n; i++)
    fz_require(m[i].at.path != NULL, "a mount has a file");
  rc_compose_env(s, on_env, NULL);
}

struct found {
  const struct rc_compose_file *files;
  size_t n;
};

static const struct rc_compose_file *find(void *arg, const char *path)
{
  const struct found *f = arg;
  for (size_t i = 0; i < f->n; i++)
    if (strcmp(f->files[i].path, path) == 0)
      return &f->files[i];
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const profiles[] = {NULL, "", "debug", "a,b,debug"};
  const char *prof = size ? profiles[data[0] & 3] : NULL;
  struct fz_part parts[MAX_FILES];
  size_t n =
      fz_split(data + (size > 0), size - (size > 0), "#%%", parts, MAX_FILES);
  struct rc_arena *a = rc_arena_new();
  struct rc_compose_file files[MAX_FILES];
  const struct rc_compose_file *ptrs[MAX_FILES];
  for (size_t i = 0; i < n; i++) {
    rc_compose_file_load(&files[i], a, paths[i], parts[i].data, parts[i].len);
    fz_require(!(files[i].error && files[i].root),
               "a file is usable or has an error, not both");
    ptrs[i] = &files[i];
  }
  struct rc_compose_view v;
  memset(&v, 0, sizeof(v));
  struct found found = {files, n};
  rc_compose_view_build(&v, a, ptrs, n, prof, find, &found);
  for (size_t i = 0; i < v.n_services; i++)
    query(&v.services[i], a);
  for (size_t i = 0; i < n; i++)
    rc_compose_file_release(&files[i]);
  fz_parts_free(parts, n);
  rc_arena_free(a);
  return 0;
}
