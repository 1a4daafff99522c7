/*
 * main.c - the pipeline: argv -> options -> rules -> file index -> run ->
 * score -> reports -> exit code. Each stage is a module; this file only
 * connects them, prints their diagnostics, and picks the exit code.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "readycheck/builtin.h"
#include "readycheck/cli.h"
#include "readycheck/config.h"
#include "readycheck/detect.h"
#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/load.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"
#include "readycheck/testrules.h"
#include "readycheck/version.h"

static const char *prog = "readycheck";

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

static int check_pack_names(const struct rc_options *o, struct rc_diag *d)
{
  const char *names[64];
  size_t n = 0;
  for (size_t i = 0; i < rc_builtin_pack_count && n < 63; i++)
    names[n++] = rc_builtin_packs[i].name;
  names[n] = NULL;
  for (size_t i = 0; i < o->n_packs; i++) {
    if (rc_builtin_find(o->packs[i]))
      continue;
    const char *hint = rc_did_you_mean(o->packs[i], names);
    if (hint)
      rc_error(d, NULL, "unknown pack '%s' (did you mean '%s'?)", o->packs[i],
               hint);
    else
      rc_error(d, NULL, "unknown pack '%s' (see 'readycheck list-rules')",
               o->packs[i]);
  }
  return rc_diag_has_errors(d) ? -1 : 0;
}

static bool pack_wanted(const struct rc_options *o, const char *name)
{
  if (o->n_packs == 0)
    return true;
  for (size_t i = 0; i < o->n_packs; i++)
    if (strcmp(o->packs[i], name) == 0)
      return true;
  return false;
}

/* Built-in packs form layer 0; --rules files form layer 1 and override
 * built-in rules with the same id. */
static int load_rules(const struct rc_options *o, struct rc_ruleset *rs,
                      struct rc_diag *d)
{
  if (!o->no_builtin) {
    if (check_pack_names(o, d) != 0)
      return -1;
    for (size_t i = 0; i < rc_builtin_pack_count; i++) {
      const struct rc_builtin_pack *p = &rc_builtin_packs[i];
      if (pack_wanted(o, p->name))
        rc_load_buffer(rs, p->file, p->text, p->len, d);
    }
  }
  rc_ruleset_next_layer(rs);
  for (size_t i = 0; i < o->n_rule_paths; i++)
    rc_load_path(rs, o->rule_paths[i], d);
  return rc_diag_has_errors(d) ? -1 : 0;
}

/* --skip and --only name rules; a typo there would silently check the wrong
 * thing, so unknown names are usage errors. */
static int check_selectors(const struct rc_options *o,
                           const struct rc_ruleset *rs, struct rc_diag *d)
{
  for (size_t i = 0; i < o->n_skip; i++)
    if (!rc_ruleset_find(rs, o->skip[i]))
      rc_error(d, NULL, "--skip: no rule '%s'", o->skip[i]);
  for (size_t i = 0; i < o->n_only; i++) {
    const char *s = o->only[i];
    size_t len = strlen(s);
    bool found = false;
    for (size_t j = 0; j < rs->n && !found; j++) {
      const struct rc_rule *r = rs->rules[j];
      found = strcmp(r->id, s) == 0 || strcmp(r->category, s) == 0 ||
              (r->pack && strcmp(r->pack, s) == 0) ||
              (len && s[len - 1] == '.' && strncmp(r->id, s, len) == 0);
    }
    if (!found)
      rc_error(d, NULL, "--only: no rule, pack or category '%s'", s);
  }
  return rc_diag_has_errors(d) ? -1 : 0;
}

static int cmd_validate(const struct rc_options *o)
{
  int status = RC_EXIT_READY;
  for (size_t i = 0; i < o->n_args; i++) {
    struct rc_ruleset *rs = rc_ruleset_new();
    struct rc_diag d;
    rc_diag_init(&d);
    if (rc_load_path(rs, o->args[i], &d) != 0)
      status = RC_EXIT_USAGE;
    else if (o->verbosity >= 0)
      printf("%s: ok, %zu rule%s\n", o->args[i], rs->n, rs->n == 1 ? "" : "s");
    rc_diag_print(&d, stderr, prog);
    rc_diag_release(&d);
    rc_ruleset_free(rs);
  }
  return status;
}

static int cmd_list_rules(const struct rc_ruleset *rs)
{
  printf("%-40s %-6s %-15s %s\n", "ID", "SEV", "CATEGORY", "TITLE");
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    printf("%-40s %-6s %-15s %s\n", r->id, rc_severity_name(r->severity),
           r->category, r->title);
  }
  printf("\n%zu rules\n", rs->n);
  return RC_EXIT_READY;
}

static void print_node(const struct rc_node *n, int depth)
{
  static const char *const names[] = {"", "all", "any", "not"};
  printf("%*s- %s\n", depth * 2 + 2, "",
         n->kind == RC_NODE_PROBE ? n->probe->name : names[n->kind]);
  for (size_t i = 0; i < n->n_kids; i++)
    print_node(n->kids[i], depth + 1);
}

static int cmd_explain(const struct rc_options *o, const struct rc_ruleset *rs)
{
  const struct rc_rule *r = rc_ruleset_find(rs, o->args[0]);
  if (!r) {
    fprintf(stderr, "%s: error: no rule '%s' (see 'readycheck list-rules')\n",
            prog, o->args[0]);
    return RC_EXIT_USAGE;
  }
  printf("%s: %s\n\n", r->id, r->title);
  printf("  category:  %s\n  severity:  %s\n  weight:    %g\n", r->category,
         rc_severity_name(r->severity), r->weight);
  printf("  defined:   %s:%u:%u\n", r->loc.file, r->loc.line, r->loc.col);
  if (r->n_tags) {
    printf("  tags:     ");
    for (size_t i = 0; i < r->n_tags; i++)
      printf(" %s", r->tags[i]);
    printf("\n");
  }
  if (r->for_each.kind != RC_EACH_NONE)
    printf("  for each:  %s matching '%s'\n",
           r->for_each.kind == RC_EACH_DIRS ? "directory" : "file",
           r->for_each.glob);
  if (r->when) {
    printf("  applies when:\n");
    print_node(r->when, 1);
  }
  printf("  checks:\n");
  print_node(r->probe, 1);
  if (r->rationale)
    printf("\nWhy: %s\n", r->rationale);
  printf("\nFix: %s\n", r->remediation);
  return RC_EXIT_READY;
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

static int write_report(const struct rc_reporter *rep,
                        const struct rc_report *data, const char *path)
{
  if (strcmp(path, "-") == 0)
    return rep->write(stdout, data) != 0 || fflush(stdout) != 0 ? -1 : 0;
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "%s: error: cannot write '%s': %s\n", prog, path,
            strerror(errno));
    return -1;
  }
  int rc = rep->write(f, data);
  int saved = errno;
  if (fclose(f) != 0 && rc == 0) {
    rc = -1;
    saved = errno;
  }
  if (rc != 0)
    fprintf(stderr, "%s: error: cannot write '%s': %s\n", prog, path,
            strerror(saved));
  return rc;
}

static int check_formats(const struct rc_options *o, struct rc_diag *d)
{
  if (!rc_reporter_find(o->format))
    rc_error(d, NULL, "unknown format '%s' (expected text, markdown or json)",
             o->format);
  for (size_t i = 0; i < o->n_reports; i++)
    if (!rc_reporter_find(o->reports[i].format))
      rc_error(d, NULL, "unknown report format '%s' in --report",
               o->reports[i].format);
  return rc_diag_has_errors(d) ? -1 : 0;
}

static int exit_for(const struct rc_score *s)
{
  if (s->verdict == RC_VERDICT_BLOCKED || s->blocked_by_warn)
    return RC_EXIT_NOT_READY;
  if (s->verdict == RC_VERDICT_INCOMPLETE)
    return RC_EXIT_INCOMPLETE;
  return RC_EXIT_READY;
}

static int emit_reports(const struct rc_options *o, struct rc_report *rep)
{
  int failed = 0;
  for (size_t i = 0; i < o->n_reports; i++) {
    const struct rc_reporter *r = rc_reporter_find(o->reports[i].format);
    struct rc_report copy = *rep;
    copy.color = false;
    if (write_report(r, &copy, o->reports[i].path) != 0)
      failed = 1;
  }
  if (write_report(rc_reporter_find(o->format), rep, "-") != 0) {
    if (errno != EPIPE)
      fprintf(stderr, "%s: error: cannot write to standard output: %s\n", prog,
              strerror(errno));
    failed = 1;
  }
  return failed;
}

static int cmd_check(const struct rc_options *o, const struct rc_ruleset *rs,
                     struct rc_diag *d)
{
  struct rc_index *idx = NULL;
  if (check_selectors(o, rs, d) != 0 || check_formats(o, d) != 0 ||
      rc_index_build(&idx, o->path, NULL, d) != 0)
    return RC_EXIT_USAGE;

  /* Stack detection decides which packs apply, unless packs were named. */
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
    if (!o->no_builtin && pack_wanted(o, rc_builtin_packs[i].name))
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
  int status = emit_reports(o, &rep) ? RC_EXIT_INCOMPLETE : exit_for(&score);
  rc_score_release(&score);
  rc_results_release(&results);
  rc_index_free(idx);
  return status;
}

/* Exit 1 on any mismatch, unknown rule or missing fixture; 2 when the
 * fixture directory cannot be read. */
static int cmd_test_rules(const struct rc_options *o,
                          const struct rc_ruleset *rs, struct rc_diag *d)
{
  if (check_selectors(o, rs, d) != 0)
    return RC_EXIT_USAGE;
  struct rc_run_opts ropts = {
      .only = o->only,
      .n_only = o->n_only,
      .vars = &o->vars,
      .offline = o->offline,
  };
  struct rc_testrules_opts topts = {
      .dir = o->path,
      .require_fixtures = o->require_fixtures,
      .run = &ropts,
      .quiet = o->verbosity < 0,
  };
  struct rc_testrules_summary sum;
  int rc = rc_testrules_run(rs, &topts, stdout, &sum, d);
  if (fflush(stdout) != 0)
    return RC_EXIT_INCOMPLETE;
  return rc < 0 ? RC_EXIT_USAGE : rc ? RC_EXIT_NOT_READY : RC_EXIT_READY;
}

/* The packs that apply to det: a pack with a rule without `stacks:` or
 * with a detected one. */
static size_t applicable_packs(const struct rc_ruleset *rs,
                               const struct rc_detection *det, const char **out,
                               size_t max)
{
  size_t n = 0;
  for (size_t i = 0; i < rc_builtin_pack_count && n < max; i++) {
    const char *pack = rc_builtin_packs[i].name;
    bool applies = false;
    for (size_t j = 0; j < rs->n && !applies; j++) {
      const struct rc_rule *r = rs->rules[j];
      applies =
          r->pack && strcmp(r->pack, pack) == 0 &&
          (r->n_stacks == 0 || rc_detection_any(det, r->stacks, r->n_stacks));
    }
    if (applies)
      out[n++] = pack;
  }
  return n;
}

/* readycheck init [PATH]: a starter .readycheck.yml, never overwriting. */
static int cmd_init(const struct rc_options *o, const struct rc_ruleset *rs,
                    struct rc_diag *d)
{
  struct rc_index *idx = NULL;
  if (rc_index_build(&idx, o->path, NULL, d) != 0)
    return RC_EXIT_USAGE;
  struct rc_detection det;
  rc_detect_stacks(idx, &det);
  const char *packs[64];
  size_t n = applicable_packs(rs, &det, packs, 64);
  char path[PATH_MAX];
  snprintf(path, sizeof(path), "%s/%s", o->path, RC_CONFIG_NAME);
  int status = RC_EXIT_READY;
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) {
    rc_error(d, NULL, "cannot create '%s': %s", path,
             errno == EEXIST ? "it exists already (edit it, or remove it first)"
                             : strerror(errno));
    if (fd >= 0)
      close(fd);
    status = RC_EXIT_USAGE;
  } else if ((rc_config_write_init(f, &det, packs, n) != 0) | fclose(f)) {
    rc_error(d, NULL, "cannot write '%s': %s", path, strerror(errno));
    status = RC_EXIT_INCOMPLETE;
  } else if (o->verbosity >= 0) {
    printf("wrote %s\n", path);
  }
  rc_index_free(idx);
  return status;
}

/* For a check: --config FILE, else PATH/.readycheck.yml when present. */
static int load_config(struct rc_options *o, struct rc_config **cfg,
                       struct rc_diag *d)
{
  *cfg = NULL;
  if (o->cmd != RC_CMD_CHECK || o->no_config)
    return 0;
  char path[PATH_MAX];
  const char *file = o->config;
  if (!file) {
    snprintf(path, sizeof(path), "%s/%s", o->path, RC_CONFIG_NAME);
    if (access(path, F_OK) != 0)
      return 0;
    file = path;
  }
  if (rc_config_load(cfg, file, d) != 0)
    return -1;
  rc_config_apply(*cfg, o);
  return 0;
}

static int run_command(const struct rc_options *o, const struct rc_config *cfg,
                       struct rc_diag *d)
{
  if (o->cmd == RC_CMD_VALIDATE)
    return cmd_validate(o);
  struct rc_ruleset *rs = rc_ruleset_new();
  int status;
  if (load_rules(o, rs, d) != 0 ||
      (cfg && rc_config_check_rules(cfg, rs, d) != 0))
    status = RC_EXIT_USAGE;
  else if (o->cmd == RC_CMD_INIT)
    status = cmd_init(o, rs, d);
  else if (o->cmd == RC_CMD_LIST_RULES)
    status = cmd_list_rules(rs);
  else if (o->cmd == RC_CMD_EXPLAIN)
    status = cmd_explain(o, rs);
  else if (o->cmd == RC_CMD_TEST_RULES)
    status = cmd_test_rules(o, rs, d);
  else
    status = cmd_check(o, rs, d);
  rc_ruleset_free(rs);
  return status;
}

int main(int argc, char **argv)
{
  struct rc_options opts;
  struct rc_diag diag;
  rc_options_init(&opts);
  rc_diag_init(&diag);
  int status;
  if (rc_cli_parse(&opts, argc, argv, &diag) != 0) {
    rc_diag_print(&diag, stderr, prog);
    fprintf(stderr, "Try 'readycheck --help' for more information.\n");
    status = RC_EXIT_USAGE;
  } else if (opts.cmd == RC_CMD_HELP) {
    rc_cli_usage(stdout);
    status = RC_EXIT_READY;
  } else if (opts.cmd == RC_CMD_VERSION) {
    printf("readycheck %s (%s)\n", READYCHECK_VERSION, curl_version());
    status = RC_EXIT_READY;
  } else {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct rc_config *cfg = NULL;
    if (load_config(&opts, &cfg, &diag) != 0)
      status = RC_EXIT_USAGE;
    else
      status = run_command(&opts, cfg, &diag);
    rc_config_free(cfg);
    rc_diag_print(&diag, stderr, prog);
    curl_global_cleanup();
  }
  rc_diag_release(&diag);
  rc_options_release(&opts);
  return status;
}
