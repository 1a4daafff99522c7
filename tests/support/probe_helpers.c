/*
 * probe_helpers.c - fills probe cfg structs by field name and runs checks
 * over scratch repositories, standing in for the loader and the runner.
 */
#include "probe_helpers.h"

#include "testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/regex.h"

void rc_ph_init(struct rc_ph *ph, const struct rc_probe *probe)
{
  ph->probe = probe;
  ph->arena = rc_arena_new();
  ph->cfg = rc_arena_alloc(ph->arena, probe->cfg_size);
}

void rc_ph_release(struct rc_ph *ph)
{
  rc_arena_free(ph->arena);
  ph->arena = NULL;
  ph->cfg = NULL;
}

static void *slot(struct rc_ph *ph, const char *field, enum rc_field_type t,
                  const struct rc_field **out)
{
  for (const struct rc_field *f = ph->probe->fields; f->name; f++) {
    if (strcmp(f->name, field) != 0)
      continue;
    if (f->type != t)
      fail_msg("field '%s' of '%s' has type %d, not %d", field, ph->probe->name,
               (int)f->type, (int)t);
    if (!f->doc || !*f->doc)
      fail_msg("field '%s' of '%s' has no doc", field, ph->probe->name);
    if (out)
      *out = f;
    return (char *)ph->cfg + f->offset;
  }
  fail_msg("probe '%s' has no field '%s'", ph->probe->name, field);
  return NULL;
}

void rc_ph_strings(struct rc_ph *ph, const char *field, ...)
{
  struct rc_strlist *l = slot(ph, field, RC_FIELD_STRINGS, NULL);
  va_list ap;
  size_t n = 0;
  va_start(ap, field);
  while (va_arg(ap, const char *))
    n++;
  va_end(ap);
  l->items = rc_arena_alloc(ph->arena, (n + 1) * sizeof(*l->items));
  l->n = n;
  va_start(ap, field);
  for (size_t i = 0; i < n; i++)
    l->items[i] = rc_arena_strdup(ph->arena, va_arg(ap, const char *));
  va_end(ap);
}

void rc_ph_string(struct rc_ph *ph, const char *field, const char *value)
{
  const char **s = slot(ph, field, RC_FIELD_STRING, NULL);
  *s = rc_arena_strdup(ph->arena, value);
}

static enum rc_field_type type_of(const struct rc_ph *ph, const char *field);

void rc_ph_int(struct rc_ph *ph, const char *field, long value)
{
  if (type_of(ph, field) == RC_FIELD_OPT_INT) {
    struct rc_opt_long *o = slot(ph, field, RC_FIELD_OPT_INT, NULL);
    o->value = value;
    o->set = true;
    return;
  }
  *(long *)slot(ph, field, RC_FIELD_INT, NULL) = value;
}

void rc_ph_bool(struct rc_ph *ph, const char *field, bool value)
{
  *(bool *)slot(ph, field, RC_FIELD_BOOL, NULL) = value;
}

void rc_ph_enum(struct rc_ph *ph, const char *field, const char *choice)
{
  const struct rc_field *f;
  int *v = slot(ph, field, RC_FIELD_ENUM, &f);
  for (int i = 0; f->enum_names[i]; i++) {
    if (strcmp(f->enum_names[i], choice) == 0) {
      *v = i;
      return;
    }
  }
  fail_msg("'%s' is not a choice of '%s'", choice, field);
}

void rc_ph_regex(struct rc_ph *ph, const char *field, const char *pattern)
{
  struct rc_pattern *p = slot(ph, field, RC_FIELD_REGEX, NULL);
  char err[256];
  size_t off;
  p->src = rc_arena_strdup(ph->arena, pattern);
  p->re = rc_regex_new(pattern, err, sizeof(err), &off);
  if (!p->re)
    fail_msg("regex '%s': %s at %zu", pattern, err, off);
  rc_arena_defer(ph->arena, rc_regex_free_void, p->re);
}

void *rc_ph_field(struct rc_ph *ph, const char *field, enum rc_field_type t)
{
  return slot(ph, field, t, NULL);
}

static enum rc_field_type type_of(const struct rc_ph *ph, const char *field)
{
  for (const struct rc_field *f = ph->probe->fields; f->name; f++)
    if (strcmp(f->name, field) == 0)
      return f->type;
  fail_msg("probe '%s' has no field '%s'", ph->probe->name, field);
  return RC_FIELD_STRING;
}

void rc_ph_number(struct rc_ph *ph, const char *field, double value)
{
  if (type_of(ph, field) == RC_FIELD_NUMBER) {
    *(double *)slot(ph, field, RC_FIELD_NUMBER, NULL) = value;
    return;
  }
  struct rc_scalar *s = slot(ph, field, RC_FIELD_SCALAR, NULL);
  s->kind = RC_SCALAR_NUMBER;
  s->number = value;
  s->text = rc_arena_printf(ph->arena, "%g", value);
}

/* The probe's value rules on the values set, as the loader runs them. */
static int ph_value_rules(struct rc_ph *ph, char *msg, size_t msglen)
{
  char buf[256];
  for (const struct rc_field *f = ph->probe->fields; f->name; f++) {
    const struct rc_value_rule *r = rc_value_rule_find(ph->probe, f);
    const void *member = (const char *)ph->cfg + f->offset;
    const char *why = NULL;
    if (!r)
      continue;
    if (f->type == RC_FIELD_STRINGS) {
      const struct rc_strlist *l = member;
      for (size_t i = 0; i < l->n && !why; i++)
        why = rc_value_rule_check(r, f, l->items[i], buf, sizeof(buf));
    } else if ((f->type != RC_FIELD_STRING || *(const char *const *)member) &&
               (f->type != RC_FIELD_OPT_INT ||
                ((const struct rc_opt_long *)member)->set)) {
      why = rc_value_rule_check(r, f, member, buf, sizeof(buf));
    }
    if (why) {
      if (msg && msglen)
        snprintf(msg, msglen, "%s", why);
      return -1;
    }
  }
  return 0;
}

int rc_ph_validate(struct rc_ph *ph, char *msg, size_t msglen)
{
  if (msg && msglen)
    msg[0] = '\0';
  if (ph_value_rules(ph, msg, msglen) != 0)
    return -1;
  if (!ph->probe->validate)
    return 0;
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_loc loc = {"rules.yaml", 3, 5};
  int rc = ph->probe->validate(ph->cfg, &loc, &d);
  if (rc != 0 && d.n == 0)
    fail_msg("validate failed without a diagnostic");
  if (rc == 0 && d.n_errors)
    fail_msg("validate recorded an error but returned 0");
  if (d.n && msg && msglen)
    snprintf(msg, msglen, "%s", d.items[0].msg);
  rc_diag_release(&d);
  return rc;
}

void rc_ph_repo_init(struct rc_ph_repo *r)
{
  memset(r, 0, sizeof(*r));
  r->root = rc_test_mkdtemp();
  r->arena = rc_arena_new();
  r->ctx.arena = r->arena;
}

void rc_ph_repo_index(struct rc_ph_repo *r)
{
  rc_model_free(r->model);
  r->model = NULL;
  rc_index_free(r->idx);
  struct rc_diag d;
  rc_diag_init(&d);
  if (rc_index_build(&r->idx, r->root, NULL, &d) != 0)
    fail_msg("index: %s", d.n ? d.items[0].msg : "?");
  rc_diag_release(&d);
  r->model = rc_model_new(r->idx);
  r->ctx.index = r->idx;
  r->ctx.model = r->model;
}

void rc_ph_repo_release(struct rc_ph_repo *r)
{
  rc_model_free(r->model);
  rc_index_free(r->idx);
  rc_arena_free(r->arena);
  rc_test_rmtree(r->root);
  free(r->root);
  memset(r, 0, sizeof(*r));
}

void rc_ph_git(struct rc_ph_repo *r, ...)
{
  const char *argv[16] = {"/usr/bin/git", "-c", "init.defaultBranch=main"};
  size_t n = 3;
  va_list ap;
  va_start(ap, r);
  const char *a;
  while ((a = va_arg(ap, const char *)) != NULL && n + 1 < 16)
    argv[n++] = a;
  va_end(ap);
  argv[n] = NULL;
  char *out = NULL, *err = NULL;
  int rc = rc_test_run(argv, r->root, &out, &err);
  if (rc != 0)
    fail_msg("git %s exited %d: %s", argv[3], rc, err ? err : "");
  free(out);
  free(err);
}

void rc_ph_check(struct rc_ph *ph, struct rc_ph_repo *r, struct rc_check *out)
{
  char msg[256];
  if (rc_ph_validate(ph, msg, sizeof(msg)) != 0)
    fail_msg("validate: %s", msg);
  memset(out, 0, sizeof(*out));
  ph->probe->check(ph->cfg, &r->ctx, out);
  /* every outcome, SKIP included, is set with rc_check_set() and a message */
  if (!out->message || !*out->message)
    fail_msg("check left no message");
}

bool rc_ph_has_ev(const struct rc_check *c, const char *path, unsigned line,
                  const char *needle)
{
  for (size_t i = 0; i < c->n_ev; i++) {
    const struct rc_evidence *e = &c->ev[i];
    if (path && (!e->path || strcmp(e->path, path) != 0))
      continue;
    if (line && e->line != line)
      continue;
    if (needle && !strstr(e->text, needle))
      continue;
    return true;
  }
  return false;
}

void rc_ph_assert_absent(const struct rc_check *c, const char *s)
{
  if (c->message && strstr(c->message, s))
    fail_msg("'%s' in message '%s'", s, c->message);
  for (size_t i = 0; i < c->n_ev; i++)
    if (strstr(c->ev[i].text, s))
      fail_msg("'%s' in evidence '%s'", s, c->ev[i].text);
}

struct rc_ph_fixture *rc_ph_fixture_new(const struct rc_probe *probe)
{
  struct rc_ph_fixture *f = test_calloc(1, sizeof(*f));
  rc_ph_repo_init(&f->repo);
  rc_ph_init(&f->ph, probe);
  return f;
}

void rc_ph_fixture_free(struct rc_ph_fixture *f)
{
  rc_ph_release(&f->ph);
  rc_ph_repo_release(&f->repo);
  test_free(f);
}

enum rc_outcome rc_ph_fixture_run(struct rc_ph_fixture *f)
{
  if (!f->repo.idx)
    rc_ph_repo_index(&f->repo);
  memset(&f->c, 0, sizeof(f->c));
  f->ph.probe->check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_non_null(f->c.message);
  return f->c.outcome;
}

void rc_ph_fixture_expect(struct rc_ph_fixture *f, enum rc_outcome o,
                          const char *msg)
{
  enum rc_outcome got = rc_ph_fixture_run(f);
  if (got != o || (msg && strcmp(f->c.message, msg) != 0))
    fail_msg("got %d '%s', want %d '%s'", got, f->c.message, o, msg);
}
