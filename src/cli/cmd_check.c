/*
 * cmd_check.c - `readycheck [check] PATH`: the pipeline from the loaded
 * rules to the exit code: file index, stack detection, run, score, and the
 * reports on standard output and in --report files. The run up to the
 * score (rc_check_run_new) is shared with `audit`, which judges a report's
 * claims against it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/builtin.h"
#include "readycheck/commands.h"
#include "readycheck/detect.h"
#include "readycheck/doccache.h"
#include "readycheck/forge.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/policy.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/scan.h"
#include "readycheck/score.h"
#include "readycheck/version.h"

static bool use_color(const struct rc_options *o)
{
  if (o->color != RC_COLOR_AUTO)
    return o->color == RC_COLOR_ALWAYS;
  /* CI logs that render ANSI ask for it explicitly. */
  const char *force = getenv("FORCE_COLOR");
  const char *clicolor = getenv("CLICOLOR_FORCE");
  if ((force && *force && strcmp(force, "0") != 0) ||
      (clicolor && *clicolor && strcmp(clicolor, "0") != 0))
    return true;
  const char *no_color = getenv("NO_COLOR");
  const char *term = getenv("TERM");
  if (no_color && *no_color)
    return false;
  if (term && strcmp(term, "dumb") == 0)
    return false;
  return isatty(STDOUT_FILENO);
}

/* While network requests are in flight, a count on standard error when it
 * is a terminal; the line is wiped once they are all done, so the report
 * that follows starts clean. */
static void show_progress(size_t done, size_t total, void *arg)
{
  bool *shown = arg;
  if (done < total) {
    fprintf(stderr, "\rreadycheck: %zu of %zu requests done", done, total);
    *shown = true;
  } else if (*shown) {
    fprintf(stderr, "\r%*s\r", 60, "");
    *shown = false;
  }
  fflush(stderr);
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

int rc_cmd_write(const char *path, int (*write)(FILE *out, const void *data),
                 const void *data, struct rc_diag *d)
{
  /* "-" is standard output. A broken pipe there is the reader's choice
   * (e.g. `| head`), not worth a message, but the run did not complete. */
  if (strcmp(path, "-") == 0) {
    if (write(stdout, data) == 0 && fflush(stdout) == 0)
      return 0;
    if (errno == EPIPE)
      return -1;
    return rc_error(d, NULL, "cannot write to standard output: %s",
                    strerror(errno));
  }
  /* "+FILE" appends (a GitHub step summary is shared by every step). */
  bool append = path[0] == '+';
  path = rc_report_target(path);
  FILE *f = fopen(path, append ? "a" : "w");
  if (!f)
    return rc_error(d, NULL, "cannot write '%s': %s", path, strerror(errno));
  int rc = write(f, data);
  int saved = errno;
  if (fclose(f) != 0 && rc == 0) {
    rc = -1;
    saved = errno;
  }
  if (rc != 0)
    return rc_error(d, NULL, "cannot write '%s': %s", path, strerror(saved));
  return 0;
}

struct check_job {
  const struct rc_reporter *rep;
  const struct rc_report *data;
};

static int write_check(FILE *out, const void *p)
{
  const struct check_job *j = p;
  return j->rep->write(out, j->data);
}

static int write_report(const struct rc_reporter *rep,
                        const struct rc_report *data, const char *path,
                        struct rc_diag *d)
{
  struct check_job j = {rep, data};
  return rc_cmd_write(path, write_check, &j, d);
}

static int check_formats(const struct rc_options *o, struct rc_diag *d)
{
  int rc = 0;
  if (!rc_reporter_find(o->format))
    rc = rc_error(d, NULL, "unknown format '%s' (expected %s)", o->format,
                  rc_reporter_names());
  for (size_t i = 0; i < o->n_reports; i++)
    if (!rc_reporter_find(o->reports[i].format))
      rc = rc_error(d, NULL,
                    "unknown report format '%s' in --report (expected "
                    "%s)",
                    o->reports[i].format, rc_reporter_names());
  return rc;
}

/* One writer per destination: two reports into one file, or two formats on
 * standard output, would interleave into something no reader can parse. */
int rc_cmd_check_destinations(const struct rc_options *o, struct rc_diag *d)
{
  int rc = 0;
  size_t to_stdout = 0;
  for (size_t i = 0; i < o->n_reports; i++) {
    const char *p = rc_report_target(o->reports[i].path);
    to_stdout += strcmp(p, "-") == 0;
    for (size_t j = 0; j < i; j++)
      if (strcmp(p, rc_report_target(o->reports[j].path)) == 0 &&
          strcmp(p, "-") != 0)
        rc = rc_error(d, NULL, "--report: '%s' is named twice (%s and %s)", p,
                      o->reports[j].format, o->reports[i].format);
  }
  if (to_stdout > 1)
    rc = rc_error(d, NULL,
                  "--report: only one report can go to standard "
                  "output ('-')");
  else if (to_stdout && o->format_set)
    rc = rc_error(d, NULL,
                  "--format and --report FORMAT=- both write to "
                  "standard output; use one");
  return rc;
}

static int check_destinations(const struct rc_options *o, struct rc_diag *d)
{
  int rc = rc_cmd_check_destinations(o, d);
  for (size_t i = 0; i < o->n_reports; i++)
    if (o->reports[i].path[0] == '+' &&
        !rc_reporter_find(o->reports[i].format)->appendable)
      rc = rc_error(d, NULL,
                    "--report %s=%s: only text, markdown and github reports "
                    "can be appended to a file",
                    o->reports[i].format, o->reports[i].path);
  if (o->fail_on_new && !o->baseline)
    rc = rc_error(d, NULL, "--fail-on new needs --baseline OLD.json");
  return rc;
}

static int exit_for(const struct rc_score *s)
{
  if (s->nothing_to_check)
    return RC_EXIT_INCOMPLETE;
  if (rc_score_ready(s))
    return RC_EXIT_READY;
  if (s->verdict == RC_VERDICT_INCOMPLETE && !s->fail_on_new)
    return RC_EXIT_INCOMPLETE;
  return RC_EXIT_NOT_READY;
}

static bool stdout_taken(const struct rc_options *o)
{
  for (size_t i = 0; i < o->n_reports; i++)
    if (strcmp(o->reports[i].path, "-") == 0)
      return true;
  return false;
}

/* Inside GitHub Actions, annotations for the run's findings go to standard
 * error (the runner reads workflow commands there too), so standard output
 * stays the report; unless a github report was asked for explicitly. */
static bool auto_annotations(const struct rc_options *o)
{
  const char *gha = getenv("GITHUB_ACTIONS");
  if (!gha || strcmp(gha, "true") != 0)
    return false;
  for (size_t i = 0; i < o->n_reports; i++)
    if (strcmp(o->reports[i].format, "github") == 0)
      return false;
  return strcmp(o->format, "github") != 0;
}

/* Report files first, then standard output; returns -1 if any failed. */
static int emit_reports(const struct rc_options *o, const struct rc_report *rep,
                        struct rc_diag *d)
{
  int failed = 0;
  for (size_t i = 0; i < o->n_reports; i++) {
    const struct rc_reporter *r = rc_reporter_find(o->reports[i].format);
    struct rc_report copy = *rep;
    bool to_stdout = strcmp(o->reports[i].path, "-") == 0;
    copy.color = to_stdout && rep->color && strcmp(r->name, "text") == 0;
    copy.width = to_stdout ? rep->width : 0;
    if (write_report(r, &copy, o->reports[i].path, d) != 0)
      failed = -1;
  }
  if (auto_annotations(o)) {
    struct rc_report copy = *rep;
    copy.color = false;
    if (write_report(rc_reporter_find("github"), &copy, "/dev/stderr", d) != 0)
      failed = -1;
  }
  if (!stdout_taken(o) &&
      write_report(rc_reporter_find(o->format), rep, "-", d) != 0)
    failed = -1;
  return failed;
}

/* Terminal width for the text report: COLUMNS, else the terminal's, else no
 * wrapping (a pipe or a file keeps whole lines). */
static int text_width(void)
{
  const char *cols = getenv("COLUMNS");
  if (cols && *cols) {
    int n = atoi(cols);
    if (n >= 40 && n <= 1000)
      return n;
  }
  struct winsize ws;
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
      ws.ws_col >= 40)
    return ws.ws_col;
  return 0;
}

/* A hash over what decided the verdict: the rule sources (built-in packs
 * and rule files as bytes), each rule's effective severity and weight, and
 * the configuration file. Two runs with the same hash applied the same
 * rules. */
static void hash_file(unsigned long long *h, const char *path)
{
  FILE *f = path ? fopen(path, "rb") : NULL;
  if (!f)
    return;
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
    *h = rc_fnv1a(*h, buf, n);
  fclose(f);
}

static void ruleset_hash(const struct rc_options *o,
                         const struct rc_ruleset *rs, char out[17])
{
  unsigned long long h = RC_FNV_OFFSET;
  for (size_t i = 0; i < rc_builtin_pack_count; i++)
    if (!o->no_builtin && rc_cmd_pack_wanted(o, rc_builtin_packs[i].name))
      h = rc_fnv1a(h, rc_builtin_packs[i].text, rc_builtin_packs[i].len);
  for (size_t i = 0; i < o->n_rule_paths; i++)
    hash_file(&h, o->rule_paths[i]);
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    char line[64];
    int n =
        snprintf(line, sizeof(line), "\n%d %.3f ", (int)r->severity, r->weight);
    h = rc_fnv1a(h, line, (size_t)n);
    h = rc_fnv1a(h, r->id, strlen(r->id));
  }
  hash_file(&h, o->config_used);
  snprintf(out, 17, "%016llx", h);
}

static const char *link_base(const struct rc_options *o,
                             const struct rc_index *idx, char *buf, size_t len)
{
  char remote[2048];
  const char *commit = rc_index_git_commit(idx);
  if (!commit || rc_forge_origin(o->path, remote, sizeof(remote)) != 0 ||
      rc_forge_link_base(remote, commit, buf, len) != 0)
    return NULL;
  return buf;
}

/* After the run, before scoring: fingerprints, then the waivers of the
 * configuration and of inline comments in the files with findings. */
static void apply_policy(const struct rc_options *o,
                         const struct rc_ruleset *rs, struct rc_index *idx,
                         struct rc_results *results, struct rc_waivers *w,
                         const char *today, struct rc_diag *d)
{
  rc_fingerprint_results(results);
  for (size_t i = 0; i < o->n_waivers; i++)
    rc_waivers_add(w, &o->waivers[i]);
  rc_waivers_scan_inline(w, results, idx, rs, d);
  rc_waivers_apply(w, results, today);
}

/* The deployment the model judged, as report lines: each production
 * compose view, then the images built outside compose. */
static size_t describe_deployment(const struct rc_model *m, struct rc_arena *a,
                                  const char ***out)
{
  const char **lines = rc_arena_alloc(a, (m->n_views + 2) * sizeof(*lines));
  size_t n = 0;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    struct rc_buf b;
    rc_buf_init(&b);
    for (size_t k = 0; k < v->n_files; k++)
      rc_buf_printf(&b, "%s%s", k ? " + " : "", v->files[k]->path);
    lines[n++] = rc_arena_strdup(a, b.data);
    rc_buf_release(&b);
  }
  struct rc_buf img;
  rc_buf_init(&img);
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->kind == RC_SERVICE_IMAGE && s->dockerfile)
      rc_buf_printf(&img, "%s%s", img.len ? ", " : "images: ", s->dockerfile);
  }
  if (img.len)
    lines[n++] = rc_arena_strdup(a, img.data);
  rc_buf_release(&img);
  *out = lines;
  return n;
}

/* Everything a check leaves for its reports: the run, the policy's
 * verdict and the context reporters print. */
struct rc_check_run {
  struct rc_index *idx;
  struct rc_model *model;
  struct rc_detection det;
  const char *stacks[RC_STACK_COUNT];
  struct rc_results results;
  struct rc_waivers waivers;
  struct rc_policy policy;
  struct rc_score score;
  struct rc_baseline *base;
  const char *packs[64];
  char date[32], stamp[32], name[256], hash[17], link[4096];
  struct rc_report rep;
};

void rc_check_run_free(struct rc_check_run *cr)
{
  if (!cr)
    return;
  rc_score_release(&cr->score);
  rc_waivers_release(&cr->waivers);
  rc_baseline_free(cr->base);
  rc_results_release(&cr->results);
  rc_model_free(cr->model);
  rc_index_free(cr->idx);
  free(cr);
}

const struct rc_report *rc_check_run_report(const struct rc_check_run *cr)
{
  return &cr->rep;
}

/* The rules over the index and the model: false (with d set) when no
 * rule was selected, since a gate that checked nothing must not pass. */
/* The model costs a pass over the automation and compose files: built
 * only when a rule reads it - counting the compose rules even where no
 * compose-named file was seen, since the model may find a chained one. */
static bool needs_model(const struct rc_ruleset *rs, struct rc_run_opts *ropts)
{
  if (rc_run_needs_model(rs, ropts))
    return true;
  if (!ropts->detected || ropts->detected->present[RC_STACK_COMPOSE])
    return false;
  const struct rc_detection *seen = ropts->detected;
  struct rc_detection assumed = *seen;
  assumed.present[RC_STACK_COMPOSE] = true;
  ropts->detected = &assumed;
  bool needs = rc_run_needs_model(rs, ropts);
  ropts->detected = seen;
  return needs;
}

static bool evaluate(struct rc_check_run *cr, const struct rc_options *o,
                     const struct rc_ruleset *rs, struct rc_diag *d)
{
  struct rc_run_opts ropts = {
      .detected = o->n_packs ? NULL : &cr->det,
      .skip = o->skip,
      .n_skip = o->n_skip,
      .skip_reasons = o->skip_reasons,
      .only = o->only,
      .n_only = o->n_only,
      .vars = &o->vars,
      .offline = o->offline,
      .jobs = o->jobs,
      .timeout_ms = o->timeout_ms,
      .all_evidence = o->verbosity > 0,
  };
  if (needs_model(rs, &ropts)) {
    /* the model's many-file parses use the scan's threads */
    rc_doc_cache_set_jobs(rc_index_docs(cr->idx),
                          o->jobs ? o->jobs : rc_scan_cores());
    cr->model = rc_model_new(cr->idx);
    rc_detect_from_model(&cr->det, cr->model);
  }
  ropts.model = cr->model;
  bool shown = false;
  if (isatty(STDERR_FILENO)) {
    ropts.progress = show_progress;
    ropts.progress_arg = &shown;
  }
  rc_run(rs, cr->idx, &ropts, &cr->results);
  if (cr->results.n > 0)
    return true;
  rc_error(d, NULL,
           "no rules selected: nothing would be checked (see "
           "--only, --pack, --no-builtin and 'readycheck "
           "list-rules')");
  return false;
}

/* Waivers and the baseline, then the score and the verdict. */
static void judge(struct rc_check_run *cr, const struct rc_options *o,
                  const struct rc_ruleset *rs, struct rc_diag *d)
{
  format_dates(cr->date, sizeof(cr->date), cr->stamp, sizeof(cr->stamp));
  apply_policy(o, rs, cr->idx, &cr->results, &cr->waivers, cr->date, d);
  cr->policy =
      (struct rc_policy){o->min_score, o->fail_on_warn, o->fail_on_new};
  rc_score_compute(&cr->results, &cr->policy, &cr->score);
  if (!rc_index_has_files(cr->idx))
    rc_score_set_empty(&cr->score);
  if (cr->base) {
    rc_baseline_compare(cr->base, &cr->results);
    rc_score_set_new(&cr->score, cr->base->n_new_gating);
  }
}

/* What every report format is given: the results and where they came
 * from. Pointers into cr, which outlives the report. */
static void fill_report(struct rc_check_run *cr, const struct rc_options *o,
                        const struct rc_ruleset *rs)
{
  size_t n_stacks = rc_detection_names(&cr->det, cr->stacks);
  const char **deployment = NULL;
  size_t n_deployment =
      cr->model ? describe_deployment(cr->model, cr->results.arena, &deployment)
                : 0;
  size_t n_packs = 0;
  for (size_t i = 0; i < rc_builtin_pack_count && n_packs < 64; i++)
    if (!o->no_builtin && rc_cmd_pack_wanted(o, rc_builtin_packs[i].name))
      cr->packs[n_packs++] = rc_builtin_packs[i].name;
  ruleset_hash(o, rs, cr->hash);
  const struct rc_skip *skips = NULL;
  size_t n_skips = rc_index_skips(cr->idx, &skips);
  cr->rep = (struct rc_report){
      .results = &cr->results,
      .score = &cr->score,
      .policy = &cr->policy,
      .repo_path = o->path,
      .repo_name = repo_name(o->path, cr->name, sizeof(cr->name)),
      .git_commit = rc_index_git_commit(cr->idx),
      .git_branch = rc_index_git_branch(cr->idx),
      .date = cr->date,
      .timestamp = cr->stamp,
      .version = READYCHECK_VERSION,
      .packs = cr->packs,
      .n_packs = n_packs,
      .stacks = cr->stacks,
      .n_stacks = n_stacks,
      .deployment = deployment,
      .n_deployment = n_deployment,
      .skips = skips,
      .n_skips = n_skips,
      .offline = o->offline,
      .environment = o->env,
      .color = use_color(o),
      .verbosity = o->verbosity,
      .width = text_width(),
      .waivers = &cr->waivers,
      .baseline = cr->base,
      .config_file = o->config_used,
      .ruleset_hash = cr->hash,
      .link_base = link_base(o, cr->idx, cr->link, sizeof(cr->link)),
      .gate_new_only = o->fail_on_new,
  };
}

struct rc_check_run *rc_check_run_new(const struct rc_options *o,
                                      const struct rc_ruleset *rs,
                                      struct rc_diag *d)
{
  struct rc_check_run *cr = rc_xcalloc(1, sizeof(*cr));
  rc_results_init(&cr->results);
  rc_waivers_init(&cr->waivers);
  /* the walk's stats use the scan's threads too */
  struct rc_index_opts iopts = {.jobs = o->jobs ? o->jobs : rc_scan_cores()};
  if ((o->baseline && rc_baseline_load(&cr->base, o->baseline, d) != 0) ||
      rc_index_build(&cr->idx, o->path, &iopts, d) != 0) {
    rc_check_run_free(cr);
    return NULL;
  }
  /* Stack detection decides which packs apply, unless packs were named. */
  rc_detect_stacks(cr->idx, &cr->det);
  if (!evaluate(cr, o, rs, d)) {
    rc_check_run_free(cr);
    return NULL;
  }
  judge(cr, o, rs, d);
  fill_report(cr, o, rs);
  return cr;
}

int rc_cmd_check(const struct rc_options *o, const struct rc_ruleset *rs,
                 struct rc_diag *d)
{
  if (rc_cmd_check_selectors(o, rs, d) != 0 || check_formats(o, d) != 0 ||
      check_destinations(o, d) != 0)
    return RC_EXIT_USAGE;
  struct rc_check_run *cr = rc_check_run_new(o, rs, d);
  if (!cr)
    return RC_EXIT_USAGE;
  const struct rc_report *rep = rc_check_run_report(cr);
  int status =
      emit_reports(o, rep, d) != 0 ? RC_EXIT_INCOMPLETE : exit_for(rep->score);
  rc_check_run_free(cr);
  return status;
}
