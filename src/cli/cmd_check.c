/*
 * cmd_check.c - `readycheck [check] PATH`: the pipeline from the loaded
 * rules to the exit code: file index, stack detection, run, score, and the
 * reports on standard output and in --report files.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "readycheck/builtin.h"
#include "readycheck/commands.h"
#include "readycheck/detect.h"
#include "readycheck/index.h"
#include "readycheck/model.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"
#include "readycheck/version.h"

static bool use_color(const struct rc_options *o)
{
  if (o->color != RC_COLOR_AUTO)
    return o->color == RC_COLOR_ALWAYS;
  const char *no_color = getenv("NO_COLOR");
  const char *term = getenv("TERM");
  if (no_color && *no_color)
    return false;
  if (term && strcmp(term, "dumb") == 0)
    return false;
  return isatty(STDOUT_FILENO);
}

/* Dates come from SOURCE_DATE_EPOCH when set, so reports are reproducible. */
static void format_dates(char *date, size_t dlen, char *stamp, size_t slen)
{
  time_t t = time(NULL);
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    long long v = strtoll(sde, &end, 10);
    if (!*end && v >= 0)
      t = (time_t)v;
  }
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(date, dlen, "%Y-%m-%d", &tm);
  strftime(stamp, slen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *repo_name(const char *path, char *buf, size_t len)
{
  char real[PATH_MAX];
  const char *p = realpath(path, real) ? real : path;
  const char *slash = strrchr(p, '/');
  const char *name = slash && slash[1] ? slash + 1 : p;
  size_t n = strlen(name) < len - 1 ? strlen(name) : len - 1;
  memcpy(buf, name, n);
  buf[n] = '\0';
  return buf;
}

/* "-" is standard output. A broken pipe there is the reader's choice (e.g.
 * `| head`), not worth a message, but the run still did not complete. */
static int write_report(const struct rc_reporter *rep,
                        const struct rc_report *data, const char *path,
                        struct rc_diag *d)
{
  if (strcmp(path, "-") == 0) {
    if (rep->write(stdout, data) == 0 && fflush(stdout) == 0)
      return 0;
    if (errno == EPIPE)
      return -1;
    return rc_error(d, NULL, "cannot write to standard output: %s",
                    strerror(errno));
  }
  FILE *f = fopen(path, "w");
  if (!f)
    return rc_error(d, NULL, "cannot write '%s': %s", path, strerror(errno));
  int rc = rep->write(f, data);
  int saved = errno;
  if (fclose(f) != 0 && rc == 0) {
    rc = -1;
    saved = errno;
  }
  if (rc != 0)
    return rc_error(d, NULL, "cannot write '%s': %s", path, strerror(saved));
  return 0;
}

static int check_formats(const struct rc_options *o, struct rc_diag *d)
{
  int rc = 0;
  if (!rc_reporter_find(o->format))
    rc = rc_error(d, NULL,
                  "unknown format '%s' (expected text, markdown or json)",
                  o->format);
  for (size_t i = 0; i < o->n_reports; i++)
    if (!rc_reporter_find(o->reports[i].format))
      rc = rc_error(d, NULL, "unknown report format '%s' in --report",
                    o->reports[i].format);
  return rc;
}

static int exit_for(const struct rc_score *s)
{
  if (s->verdict == RC_VERDICT_BLOCKED || s->blocked_by_warn)
    return RC_EXIT_NOT_READY;
  if (s->verdict == RC_VERDICT_INCOMPLETE)
    return RC_EXIT_INCOMPLETE;
  return RC_EXIT_READY;
}

/* Report files first, then standard output; returns -1 if any failed. */
static int emit_reports(const struct rc_options *o, const struct rc_report *rep,
                        struct rc_diag *d)
{
  int failed = 0;
  for (size_t i = 0; i < o->n_reports; i++) {
    const struct rc_reporter *r = rc_reporter_find(o->reports[i].format);
    struct rc_report copy = *rep;
    copy.color = false;
    if (write_report(r, &copy, o->reports[i].path, d) != 0)
      failed = -1;
  }
  if (write_report(rc_reporter_find(o->format), rep, "-", d) != 0)
    failed = -1;
  return failed;
}

int rc_cmd_check(const struct rc_options *o, const struct rc_ruleset *rs,
                 struct rc_diag *d)
{
  struct rc_index *idx = NULL;
  if (rc_cmd_check_selectors(o, rs, d) != 0 || check_formats(o, d) != 0 ||
      rc_index_build(&idx, o->path, NULL, d) != 0)
    return RC_EXIT_USAGE;

  /* Stack detection decides which packs apply, unless packs were named. */
  struct rc_model *model = rc_model_new(idx);
  struct rc_detection det;
  rc_detect_stacks(idx, &det);
  const char *stacks[RC_STACK_COUNT];
  size_t n_stacks = rc_detection_names(&det, stacks);

  struct rc_results results;
  rc_results_init(&results);
  struct rc_run_opts ropts = {
      .detected = o->n_packs ? NULL : &det,
      .skip = o->skip,
      .n_skip = o->n_skip,
      .skip_reasons = o->skip_reasons,
      .only = o->only,
      .n_only = o->n_only,
      .vars = &o->vars,
      .model = model,
      .offline = o->offline,
      .jobs = o->jobs,
      .timeout_ms = o->timeout_ms,
  };
  rc_run(rs, idx, &ropts, &results);

  struct rc_policy policy = {o->min_score, o->fail_on_warn};
  struct rc_score score;
  rc_score_compute(&results, &policy, &score);

  char date[32], stamp[32], name[256];
  format_dates(date, sizeof(date), stamp, sizeof(stamp));
  const char *packs[64];
  size_t n_packs = 0;
  for (size_t i = 0; i < rc_builtin_pack_count && n_packs < 64; i++)
    if (!o->no_builtin && rc_cmd_pack_wanted(o, rc_builtin_packs[i].name))
      packs[n_packs++] = rc_builtin_packs[i].name;
  struct rc_report rep = {
      .results = &results,
      .score = &score,
      .policy = &policy,
      .repo_path = o->path,
      .repo_name = repo_name(o->path, name, sizeof(name)),
      .git_commit = rc_index_git_commit(idx),
      .git_branch = rc_index_git_branch(idx),
      .date = date,
      .timestamp = stamp,
      .version = READYCHECK_VERSION,
      .packs = packs,
      .n_packs = n_packs,
      .stacks = stacks,
      .n_stacks = n_stacks,
      .offline = o->offline,
      .color = use_color(o),
      .verbosity = o->verbosity,
  };
  int status =
      emit_reports(o, &rep, d) != 0 ? RC_EXIT_INCOMPLETE : exit_for(&score);
  rc_score_release(&score);
  rc_results_release(&results);
  rc_model_free(model);
  rc_index_free(idx);
  return status;
}
