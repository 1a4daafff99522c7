/*
 * test_run.c - the runner: all/any/not, when, for_each, --skip/--only and
 * ${VAR} expansion, with two tiny probes defined here so the runner's logic
 * is tested apart from any real probe; the per-run memo checks share.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/memo.h"
#include "readycheck/probe.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/vars.h"
#include "testutil.h"

/* "const" probe: outcome given by its cfg. */
struct const_cfg {
  long outcome;
  const char *msg;
};

static void const_check(const void *cfg, struct rc_ctx *ctx,
                        struct rc_check *out)
{
  const struct const_cfg *c = cfg;
  rc_check_set(out, ctx, (enum rc_outcome)c->outcome, "%s", c->msg);
  rc_check_evidence(out, ctx, "f", 1, "%s", c->msg);
  /* "careful" stands for a probe that passed with a safeguard off. */
  out->caution = c->msg && strcmp(c->msg, "careful") == 0;
}

static const struct rc_field const_fields[] = {
    {"outcome", RC_FIELD_INT, offsetof(struct const_cfg, outcome), 0, NULL, ""},
    {"msg", RC_FIELD_STRING, offsetof(struct const_cfg, msg), 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

static const struct rc_probe const_probe = {
    .name = "const",
    .summary = "",
    .fields = const_fields,
    .cfg_size = sizeof(struct const_cfg),
    .check = const_check,
};

/* "fine" probe: OK, with one item marked passing. */
static void fine_check(const void *cfg, struct rc_ctx *ctx,
                       struct rc_check *out)
{
  (void)cfg;
  rc_check_set(out, ctx, RC_OUT_OK, "fine");
  rc_check_evidence_mark(out, ctx, RC_EV_PASS, "f", 2, "fine item");
}

static const struct rc_probe fine_probe = {
    .name = "fine",
    .summary = "",
    .fields = const_fields,
    .cfg_size = sizeof(struct const_cfg),
    .check = fine_check,
};

/* "echo" probe: OK when its (expanded) path exists in the index. */
struct echo_cfg {
  const char *path;
};

static void echo_check(const void *cfg, struct rc_ctx *ctx,
                       struct rc_check *out)
{
  const struct echo_cfg *c = cfg;
  bool found = rc_index_find(ctx->index, c->path) != NULL;
  rc_check_set(out, ctx, found ? RC_OUT_OK : RC_OUT_FAIL, "%s '%s'",
               found ? "found" : "no", c->path);
}

static const struct rc_field echo_fields[] = {
    {"path", RC_FIELD_STRING, offsetof(struct echo_cfg, path), 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

static const struct rc_probe echo_probe = {
    .name = "echo",
    .summary = "",
    .fields = echo_fields,
    .cfg_size = sizeof(struct echo_cfg),
    .check = echo_check,
};

static const struct rc_probe net_probe = {
    .name = "net",
    .summary = "",
    .fields = const_fields,
    .cfg_size = sizeof(struct const_cfg),
    .check = const_check,
    .network = true,
};

struct fixture {
  struct rc_arena *arena;
  struct rc_index *idx;
  char *dir;
  struct rc_vars vars;
};

static struct rc_node *leaf(struct rc_arena *a, enum rc_outcome o,
                            const char *msg)
{
  struct rc_node *n = rc_arena_alloc(a, sizeof(*n));
  struct const_cfg *c = rc_arena_alloc(a, sizeof(*c));
  c->outcome = o;
  c->msg = msg;
  n->kind = RC_NODE_PROBE;
  n->probe = &const_probe;
  n->cfg = c;
  return n;
}

static struct rc_node *echo(struct rc_arena *a, const char *path)
{
  struct rc_node *n = rc_arena_alloc(a, sizeof(*n));
  struct echo_cfg *c = rc_arena_alloc(a, sizeof(*c));
  c->path = path;
  n->kind = RC_NODE_PROBE;
  n->probe = &echo_probe;
  n->cfg = c;
  return n;
}

static struct rc_node *combo(struct rc_arena *a, enum rc_node_kind k,
                             struct rc_node *x, struct rc_node *y)
{
  struct rc_node *n = rc_arena_alloc(a, sizeof(*n));
  n->kind = k;
  n->kids = rc_arena_alloc(a, 2 * sizeof(*n->kids));
  n->kids[0] = x;
  n->kids[1] = y;
  n->n_kids = y ? 2 : 1;
  return n;
}

static int setup(void **state)
{
  struct fixture *f = calloc(1, sizeof(*f));
  f->arena = rc_arena_new();
  f->dir = rc_test_mkdtemp();
  rc_test_write(f->dir, "services/api/Dockerfile", "FROM x\n");
  rc_test_write(f->dir, "services/web/Dockerfile", "FROM x\n");
  rc_test_write(f->dir, "services/worker/main.go", "package main\n");
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&f->idx, f->dir, NULL, &d), 0);
  rc_diag_release(&d);
  rc_vars_init(&f->vars);
  rc_vars_set(&f->vars, "SVC", "api");
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fixture *f = *state;
  rc_index_free(f->idx);
  rc_arena_free(f->arena);
  rc_vars_release(&f->vars);
  rc_test_rmtree(f->dir);
  free(f->dir);
  free(f);
  return 0;
}

static enum rc_outcome eval(struct fixture *f, const struct rc_node *n,
                            bool offline, struct rc_check *c)
{
  struct rc_ctx ctx = {
      .index = f->idx, .arena = f->arena, .vars = &f->vars, .offline = offline};
  rc_run_node(n, &ctx, NULL, c);
  return c->outcome;
}

static void test_combinators(void **state)
{
  struct fixture *f = *state;
  struct rc_arena *a = f->arena;
  struct rc_check c;
  struct {
    enum rc_node_kind kind;
    enum rc_outcome x, y, want;
  } table[] = {
      {RC_NODE_ALL, RC_OUT_OK, RC_OUT_OK, RC_OUT_OK},
      {RC_NODE_ALL, RC_OUT_OK, RC_OUT_FAIL, RC_OUT_FAIL},
      {RC_NODE_ALL, RC_OUT_ERROR, RC_OUT_FAIL, RC_OUT_FAIL},
      {RC_NODE_ALL, RC_OUT_ERROR, RC_OUT_OK, RC_OUT_ERROR},
      {RC_NODE_ALL, RC_OUT_SKIP, RC_OUT_OK, RC_OUT_SKIP},
      {RC_NODE_ANY, RC_OUT_FAIL, RC_OUT_OK, RC_OUT_OK},
      {RC_NODE_ANY, RC_OUT_FAIL, RC_OUT_FAIL, RC_OUT_FAIL},
      {RC_NODE_ANY, RC_OUT_ERROR, RC_OUT_FAIL, RC_OUT_ERROR},
      {RC_NODE_ANY, RC_OUT_ERROR, RC_OUT_OK, RC_OUT_OK},
  };
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
    struct rc_node *n = combo(a, table[i].kind, leaf(a, table[i].x, "x"),
                              leaf(a, table[i].y, "y"));
    assert_int_equal(eval(f, n, false, &c), table[i].want);
  }
  /* not inverts OK/FAIL but an ERROR stays an ERROR (fails closed). */
  assert_int_equal(
      eval(f, combo(a, RC_NODE_NOT, leaf(a, RC_OUT_OK, "found"), NULL), false,
           &c),
      RC_OUT_FAIL);
  assert_string_equal(c.message, "found");
  assert_int_equal(c.n_ev, 1);
  assert_int_equal(c.ev[0].mark, RC_EV_UNSET); /* resolved per rule */
  /* An item the child marked passing is what makes `not` fail. */
  struct rc_node *fine = leaf(a, RC_OUT_OK, "");
  fine->probe = &fine_probe;
  assert_int_equal(eval(f, combo(a, RC_NODE_NOT, fine, NULL), false, &c),
                   RC_OUT_FAIL);
  assert_int_equal(c.n_ev, 1);
  assert_int_equal(c.ev[0].mark, RC_EV_FAIL);
  assert_int_equal(eval(f,
                        combo(a, RC_NODE_NOT, leaf(a, RC_OUT_ERROR, "e"), NULL),
                        false, &c),
                   RC_OUT_ERROR);
  /* all: the message explains the failure with the failing children. */
  eval(f,
       combo(a, RC_NODE_ALL, leaf(a, RC_OUT_FAIL, "no A"),
             leaf(a, RC_OUT_FAIL, "no B")),
       false, &c);
  assert_string_equal(c.message, "no A; no B");
  assert_int_equal(c.n_ev, 2);
}

/* any: where a rule looks in several places, "found no <what it looks
 * for>" sums up children that found nothing; a child that failed on what
 * it found (evidence at a line) speaks for itself. */
static void test_any_says_what_it_found(void **state)
{
  struct fixture *f = *state;
  struct rc_arena *a = f->arena;
  struct rc_check c = {0};
  struct rc_ctx ctx = {.index = f->idx,
                       .arena = a,
                       .vars = &f->vars,
                       .looks_for = "a lint step"};
  rc_run_node(combo(a, RC_NODE_ANY, echo(a, "no/such"), echo(a, "nor/this")),
              &ctx, NULL, &c);
  assert_int_equal(c.outcome, RC_OUT_FAIL);
  assert_string_equal(c.message, "found no lint step");
  struct rc_check d = {0};
  rc_run_node(combo(a, RC_NODE_ANY, echo(a, "no/such"),
                    leaf(a, RC_OUT_FAIL, "found a secret in f line 1")),
              &ctx, NULL, &d);
  assert_int_equal(d.outcome, RC_OUT_FAIL);
  assert_string_equal(d.message, "found a secret in f line 1");
  /* two children that looked in the same place say so once */
  struct rc_check e = {0};
  rc_run_node(combo(a, RC_NODE_ANY, echo(a, "no/such"), echo(a, "no/such")),
              &ctx, NULL, &e);
  assert_int_equal(e.outcome, RC_OUT_FAIL);
  assert_string_equal(e.message, "found no lint step");
  assert_int_equal(e.n_ev, 1);
  assert_string_equal(e.ev[0].text, "no 'no/such'");
  /* nor when a nested any noted it already */
  struct rc_check g = {0};
  rc_run_node(
      combo(a, RC_NODE_ANY, echo(a, "no/such"),
            combo(a, RC_NODE_ANY, echo(a, "no/such"), echo(a, "nor/this"))),
      &ctx, NULL, &g);
  assert_int_equal(g.outcome, RC_OUT_FAIL);
  for (size_t i = 0; i < g.n_ev; i++)
    for (size_t k = 0; k < i; k++)
      if (!strcmp(g.ev[i].text, g.ev[k].text))
        fail_msg("evidence %zu repeats %zu: '%s'", i, k, g.ev[i].text);
  assert_int_equal(g.n_ev, 3); /* no/such, nor/this, found no lint step */
}

/* A caution reaches the result through the children that decide it. */
static void test_caution_propagates(void **state)
{
  struct fixture *f = *state;
  struct rc_arena *a = f->arena;
  struct rc_check c;
  eval(f,
       combo(a, RC_NODE_ALL, leaf(a, RC_OUT_OK, "fine"),
             leaf(a, RC_OUT_OK, "careful")),
       false, &c);
  assert_true(c.caution);
  /* any: the first OK child decides; a careful one later does not count. */
  eval(f,
       combo(a, RC_NODE_ANY, leaf(a, RC_OUT_OK, "fine"),
             leaf(a, RC_OUT_OK, "careful")),
       false, &c);
  assert_false(c.caution);
  eval(f,
       combo(a, RC_NODE_ANY, leaf(a, RC_OUT_FAIL, "fine"),
             leaf(a, RC_OUT_OK, "careful")),
       false, &c);
  assert_true(c.caution);
  eval(f,
       combo(a, RC_NODE_ALL, leaf(a, RC_OUT_FAIL, "fine"),
             leaf(a, RC_OUT_OK, "careful")),
       false, &c);
  assert_false(c.caution);
}

static void test_offline_and_expansion(void **state)
{
  struct fixture *f = *state;
  struct rc_check c;
  struct rc_node *n = leaf(f->arena, RC_OUT_OK, "up");
  n->probe = &net_probe;
  assert_int_equal(eval(f, n, true, &c), RC_OUT_SKIP);
  assert_int_equal(eval(f, n, false, &c), RC_OUT_OK);

  assert_int_equal(
      eval(f, echo(f->arena, "services/${SVC}/Dockerfile"), false, &c),
      RC_OUT_OK);
  assert_string_equal(c.message, "found 'services/api/Dockerfile'");
  assert_int_equal(eval(f, echo(f->arena, "${NOPE_RC_VAR}/x"), false, &c),
                   RC_OUT_ERROR);
  assert_non_null(strstr(c.message, "undefined variable 'NOPE_RC_VAR'"));
}

static struct rc_rule *rule(struct rc_arena *a, const char *id,
                            const char *category, struct rc_node *probe)
{
  struct rc_rule *r = rc_arena_alloc(a, sizeof(*r));
  r->id = id;
  r->title = id;
  r->category = category;
  r->severity = RC_SEV_BLOCK;
  r->remediation = "fix";
  r->probe = probe;
  r->pack = "test";
  return r;
}

static void test_rules(void **state)
{
  struct fixture *f = *state;
  struct rc_arena *a = f->arena;
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_rule *each =
      rule(a, "t.each", "infra", echo(a, "${each}/Dockerfile"));
  each->for_each.kind = RC_EACH_DIRS;
  each->for_each.glob = "services/*";
  struct rc_rule *none = rule(a, "t.none", "infra", echo(a, "${each}/x"));
  none->for_each.kind = RC_EACH_DIRS;
  none->for_each.glob = "nothing/*";
  struct rc_rule *na = rule(a, "t.na", "infra", leaf(a, RC_OUT_FAIL, "x"));
  na->when = leaf(a, RC_OUT_FAIL, "no compose file");
  struct rc_rule *werr = rule(a, "t.werr", "infra", leaf(a, RC_OUT_OK, "x"));
  werr->when = leaf(a, RC_OUT_ERROR, "unreadable");
  struct rc_rule *skipped = rule(a, "t.skip", "sec", leaf(a, RC_OUT_FAIL, "x"));
  struct rc_rule *rules[] = {each, none, na, werr, skipped};
  for (size_t i = 0; i < 5; i++)
    assert_int_equal(rc_ruleset_add(rs, rules[i], &d), 0);

  const char *skip[] = {"t.skip"};
  struct rc_run_opts o = {.skip = skip, .n_skip = 1, .vars = &f->vars};
  struct rc_results res;
  rc_results_init(&res);
  rc_run(rs, f->idx, &o, &res);
  assert_int_equal(res.n, 5);
  /* services/worker has no Dockerfile: one failing item, named. */
  assert_int_equal(res.items[0].outcome, RC_OUT_FAIL);
  assert_string_equal(res.items[0].message,
                      "1 of 3 matches of 'services/*' fail");
  /* Every item is evidence: the failing one first, then the two passing
   * ones in path order, each marked. */
  assert_int_equal(res.items[0].n_ev, 3);
  assert_string_equal(res.items[0].ev[0].path, "services/worker");
  assert_int_equal(res.items[0].ev[0].mark, RC_EV_FAIL);
  assert_string_equal(res.items[0].ev[1].path, "services/api");
  assert_int_equal(res.items[0].ev[1].mark, RC_EV_PASS);
  assert_string_equal(res.items[0].ev[2].path, "services/web");
  assert_int_equal(res.items[0].ev[2].mark, RC_EV_PASS);
  rc_results_release(&res);

  /* for_each exclude leaves the failing item out. */
  static const char *const ex[] = {"services/work*"};
  each->for_each.exclude = (const char **)ex;
  each->for_each.n_exclude = 1;
  rc_results_init(&res);
  rc_run(rs, f->idx, &o, &res);
  assert_int_equal(res.items[0].outcome, RC_OUT_OK);
  assert_string_equal(res.items[0].message,
                      "all 2 matches of 'services/*' pass");
  each->for_each.exclude = NULL;
  each->for_each.n_exclude = 0;
  assert_int_equal(res.items[1].outcome, RC_OUT_SKIP);
  assert_int_equal(res.items[2].outcome, RC_OUT_SKIP);
  assert_string_equal(res.items[2].message, "not applicable: no compose file");
  assert_int_equal(res.items[3].outcome, RC_OUT_ERROR);
  assert_int_equal(res.items[4].outcome, RC_OUT_SKIP);
  assert_string_equal(res.items[4].skip_reason, "--skip");
  rc_results_release(&res);

  /* --only by category, id and id prefix. */
  const char *only[] = {"sec", "t.na"};
  struct rc_run_opts o2 = {.only = only, .n_only = 2, .vars = &f->vars};
  rc_results_init(&res);
  rc_run(rs, f->idx, &o2, &res);
  assert_int_equal(res.n, 2);
  assert_string_equal(res.items[0].rule->id, "t.na");
  assert_string_equal(res.items[1].rule->id, "t.skip");
  rc_results_release(&res);
  const char *prefix[] = {"t."};
  struct rc_run_opts o3 = {.only = prefix, .n_only = 1, .vars = &f->vars};
  rc_results_init(&res);
  rc_run(rs, f->idx, &o3, &res);
  assert_int_equal(res.n, 5);
  rc_results_release(&res);

  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

/* The model is wanted only by rules that run and read it: here, a
 * `for_each: services` rule, unless it is skipped. */
static void test_needs_model(void **state)
{
  struct fixture *f = *state;
  struct rc_arena *a = f->arena;
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_rule *plain = rule(a, "t.plain", "infra", leaf(a, RC_OUT_OK, "x"));
  struct rc_rule *svc = rule(a, "t.svc", "infra", echo(a, "${each}/x"));
  assert_int_equal(rc_ruleset_add(rs, plain, &d), 0);
  assert_int_equal(rc_ruleset_add(rs, svc, &d), 0);
  struct rc_run_opts o = {.vars = &f->vars};
  assert_false(rc_run_needs_model(rs, &o));
  svc->for_each.kind = RC_EACH_SERVICES;
  assert_true(rc_run_needs_model(rs, &o));
  const char *skip[] = {"t.svc"};
  struct rc_run_opts skipping = {.skip = skip, .n_skip = 1, .vars = &f->vars};
  assert_false(rc_run_needs_model(rs, &skipping));
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

static int n_made;

static void *make_copy(void *arg)
{
  n_made++;
  int *v = rc_xmalloc(sizeof(*v));
  *v = *(const int *)arg;
  return v;
}

/* A value is made once per key and shared; the key of a configuration
 * leaves out the parameters named. */
static void test_memo(void **state)
{
  (void)state;
  struct rc_ctx ctx = {.memo = rc_memo_new()};
  int one = 1, two = 2;
  n_made = 0;
  int *a = rc_memo_get(&ctx, "k", make_copy, free, &one);
  int *b = rc_memo_get(&ctx, "k", make_copy, free, &two);
  int *c = rc_memo_get(&ctx, "other", make_copy, free, &two);
  assert_ptr_equal(a, b);
  assert_int_equal(*b, 1);
  assert_int_equal(*c, 2);
  assert_int_equal(n_made, 2);
  rc_memo_free(ctx.memo);

  static const char *const msg[] = {"msg", NULL};
  struct const_cfg x = {1, "a"}, y = {1, "b"}, z = {2, "a"};
  char *kx = rc_memo_cfg_key(&const_probe, &x, msg);
  char *ky = rc_memo_cfg_key(&const_probe, &y, msg);
  char *kz = rc_memo_cfg_key(&const_probe, &z, msg);
  char *all_x = rc_memo_cfg_key(&const_probe, &x, NULL);
  char *all_y = rc_memo_cfg_key(&const_probe, &y, NULL);
  char *other = rc_memo_cfg_key(&fine_probe, &x, msg);
  assert_string_equal(kx, ky);
  assert_string_not_equal(kx, kz);
  assert_string_not_equal(all_x, all_y);
  assert_string_not_equal(kx, other); /* another probe's */
  free(kx);
  free(ky);
  free(kz);
  free(all_x);
  free(all_y);
  free(other);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_caution_propagates, setup, teardown),
      cmocka_unit_test_setup_teardown(test_combinators, setup, teardown),
      cmocka_unit_test_setup_teardown(test_any_says_what_it_found, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_offline_and_expansion, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_needs_model, setup, teardown),
      cmocka_unit_test(test_memo),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
