/*
 * pipeline.c - the `pipeline` probe: what the repository's CI really runs,
 * judged from the deployment model's reading of it (model/pipeline.c):
 * whether some step runs a gate (tests, lint, scan, build), whether a gate
 * step is marked continue-on-error with nothing re-raising its failure,
 * whether a gate command's failure is swallowed (`|| true`), and whether
 * the image scanners that run for pushes and pull requests fail the build.
 * Every finding names the file and line of the step or command.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/pipeline.h"
#include "readycheck/probe.h"

#include "pipeline_masked.h"

/* code: the gates that check the project's own code (tests, lint, build),
 * not the dependency and image scans, whose exit code is a policy (a
 * report-only scan is usually deliberate; ci.scanner-fails-build asks).
 * checks: tests and lint only - what says whether the code works; a build
 * left soft still stops the steps that use what it makes. */
enum {
  GATE_ANY,
  GATE_TESTS,
  GATE_LINT,
  GATE_SCAN,
  GATE_BUILD,
  GATE_CODE,
  GATE_CHECKS
};
static const char *const gate_names[] = {"any",   "tests", "lint",   "scan",
                                         "build", "code",  "checks", NULL};

enum {
  EXPECT_PRESENT,
  EXPECT_NOT_SOFT,
  EXPECT_NOT_MASKED,
  EXPECT_SCANNER,
  EXPECT_ABSENT
};
static const char *const expect_names[] = {
    "present", "not_soft", "not_masked", "scanner_fails", "absent", NULL};

enum { SHOWN_PASSING = 5 };

/* Which soft steps not_soft judges: all, those whose own step (or, outside
 * GitHub Actions, job) is marked - a failure nobody sees - or those soft
 * only because their whole GitHub Actions job is continue-on-error, whose
 * failure still shows as a failed job. */
enum { SOFT_ANY, SOFT_STEP, SOFT_JOB };
static const char *const soft_names[] = {"any", "step", "job", NULL};

struct cfg {
  int gate;
  int expect;
  int soft;
  struct rc_strlist exclude;
};

static unsigned mask_of(int gate)
{
  switch (gate) {
  case GATE_TESTS:
    return RC_GATE_TESTS;
  case GATE_LINT:
    return RC_GATE_LINT;
  case GATE_SCAN:
    return RC_GATE_SCAN;
  case GATE_BUILD:
    return RC_GATE_BUILD;
  case GATE_CODE:
    return RC_GATE_TESTS | RC_GATE_LINT | RC_GATE_BUILD;
  case GATE_CHECKS:
    return RC_GATE_TESTS | RC_GATE_LINT;
  default:
    return RC_GATE_TESTS | RC_GATE_LINT | RC_GATE_SCAN | RC_GATE_BUILD;
  }
}

/* "tests" / "a lint or type check" ... for messages. */
static const char *gate_words(int gate)
{
  static const char *const words[] = {"a gate (tests, lint, scan, build)",
                                      "tests",
                                      "a lint or type check",
                                      "a dependency or image scan",
                                      "a build",
                                      "a gate (tests, lint, build)",
                                      "tests or a lint"};
  return words[gate];
}

static const char *step_label(struct rc_arena *a, const struct rc_ci_step *st)
{
  if (st->name && st->job && strcmp(st->name, st->job) == 0)
    return rc_arena_printf(a, "job '%s'", st->name);
  if (st->name)
    return rc_arena_printf(a, "step '%s'", st->name);
  if (st->uses)
    return rc_arena_printf(a, "step uses %s", st->uses);
  return st->job ? rc_arena_printf(a, "job '%s'", st->job) : "step";
}

/* True when command i runs (directly or not) command k. */
static bool runs(const struct rc_pipeline *p, size_t i, size_t k)
{
  for (long j = p->cmds[k].parent; j >= 0; j = p->cmds[j].parent)
    if ((size_t)j == i)
      return true;
  return false;
}

/* The first command of st that is a gate of mask, or NULL; *inner is what
 * it runs that is the gate itself (`jest` for `npm test`), or NULL. */
static const struct rc_ci_cmd *gate_cmd(const struct rc_pipeline *p,
                                        const struct rc_ci_step *st,
                                        unsigned mask,
                                        const struct rc_ci_cmd **inner)
{
  *inner = NULL;
  for (size_t k = st->cmd0; k < st->cmd0 + st->n_cmds; k++) {
    if (!(p->cmds[k].gates_all & mask))
      continue;
    for (size_t j = k + 1; j < st->cmd0 + st->n_cmds && runs(p, k, j); j++)
      if (p->cmds[j].gates & mask) {
        *inner = &p->cmds[j];
        break;
      }
    return &p->cmds[k];
  }
  return NULL;
}

/* "step 'Unit' runs `make test`, which runs `go test ./...`
 * (Makefile:4)", "step uses aquasecurity/trivy-action@0.28.0", "step
 * 'Test' is named for it". */
static const char *describe(struct rc_arena *a, const struct rc_pipeline *p,
                            const struct rc_ci_step *st, unsigned mask)
{
  const char *label = step_label(a, st);
  const struct rc_ci_cmd *inner;
  const struct rc_ci_cmd *c = gate_cmd(p, st, mask, &inner);
  /* a remote reusable workflow an input of which asks for a test */
  if (!c && st->opaque && st->uses && st->tool &&
      strncmp(st->tool, "input '", 7) == 0)
    return rc_arena_printf(a, "%s calls %s with %s", label, st->uses, st->tool);
  if (!c)
    return st->opaque && st->uses && !st->name
               ? label
               : rc_arena_printf(a, "%s is named for it%s%s", label,
                                 st->uses ? " and calls " : "",
                                 st->uses ? st->uses : "");
  if (strncmp(c->text, "uses: ", 6) == 0 && !inner)
    return st->name ? rc_arena_printf(a, "%s uses %s", label, c->text + 6)
                    : label;
  const char *where =
      strcmp(c->at.path, st->at.path) != 0
          ? rc_arena_printf(a, " (%s:%u)", c->at.path, c->at.line)
          : "";
  if (inner)
    return rc_arena_printf(a, "%s runs `%s`%s, which runs `%s` (%s:%u)", label,
                           c->text, where, inner->text, inner->at.path,
                           inner->at.line);
  return rc_arena_printf(a, "%s runs `%s`%s", label, c->text, where);
}

static bool excluded(const struct cfg *cfg, const struct rc_ci_step *st)
{
  return rc_strlist_matches(&cfg->exclude, st->at.path);
}

static void unreadable(struct rc_check *out, struct rc_ctx *ctx,
                       const struct rc_pipeline *p, const char *what)
{
  const struct rc_ci_error *e = &p->errors[0];
  rc_check_set(out, ctx, RC_OUT_ERROR, "cannot tell %s: '%s' is not valid: %s",
               what, e->path, e->message);
  for (size_t i = 0; i < p->n_errors; i++)
    rc_check_evidence_mark(out, ctx, RC_EV_FAIL, p->errors[i].path, 0,
                           "cannot read: %s", p->errors[i].message);
}

/* A word of a name that says the job builds, ships or deploys. */
static bool other_work(const char *w, size_t n)
{
  static const char *const other[] = {"docker", "image",     "images",
                                      "build",  "release",   "publish",
                                      "deploy", "container", NULL};
  for (size_t k = 0; other[k]; k++)
    if (strlen(other[k]) == n && strncasecmp(w, other[k], n) == 0)
      return true;
  return false;
}

/* A name with a word that says the job builds, ships or deploys
 * ("docker-build-push", "deploy:prod", "aws-ecr/build-and-push-image"). */
static bool names_other_work(const char *name)
{
  for (const char *p = name; p && *p;) {
    size_t n = 0;
    while (isalnum((unsigned char)p[n]))
      n++;
    if (n && other_work(p, n))
      return true;
    p += n ? n : 1;
  }
  return false;
}

/* Every step that runs on pushes or pull requests calls a reusable
 * workflow of another repository (`uses: acme/.github/.github/workflows/
 * build.yml@main`): the project's CI lives there. The first such step, or
 * NULL when any gating step is the repository's own. */
static const struct rc_ci_step *
only_remote_workflows(const struct rc_pipeline *p)
{
  const struct rc_ci_step *first = NULL;
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (!st->gating)
      continue;
    /* another repository's GitLab or CircleCI configuration, unless its
     * name says the job builds, ships or deploys (then judged by name) */
    bool remote = (st->remote && !st->gates && !names_other_work(st->name)) ||
                  (st->opaque && st->uses && st->uses[0] != '.' &&
                   strstr(st->uses, "/.github/workflows/"));
    if (!remote)
      return NULL;
    if (!first)
      first = st;
  }
  return first;
}

/* The length of the word at s, at most max: up to a separator, or to a
 * lower-case letter followed by a capital (`goCI`, `nodeCi` are two words,
 * as `go-ci` is). */
static size_t name_word(const char *s, size_t max)
{
  size_t n = 0;
  while (n < max && !strchr("-_@.", s[n])) {
    n++;
    if (n < max && islower((unsigned char)s[n - 1]) &&
        isupper((unsigned char)s[n]))
      break;
  }
  return n;
}

/* The workflow file a remote reusable workflow reference names says it is
 * a whole CI (`acme/actions/.github/workflows/web-app-ci.yml@main`,
 * `.../ci.yaml@v2`, `.../goCI.yml@main`): a word "ci" of its file name.
 * An organisation's shared CI workflow is where its projects' tests and
 * lint run, so its callers' CI cannot be said to lack them; one that names
 * what else it does (`docker-image-build-ci.yml`, `release-ci.yml`) builds
 * or ships, and a remote `docker-publish.yml` stays judged by its name. */
static bool ci_named_workflow(const char *uses)
{
  const char *wf = strstr(uses, "/.github/workflows/");
  if (!wf)
    return false;
  const char *name = wf + strlen("/.github/workflows/");
  size_t len = strcspn(name, "@");
  const char *dot = memchr(name, '.', len);
  if (dot)
    len = (size_t)(dot - name);
  bool ci = false;
  for (size_t i = 0; i < len;) {
    size_t n = name_word(name + i, len - i);
    ci |= n == 2 && strncasecmp(name + i, "ci", 2) == 0;
    if (other_work(name + i, n))
      return false;
    i += n + (i + n < len && strchr("-_@.", name[i + n]) ? 1 : 0);
    if (n == 0)
      i++;
  }
  return ci;
}

/* A step for pushes or pull requests that calls another repository's
 * reusable workflow named for CI (above) and for no one check (a
 * `ci-lint.yml` says it lints, and is judged by that), or NULL. */
static const struct rc_ci_step *remote_ci_workflow(const struct rc_pipeline *p)
{
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (st->gating && st->opaque && st->uses && st->uses[0] != '.' &&
        !(st->gates & (RC_GATE_TESTS | RC_GATE_LINT | RC_GATE_SCAN)) &&
        ci_named_workflow(st->uses))
      return st;
  }
  return NULL;
}

/* A CI file whose every job for pushes and pull requests is another
 * repository's configuration (a .gitlab-ci.yml made of remote includes, a
 * CircleCI workflow of orb jobs) that no name says gates: that CI's jobs
 * are not here to judge, as those of a CI system readycheck does not read.
 * Its first such step, or NULL. */
static const struct rc_ci_step *remote_config_file(const struct rc_pipeline *p)
{
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (!st->remote || !st->gating)
      continue;
    /* every job of the file is such, and none is named for a gate or
     * for building, shipping or deploying (`docker-build-push.yml`) */
    bool all = true;
    for (size_t k = 0; k < p->n_steps && all; k++) {
      const struct rc_ci_step *o = &p->steps[k];
      if (!o->gating || strcmp(o->workflow, st->workflow) != 0)
        continue;
      all = o->remote && !o->gates && !names_other_work(o->name);
    }
    if (all)
      return st;
  }
  return NULL;
}

/* A command of a gating step that compiles statically typed code (`go
 * build`, `go test`, `mvn verify`, `dotnet build`, `cargo test`): the
 * compiler checks the types, so where no linter runs, what is missing is
 * the linter, not a type check. NULL when none does. */
static const struct rc_ci_cmd *compile_cmd(const struct rc_pipeline *p)
{
  static const char *const tools[] = {
      "go build",        "go test",       "mvn test",     "mvn verify",
      "mvn package",     "gradle test",   "gradle check", "gradle build",
      "gradle assemble", "cargo build",   "cargo test",   "dotnet build",
      "dotnet test",     "crystal build", "crystal spec", NULL};
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (!st->gating || st->fix_job)
      continue;
    for (size_t k = st->cmd0; k < st->cmd0 + st->n_cmds; k++)
      for (size_t t = 0; p->cmds[k].tool && tools[t]; t++)
        if (strcmp(p->cmds[k].tool, tools[t]) == 0)
          return &p->cmds[k];
  }
  return NULL;
}

/* The steps that run what the gate asks for, and those that run it only
 * on a schedule, by hand or after another workflow. */
struct gate_steps {
  size_t found, elsewhere;
  const struct rc_ci_step *first, *other;
};

static struct gate_steps gate_steps(const struct cfg *cfg, struct rc_ctx *ctx,
                                    struct rc_check *out,
                                    const struct rc_pipeline *p,
                                    bool any_trigger)
{
  unsigned mask = mask_of(cfg->gate);
  struct gate_steps g = {0, 0, NULL, NULL};
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (!(st->gates & mask) || st->fix_job || excluded(cfg, st))
      continue;
    if (!st->gating && !any_trigger) {
      if (!g.elsewhere++)
        g.other = st;
      continue;
    }
    if (!g.first)
      g.first = st;
    if (g.found++ < SHOWN_PASSING)
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, st->at.path, st->at.line,
                             "%s", describe(ctx->arena, p, st, mask));
  }
  return g;
}

/* The CI lives in another repository (a called workflow, remote
 * configuration): true when it does and the check is skipped. */
static bool run_elsewhere(const struct cfg *cfg, struct rc_ctx *ctx,
                          struct rc_check *out, const struct rc_pipeline *p)
{
  const struct rc_ci_step *remote = only_remote_workflows(p);
  const struct rc_ci_step *shared =
      !remote && (cfg->gate == GATE_TESTS || cfg->gate == GATE_LINT)
          ? remote_ci_workflow(p)
          : NULL;
  if (shared) {
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "a job for pushes and pull requests calls another "
                 "repository's CI workflow (%s, %s:%u): whether it runs %s "
                 "is not here to judge",
                 shared->uses, shared->at.path, shared->at.line,
                 gate_words(cfg->gate));
    return true;
  }
  if (remote) {
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "the CI that runs on pushes and pull requests is %s of "
                 "another repository (%s, %s:%u): what it runs is not here "
                 "to judge",
                 remote->remote ? "configuration" : "a reusable workflow",
                 remote->uses ? remote->uses : remote->name, remote->at.path,
                 remote->at.line);
    return true;
  }
  const struct rc_ci_step *config =
      cfg->gate == GATE_TESTS || cfg->gate == GATE_LINT ? remote_config_file(p)
                                                        : NULL;
  if (config) {
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "%s runs another repository's CI configuration (%s, "
                 "%s:%u): whether it runs %s is not here to judge",
                 config->workflow, config->uses ? config->uses : config->name,
                 config->at.path, config->at.line, gate_words(cfg->gate));
    return true;
  }
  return false;
}

/* No step runs it: the failure, naming the steps that run it at other
 * times and, for lint, the compiler that checks types. */
static void report_absent(const struct cfg *cfg, struct rc_ctx *ctx,
                          struct rc_check *out, const struct rc_pipeline *p,
                          bool any_trigger, const struct gate_steps *g)
{
  size_t elsewhere = g->elsewhere;
  const struct rc_ci_step *other = g->other;
  /* in the rule's words when it has them ("found no test step") */
  const char *what = ctx->looks_for;
  if (what)
    what += strncmp(what, "a ", 2) == 0    ? 2
            : strncmp(what, "an ", 3) == 0 ? 3
                                           : 0;
  const char *only =
      other ? rc_arena_printf(ctx->arena,
                              "; %zu step%s run%s it only on a schedule, by "
                              "hand or on another workflow's end (first: "
                              "%s:%u)",
                              elsewhere, elsewhere == 1 ? "" : "s",
                              elsewhere == 1 ? "s" : "", other->at.path,
                              other->at.line)
            : "";
  const char *when = any_trigger ? "" : " for pushes or pull requests";
  const struct rc_ci_cmd *compiled =
      cfg->gate == GATE_LINT ? compile_cmd(p) : NULL;
  if (compiled) {
    rc_check_set(out, ctx, RC_OUT_FAIL,
                 "found no linter or static-analysis step%s in the %zu CI "
                 "file%s read (%zu steps, followed through make targets, "
                 "package scripts and repository scripts)%s; the code is "
                 "compiled (`%s`, %s:%u), which checks its types",
                 when, p->n_files, p->n_files == 1 ? "" : "s", p->n_steps, only,
                 compiled->tool, compiled->at.path, compiled->at.line);
    out->missing = rc_arena_printf(
        ctx->arena,
        "linter or static-analysis step (the code is compiled: `%s`, %s:%u, "
        "which checks its types)",
        compiled->tool, compiled->at.path, compiled->at.line);
    return;
  }
  if (what)
    rc_check_set(out, ctx, RC_OUT_FAIL,
                 "found no %s%s in the %zu CI file%s read (%zu steps, "
                 "followed through make targets, package scripts and "
                 "repository scripts)%s",
                 what, when, p->n_files, p->n_files == 1 ? "" : "s", p->n_steps,
                 only);
  else
    rc_check_set(out, ctx, RC_OUT_FAIL,
                 "no step of the %zu CI file%s read runs %s%s (%zu steps, "
                 "followed through make targets, package scripts and "
                 "repository scripts)%s",
                 p->n_files, p->n_files == 1 ? "" : "s", gate_words(cfg->gate),
                 when, p->n_steps, only);
}

static void check_present(const struct cfg *cfg, struct rc_ctx *ctx,
                          struct rc_check *out, const struct rc_pipeline *p)
{
  /* tests and lint gate when they run for pushes and pull requests; a
   * release workflow still builds what deploys, and a nightly scan of what
   * shipped still finds what it finds */
  bool any_trigger = cfg->gate == GATE_SCAN || cfg->gate == GATE_BUILD;
  struct gate_steps g = gate_steps(cfg, ctx, out, p, any_trigger);
  if (g.found) {
    rc_check_set(out, ctx, RC_OUT_OK, "%zu CI step%s run%s %s; first: %s:%u",
                 g.found, g.found == 1 ? "" : "s", g.found == 1 ? "s" : "",
                 gate_words(cfg->gate), g.first->at.path, g.first->at.line);
    return;
  }
  if (p->n_errors) {
    unreadable(out, ctx, p,
               rc_arena_printf(ctx->arena, "whether CI runs %s",
                               gate_words(cfg->gate)));
    return;
  }
  if (run_elsewhere(cfg, ctx, out, p))
    return;
  report_absent(cfg, ctx, out, p, any_trigger, &g);
}

/* A coverage option of a test runner (`--coverage-clover out.xml`,
 * `--cov=app`, `-coverprofile=c.out`); *value: it takes the next word. */
static bool coverage_option(const char *w, bool *value)
{
  static const char *const opts[] = {
      "--coverage",         "--cov", "-coverprofile", "-covermode", "-coverpkg",
      "--collect-coverage", NULL};
  *value = false;
  for (size_t i = 0; opts[i]; i++) {
    size_t n = strlen(opts[i]);
    if (strncmp(w, opts[i], n) != 0 || (w[n] && w[n] != '-' && w[n] != '='))
      continue;
    /* --coverage-clover FILE, --cov-report xml, -coverprofile c.out; a
     * bare --coverage or --cov is a switch */
    *value = !strchr(w, '=') && w[n] != '\0';
    return true;
  }
  return false;
}

/* a and b run the same command, coverage options aside: `phpunit
 * --coverage-clover c.xml` is `phpunit` measured. */
static bool same_run(const char *a, const char *b)
{
  for (;;) {
    bool va = false, vb = false;
    while (*a == ' ')
      a++;
    while (*b == ' ')
      b++;
    size_t na = strcspn(a, " "), nb = strcspn(b, " ");
    char wa[64] = "", wb[64] = "";
    if (na < sizeof(wa))
      memcpy(wa, a, na), wa[na] = '\0';
    if (nb < sizeof(wb))
      memcpy(wb, b, nb), wb[nb] = '\0';
    if (na && na < sizeof(wa) && coverage_option(wa, &va)) {
      a += na;
      a += strspn(a, " ");
      if (va && *a && *a != '-')
        a += strcspn(a, " ");
      continue;
    }
    if (nb && nb < sizeof(wb) && coverage_option(wb, &vb)) {
      b += nb;
      b += strspn(b, " ");
      if (vb && *b && *b != '-')
        b += strcspn(b, " ");
      continue;
    }
    if (!na || !nb)
      return !na && !nb;
    if (na != nb || strncmp(a, b, na) != 0)
      return false;
    a += na;
    b += nb;
  }
}

/* True when every gate command of st (of mask) also runs, word for word
 * (coverage options aside), in a step that is not soft and gates: st is an
 * experimental copy (one more platform, a newer runtime) or a coverage run
 * of a gate enforced elsewhere. */
static bool enforced_elsewhere(const struct rc_pipeline *p,
                               const struct rc_ci_step *st, unsigned mask,
                               const struct rc_ci_step **where)
{
  size_t gates = 0;
  for (size_t k = st->cmd0; k < st->cmd0 + st->n_cmds; k++) {
    const struct rc_ci_cmd *c = &p->cmds[k];
    if (!(c->gates & mask))
      continue;
    bool leaf = true; /* compare what finally runs: `make test` and
                         `gmake test` run the same recipe */
    for (size_t j = k + 1; j < st->cmd0 + st->n_cmds && runs(p, k, j); j++)
      leaf = leaf && !(p->cmds[j].gates & mask);
    if (!leaf)
      continue;
    gates++;
    bool found = false;
    for (size_t i = 0; i < p->n_steps && !found; i++) {
      const struct rc_ci_step *o = &p->steps[i];
      if (o->soft || !o->gating || o->after || o->fix_job)
        continue;
      for (size_t j = o->cmd0; j < o->cmd0 + o->n_cmds && !found; j++)
        if ((p->cmds[j].gates & mask) && !p->cmds[j].masked &&
            same_run(p->cmds[j].text, c->text)) {
          found = true;
          *where = o;
        }
    }
    if (!found)
      return false;
  }
  return gates > 0;
}

/* "sarif" anywhere in text, in any case (C11 has no strcasestr). */
static bool says_sarif(const char *text)
{
  for (const char *t = text; t && *t; t++)
    if (strncasecmp(t, "sarif", 5) == 0)
      return true;
  return false;
}

static const char *with_value(const struct rc_ci_step *st, const char *key)
{
  for (size_t i = 0; i < st->n_with; i++)
    if (strcmp(st->with[2 * i], key) == 0)
      return st->with[2 * i + 1];
  return NULL;
}

/* A soft scan or lint that writes SARIF which a later step of its job
 * uploads to code scanning (github/codeql-action/upload-sarif; the
 * starter workflows for clippy and ESLint do so): its findings are
 * alerts there, triaged and enforced by the repository's code scanning
 * rules, not by the step's exit code. The SARIF shows in the scan's own
 * words, or - when a reusable workflow takes format and file from its
 * inputs - as the upload's sarif_file naming the scan's output. The
 * upload step, or NULL. */
/* The uploaded file is named for the scanning action's tool (`snyk.sarif`
 * after snyk/actions/docker, which writes it there by default). */
static bool named_for_tool(const char *uses, const char *file)
{
  if (!uses)
    return false;
  const char *slash = strchr(uses, '/');
  size_t n = slash ? (size_t)(slash - uses) : strcspn(uses, "@");
  const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
  return n >= 4 && strncasecmp(base, uses, n) == 0 &&
         strcasecmp(base + strcspn(base, "."), ".sarif") == 0;
}

static const struct rc_ci_step *sarif_upload(const struct rc_pipeline *p,
                                             size_t i, unsigned mask)
{
  const struct rc_ci_step *st = &p->steps[i];
  unsigned gates = st->gates & mask;
  if (!gates || (gates & ~(unsigned)(RC_GATE_SCAN | RC_GATE_LINT)))
    return NULL;
  bool sarif = false;
  for (size_t k = st->cmd0; k < st->cmd0 + st->n_cmds && !sarif; k++)
    sarif = says_sarif(p->cmds[k].text);
  for (size_t k = 0; k < 2 * st->n_with && !sarif; k++)
    sarif = says_sarif(st->with[k]);
  const char *output = with_value(st, "output");
  for (size_t j = i + 1; j < p->n_steps; j++) {
    const struct rc_ci_step *o = &p->steps[j];
    if (!o->workflow || !st->workflow || strcmp(o->workflow, st->workflow) ||
        !o->job || !st->job || strcmp(o->job, st->job))
      continue;
    if (!o->uses ||
        strncmp(o->uses, "github/codeql-action/upload-sarif", 33) != 0)
      continue;
    const char *file = with_value(o, "sarif_file");
    if (sarif || (output && *output && file && strcmp(output, file) == 0) ||
        (file && named_for_tool(st->uses, file)))
      return o;
  }
  return NULL;
}

/* A check of how code or prose looks, not of whether it works: a
 * Dockerfile or shell style linter (hadolint, shellcheck), a formatter's
 * check (prettier --check, gofmt -l, cargo fmt --check), a stylesheet,
 * Markdown, YAML or spelling checker. Projects run these as advice on
 * purpose, their warnings kept as a report; a soft one is not a gate left
 * open. A syntax, type or general lint check (flake8, php -l, tsc,
 * eslint) left soft lets broken code through and is asked. */
static bool style_linter(const char *tool)
{
  static const char *const tools[] = {
      "hadolint", "shellcheck", "hadolint/hadolint-action",
      "ludeeus/action-shellcheck",
      /* formatters' checks, by the name gate.c gives them */
      "prettier", "black", "isort", "shfmt", "gofmt", "goimports", "rustfmt",
      "clang-format", "yapf", "autopep8", "ruff-format", "pint", "php-cs-fixer",
      /* Rector's --dry-run: the refactors it would apply, as a
       * formatter's check lists the rewrites */
      "rector", "djhtml", "dprint", "taplo", "stylua", "ormolu", "alejandra",
      "nixfmt", "cargo fmt --check", "crystal tool format --check",
      "dotnet format",
      /* style, prose and spelling */
      "stylelint", "pycodestyle", "pydocstyle", "markdownlint", "yamllint",
      "editorconfig-checker", "codespell", "typos", "vale", NULL};
  if (!tool)
    return false;
  /* a formatter run by its path (vendor/bin/pint, node_modules/.bin/
   * prettier) is named as written: judge its file's name; an action
   * (owner/name@ref) keeps its whole name */
  const char *slash = strrchr(tool, '/');
  const char *base = slash && !strchr(tool, '@') ? slash + 1 : tool;
  for (size_t i = 0; tools[i]; i++) {
    size_t n = strlen(tools[i]);
    if ((strncmp(tool, tools[i], n) == 0 && (!tool[n] || tool[n] == '@')) ||
        (base != tool && strcmp(base, tools[i]) == 0))
      return true;
  }
  return false;
}

/* True when every gate of st (of mask) is a style linter's. */
static bool only_style_lint(const struct rc_pipeline *p,
                            const struct rc_ci_step *st, unsigned mask)
{
  if ((st->gates & mask) != RC_GATE_LINT)
    return false;
  size_t n = 0;
  for (size_t k = st->cmd0; k < st->cmd0 + st->n_cmds; k++) {
    const struct rc_ci_cmd *c = &p->cmds[k];
    if (!(c->gates & mask))
      continue;
    /* judge what finally runs: `npm run lint:css` by its stylelint */
    bool leaf = true;
    for (size_t j = k + 1; j < st->cmd0 + st->n_cmds && runs(p, k, j); j++)
      leaf = leaf && !(p->cmds[j].gates & mask);
    if (!leaf)
      continue;
    if (!style_linter(c->tool))
      return false;
    n++;
  }
  return n ? true : style_linter(st->uses) || style_linter(st->tool);
}

/* A later step of st's job publishes the test report and fails the job
 * when a test failed: dorny/test-reporter (fail-on-error is on unless set
 * off), mikepenz/action-junit-report with fail_on_failure, EnricoMi's
 * publish-unit-test-result-action with action_fail. Tests run with `||
 * true` before it still fail the job there. */
static bool report_fails_job(const struct rc_pipeline *p,
                             const struct rc_ci_step *st)
{
  static const char *const reporters[][3] = {
      {"dorny/test-reporter", "fail-on-error", "false"},
      {"mikepenz/action-junit-report", "fail_on_failure", NULL},
      {"enricomi/publish-unit-test-result-action", "action_fail", NULL},
      {NULL, NULL, NULL}};
  for (const struct rc_ci_step *n = st + 1;
       n < p->steps + p->n_steps && strcmp(n->workflow, st->workflow) == 0 &&
       n->job && st->job && strcmp(n->job, st->job) == 0;
       n++) {
    for (size_t i = 0; n->uses && reporters[i][0]; i++) {
      if (strncasecmp(n->uses, reporters[i][0], strlen(reporters[i][0])) != 0)
        continue;
      const char *v = with_value(n, reporters[i][1]);
      if (reporters[i][2] ? !v || strcasecmp(v, reporters[i][2]) != 0
                          : v && strcasecmp(v, "true") == 0)
        return true;
    }
  }
  return false;
}

/* A step known as a gate only by its name ('Run tests' running commands
 * no gate table knows: tests over ssh on an extra architecture's machine,
 * a fuzz or load run): left to continue-on-error, it is most often an
 * extra run kept advisory on purpose while the known gates run
 * elsewhere; the name alone is too little to call it a gate left open. */
static bool named_only(const struct rc_pipeline *p, const struct rc_ci_step *st,
                       unsigned mask)
{
  const struct rc_ci_cmd *inner;
  return !st->uses && !gate_cmd(p, st, mask, &inner);
}

/* True when every gate command of st (of mask) is named for a gate but
 * runs none, or is run by one that is: benchmarks (`go test -run=^$
 * -bench=.`), a clean-up target (`make clean`, `./run-tests.sh clean`). */
static bool runs_no_gate(const struct rc_pipeline *p,
                         const struct rc_ci_step *st, unsigned mask)
{
  size_t n = 0;
  for (size_t k = st->cmd0; k < st->cmd0 + st->n_cmds; k++) {
    const struct rc_ci_cmd *c = &p->cmds[k];
    if (!(c->gates & mask))
      continue;
    bool none = pl_runs_no_gate(c);
    for (long j = c->parent; j >= 0 && !none; j = p->cmds[j].parent)
      none = pl_runs_no_gate(&p->cmds[j]);
    if (!none)
      return false;
    n++;
  }
  return n > 0;
}

/* "optional dependencies", "optional extras", "optional features": what
 * the suite runs with, not whether it may fail. */
static bool optional_what(const char *rest)
{
  static const char *const what[] = {"dep",    "extra",  "feature", "package",
                                     "module", "plugin", NULL};
  rest += strspn(rest, " -_");
  for (size_t i = 0; what[i]; i++)
    if (strncasecmp(rest, what[i], strlen(what[i])) == 0)
      return true;
  return false;
}

/* The words of a step's or job's name that declare it may fail
 * ("Tests (experimental)", "optional-e2e", "Lint (non-blocking)",
 * "allowed to fail"): the workflow says the step is advisory. The phrase
 * found, or NULL. */
static const char *says_optional(const char *name)
{
  static const char *const phrases[] = {
      "optional",      "experimental",  "non-blocking",
      "nonblocking",   "non blocking",  "informational",
      "informative",   "advisory",      "flaky",
      "best effort",   "best-effort",   "allowed to fail",
      "allow failure", "allow-failure", "may fail",
      "can fail",      "nightly",       NULL};
  for (size_t i = 0; name && phrases[i]; i++) {
    size_t n = strlen(phrases[i]);
    for (const char *t = name; *t; t++)
      if (strncasecmp(t, phrases[i], n) == 0 &&
          (t == name || !isalnum((unsigned char)t[-1])) &&
          !isalnum((unsigned char)t[n]) && !optional_what(t + n))
        return phrases[i];
  }
  return NULL;
}

static const char *declared_optional(const struct rc_ci_step *st)
{
  const char *w = says_optional(st->name);
  return w ? w : says_optional(st->job);
}

/* The key that makes st soft, as the message names it. */
static const char *soft_word(const struct rc_ci_step *st)
{
  return st->soft_key ? st->soft_key : "continue-on-error";
}

/* The failing steps before st that are soft through the same line of a
 * template they share (GitLab `extends:`, a YAML anchor): one setting, one
 * finding. */
static bool same_setting(const struct rc_ci_step *a, const struct rc_ci_step *b)
{
  return a->soft_at.path && b->soft_at.path && a->soft_at.line &&
         a->soft_at.line == b->soft_at.line &&
         strcmp(a->soft_at.path, b->soft_at.path) == 0 &&
         !(a->soft_at.line == a->at.line &&
           strcmp(a->soft_at.path, a->at.path) == 0);
}

/* " and N more that take it from the same line: 'a', 'b'" for the later
 * failing steps of first's setting, or "". */
static const char *shared_with(struct rc_arena *a, const struct rc_pipeline *p,
                               const bool *bad, size_t first)
{
  struct rc_buf b;
  rc_buf_init(&b);
  size_t n = 0;
  for (size_t k = first + 1; k < p->n_steps; k++)
    if (bad[k] && same_setting(&p->steps[first], &p->steps[k]))
      rc_buf_printf(&b, "%s'%s'", n++ ? ", " : "",
                    p->steps[k].job ? p->steps[k].job : "?");
  const char *out =
      n ? rc_arena_printf(a,
                          "; so %s %zu more job%s that take%s it from the "
                          "same line: %s",
                          n == 1 ? "is" : "are", n, n == 1 ? "" : "s",
                          n == 1 ? "s" : "", b.data)
        : "";
  rc_buf_release(&b);
  return out;
}

/* Why soft step i hides no failure: a later step fails the job again,
 * the same gate runs without it elsewhere, a scan's findings go to code
 * scanning, or it is no gate (by what it runs or its name). NULL when it
 * hides one. */
static const char *soft_excused(struct rc_arena *a, const struct rc_pipeline *p,
                                size_t i, unsigned mask, bool gate)
{
  const struct rc_ci_step *st = &p->steps[i];
  const struct rc_ci_step *twin = NULL;
  const struct rc_ci_step *upload = gate ? sarif_upload(p, i, mask) : NULL;
  bool advice = gate && only_style_lint(p, st, mask);
  bool named = gate && !advice && named_only(p, st, mask);
  bool none = gate && runs_no_gate(p, st, mask);
  bool reported =
      gate && (st->gates & mask & RC_GATE_TESTS) && report_fails_job(p, st);
  const char *optional = gate ? declared_optional(st) : NULL;
  if (gate && !st->reraised && !upload && !advice && !named && !none &&
      !reported && !optional && !enforced_elsewhere(p, st, mask, &twin))
    return NULL;
  return st->reraised ? "a later step fails the job when it failed"
         : reported   ? "a later step publishes the test report and fails "
                        "the job when a test failed"
         : none       ? "it is named for a gate but runs none (benchmarks, "
                        "a clean-up target)"
         : optional ? rc_arena_printf(a, "its name declares it may fail ('%s')",
                                      optional)
         : upload
             ? rc_arena_printf(a, "its SARIF goes to code scanning (%s:%u)",
                               upload->at.path, upload->at.line)
         : advice ? "a formatter, style or spelling check, run as advice"
         : named  ? "only its name says it gates; no command it runs is a "
                    "test, lint or build readycheck knows (an extra run on "
                    "a remote machine, a fuzz or load run)"
         : twin
             ? rc_arena_printf(a, "the same commands gate without it at %s:%u",
                               twin->at.path, twin->at.line)
         : st->fix_job ? "its job fixes code and commits it; not a gate"
         : !st->gating ? "its workflow does not run for pushes or pull "
                         "requests"
         : (st->gates & RC_GATE_BUILD) && !(st->gates & mask)
             ? "it builds and runs no test or lint: a build left soft "
               "still stops the steps that use what it makes, and one "
               "that nothing uses is an optional variant"
         : (st->gates & RC_GATE_SCAN) && !(st->gates & mask)
             ? "it audits or scans, and runs no test or lint: whether a "
               "scan gates is a policy (ci.scanner-fails-build asks)"
             : "it runs no test, lint, scan or build";
}

/* What is wrong with soft gate step st, and where the setting is. */
static const char *soft_message(struct rc_arena *a, const struct rc_pipeline *p,
                                const bool *isbad, size_t i, unsigned mask)
{
  const struct rc_ci_step *st = &p->steps[i];
  return st->soft_job
             ? rc_arena_printf(
                   a,
                   "%s in a job marked continue-on-error as a whole "
                   "(%s:%u): the workflow run passes when it fails, though "
                   "the job still shows as failed on the commit and pull "
                   "request; whether that blocks a merge is up to the "
                   "branch protection's required checks, which the "
                   "repository does not hold",
                   describe(a, p, st, mask), st->soft_at.path, st->soft_at.line)
             : rc_arena_printf(
                   a, "%s with %s (%s:%u): %s%s", describe(a, p, st, mask),
                   soft_word(st), st->soft_at.path, st->soft_at.line,
                   st->soft_key && strcmp(st->soft_key, "allow_failure") == 0
                       ? "the pipeline passes when it fails (the "
                         "job shows only a warning)"
                       : "its failure never fails the pipeline",
                   shared_with(a, p, isbad, i));
}

/* One finding per setting that leaves gate steps soft, at the first step
 * that takes it (naming the others): how many settings; *first the
 * first finding. */
static size_t soft_findings(struct rc_ctx *ctx, struct rc_check *out,
                            const struct rc_pipeline *p, const bool *isbad,
                            unsigned mask, const char **first)
{
  size_t causes = 0;
  for (size_t i = 0; i < p->n_steps; i++) {
    if (!isbad[i])
      continue;
    const struct rc_ci_step *st = &p->steps[i];
    bool again = false;
    for (size_t k = 0; k < i && !again; k++)
      again = isbad[k] && same_setting(&p->steps[k], st);
    if (again)
      continue;
    causes++;
    const char *msg = soft_message(ctx->arena, p, isbad, i, mask);
    if (!*first)
      *first = rc_arena_printf(ctx->arena, "%s:%u: %s", st->at.path,
                               st->at.line, msg);
    rc_check_evidence_mark(out, ctx, RC_EV_FAIL, st->at.path, st->at.line, "%s",
                           msg);
  }
  return causes;
}

/* Soft steps: continue-on-error on a gate, unless a later step of the job
 * fails it again, the same gate runs without it elsewhere, or a scan's
 * findings go to code scanning. */
static void check_not_soft(const struct cfg *cfg, struct rc_ctx *ctx,
                           struct rc_check *out, const struct rc_pipeline *p)
{
  unsigned mask = mask_of(cfg->gate);
  size_t bad = 0, gates = 0, shown = 0;
  const char *first = NULL;
  bool *isbad = rc_xcalloc(p->n_steps ? p->n_steps : 1, sizeof(*isbad));
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (excluded(cfg, st) || st->after)
      continue;
    bool gate = (st->gates & mask) && !st->fix_job && st->gating;
    gates += gate;
    if (st->soft && gate && cfg->soft == SOFT_STEP && st->soft_job &&
        shown++ < SHOWN_PASSING)
      rc_check_evidence_mark(
          out, ctx, RC_EV_PASS, st->at.path, st->at.line,
          "ok: %s is soft only because its whole job is continue-on-error "
          "(%s:%u), whose failure still shows as a failed job",
          step_label(ctx->arena, st), st->soft_at.path, st->soft_at.line);
    if (!st->soft || (cfg->soft == SOFT_STEP && st->soft_job) ||
        (cfg->soft == SOFT_JOB && !st->soft_job))
      continue;
    const char *label = step_label(ctx->arena, st);
    const char *why = soft_excused(ctx->arena, p, i, mask, gate);
    if (!why) {
      isbad[i] = true;
      bad++;
    } else if (shown++ < SHOWN_PASSING) {
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, st->at.path, st->at.line,
                             "ok: %s has continue-on-error: %s", label, why);
    }
  }
  size_t causes = soft_findings(ctx, out, p, isbad, mask, &first);
  free(isbad);
  if (causes == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s", first);
  else if (bad)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%zu gate steps are %s%s; %s", bad,
                 cfg->soft == SOFT_JOB
                     ? "in jobs marked continue-on-error as a whole"
                     : "allowed to fail (continue-on-error, allow_failure)",
                 causes < bad
                     ? rc_arena_printf(ctx->arena, ", by %zu settings", causes)
                     : "",
                 first);
  else if (p->n_errors)
    unreadable(out, ctx, p, "whether CI gates are continue-on-error");
  else if (!gates)
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "no CI step that runs for pushes or pull requests runs %s",
                 gate_words(cfg->gate));
  else
    rc_check_set(out, ctx, RC_OUT_OK,
                 "%zu gate steps; none is left to continue-on-error where "
                 "it hides a failure (a later step re-raises it, the same "
                 "commands gate without it, or the step is advisory by what "
                 "it runs or its name)",
                 gates);
}

/* The commands above c that are masked themselves (report the outermost). */
static bool ancestor_masked(const struct rc_pipeline *p,
                            const struct rc_ci_cmd *c)
{
  for (long i = c->parent; i >= 0; i = p->cmds[i].parent)
    if (p->cmds[i].masked)
      return true;
  return false;
}

static void check_not_masked(const struct cfg *cfg, struct rc_ctx *ctx,
                             struct rc_check *out, const struct rc_pipeline *p)
{
  unsigned mask = mask_of(cfg->gate);
  /* a build whose failure is swallowed still stops the pipeline where its
   * artifact is used; a masked build that nothing uses prepares (`mix
   * compile || true` before the check that gates) or republishes what
   * exists (`make publish || echo already published`): neither hides a
   * failing check (2 of 2 such dev findings false) */
  if (cfg->gate == GATE_ANY)
    mask &= ~(unsigned)RC_GATE_BUILD;
  size_t bad = 0, gates = 0;
  const char *first = NULL;
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    /* a continue-on-error step is declared advisory as a whole: that is
     * ci.no-continue-on-error's finding, not a second one here */
    if (excluded(cfg, st) || st->after || st->fix_job || !st->gating ||
        (st->soft && !st->reraised))
      continue;
    for (size_t k = 0; k < st->n_cmds; k++) {
      const struct rc_ci_cmd *c = &p->cmds[st->cmd0 + k];
      if (!(c->gates_all & mask))
        continue;
      gates++;
      if (!c->masked || ancestor_masked(p, c) || pl_masked_held(ctx, c) ||
          ((c->gates_all & RC_GATE_TESTS) && report_fails_job(p, st)))
        continue;
      /* `make validate-html || true` in a step named "Validate HTML
       * (informational)": the workflow says the check is advice, as a
       * continue-on-error step's name does for ci.no-continue-on-error */
      const char *optional = declared_optional(st);
      if (optional) {
        rc_check_evidence_mark(out, ctx, RC_EV_PASS, c->at.path, c->at.line,
                               "ok: `%s` swallows the failure of %s, and its "
                               "%s declares it may fail ('%s')",
                               c->text, c->tool ? c->tool : "a gate",
                               step_label(ctx->arena, st), optional);
        continue;
      }
      /* `eslint -f sarif -o x.sarif || true` before upload-sarif: the
       * lint reports to code scanning, whose rules gate on the alerts; the
       * `|| true` lets the upload run. As a continue-on-error step in that
       * shape is excused (soft_excused). A masked test is still asked. */
      const struct rc_ci_step *upload =
          (c->gates_all & mask & ~(unsigned)(RC_GATE_SCAN | RC_GATE_LINT))
              ? NULL
              : sarif_upload(p, i, mask);
      if (upload) {
        rc_check_evidence_mark(out, ctx, RC_EV_PASS, c->at.path, c->at.line,
                               "ok: `%s` swallows the failure of %s, and its "
                               "SARIF goes to code scanning (%s:%u)",
                               c->text, c->tool ? c->tool : "a gate",
                               upload->at.path, upload->at.line);
        continue;
      }
      bad++;
      const char *msg = rc_arena_printf(
          ctx->arena, "`%s` swallows the failure of %s (%s%s%s)", c->text,
          c->tool ? c->tool : "a gate", step_label(ctx->arena, st),
          c->via ? ", via " : "", c->via ? c->via : "");
      if (!first)
        first = rc_arena_printf(ctx->arena, "%s:%u: %s", c->at.path, c->at.line,
                                msg);
      rc_check_evidence_mark(out, ctx, RC_EV_FAIL, c->at.path, c->at.line, "%s",
                             msg);
    }
  }
  if (bad == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s", first);
  else if (bad)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%zu gate commands are masked; %s", bad,
                 first);
  else if (p->n_errors)
    unreadable(out, ctx, p, "whether CI gates are masked");
  else if (!gates)
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "no CI command that runs for pushes or pull requests runs "
                 "%s",
                 gate_words(cfg->gate));
  else
    rc_check_set(out, ctx, RC_OUT_OK,
                 "none of the %zu gate commands swallows its failure", gates);
}

static bool nonzero(const char *v)
{
  return v && isdigit((unsigned char)v[0]) && atoi(v) != 0;
}

/* One image or file-system scanner the step runs: NULL when it runs none;
 * *gates whether it fails the build on findings. */
static const char *scanner(const struct rc_pipeline *p,
                           const struct rc_ci_step *st, bool *gates,
                           unsigned *line)
{
  *line = st->at.line;
  if (st->uses && strncasecmp(st->uses, "aquasecurity/trivy-action", 25) == 0) {
    *gates = nonzero(with_value(st, "exit-code"));
    return "trivy-action without exit-code: '1' (it exits 0 on findings)";
  }
  if (st->uses && strncasecmp(st->uses, "anchore/scan-action", 19) == 0) {
    const char *fb = with_value(st, "fail-build");
    *gates = !fb || strcasecmp(fb, "false") != 0;
    return "anchore/scan-action with fail-build: false";
  }
  for (size_t k = 0; k < st->n_cmds; k++) {
    const struct rc_ci_cmd *c = &p->cmds[st->cmd0 + k];
    const char *t = c->text;
    bool trivy = strncmp(t, "trivy ", 6) == 0 || strstr(t, " trivy ");
    bool grype = strncmp(t, "grype ", 6) == 0 || strstr(t, " grype ");
    if (!trivy && !grype)
      continue;
    *line = c->at.line;
    if (trivy) {
      const char *e = strstr(t, "--exit-code");
      e = e ? e + 11 : NULL;
      while (e && (*e == ' ' || *e == '='))
        e++;
      *gates = e && nonzero(e);
      return "trivy without --exit-code 1 (it exits 0 on findings)";
    }
    *gates = strstr(t, "--fail-on") || strstr(t, " -f ");
    return "grype without --fail-on (it exits 0 on findings)";
  }
  return NULL;
}

static void check_scanner(const struct cfg *cfg, struct rc_ctx *ctx,
                          struct rc_check *out, const struct rc_pipeline *p)
{
  size_t bad = 0, found = 0;
  const char *first = NULL;
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (excluded(cfg, st) || !st->gating || st->after)
      continue;
    bool gates = false;
    unsigned line;
    const char *what = scanner(p, st, &gates, &line);
    if (!what)
      continue;
    found++;
    const char *label = step_label(ctx->arena, st);
    if (gates && !st->soft) {
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, st->at.path, line,
                             "ok: %s fails the build on findings", label);
      continue;
    }
    /* Its findings become code scanning alerts, which the repository's
     * code scanning rules enforce on pull requests: the same judgement as
     * check_not_soft's. */
    const struct rc_ci_step *upload = sarif_upload(p, i, RC_GATE_SCAN);
    if (upload) {
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, st->at.path, line,
                             "ok: %s sends its SARIF to code scanning (%s:%u)",
                             label, upload->at.path, upload->at.line);
      continue;
    }
    bad++;
    const char *msg =
        st->soft ? rc_arena_printf(ctx->arena,
                                   "%s scans with continue-on-error: its "
                                   "findings never fail the build",
                                   label)
                 : rc_arena_printf(ctx->arena, "%s runs %s", label, what);
    if (!first)
      first = rc_arena_printf(ctx->arena, "%s:%u: %s", st->at.path, line, msg);
    rc_check_evidence_mark(out, ctx, RC_EV_FAIL, st->at.path, line, "%s", msg);
  }
  if (bad == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s", first);
  else if (bad)
    rc_check_set(out, ctx, RC_OUT_FAIL,
                 "%zu of %zu scanner steps never fail the build; %s", bad,
                 found, first);
  else if (p->n_errors)
    unreadable(out, ctx, p, "whether CI scanners fail the build");
  else if (!found)
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "no image scanner (Trivy, Grype) runs for pushes or pull "
                 "requests");
  else
    rc_check_set(out, ctx, RC_OUT_OK,
                 "%zu scanner step%s fail%s the build on findings or "
                 "send%s them to code scanning",
                 found, found == 1 ? "" : "s", found == 1 ? "s" : "",
                 found == 1 ? "s" : "");
}

/* The opposite of present, for a rule that applies only where nothing is
 * known to run the gate: no CI at all, CI without such a step, or CI this
 * repository does not hold (a reusable workflow elsewhere) all pass. */
static void check_absent(const struct cfg *cfg, struct rc_ctx *ctx,
                         struct rc_check *out, const struct rc_pipeline *p)
{
  struct rc_check found = {0};
  bool built = false;
  if (p->n_files) {
    check_present(cfg, ctx, &found, p);
    built = found.outcome == RC_OUT_OK;
  }
  if (built)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s", found.message);
  else
    rc_check_set(out, ctx, RC_OUT_OK, "no CI step known to run %s",
                 gate_words(cfg->gate));
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct cfg *cfg = vcfg;
  if (!ctx->model) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "no deployment model to query");
    return;
  }
  const struct rc_pipeline *p = &ctx->model->entries.pipeline;
  if (cfg->expect == EXPECT_ABSENT) {
    check_absent(cfg, ctx, out, p);
    return;
  }
  if (!p->n_files) {
    rc_check_set(out, ctx, RC_OUT_SKIP, "no CI configuration was found");
    return;
  }
  switch (cfg->expect) {
  case EXPECT_NOT_SOFT:
    check_not_soft(cfg, ctx, out, p);
    break;
  case EXPECT_NOT_MASKED:
    check_not_masked(cfg, ctx, out, p);
    break;
  case EXPECT_SCANNER:
    check_scanner(cfg, ctx, out, p);
    break;
  default:
    check_present(cfg, ctx, out, p);
  }
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  struct cfg *cfg = vcfg;
  if ((cfg->expect == EXPECT_PRESENT || cfg->expect == EXPECT_ABSENT) &&
      (cfg->gate == GATE_ANY || cfg->gate == GATE_CODE ||
       cfg->gate == GATE_CHECKS))
    return rc_error(d, loc,
                    "'gate' must name one gate (tests, lint, scan or build) "
                    "with expect: present or absent");
  return rc_globs_validate(&cfg->exclude, "exclude", loc, d);
}

static const struct rc_field fields[] = {
    {"gate", RC_FIELD_ENUM, offsetof(struct cfg, gate), 0, gate_names,
     "tests, lint (and type/format checks), scan (audits, scanners), build, "
     "code (tests, lint or build: no scan), checks (tests or lint), or any "
     "(default any)"},
    {"expect", RC_FIELD_ENUM, offsetof(struct cfg, expect), 0, expect_names,
     "present (a step runs the gate), not_soft (no gate step is "
     "continue-on-error / allow_failure), not_masked (no gate command "
     "swallows its failure with || true), scanner_fails (Trivy/Grype fail "
     "the build), absent (no step known to run the gate; no CI at all "
     "counts)"},
    {"soft", RC_FIELD_ENUM, offsetof(struct cfg, soft), 0, soft_names,
     "with not_soft: which soft steps count - any (default), step (the "
     "step itself, or a job outside GitHub Actions, is marked: a failure "
     "nobody sees) or job (soft only because the whole GitHub Actions job "
     "is continue-on-error: the job still shows as failed)"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of CI files whose steps do not count"},
    {NULL, 0, 0, 0, NULL, NULL},
};

static const struct rc_value_rule value_rules[] = {
    {"exclude", false, 0, 0, rc_check_glob_value},
    {NULL, false, 0, 0, NULL},
};

const struct rc_probe rc_probe_pipeline = {
    .name = "pipeline",
    .summary = "what the repository's CI runs, step by step: gates present, "
               "not continue-on-error, not masked, scanners that fail",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .value_rules = value_rules,
    .reads_model = true,
};
