/*
 * baseline.c - comparison with an earlier JSON report, by fingerprint: what
 * is new, what was fixed, which checks regressed, and how the score moved.
 * With --fail-on new only new findings in gating checks fail the run, so a
 * team can adopt readycheck on a repository with known debt and still stop
 * it from growing.
 */
#include "readycheck/policy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/rule.h"

#define BASELINE_MAX (64 * 1024 * 1024)

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *str_of(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void push(struct rc_arena *a, const char ***list, size_t *n, size_t *cap,
                 const char *s)
{
  rc_grow((void **)list, cap, *n, sizeof(**list));
  (*list)[(*n)++] = rc_arena_strdup(a, s);
}

static bool failing_status(const char *s)
{
  return s && (strcmp(s, "BLOCK") == 0 || strcmp(s, "WARN") == 0 ||
               strcmp(s, "INFO") == 0 || strcmp(s, "ERROR") == 0 ||
               strcmp(s, "WAIVED") == 0);
}

/* The findings of one baseline check, as rc_findings() defines them. */
static void read_check(struct rc_baseline *b, const cJSON *c, size_t *cap_fp,
                       size_t *cap_pass, size_t *cap_items)
{
  const char *id = str_of(c, "id"), *status = str_of(c, "status");
  if (!id)
    return;
  if (status && strcmp(status, "PASS") == 0)
    push(b->arena, &b->passed, &b->n_passed, cap_pass, id);
  if (!failing_status(status))
    return;
  size_t before = b->n_fingerprints;
  const cJSON *e;
  cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(c, "evidence")) {
    const char *fp = str_of(e, "fingerprint");
    if (!fp || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "pass")))
      continue;
    push(b->arena, &b->fingerprints, &b->n_fingerprints, cap_fp, fp);
    rc_grow((void **)&b->fixed, cap_items, b->n_fixed, sizeof(*b->fixed));
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(e, "line");
    const char *path = str_of(e, "path"), *text = str_of(e, "text");
    b->fixed[b->n_fixed++] = (struct rc_fixed){
        rc_arena_strdup(b->arena, id), rc_arena_strdup(b->arena, fp),
        path ? rc_arena_strdup(b->arena, path) : NULL,
        rc_arena_strdup(b->arena, text ? text : ""),
        cJSON_IsNumber(line) ? (unsigned)line->valuedouble : 0};
  }
  const char *fp = str_of(c, "fingerprint");
  if (b->n_fingerprints == before && fp) {
    push(b->arena, &b->fingerprints, &b->n_fingerprints, cap_fp, fp);
    rc_grow((void **)&b->fixed, cap_items, b->n_fixed, sizeof(*b->fixed));
    const char *msg = str_of(c, "message");
    b->fixed[b->n_fixed++] = (struct rc_fixed){
        rc_arena_strdup(b->arena, id), rc_arena_strdup(b->arena, fp), NULL,
        rc_arena_strdup(b->arena, msg ? msg : ""), 0};
  }
}

static int parse(struct rc_baseline *b, const cJSON *doc, struct rc_diag *d)
{
  const cJSON *ver = cJSON_GetObjectItemCaseSensitive(doc, "schema_version");
  const char *schema = str_of(doc, "schema");
  if (!schema || strcmp(schema, "readycheck/report") != 0)
    return rc_error(d, NULL,
                    "--baseline '%s': not a readycheck JSON report (write one "
                    "with --report json=FILE)",
                    b->file);
  /* 2 changed what counts.pass counts; a baseline reads only the
   * findings, score and verdict, the same in both */
  if (!cJSON_IsNumber(ver) || (ver->valuedouble != 1 && ver->valuedouble != 2))
    return rc_error(d, NULL, "--baseline '%s': unsupported schema_version",
                    b->file);
  const cJSON *score = cJSON_GetObjectItemCaseSensitive(doc, "score");
  const cJSON *val = cJSON_GetObjectItemCaseSensitive(score, "value");
  b->score = cJSON_IsNumber(val) ? (int)val->valuedouble : -1;
  const char *verdict = str_of(doc, "verdict");
  b->verdict = verdict ? rc_arena_strdup(b->arena, verdict) : NULL;
  const cJSON *git = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(doc, "repository"), "git");
  const char *commit = str_of(git, "commit");
  b->commit = commit ? rc_arena_strdup(b->arena, commit) : NULL;
  const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
  if (!cJSON_IsArray(checks))
    return rc_error(d, NULL, "--baseline '%s': no 'checks' array", b->file);
  size_t cap_fp = 0, cap_pass = 0, cap_items = 0;
  const cJSON *c;
  cJSON_ArrayForEach(c, checks)
    read_check(b, c, &cap_fp, &cap_pass, &cap_items);
  if (b->n_fingerprints)
    qsort(b->fingerprints, b->n_fingerprints, sizeof(char *), cmp_str);
  if (b->n_passed)
    qsort(b->passed, b->n_passed, sizeof(char *), cmp_str);
  return 0;
}

int rc_baseline_load(struct rc_baseline **out, const char *path,
                     struct rc_diag *d)
{
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return rc_error(d, NULL, "--baseline: cannot read '%s': %s", path,
                    strerror(errno));
  struct rc_buf buf;
  rc_buf_init(&buf);
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0 && buf.len <= BASELINE_MAX)
    rc_buf_add(&buf, tmp, n);
  bool bad = ferror(f) || buf.len > BASELINE_MAX;
  fclose(f);
  cJSON *doc = bad ? NULL : cJSON_ParseWithLength(buf.data, buf.len);
  rc_buf_release(&buf);
  if (!doc)
    return rc_error(d, NULL, "--baseline '%s': %s", path,
                    bad ? "unreadable or larger than 64 MiB" : "invalid JSON");
  struct rc_baseline *b = rc_xcalloc(1, sizeof(*b));
  b->arena = rc_arena_new();
  b->file = rc_arena_strdup(b->arena, path);
  int rc = parse(b, doc, d);
  cJSON_Delete(doc);
  if (rc != 0) {
    rc_baseline_free(b);
    return -1;
  }
  *out = b;
  return 0;
}

void rc_baseline_free(struct rc_baseline *b)
{
  if (!b)
    return;
  free(b->fingerprints);
  free(b->passed);
  free(b->fixed);
  rc_arena_free(b->arena);
  free(b);
}

static bool in_sorted(const char *const *list, size_t n, const char *s)
{
  return s && n && bsearch(&s, list, n, sizeof(*list), cmp_str) != NULL;
}

bool rc_baseline_has(const struct rc_baseline *b, const char *fingerprint)
{
  return in_sorted(b->fingerprints, b->n_fingerprints, fingerprint);
}

bool rc_baseline_passed(const struct rc_baseline *b, const char *rule)
{
  return in_sorted(b->passed, b->n_passed, rule);
}

/* A finding fails the gate when its check is a BLOCK, or an ERROR of a
 * block-severity rule (which would make the run INCOMPLETE). */
static bool gating(const struct rc_finding *f)
{
  return f->res->status == RC_STATUS_BLOCK ||
         (f->res->status == RC_STATUS_ERROR &&
          f->res->rule->severity == RC_SEV_BLOCK);
}

void rc_baseline_compare(struct rc_baseline *b, const struct rc_results *r)
{
  struct rc_finding *f;
  size_t n = rc_findings(r, &f);
  const char **now = rc_xcalloc(n ? n : 1, sizeof(*now));
  b->n_new = b->n_new_gating = b->n_regressions = 0;
  for (size_t i = 0; i < n; i++) {
    now[i] = f[i].fingerprint;
    if (rc_baseline_has(b, f[i].fingerprint))
      continue;
    b->n_new++;
    b->n_new_gating += gating(&f[i]) && !f[i].waiver;
  }
  qsort(now, n, sizeof(*now), cmp_str);
  /* Fixed: the baseline's findings that are gone (kept in file order). */
  size_t kept = 0;
  for (size_t i = 0; i < b->n_fixed; i++)
    if (!in_sorted(now, n, b->fixed[i].fingerprint))
      b->fixed[kept++] = b->fixed[i];
  b->n_fixed = kept;
  for (size_t i = 0; i < r->n; i++)
    b->n_regressions += rc_status_has_findings(r->items[i].status) &&
                        r->items[i].status != RC_STATUS_WAIVED &&
                        rc_baseline_passed(b, r->items[i].rule->id);
  free(now);
  free(f);
}
