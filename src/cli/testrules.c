/*
 * testrules.c - runs single rules against their fixture trees and compares
 * the result with the fixture's name (pass* / fail*). It reuses the normal
 * pipeline (index, stack detection, run, score) per fixture so a fixture
 * sees exactly what a real check of that folder would; loading rules and
 * choosing the exit code is main's job.
 */
#include "readycheck/testrules.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "readycheck/buf.h"
#include "readycheck/detect.h"
#include "readycheck/index.h"
#include "readycheck/model.h"
#include "readycheck/mem.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

struct names {
  char **items;
  size_t n, cap;
};

static void names_release(struct names *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->items[i]);
  free(l->items);
  memset(l, 0, sizeof(*l));
}

static int cmp_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *a, const char *b)
{
  struct rc_buf buf;
  rc_buf_init(&buf);
  rc_buf_printf(&buf, "%s/%s", a, b);
  char *s = rc_buf_detach(&buf);
  rc_buf_release(&buf); /* detach leaves a fresh empty buffer */
  return s;
}

static bool is_dir(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Sorted names of the subdirectories of dir (dotfiles skipped). */
static int list_dirs(const char *dir, struct names *out, struct rc_diag *d)
{
  DIR *dp = opendir(dir);
  if (!dp)
    return rc_error(d, NULL, "cannot read fixture directory '%s': %s", dir,
                    strerror(errno));
  struct dirent *de;
  while ((de = readdir(dp)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    char *path = join(dir, de->d_name);
    bool keep = is_dir(path);
    free(path);
    if (!keep)
      continue;
    rc_grow((void **)&out->items, &out->cap, out->n, sizeof(*out->items));
    out->items[out->n++] = rc_xstrdup(de->d_name);
  }
  closedir(dp);
  qsort(out->items, out->n, sizeof(*out->items), cmp_name);
  return 0;
}

static bool starts_with(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_tag(const struct rc_rule *r, const char *tag)
{
  for (size_t i = 0; i < r->n_tags; i++)
    if (strcmp(r->tags[i], tag) == 0)
      return true;
  return false;
}

static struct rc_rule *find_rule(const struct rc_ruleset *rs, const char *id)
{
  for (size_t i = 0; i < rs->n; i++)
    if (strcmp(rs->rules[i]->id, id) == 0)
      return rs->rules[i];
  return NULL;
}

struct fixture_run {
  const struct rc_testrules_opts *o;
  FILE *out;
  struct rc_testrules_summary *sum;
  cJSON *json; /* -f json: the results, printed at the end */
};

/* One result line, or one object of the JSON results. */
static void record(struct fixture_run *fr, const char *result,
                   const char *label, const char *want, const char *got,
                   const char *msg)
{
  if (!fr->json)
    return;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "result", result);
  cJSON_AddStringToObject(o, "fixture", label);
  if (want)
    cJSON_AddStringToObject(o, "expected", want);
  if (got)
    cJSON_AddStringToObject(o, "got", got);
  if (msg && *msg)
    cJSON_AddStringToObject(o, "message", msg);
  cJSON_AddItemToArray(fr->json, o);
}

static void mismatch(struct fixture_run *fr, const char *label,
                     const char *want, const char *got, const char *msg)
{
  fr->sum->n_mismatches++;
  record(fr, "mismatch", label, want, got, msg);
  if (!fr->json)
    fprintf(fr->out, "MISMATCH %s: expected %s, got %s%s%s\n", label, want, got,
            msg && *msg ? ": " : "", msg ? msg : "");
}

/* What a fixture expects, from its folder name's prefix. */
/* warn: the probe's condition held only because it could not tell (an OK
 * the scorer shows as a WARN), never a pass nor a block. */
enum expect { EXPECT_PASS, EXPECT_FAIL, EXPECT_SKIP, EXPECT_WARN };

/* Runs rule r alone on one fixture tree with a fresh index. */
static void run_fixture(struct fixture_run *fr, struct rc_rule *r,
                        const char *path, const char *label, enum expect want_e)
{
  const char *want = want_e == EXPECT_PASS   ? "PASS"
                     : want_e == EXPECT_FAIL ? "FAIL"
                     : want_e == EXPECT_WARN ? "WARN"
                                             : "SKIP";
  fr->sum->n_fixtures++;
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_index *idx = NULL;
  if (rc_index_build(&idx, path, NULL, &d) != 0) {
    const char *why = d.n ? d.items[0].msg : "cannot index the fixture";
    mismatch(fr, label, want, "ERROR", why);
    rc_diag_release(&d);
    return;
  }
  rc_diag_release(&d);
  struct rc_rule *one[1] = {r};
  struct rc_ruleset single = {.rules = one, .n = 1, .cap = 1};
  struct rc_model *model = rc_model_new(idx);
  /* The same stack detection as a real run on this folder: a rule whose
   * stacks the fixture does not show is SKIP here too, never a pass. */
  struct rc_detection det;
  rc_detect_stacks(idx, &det);
  rc_detect_from_model(&det, model);
  struct rc_run_opts ropts = {.model = model, .detected = &det};
  if (fr->o->run) {
    ropts.vars = fr->o->run->vars;
    ropts.offline = fr->o->run->offline;
  }
  struct rc_results results;
  rc_results_init(&results);
  rc_run(&single, idx, &ropts, &results);
  struct rc_policy policy = {-1, false, false};
  struct rc_score score;
  rc_score_compute(&results, &policy, &score);
  const struct rc_result *res = &results.items[0];
  bool ok = want_e == EXPECT_PASS   ? res->status == RC_STATUS_PASS
            : want_e == EXPECT_FAIL ? res->outcome == RC_OUT_FAIL
            : want_e == EXPECT_WARN
                ? res->outcome == RC_OUT_OK && res->status == RC_STATUS_WARN
                : res->status == RC_STATUS_SKIP;
  if (ok) {
    record(fr, "ok", label, want, rc_status_name(res->status), NULL);
    if (!fr->o->quiet && !fr->json)
      fprintf(fr->out, "ok       %s\n", label);
  } else {
    mismatch(fr, label, want, rc_status_name(res->status), res->message);
  }
  rc_score_release(&score);
  rc_results_release(&results);
  rc_model_free(model);
  rc_index_free(idx);
}

static void problem(struct fixture_run *fr, const char *fmt, const char *a,
                    const char *b)
{
  fr->sum->n_problems++;
  char msg[512];
  snprintf(msg, sizeof(msg), fmt, a, b);
  record(fr, "error", a, NULL, NULL, msg);
  if (!fr->json)
    fprintf(fr->out, "ERROR    %s\n", msg);
}

/* Runs the fixtures of one rule directory. */
static void run_rule_dir(struct fixture_run *fr, const struct rc_ruleset *rs,
                         const char *id)
{
  struct rc_rule *r = find_rule(rs, id);
  if (!r) {
    problem(fr, "%s: no rule '%s' is loaded", id, id);
    return;
  }
  if (fr->o->run && !rc_run_selected(r, fr->o->run))
    return;
  char *dir = join(fr->o->dir, id);
  struct names fx = {0};
  struct rc_diag d;
  rc_diag_init(&d);
  if (list_dirs(dir, &fx, &d) != 0)
    problem(fr, "%s: %s", id, d.items[0].msg);
  rc_diag_release(&d);
  for (size_t i = 0; i < fx.n; i++) {
    enum expect e;
    if (starts_with(fx.items[i], "pass"))
      e = EXPECT_PASS;
    else if (starts_with(fx.items[i], "fail"))
      e = EXPECT_FAIL;
    else if (starts_with(fx.items[i], "skip"))
      e = EXPECT_SKIP; /* the rule does not apply here */
    else if (starts_with(fx.items[i], "warn"))
      e = EXPECT_WARN;
    else
      continue;
    char *path = join(dir, fx.items[i]);
    char *label = join(id, fx.items[i]);
    run_fixture(fr, r, path, label, e);
    free(label);
    free(path);
  }
  names_release(&fx);
  free(dir);
}

/* True when dir/<id> holds a directory whose name starts with prefix. */
static bool has_fixture(const char *root, const char *id, const char *prefix)
{
  char *dir = join(root, id);
  struct names fx = {0};
  struct rc_diag d;
  rc_diag_init(&d);
  bool found = false;
  if (list_dirs(dir, &fx, &d) == 0)
    for (size_t i = 0; i < fx.n && !found; i++)
      found = starts_with(fx.items[i], prefix);
  rc_diag_release(&d);
  names_release(&fx);
  free(dir);
  return found;
}

static void require_fixtures(struct fixture_run *fr,
                             const struct rc_ruleset *rs)
{
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    if (has_tag(r, RC_TAG_NO_FIXTURE) ||
        (fr->o->run && !rc_run_selected(r, fr->o->run)))
      continue;
    bool pass = has_fixture(fr->o->dir, r->id, "pass");
    bool fail = has_fixture(fr->o->dir, r->id, "fail");
    if (!pass || !fail)
      problem(fr, "%s: no %s fixture (tag the rule 'no-fixture' to exempt it)",
              r->id,
              !pass && !fail ? "pass or fail"
              : !pass        ? "pass"
                             : "fail");
  }
}

int rc_testrules_run(const struct rc_ruleset *rs,
                     const struct rc_testrules_opts *o, FILE *out,
                     struct rc_testrules_summary *sum, struct rc_diag *d)
{
  memset(sum, 0, sizeof(*sum));
  struct names ids = {0};
  if (list_dirs(o->dir, &ids, d) != 0)
    return -1;
  struct fixture_run fr = {o, out, sum, o->json ? cJSON_CreateArray() : NULL};
  for (size_t i = 0; i < ids.n; i++)
    run_rule_dir(&fr, rs, ids.items[i]);
  names_release(&ids);
  if (o->require_fixtures)
    require_fixtures(&fr, rs);
  if (fr.json) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "fixtures", (double)sum->n_fixtures);
    cJSON_AddNumberToObject(doc, "mismatches", (double)sum->n_mismatches);
    cJSON_AddNumberToObject(doc, "errors", (double)sum->n_problems);
    cJSON_AddItemToObject(doc, "results", fr.json);
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (text)
      fprintf(out, "%s\n", text);
    free(text);
    return sum->n_mismatches || sum->n_problems ? 1 : 0;
  }
  fprintf(out, "%zu fixture%s, %zu mismatch%s", sum->n_fixtures,
          sum->n_fixtures == 1 ? "" : "s", sum->n_mismatches,
          sum->n_mismatches == 1 ? "" : "es");
  if (sum->n_problems)
    fprintf(out, ", %zu error%s", sum->n_problems,
            sum->n_problems == 1 ? "" : "s");
  fputc('\n', out);
  return sum->n_mismatches || sum->n_problems ? 1 : 0;
}
