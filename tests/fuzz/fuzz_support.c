/*
 * fuzz_support.c - shared parts of the fuzz targets (fuzz_support.h).
 *
 * The scratch repository is real files in a real directory because the
 * probes read through the index, as in a run: a target that handed a
 * parser a buffer directly would miss the reading, the includes and the
 * judging around it.
 */
#include "fuzz_support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"

void fz_require(bool ok, const char *msg)
{
  if (ok)
    return;
  fprintf(stderr, "fuzz: broken promise: %s\n", msg);
  abort();
}

/* ---- parts -------------------------------------------------------------- */

static struct fz_part make_part(const char *p, size_t n)
{
  return (struct fz_part){p, n, rc_xstrndup(p, n)};
}

size_t fz_split(const uint8_t *data, size_t size, const char *sep,
                struct fz_part *parts, size_t max)
{
  const char *s = (const char *)data, *end = s + size, *start = s;
  size_t seplen = strlen(sep), n = 0;
  for (const char *line = s; line < end && n + 1 < max;) {
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    const char *stop = nl ? nl : end;
    if ((size_t)(stop - line) == seplen && memcmp(line, sep, seplen) == 0) {
      parts[n++] = make_part(start, (size_t)(line - start));
      start = nl ? nl + 1 : end;
    }
    line = nl ? nl + 1 : end;
  }
  parts[n++] = make_part(start, (size_t)(end - start));
  return n;
}

void fz_parts_free(struct fz_part *parts, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(parts[i].str);
}

/* ---- the scratch repository ------------------------------------------- */

static struct fz_repo repo;

static void remove_tree(const char *root)
{
  /* Only ever our own mkdtemp directory, so a plain rm -rf is safe. */
  if (!root || !strstr(root, "/rc-fuzz."))
    return;
  char cmd[4200];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
  if (system(cmd) != 0)
    fprintf(stderr, "fuzz: could not remove %s\n", root);
}

static void at_exit(void)
{
  fz_repo_reset(&repo);
  free(repo.written);
  remove_tree(repo.root);
  free(repo.root);
}

struct fz_repo *fz_repo_get(void)
{
  if (repo.root)
    return &repo;
  const char *tmp = getenv("TMPDIR");
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s/rc-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  repo.root = rc_buf_detach(&b);
  rc_buf_release(&b);
  if (!mkdtemp(repo.root)) {
    fprintf(stderr, "fuzz: mkdtemp %s: %s\n", repo.root, strerror(errno));
    abort();
  }
  atexit(at_exit);
  return &repo;
}

void fz_repo_reset(struct fz_repo *r)
{
  rc_index_free(r->idx);
  r->idx = NULL;
  rc_arena_free(r->arena);
  r->arena = NULL;
  memset(&r->ctx, 0, sizeof(r->ctx));
  struct rc_buf p;
  rc_buf_init(&p);
  for (size_t i = 0; i < r->n_written; i++) {
    rc_buf_reset(&p);
    rc_buf_printf(&p, "%s/%s", r->root, r->written[i]);
    unlink(p.data);
    free(r->written[i]);
  }
  r->n_written = 0;
  rc_buf_release(&p);
}

static void make_parents(char *path)
{
  for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
    *s = '\0';
    mkdir(path, 0755);
    *s = '/';
  }
}

void fz_repo_write(struct fz_repo *r, const char *rel, const char *data,
                   size_t len)
{
  struct rc_buf p;
  rc_buf_init(&p);
  rc_buf_printf(&p, "%s/%s", r->root, rel);
  make_parents(p.data);
  FILE *f = fopen(p.data, "wb");
  if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
    fprintf(stderr, "fuzz: cannot write %s: %s\n", p.data, strerror(errno));
    abort();
  }
  rc_buf_release(&p);
  rc_grow((void **)&r->written, &r->cap_written, r->n_written,
          sizeof(*r->written));
  r->written[r->n_written++] = rc_xstrdup(rel);
}

void fz_repo_index(struct fz_repo *r)
{
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_index_opts opts = {.no_gitignore = true};
  if (rc_index_build(&r->idx, r->root, &opts, &d) != 0) {
    fprintf(stderr, "fuzz: index: %s\n", d.n ? d.items[0].msg : "?");
    abort();
  }
  rc_diag_release(&d);
  r->arena = rc_arena_new();
  r->ctx = (struct rc_ctx){.index = r->idx, .arena = r->arena, .offline = 1};
}

/* ---- probe parameters -----------------------------------------------------
 */

static void *field(const struct rc_probe *p, void *cfg, const char *name,
                   enum rc_field_type t)
{
  for (const struct rc_field *f = p->fields; f->name; f++)
    if (strcmp(f->name, name) == 0) {
      fz_require(f->type == t, "probe field of another type");
      return (char *)cfg + f->offset;
    }
  fprintf(stderr, "fuzz: probe %s has no field %s\n", p->name, name);
  abort();
}

void *fz_cfg_new(const struct rc_probe *p, struct rc_arena *a)
{
  return rc_arena_alloc(a, p->cfg_size);
}

void fz_cfg_string(const struct rc_probe *p, void *cfg, const char *name,
                   const char *value)
{
  *(const char **)field(p, cfg, name, RC_FIELD_STRING) = value;
}

void fz_cfg_strings(const struct rc_probe *p, void *cfg, struct rc_arena *a,
                    const char *name, const char *const *items, size_t n)
{
  struct rc_strlist *l = field(p, cfg, name, RC_FIELD_STRINGS);
  l->items = rc_arena_alloc(a, (n ? n : 1) * sizeof(*l->items));
  for (size_t i = 0; i < n; i++)
    l->items[i] = rc_arena_strdup(a, items[i]);
  l->n = n;
}

void fz_cfg_enum(const struct rc_probe *p, void *cfg, const char *name,
                 int index)
{
  *(int *)field(p, cfg, name, RC_FIELD_ENUM) = index;
}

void fz_cfg_bool(const struct rc_probe *p, void *cfg, const char *name,
                 bool value)
{
  *(bool *)field(p, cfg, name, RC_FIELD_BOOL) = value;
}

void fz_cfg_int(const struct rc_probe *p, void *cfg, const char *name,
                long value)
{
  *(long *)field(p, cfg, name, RC_FIELD_INT) = value;
}

void fz_cfg_regex(const struct rc_probe *p, void *cfg, const char *name,
                  const char *src, struct rc_regex *re)
{
  struct rc_pattern *pat = field(p, cfg, name, RC_FIELD_REGEX);
  pat->src = src;
  pat->re = re;
}

void fz_cfg_number(const struct rc_probe *p, void *cfg, const char *name,
                   double value)
{
  *(double *)field(p, cfg, name, RC_FIELD_NUMBER) = value;
}

enum rc_outcome fz_run_probe(const struct rc_probe *p, const void *cfg,
                             struct fz_repo *r)
{
  struct rc_check out = {0};
  p->check(cfg, &r->ctx, &out);
  fz_require(out.outcome <= RC_OUT_SKIP, "outcome out of range");
  fz_require(out.message != NULL, "check without a message");
  fz_require(out.n_ev <= RC_EVIDENCE_MAX, "more evidence than the cap");
  for (size_t i = 0; i < out.n_ev; i++)
    fz_require(out.ev[i].text &&
                   strlen(out.ev[i].text) <= RC_EVIDENCE_TEXT_MAX + 3,
               "evidence text over the cap");
  return out.outcome;
}
