/*
 * report_fixture.c - see report_fixture.h. Shared by the reporter tests so
 * each states only the results it renders.
 */
#include "report_fixture.h"

#include "readycheck/policy.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"

static const char *const packs[] = {"docker", "node"};

struct rc_rf *rc_rf_new(void)
{
  struct rc_rf *f = rc_xcalloc(1, sizeof(*f));
  f->arena = rc_arena_new();
  f->res.arena = f->arena;
  f->policy.min_score = -1;
  f->rep = (struct rc_report){
      .repo_path = "/srv/myrepo",
      .repo_name = "myrepo",
      .git_commit = "0123456789abcdef0123456789abcdef01234567",
      .git_branch = "main",
      .date = "2026-11-22",
      .timestamp = "2026-11-22T10:00:00Z",
      .version = "0.1.0",
      .packs = packs,
      .n_packs = 2,
  };
  return f;
}

void rc_rf_free(struct rc_rf *f)
{
  rc_score_release(&f->score);
  free(f->res.items);
  rc_arena_free(f->arena);
  free(f);
}

size_t rc_rf_add_titled(struct rc_rf *f, const char *id, const char *title,
                        const char *cat, enum rc_severity sev, double weight,
                        enum rc_outcome o, const char *msg)
{
  struct rc_rule *r = rc_arena_alloc(f->arena, sizeof(*r));
  r->id = id;
  r->title = title;
  r->category = cat;
  r->severity = sev;
  r->weight = weight;
  r->remediation = rc_arena_printf(f->arena, "fix %s", id);
  r->pack = "docker";
  r->loc = (struct rc_loc){"rules/docker.yaml", 12, 3};
  rc_grow((void **)&f->res.items, &f->res.cap, f->res.n, sizeof(*f->res.items));
  struct rc_result *res = &f->res.items[f->res.n];
  memset(res, 0, sizeof(*res));
  res->rule = r;
  res->outcome = o;
  res->message = msg;
  return f->res.n++;
}

void rc_rf_ev(struct rc_rf *f, size_t i, const char *path, unsigned line,
              const char *text)
{
  struct rc_result *res = &f->res.items[i];
  struct rc_evidence *ev =
      rc_arena_alloc(f->arena, (res->n_ev + 1) * sizeof(*ev));
  if (res->n_ev)
    memcpy(ev, res->ev, res->n_ev * sizeof(*ev));
  /* As the run resolves it: an item of a check that did not pass fails. */
  ev[res->n_ev++] = (struct rc_evidence){
      .path = path,
      .line = line,
      .text = text,
      .mark = res->outcome == RC_OUT_OK ? RC_EV_PASS : RC_EV_FAIL};
  res->ev = ev;
}

void rc_rf_score(struct rc_rf *f)
{
  rc_score_release(&f->score);
  rc_fingerprint_results(&f->res);
  rc_score_compute(&f->res, &f->policy, &f->score);
  f->rep.results = &f->res;
  f->rep.score = &f->score;
  f->rep.policy = &f->policy;
}

char *rc_rf_render(struct rc_rf *f, const struct rc_reporter *r)
{
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  assert_non_null(out);
  assert_int_equal(r->write(out, &f->rep), 0);
  assert_int_equal(fclose(out), 0);
  assert_int_equal(strlen(text), len);
  return text;
}
