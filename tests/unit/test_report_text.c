/*
 * test_report_text.c - the terminal reporter on hand-built results: layout,
 * colour on and off, quiet and verbose, the closing summary, escaping of
 * control characters, and write failures.
 */
#include "report_fixture.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/policy.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

extern const struct rc_reporter rc_reporter_text;

/* A check whose rule is titled "title of ID". */
static size_t fx_add(struct rc_rf *f, const char *id, const char *cat,
                     enum rc_severity sev, double weight, enum rc_outcome o,
                     const char *msg)
{
  return rc_rf_add_titled(f, id, rc_arena_printf(f->arena, "title of %s", id),
                          cat, sev, weight, o, msg);
}

static char *render(struct rc_rf *f)
{
  return rc_rf_render(f, &rc_reporter_text);
}

/* The last line of s (without its newline); s must end with "\n". */
static const char *last_line(const char *s)
{
  size_t len = strlen(s);
  assert_true(len > 0 && s[len - 1] == '\n');
  const char *p = s + len - 1;
  while (p > s && p[-1] != '\n')
    p--;
  return p;
}

/* One check of each status, in category "cat". */
static struct rc_rf *every_status(void)
{
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "t.pass", "cat", RC_SEV_BLOCK, 3, RC_OUT_OK, "pass-message");
  size_t w = fx_add(f, "t.warn", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "no HEALTHCHECK in 'Dockerfile'");
  rc_rf_ev(f, w, "Dockerfile", 3, "FROM node:20");
  fx_add(f, "t.block", "cat", RC_SEV_BLOCK, 3, RC_OUT_FAIL, "block-message");
  fx_add(f, "t.info", "cat", RC_SEV_INFO, 0, RC_OUT_FAIL, "info-message");
  size_t s =
      fx_add(f, "t.skip", "cat", RC_SEV_WARN, 1, RC_OUT_SKIP, "not applicable");
  f->res.items[s].skip_reason = "no package.json";
  fx_add(f, "t.error", "cat", RC_SEV_WARN, 1, RC_OUT_ERROR,
         "cannot read 'x.json': Permission denied");
  rc_rf_score(f);
  return f;
}

static void test_every_status_plain(void **state)
{
  (void)state;
  struct rc_rf *f = every_status();
  char *out = render(f);
  assert_null(strchr(out, '\033'));
  /* What needs action, in order: blockers, errors, warnings, info. */
  const char *b = strstr(out, "\nBlockers (1)\n  BLOCK   t.block  title of "
                              "t.block\n");
  const char *e = strstr(out, "\nCould not be evaluated (1)\n  ERROR   "
                              "t.error  title of t.error\n");
  const char *w = strstr(out, "\nWarnings (1)\n  WARN    t.warn  title of "
                              "t.warn\n");
  const char *i = strstr(out, "\nInformational (1)\n  INFO    t.info");
  assert_non_null(b);
  assert_non_null(e);
  assert_non_null(w);
  assert_non_null(i);
  assert_true(b < e && e < w && w < i);
  /* Passing and not-applicable checks: counted, listed only with -v. */
  assert_null(strstr(out, "t.pass"));
  assert_null(strstr(out, "  SKIP"));
  assert_non_null(strstr(out, "\n1 check not applicable here (-v lists them "
                              "with the reason)\n"));
  assert_non_null(strstr(out, "title of t.warn\n"
                              "         no HEALTHCHECK in 'Dockerfile'\n"
                              "         Dockerfile:3: FROM node:20\n"
                              "         fix: fix t.warn\n"));
  assert_non_null(strstr(out, "         block-message\n"
                              "         fix: fix t.block\n"));
  assert_non_null(
      strstr(out, "         cannot read 'x.json': Permission denied\n"));
  assert_null(strstr(out, "no package.json")); /* reason: verbose only */
  assert_null(strstr(out, "Category scores")); /* verbose only */
  assert_non_null(
      strstr(out, "readycheck 0.1.0: myrepo at 0123456789ab (main)\n"));
  free(out);
  rc_rf_free(f);
}

static void test_verbose(void **state)
{
  (void)state;
  struct rc_rf *f = every_status();
  f->rep.verbosity = 1;
  char *out = render(f);
  const char *w = strstr(out, "\nWarnings (1)");
  const char *p = strstr(out, "\nPassed (1)\n  PASS    t.pass  title of "
                              "t.pass\n         pass-message\n");
  const char *n = strstr(out, "\nNot applicable (1)\n  SKIP    t.skip  title "
                              "of t.skip\n         skipped: no package.json\n");
  assert_non_null(p);
  assert_non_null(n);
  assert_true(w < p && p < n);
  assert_null(strstr(out, "fix t.pass"));
  assert_non_null(strstr(out, "Category scores\n"
                              "  cat   37/100  1 passed, 1 warning, "
                              "1 blocker, 1 error\n"));
  free(out);
  rc_rf_free(f);
}

/* An informational check that held is never scored, so it is not a pass:
 * not in the category's "passed", not in the summary's, and listed apart
 * (issue 8). */
static void test_info_held_not_passed(void **state)
{
  (void)state;
  struct rc_rf *f = every_status();
  fx_add(f, "t.noted", "cat", RC_SEV_INFO, 0, RC_OUT_OK, "noted-message");
  rc_rf_score(f);
  f->rep.verbosity = 1;
  char *out = render(f);
  assert_non_null(strstr(out, "\nPassed (1)\n  PASS    t.pass"));
  assert_non_null(strstr(out, "\nInformational, no finding (1)\n  PASS    "
                              "t.noted"));
  assert_non_null(strstr(out, "  cat   37/100  1 passed, 1 warning, "
                              "1 blocker, 1 error\n"));
  assert_non_null(strstr(last_line(out), "1 warning, 1 passed, 1 error, 1 "
                                         "skipped, 1 info, 1 info without "
                                         "findings; not ready\n"));
  free(out);
  rc_rf_free(f);
}

static void test_colour_on(void **state)
{
  (void)state;
  struct rc_rf *f = every_status();
  f->rep.color = true;
  f->rep.verbosity = 1; /* SKIP lines too */
  char *out = render(f);
  assert_non_null(strstr(out, "\033[32mPASS\033[0m    t.pass"));
  assert_non_null(strstr(out, "\033[33mWARN\033[0m    t.warn"));
  assert_non_null(strstr(out, "\033[31mBLOCK\033[0m   t.block"));
  assert_non_null(strstr(out, "\033[34mINFO\033[0m    t.info"));
  assert_non_null(strstr(out, "\033[2mSKIP\033[0m    t.skip"));
  assert_non_null(strstr(out, "\033[35mERROR\033[0m   t.error"));
  assert_non_null(strstr(last_line(out), "\033[1;31mBLOCKED\033[0m  score"));
  free(out);
  rc_rf_free(f);
}

static void test_summary_last(void **state)
{
  (void)state;
  struct rc_rf *f = every_status();
  char *out = render(f);
  /* earned 3 of 3+1+3+1 = 37; one summary line, naming the blocker */
  assert_string_equal(last_line(out),
                      "BLOCKED  score 37/100 (F)  1 blocker: t.block; "
                      "1 warning, 1 passed, 1 error, 1 skipped, 1 info; "
                      "not ready\n");
  assert_null(strstr(out, "not ready:"));
  free(out);
  rc_rf_free(f);
}

static void test_quiet(void **state)
{
  (void)state;
  struct rc_rf *f = every_status();
  fx_add(f, "q.pass", "quiet-cat", RC_SEV_WARN, 1, RC_OUT_OK, "");
  rc_rf_score(f);
  f->rep.verbosity = -1;
  char *out = render(f);
  assert_null(strstr(out, "PASS"));
  assert_null(strstr(out, "SKIP"));
  assert_null(strstr(out, "INFO"));
  assert_non_null(strstr(out, "  WARN    t.warn"));
  assert_non_null(strstr(out, "  BLOCK   t.block"));
  assert_non_null(strstr(out, "  ERROR   t.error"));
  assert_true(strncmp(last_line(out), "BLOCKED  score ", 15) == 0);
  free(out);
  rc_rf_free(f);
}

static void test_evidence_limits(void **state)
{
  (void)state;
  static const char *const texts[] = {"e1", "e2", "e3", "e4",
                                      "e5", "e6", "e7", "e8"};
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "t.many", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL, "m");
  for (unsigned k = 0; k < 8; k++)
    rc_rf_ev(f, i, "a.txt", k + 1, texts[k]);
  f->res.items[i].n_ev_dropped = 3;
  size_t s = fx_add(f, "t.skip", "cat", RC_SEV_WARN, 1, RC_OUT_SKIP, "n/a");
  f->res.items[s].skip_reason = "no package.json";
  rc_rf_score(f);
  char *out = render(f);
  assert_non_null(strstr(out, "a.txt:5: e5\n         ... and 6 more\n"));
  assert_null(strstr(out, "e6"));
  free(out);
  f->rep.verbosity = 1;
  out = render(f);
  assert_non_null(strstr(out, "a.txt:8: e8\n         ... and 3 more\n"));
  assert_non_null(strstr(out, "         skipped: no package.json\n"));
  free(out);
  rc_rf_free(f);
}

static void test_evidence_without_location(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "t.w", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL, "m");
  rc_rf_ev(f, i, NULL, 0, "no path here");
  rc_rf_ev(f, i, "dir/file", 0, "no line here");
  rc_rf_score(f);
  char *out = render(f);
  assert_non_null(strstr(out, "\n         no path here\n"));
  assert_non_null(strstr(out, "\n         dir/file: no line here\n"));
  free(out);
  rc_rf_free(f);
}

/* A message that is its one item, location and all, is printed once: the
 * item's line would repeat it word for word. An item that differs stays. */
static void test_evidence_same_as_message_once(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "t.w", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "build.sh:8: builds 'Dockerfile.x', which does not exist");
  rc_rf_ev(f, i, "build.sh", 8, "builds 'Dockerfile.x', which does not exist");
  rc_rf_ev(f, i, "build.sh", 9, "builds 'Dockerfile.y', which does not exist");
  rc_rf_score(f);
  char *out = render(f);
  const char *first = strstr(out, "build.sh:8: builds 'Dockerfile.x'");
  assert_non_null(first);
  assert_null(strstr(first + 1, "build.sh:8: builds 'Dockerfile.x'"));
  assert_non_null(strstr(out, "\n         build.sh:9: builds 'Dockerfile.y', "
                              "which does not exist\n"));
  free(out);
  rc_rf_free(f);
}

/* A message that is its item without the line ("Dockerfile: no USER", or
 * the text alone) is left for the item, which adds the line; another file's
 * item does not count. */
static void test_message_naming_item_by_file_once(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "t.w", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "Dockerfile: no USER instruction");
  rc_rf_ev(f, i, "Dockerfile", 33, "no USER instruction");
  size_t k = fx_add(f, "t.k", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "a/Dockerfile: no USER instruction");
  rc_rf_ev(f, k, "b/Dockerfile", 4, "no USER instruction");
  size_t n = fx_add(f, "t.n", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "services.nginx: its config does not exist");
  rc_rf_ev(f, n, "compose.yml", 36,
           "services.nginx: its config does not exist");
  rc_rf_score(f);
  char *out = render(f);
  assert_null(strstr(out, "         Dockerfile: no USER instruction\n"));
  assert_non_null(strstr(
      out, "title of t.w\n         Dockerfile:33: no USER instruction\n"));
  assert_non_null(strstr(out, "         a/Dockerfile: no USER instruction\n"));
  assert_non_null(
      strstr(out, "         b/Dockerfile:4: no USER instruction\n"));
  assert_non_null(strstr(out, "title of t.n\n         compose.yml:36: "
                              "services.nginx: its config does not exist\n"));
  free(out);
  rc_rf_free(f);
}

/* A count followed by the first item ("2 of 5 services fail; web: ...")
 * keeps the count alone when the item is shown; a tail that no shown item
 * says stays. */
static void test_message_count_before_shown_item(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "t.c", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "2 of 5 services fail; services.web: no Dockerfile");
  rc_rf_ev(f, i, "compose.yml", 18, "services.web: no Dockerfile");
  rc_rf_ev(f, i, "compose.yml", 30, "services.db: no volume");
  size_t k = fx_add(f, "t.d", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "1 fails; services.api: no healthcheck");
  rc_rf_ev(f, k, "compose.yml", 9, "services.worker: no healthcheck");
  rc_rf_score(f);
  char *out = render(f);
  assert_non_null(strstr(out, "title of t.c\n         2 of 5 services fail\n"
                              "         compose.yml:18: services.web: no "
                              "Dockerfile\n"));
  assert_non_null(strstr(
      out, "title of t.d\n         1 fails; services.api: no healthcheck\n"));
  free(out);
  rc_rf_free(f);
}

/* A message whose item says it and more (an `any` of probes: "found no lint
 * step", then "found no lint step in the 8 CI files read") is shown once,
 * as the item; an item that only starts alike, or has a location, is not. */
static void test_message_said_by_an_item_once(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "t.w", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "found no lint step");
  rc_rf_ev(f, i, NULL, 0, "found no lint step in the 8 CI files read");
  rc_rf_ev(f, i, NULL, 0, "no file matches '.pre-commit-config.yaml'");
  size_t k =
      fx_add(f, "t.k", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL, "found no scan");
  rc_rf_ev(f, k, "ci.yml", 3, "found no scan in this job");
  rc_rf_score(f);
  char *out = render(f);
  assert_null(strstr(out, "         found no lint step\n"));
  assert_non_null(strstr(out, "title of t.w\n"
                              "         found no lint step in the 8 CI files "
                              "read\n"));
  assert_non_null(strstr(out, "         found no scan\n"));
  free(out);
  rc_rf_free(f);
}

/* The items left out say how many more fail and how many pass: "8 of 63
 * fail" then "... and 58 more" read as 58 more failures. Passing items the
 * evidence cap dropped count with those that pass. */
static void test_hidden_items_passing_said_apart(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "t.w", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "6 of 13 containers fail");
  for (unsigned k = 1; k <= 6; k++)
    rc_rf_ev(f, i, "k8s.yaml", k, "uses :latest");
  for (unsigned k = 7; k <= 9; k++)
    rc_rf_ev(f, i, "k8s.yaml", k, "is pinned");
  for (size_t k = 6; k < 9; k++)
    f->res.items[i].ev[k].mark = RC_EV_PASS;
  f->res.items[i].n_ev_dropped = 4;
  f->res.items[i].n_ev_dropped_pass = 4;
  rc_rf_score(f);
  char *out = render(f);
  assert_non_null(strstr(out, "\n         ... and 1 more, and 7 that pass\n"));
  free(out);
  rc_rf_free(f);
}

/* A passing item of a failing check is marked "ok: " once, before its
 * location, also when the probe wrote "ok: " itself. */
static void test_passing_item_marked_once(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "t.w", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL, "m");
  rc_rf_ev(f, i, "a/Dockerfile", 3, "no USER");
  rc_rf_ev(f, i, "Dockerfile", 5, "ok: runs as 'app'");
  rc_rf_ev(f, i, "b/Dockerfile", 2, "runs as 'app'");
  f->res.items[i].ev[1].mark = RC_EV_PASS;
  f->res.items[i].ev[2].mark = RC_EV_PASS;
  rc_rf_score(f);
  char *out = render(f);
  assert_non_null(strstr(out, "\n         ok: Dockerfile:5: runs as 'app'\n"));
  assert_non_null(
      strstr(out, "\n         ok: b/Dockerfile:2: runs as 'app'\n"));
  assert_null(strstr(out, "ok: ok:"));
  assert_null(strstr(out, ": ok: "));
  free(out);
  rc_rf_free(f);
}

static void test_blocked_high_score(void **state)
{
  (void)state;
  static const char *const ids[] = {"p0", "p1", "p2", "p3", "p4",
                                    "p5", "p6", "p7", "p8", "p9"};
  struct rc_rf *f = rc_rf_new();
  for (size_t i = 0; i < 10; i++)
    fx_add(f, ids[i], "cat", RC_SEV_BLOCK, 3, RC_OUT_OK, "");
  fx_add(f, "t.block", "cat", RC_SEV_BLOCK, 1, RC_OUT_FAIL, "bad");
  rc_rf_score(f);
  char *out = render(f);
  /* 30 of 31 = 96: a high score, still one blocker, named */
  assert_string_equal(last_line(out),
                      "BLOCKED  score 96/100 (A)  1 blocker: t.block; "
                      "0 warnings, 10 passed, 0 errors, 0 skipped; "
                      "not ready\n");
  free(out);
  rc_rf_free(f);
}

/* At most eight blockers are named; the rest are counted. */
static void test_many_blockers_named(void **state)
{
  (void)state;
  static const char *const ids[] = {"b0", "b1", "b2", "b3", "b4",
                                    "b5", "b6", "b7", "b8", "b9"};
  struct rc_rf *f = rc_rf_new();
  for (size_t i = 0; i < 10; i++)
    fx_add(f, ids[i], "cat", RC_SEV_BLOCK, 3, RC_OUT_FAIL, "bad");
  rc_rf_score(f);
  char *out = render(f);
  assert_non_null(strstr(last_line(out), "10 blockers: b0, b1, b2, b3, b4, "
                                         "b5, b6, b7 and 2 more;"));
  free(out);
  rc_rf_free(f);
}

static void test_incomplete(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "a", "cat", RC_SEV_BLOCK, 3, RC_OUT_ERROR, "timeout");
  fx_add(f, "b", "cat", RC_SEV_BLOCK, 3, RC_OUT_ERROR, "timeout");
  fx_add(f, "c", "cat", RC_SEV_WARN, 1, RC_OUT_OK, "");
  rc_rf_score(f);
  char *out = render(f);
  assert_string_equal(last_line(out),
                      "INCOMPLETE  score 14/100 (F)  readiness unknown, 2 "
                      "block-severity checks not evaluated: a, b; 0 warnings, "
                      "1 passed, 2 errors, 0 skipped\n");
  free(out);
  rc_rf_free(f);
}

static void test_policy_lines(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "a", "cat", RC_SEV_BLOCK, 3, RC_OUT_OK, "");
  fx_add(f, "b", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL, "meh");
  f->policy.fail_on_warn = true;
  rc_rf_score(f);
  char *out = render(f);
  assert_non_null(strstr(last_line(out),
                         "READY WITH WARNINGS  score 75/100 (C)  1 warning, "
                         "1 passed, 0 errors, 0 skipped; warnings fail this "
                         "run (--fail-on warn); not ready\n"));
  free(out);
  f->policy.fail_on_warn = false;
  f->policy.min_score = 80;
  rc_rf_score(f);
  out = render(f);
  assert_non_null(strstr(last_line(out), "BLOCKED  score 75/100 (C)  "));
  assert_non_null(strstr(last_line(out), "; below the minimum score 80; "
                                         "not ready\n"));
  free(out);
  rc_rf_free(f);
}

static void test_ready(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "a", "cat", RC_SEV_BLOCK, 3, RC_OUT_OK, "");
  rc_rf_score(f);
  f->rep.git_commit = NULL;
  char *out = render(f);
  assert_non_null(strstr(out, "myrepo (not a git checkout)"));
  assert_string_equal(last_line(out), "READY  score 100/100 (A)  0 warnings, "
                                      "1 passed, 0 errors, 0 skipped\n");
  assert_null(strstr(out, "not ready"));
  free(out);
  rc_rf_free(f);
}

static void test_no_applicable(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "a", "cat", RC_SEV_BLOCK, 3, RC_OUT_SKIP, "n/a");
  rc_rf_score(f);
  f->rep.verbosity = 1;
  char *out = render(f);
  assert_non_null(strstr(out, "  cat  n/a      no applicable checks\n"));
  /* Nothing evaluated: never READY. */
  assert_string_equal(last_line(out),
                      "INCOMPLETE  no applicable checks  readiness unknown, "
                      "no check was evaluated; 0 warnings, 0 passed, 0 "
                      "errors, 1 skipped\n");
  free(out);
  rc_rf_free(f);

  f = rc_rf_new(); /* no checks at all: still a summary */
  rc_rf_score(f);
  out = render(f);
  assert_true(strncmp(last_line(out), "INCOMPLETE  no applicable checks", 32) ==
              0);
  free(out);
  rc_rf_free(f);

  f = rc_rf_new(); /* an info check ran: nothing scored, but READY */
  fx_add(f, "a", "cat", RC_SEV_BLOCK, 3, RC_OUT_SKIP, "n/a");
  fx_add(f, "b", "cat", RC_SEV_INFO, 1, RC_OUT_FAIL, "noted");
  rc_rf_score(f);
  out = render(f);
  assert_true(strncmp(last_line(out), "READY  no applicable checks", 27) == 0);
  free(out);
  rc_rf_free(f);
}

/* Detail lines wrap at the width, continuation lines indented; words are
 * never cut; without a width nothing wraps. */
static void test_wrap(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "t.w", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL,
         "one two three four five six seven eight nine ten eleven twelve "
         "thirteen fourteen fifteen sixteen");
  rc_rf_score(f);
  f->rep.width = 40;
  char *out = render(f);
  assert_non_null(strstr(out, "         one two three four five six\n"
                              "           seven eight nine ten eleven\n"));
  for (const char *l = out; *l;) {
    const char *nl = strchr(l, '\n');
    if (strncmp(l, "  WARN", 6) != 0 && strncmp(l, "readycheck", 10) != 0)
      assert_true(nl - l <= 40);
    l = nl + 1;
  }
  free(out);
  f->rep.width = 0;
  out = render(f);
  assert_non_null(strstr(out, "fourteen fifteen sixteen\n"));
  assert_non_null(strstr(out, "         one two three four five six seven"));
  free(out);
  rc_rf_free(f);
}

/* A waived check is listed with its waiver; expired and stale waivers are
 * reported before the summary. */
static void test_waivers(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "t.b", "cat", RC_SEV_BLOCK, 3, RC_OUT_FAIL, "bad");
  struct rc_waivers w;
  rc_waivers_init(&w);
  struct rc_waiver in_force = {.rule = "t.b",
                               .reason = "accepted for now",
                               .owner = "ops",
                               .expires = "2027-01-01",
                               .where = "cfg:3"};
  struct rc_waiver old = {
      .rule = "t.b", .reason = "x", .expires = "2020-01-01", .where = "cfg:9"};
  struct rc_waiver stale = {.rule = "t.z", .reason = "y", .where = "cfg:12"};
  rc_waivers_add(&w, &in_force);
  rc_waivers_add(&w, &old);
  rc_waivers_add(&w, &stale);
  rc_waivers_apply(&w, &f->res, "2026-11-22");
  rc_rf_score(f);
  f->rep.waivers = &w;
  char *out = render(f);
  assert_non_null(strstr(out, "\nWaived (1)\n  WAIVED  t.b  title of t.b\n"
                              "         bad\n"
                              "         waived: accepted for now (owner ops, "
                              "until 2027-01-01) [cfg:3]\n"));
  assert_non_null(strstr(out, "waiver of t.b expired: it ended 2020-01-01 "
                              "and no longer counts [cfg:9]\n"));
  assert_non_null(strstr(out, "waiver of t.z is stale: it matches no failing "
                              "finding; remove it [cfg:12]\n"));
  assert_true(strncmp(last_line(out), "READY  score 0/100 (F)", 22) == 0);
  assert_non_null(strstr(last_line(out), ", 1 waived\n"));
  free(out);
  rc_waivers_release(&w);
  rc_rf_free(f);
}

static void test_control_chars_escaped(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i =
      fx_add(f, "t.w", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL, "line1\nline2");
  rc_rf_ev(f, i, "evil\033]0;title\007.txt", 1,
           "a\033[2Jb\xC2\x9B"
           "c");
  rc_rf_score(f);
  char *out = render(f);
  assert_null(strchr(out, '\033'));
  assert_null(strchr(out, '\007'));
  assert_null(strstr(out, "\xC2\x9B"));
  assert_non_null(strstr(out, "line1\\x0aline2"));
  assert_non_null(strstr(out, "evil\\x1b]0;title\\x07.txt:1: "
                              "a\\x1b[2Jb\\u009bc\n"));
  free(out);
  rc_rf_free(f);
}

static void test_long_evidence_clipped(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  char *big = rc_arena_alloc(f->arena, 1001);
  memset(big, 'a', 1000);
  /* a two-byte character straddling the cut at byte 240 */
  char *utf = rc_arena_printf(f->arena, "%.*s\xC3\xA9tail", 239, big);
  size_t i = fx_add(f, "t.w", "cat", RC_SEV_WARN, 1, RC_OUT_FAIL, "m");
  rc_rf_ev(f, i, "min.js", 1, big);
  rc_rf_ev(f, i, "utf.txt", 2, utf);
  rc_rf_score(f);
  char *out = render(f);
  char *want = rc_arena_printf(f->arena, "min.js:1: %.*s...\n", 240, big);
  assert_non_null(strstr(out, want));
  want = rc_arena_printf(f->arena, "utf.txt:2: %.*s...\n", 239, big);
  assert_non_null(strstr(out, want));
  assert_null(strstr(out, "\xC3"));
  free(out);
  rc_rf_free(f);
}

static void test_write_failure(void **state)
{
  (void)state;
  struct rc_rf *f = every_status();
  FILE *full = fopen("/dev/full", "w");
  assert_non_null(full);
  assert_int_equal(rc_reporter_text.write(full, &f->rep), -1);
  fclose(full);
  rc_rf_free(f);
}

static void test_reporter_identity(void **state)
{
  (void)state;
  assert_string_equal(rc_reporter_text.name, "text");
  assert_non_null(rc_reporter_text.summary);
  assert_non_null(rc_reporter_text.ext);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_status_plain),
      cmocka_unit_test(test_verbose),
      cmocka_unit_test(test_info_held_not_passed),
      cmocka_unit_test(test_many_blockers_named),
      cmocka_unit_test(test_wrap),
      cmocka_unit_test(test_waivers),
      cmocka_unit_test(test_colour_on),
      cmocka_unit_test(test_summary_last),
      cmocka_unit_test(test_quiet),
      cmocka_unit_test(test_evidence_limits),
      cmocka_unit_test(test_evidence_without_location),
      cmocka_unit_test(test_evidence_same_as_message_once),
      cmocka_unit_test(test_message_naming_item_by_file_once),
      cmocka_unit_test(test_message_count_before_shown_item),
      cmocka_unit_test(test_hidden_items_passing_said_apart),
      cmocka_unit_test(test_message_said_by_an_item_once),
      cmocka_unit_test(test_passing_item_marked_once),
      cmocka_unit_test(test_blocked_high_score),
      cmocka_unit_test(test_incomplete),
      cmocka_unit_test(test_policy_lines),
      cmocka_unit_test(test_ready),
      cmocka_unit_test(test_no_applicable),
      cmocka_unit_test(test_control_chars_escaped),
      cmocka_unit_test(test_long_evidence_clipped),
      cmocka_unit_test(test_write_failure),
      cmocka_unit_test(test_reporter_identity),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
