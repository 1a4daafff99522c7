/*
 * test_report_markdown.c - the Markdown readiness report: sections, plain
 * statements per verdict, footer, determinism, escaping, and rendering by
 * the real cmark-gfm (tables, headings, no raw HTML even with --unsafe).
 */
#include "report_fixture.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

extern const struct rc_reporter rc_reporter_markdown;

#define CMARK_GFM "/usr/bin/cmark-gfm"

/* A check whose rule is titled "Title of ID". */
static size_t fx_add(struct rc_rf *f, const char *id, const char *cat,
                     enum rc_severity sev, double weight, enum rc_outcome o,
                     const char *msg)
{
  return rc_rf_add_titled(f, id, rc_arena_printf(f->arena, "Title of %s", id),
                          cat, sev, weight, o, msg);
}

static char *render(struct rc_rf *f)
{
  return rc_rf_render(f, &rc_reporter_markdown);
}

/* Renders md with cmark-gfm's table extension. --unsafe lets raw HTML
 * through, so only our escaping can keep it out. Caller frees. */
static char *to_html(const char *md)
{
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "report.md", md);
  char path[4096];
  snprintf(path, sizeof(path), "%s/report.md", dir);
  const char *const argv[] = {CMARK_GFM, "-e", "table", "--unsafe", path, NULL};
  char *html = NULL;
  int rc = rc_test_run(argv, NULL, &html, NULL);
  rc_test_rmtree(dir);
  free(dir);
  if (rc != 0)
    fail_msg("%s exited %d", CMARK_GFM, rc);
  return html;
}

static size_t count(const char *s, const char *needle)
{
  size_t n = 0;
  for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* Asserts a, b, ... appear in s in this order. */
static void assert_order(const char *s, const char *const *parts, size_t n)
{
  const char *at = s;
  for (size_t i = 0; i < n; i++) {
    const char *p = strstr(at, parts[i]);
    if (!p)
      fail_msg("'%s' missing or out of order", parts[i]);
    at = p + strlen(parts[i]);
  }
}

/* A blocked run with every status; 10 passes keep the score high. */
static struct rc_rf *sample(void)
{
  static const char *const ids[] = {"p0", "p1", "p2", "p3", "p4",
                                    "p5", "p6", "p7", "p8", "p9"};
  struct rc_rf *f = rc_rf_new();
  for (size_t i = 0; i < 10; i++)
    fx_add(f, ids[i], i % 2 ? "infrastructure" : "security", RC_SEV_BLOCK, 3,
           RC_OUT_OK, "ok");
  size_t w = fx_add(f, "docker.health", "infrastructure", RC_SEV_WARN, 0,
                    RC_OUT_FAIL, "no HEALTHCHECK in 'Dockerfile'");
  rc_rf_ev(f, w, "Dockerfile", 1, "FROM node:20");
  size_t b = fx_add(f, "secrets.env", "security", RC_SEV_BLOCK, 1, RC_OUT_FAIL,
                    "found 2 secrets");
  rc_rf_ev(f, b, ".env", 3, "KEY=****");
  rc_rf_ev(f, b, "app.js", 14, "const k = `****`;");
  struct rc_rule *r = (struct rc_rule *)f->res.items[b].rule;
  r->rationale = "leaked keys get abused";
  fx_add(f, "cov.min", "quality", RC_SEV_BLOCK, 0, RC_OUT_ERROR,
         "cannot parse 'coverage.json'");
  fx_add(f, "lint.cfg", "quality", RC_SEV_WARN, 0, RC_OUT_ERROR, "timeout");
  size_t s = fx_add(f, "node.lock", "dependencies", RC_SEV_WARN, 1, RC_OUT_SKIP,
                    "not applicable");
  f->res.items[s].skip_reason = "no package.json";
  fx_add(f, "docs.changelog", "docs", RC_SEV_INFO, 0, RC_OUT_FAIL,
         "no CHANGELOG.md");
  /* an informational check that held is not a pass */
  fx_add(f, "docs.rollback", "security", RC_SEV_INFO, 0, RC_OUT_OK,
         "found 'ROLLBACK.md'");
  rc_rf_score(f);
  return f;
}

static void test_sections(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  char *md = render(f);
  static const char *const parts[] = {
      "# Readiness report: myrepo\n\n## Executive summary\n\n",
      "**Verdict: BLOCKED**\n\n",
      "**Readiness score: 96/100 (A)**\n\n",
      "Score 96/100, but 1 critical blocker must be fixed before release.",
      "Blockers: **Title of secrets.env** (`secrets.env`).\n\n",
      "Checks: 17 in total; 10 passed, 1 warning, 1 blocker, 2 errors, 0 "
      "waived, 1 informational, 1 informational with no finding, 1 not "
      "applicable.\n\n",
      "## Critical blockers (1)\n\n",
      "### 1. Title of secrets.env\n\n",
      "**Issue**: found 2 secrets\n\n",
      "**Evidence**:\n\n- `.env:3` `KEY=****`\n"
      "- `app.js:14` ``const k = `****`;``\n\n",
      "**Resolution**: fix secrets.env\n\n",
      "**Why it matters**: leaked keys get abused\n\n",
      "Rule: `secrets.env` (security, weight 1)\n\n",
      "## Could not be evaluated (2)\n\n",
      "- **Title of cov.min** (`cov.min`, block severity): cannot parse "
      "'coverage.json'\n",
      "## Warnings (1)\n\n",
      "1. **Title of docker.health** (`docker.health`)\n"
      "   - **Issue**: no HEALTHCHECK in 'Dockerfile'\n"
      "   - **Evidence**:\n"
      "     - `Dockerfile:1` `FROM node:20`\n"
      "   - **Resolution**: fix docker.health\n",
      "## Informational (1)\n\n",
      "## Category scores\n\n"
      "| Category | Score | Passed | Warnings | Blockers | Errors |\n",
      "| dependencies | n/a | 0 | 0 | 0 | 0 |\n",
      "| quality | n/a | 0 | 0 | 0 | 2 |\n",
      "| security | 93/100 | 5 | 0 | 1 | 0 |\n",
      "## Action items\n\n",
      "### Priority 1 (critical: must fix before release)\n\n"
      "- [ ] **Title of secrets.env**: fix secrets.env (`secrets.env`)\n"
      "- [ ] **Title of cov.min**: could not be evaluated (cannot parse "
      "'coverage.json'); fix the cause and run again (`cov.min`)\n",
      "### Priority 2 (high: should fix before release)\n\n"
      "- [ ] **Title of docker.health**: fix docker.health (`docker.health`)\n"
      "- [ ] **Title of lint.cfg**: could not be evaluated (timeout)",
      "### Priority 3 (low: informational)\n\n"
      "- [ ] **Title of docs.changelog**: fix docs.changelog",
      "<details>\n<summary>Passed validations (10/14)</summary>\n\n",
      "- **Title of p0** (`p0`): ok\n",
      "\n</details>\n\n",
      "<details>\n<summary>Informational checks with no finding "
      "(1)</summary>\n\n- **Title of docs.rollback** (`docs.rollback`): "
      "found 'ROLLBACK.md'\n\n</details>\n\n",
      "<details>\n<summary>Not applicable (1)</summary>\n\n- **Title of "
      "node.lock** (`node.lock`): no package.json\n\n</details>\n",
      "\n---\n\n- Generated: 2026-11-22\n"
      "- Commit: `0123456789ab` on branch `main`\n"
      "- readycheck: 0.1.0\n- Rule packs: docker, node\n",
      "- Gate: not ready on blockers\n- Configuration: none\n",
      "- Waivers: none\n",
  };
  assert_order(md, parts, sizeof(parts) / sizeof(parts[0]));
  /* the footer ends the document */
  assert_string_equal(strstr(md, "- Waivers:"), "- Waivers: none\n");
  /* -q keeps what needs action: no passed, not-applicable, info or
   * category sections */
  free(md);
  f->rep.verbosity = -1;
  md = render(f);
  assert_non_null(strstr(md, "## Critical blockers (1)"));
  assert_non_null(strstr(md, "## Action items"));
  assert_null(strstr(md, "Passed validations"));
  assert_null(strstr(md, "Not applicable ("));
  assert_null(strstr(md, "## Informational"));
  assert_null(strstr(md, "## Category scores"));
  free(md);
  rc_rf_free(f);
}

/* The check's one finding, which its message says, is listed by where it
 * is: the message is not said a second time as the first item. */
static void test_message_not_repeated(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t w = fx_add(f, "compose.restart", "infrastructure", RC_SEV_WARN, 1,
                    RC_OUT_FAIL, "services.web: no restart policy");
  rc_rf_ev(f, w, "compose.yml", 7, "services.web: no restart policy");
  rc_rf_score(f);
  char *md = render(f);
  assert_non_null(strstr(md, "   - **Issue**: services.web: no restart "
                             "policy\n   - **Evidence**:\n     - "
                             "`compose.yml:7`\n"));
  assert_int_equal(count(md, "no restart policy"), 1);
  free(md);
  rc_rf_free(f);
}

static void test_statements(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_OK, "");
  fx_add(f, "i", "c", RC_SEV_INFO, 0, RC_OUT_OK, ""); /* not scored */
  rc_rf_score(f);
  char *md = render(f);
  assert_non_null(strstr(md, "**Verdict: READY**\n\n**Readiness score: "
                             "100/100 (A)**\n\nReady for release: all 1 "
                             "scored check passed.\n"));
  assert_non_null(strstr(md, "## Warnings (0)\n\nNone.\n"));
  assert_non_null(strstr(md, "## Critical blockers (0)\n\nNone.\n"));
  assert_non_null(strstr(md, "## Action items\n\nNone.\n"));
  assert_null(strstr(md, "## Could not be evaluated"));
  free(md);

  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_FAIL, "w");
  rc_rf_score(f);
  md = render(f);
  assert_non_null(strstr(md, "**Verdict: READY WITH WARNINGS**"));
  assert_non_null(strstr(md, "Ready for release with 1 warning to address."));
  free(md);

  f->policy.fail_on_warn = true;
  rc_rf_score(f);
  md = render(f);
  assert_non_null(strstr(md, "**Verdict: READY WITH WARNINGS (not ready: "
                             "--fail-on warn)**"));
  assert_non_null(strstr(md, "Not ready: 1 warning must be resolved"));
  assert_non_null(strstr(md, "Required: warnings fail this run"));
  free(md);

  f->policy.fail_on_warn = false;
  f->policy.min_score = 80; /* score 75 */
  rc_rf_score(f);
  md = render(f);
  assert_non_null(strstr(md, "Not ready: The score 75/100 is below the "
                             "required minimum of 80."));
  assert_non_null(strstr(md, "Raise the readiness score from 75 to at least "
                             "80."));
  free(md);

  f->policy.min_score = -1;
  fx_add(f, "c", "c", RC_SEV_BLOCK, 3, RC_OUT_ERROR, "boom");
  rc_rf_score(f);
  md = render(f);
  assert_non_null(strstr(md, "**Verdict: INCOMPLETE**"));
  assert_non_null(strstr(md, "Readiness unknown: 1 block-severity check "
                             "could not be evaluated"));
  free(md);

  for (int i = 0; i < 3; i++)
    fx_add(f, "d", "c", RC_SEV_BLOCK, 30, RC_OUT_FAIL, "bad");
  rc_rf_score(f);
  md = render(f);
  assert_non_null(strstr(md, "Not ready: 3 critical blockers must be fixed "
                             "before release."));
  free(md);
  rc_rf_free(f);
}

static void test_no_applicable(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_SKIP, "n/a");
  f->rep.git_commit = NULL;
  f->rep.n_packs = 0;
  rc_rf_score(f);
  char *md = render(f);
  assert_non_null(
      strstr(md, "**Readiness score: n/a (no applicable checks)**"));
  assert_non_null(strstr(md, "There were no applicable checks"));
  assert_non_null(strstr(md, "Readiness unknown: no check was evaluated."));
  assert_null(strstr(md, "Passed validations")); /* none: no section */
  assert_non_null(strstr(md, "- Commit: not a git checkout\n"));
  assert_non_null(strstr(md, "- Rule packs: none\n"));
  free(md);
  rc_rf_free(f);
}

/* With a known forge, evidence paths link to the checked commit. */
static void test_permalinks(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  f->rep.link_base = "https://github.com/acme/shop/blob/0123abc/";
  char *md = render(f);
  assert_non_null(strstr(md, "- [`.env:3`](https://github.com/acme/shop/blob/"
                             "0123abc/.env#L3) `KEY=****`\n"));
  free(md);
  rc_rf_free(f);
}

static void test_deterministic(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  char *a = render(f);
  f->res.items[0].elapsed_ms = 4242.25;
  f->rep.timestamp = "2030-01-01T00:00:00Z";
  f->rep.repo_path = "/elsewhere/myrepo";
  char *b = render(f);
  assert_string_equal(a, b);
  assert_null(strstr(a, "4242"));
  assert_null(strstr(a, "/srv/myrepo"));
  free(a);
  free(b);
  rc_rf_free(f);
}

static void test_escaping(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = rc_rf_add_titled(f, "evil.id", "x | <script>`y`", "a|b <i>",
                              RC_SEV_BLOCK, 1, RC_OUT_FAIL,
                              "*bold* _it_ [l](u) &amp; #h\nsecond line");
  rc_rf_ev(f, i, "dir/``odd``.txt", 2, "`starts with tick");
  rc_rf_ev(f, i, "p", 3, "ends with `");
  rc_rf_ev(f, i, "q", 4, "  spaced  ");
  rc_rf_ev(f, i, "r", 5, "ctl\033[31m\xC2\x9B");
  rc_rf_score(f);
  char *md = render(f);
  assert_non_null(strstr(md, "### 1. x \\| &lt;script&gt;\\`y\\`\n"));
  assert_non_null(strstr(md, "| a\\|b &lt;i&gt; | 0/100 |"));
  assert_non_null(strstr(md, "**Issue**: \\*bold\\* \\_it\\_ \\[l\\](u) "
                             "&amp;amp; \\#h second line\n"));
  assert_non_null(strstr(md, "- ```dir/``odd``.txt:2``` `` `starts with "
                             "tick ``\n"));
  assert_non_null(strstr(md, "- `p:3` `` ends with ` ``\n"));
  assert_non_null(strstr(md, "- `q:4` `   spaced   `\n"));
  assert_non_null(strstr(md, "- `r:5` `ctl\xEF\xBF\xBD[31m\xEF\xBF\xBD`\n"));
  assert_null(strchr(md, '\033'));
  assert_null(strstr(md, "<script"));
  free(md);
  rc_rf_free(f);
}

static void test_cmark_renders_tables_and_headings(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  char *md = render(f);
  char *html = to_html(md);
  assert_int_equal(count(html, "<table>"), 1);
  /* header row + one row per category */
  assert_int_equal(count(html, "<tr>"), 1 + f->score.n_cats);
  assert_int_equal(count(html, "<td"), 6 * f->score.n_cats);
  assert_int_equal(count(html, "<th>") + count(html, "<th align"), 6);
  assert_non_null(strstr(html, "<h1>Readiness report: myrepo</h1>"));
  assert_non_null(strstr(html, "<h3>1. Title of secrets.env</h3>"));
  assert_non_null(strstr(html, "<h2>Critical blockers (1)</h2>"));
  assert_non_null(strstr(html, "<code>const k = `****`;</code>"));
  assert_non_null(strstr(html, "<hr />"));
  free(html);
  free(md);
  rc_rf_free(f);
}

static void test_cmark_malicious_text(void **state)
{
  (void)state;
  static const char *const evil = "x | <script>`y`";
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "ok", "plain", RC_SEV_WARN, 1, RC_OUT_OK, "");
  size_t i = rc_rf_add_titled(f, "evil", evil, evil, RC_SEV_BLOCK, 1,
                              RC_OUT_FAIL, "<img src=x onerror=alert(1)>");
  rc_rf_ev(f, i, "<b>path</b>", 1, "</code><script>alert(1)</script>");
  rc_rf_add_titled(f, "evil.warn", evil, "plain", RC_SEV_WARN, 1, RC_OUT_FAIL,
                   "| --- |");
  f->rep.repo_name = "<script>name</script>";
  f->rep.git_branch = "`branch`|<b>";
  rc_rf_score(f);
  char *md = render(f);
  char *html = to_html(md);
  assert_null(strstr(html, "<script"));
  assert_null(strstr(html, "<img"));
  assert_null(strstr(html, "<b>"));
  assert_int_equal(count(html, "<table>"), 1);
  assert_int_equal(count(html, "<tr>"), 3);
  assert_int_equal(count(html, "<td"), 12);
  assert_non_null(strstr(html, "<td>x | &lt;script&gt;`y`</td>"));
  assert_non_null(strstr(html, "<h3>1. x | &lt;script&gt;`y`</h3>"));
  assert_non_null(strstr(html,
                         "<code>&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script"
                         "&gt;</code>"));
  assert_non_null(strstr(html, "<code>`branch`|&lt;b&gt;</code>"));
  free(html);
  free(md);
  rc_rf_free(f);
}

/* Remediation prose keeps its `code` spans; nothing in it becomes HTML. */
static void test_cmark_remediation_code_spans(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "team.user", "security", RC_SEV_BLOCK, 1, RC_OUT_FAIL,
                    "no USER");
  struct rc_rule *r = (struct rc_rule *)f->res.items[i].rule;
  r->remediation = "Add `USER app` (not <b>root</b>); a lone ` stays text";
  r->rationale = "see `<script>x</script>`";
  rc_rf_score(f);
  char *md = render(f);
  char *html = to_html(md);
  assert_non_null(strstr(html, "<code>USER app</code>"));
  assert_non_null(strstr(html, "<code>&lt;script&gt;x&lt;/script&gt;</code>"));
  assert_non_null(strstr(html, "&lt;b&gt;root&lt;/b&gt;"));
  assert_null(strstr(html, "<b>"));
  assert_null(strstr(html, "<script"));
  free(html);
  free(md);
  rc_rf_free(f);
}

static void test_long_evidence_clipped(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  char *big = rc_arena_alloc(f->arena, 1001);
  memset(big, 'a', 1000);
  char *utf = rc_arena_printf(f->arena, "%.*s\xC3\xA9tail", 239, big);
  size_t i = fx_add(f, "t.w", "cat", RC_SEV_BLOCK, 1, RC_OUT_FAIL, "m");
  rc_rf_ev(f, i, "min.js", 1, big);
  rc_rf_ev(f, i, "utf.txt", 2, utf);
  rc_rf_score(f);
  char *md = render(f);
  char *want = rc_arena_printf(f->arena, "- `min.js:1` `%.*s`...\n", 240, big);
  assert_non_null(strstr(md, want));
  want = rc_arena_printf(f->arena, "- `utf.txt:2` `%.*s`...\n", 239, big);
  assert_non_null(strstr(md, want));
  assert_null(strstr(md, "\xC3"));
  free(md);
  rc_rf_free(f);
}

static void test_write_failure(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  FILE *full = fopen("/dev/full", "w");
  assert_non_null(full);
  assert_int_equal(rc_reporter_markdown.write(full, &f->rep), -1);
  fclose(full);
  rc_rf_free(f);
}

static void test_reporter_identity(void **state)
{
  (void)state;
  assert_string_equal(rc_reporter_markdown.name, "markdown");
  assert_string_equal(rc_reporter_markdown.ext, "md");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sections),
      cmocka_unit_test(test_message_not_repeated),
      cmocka_unit_test(test_statements),
      cmocka_unit_test(test_no_applicable),
      cmocka_unit_test(test_permalinks),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_escaping),
      cmocka_unit_test(test_cmark_renders_tables_and_headings),
      cmocka_unit_test(test_cmark_malicious_text),
      cmocka_unit_test(test_cmark_remediation_code_spans),
      cmocka_unit_test(test_long_evidence_clipped),
      cmocka_unit_test(test_write_failure),
      cmocka_unit_test(test_reporter_identity),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
