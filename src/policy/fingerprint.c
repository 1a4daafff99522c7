/*
 * fingerprint.c - stable identities for findings, so that a baseline, a
 * SARIF upload or a Code Quality diff can tell "the same problem" across
 * runs. Line numbers are left out on purpose: adding a line above a finding
 * must not make it new. Digits in the text are folded too, because probes
 * put measurements there ("lines 72.4% (1234/1704)") that change while the
 * problem stays the same. Items that become identical after folding are
 * told apart by their occurrence count within the check.
 */
#include "readycheck/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/rule.h"

/* Bumped (with docs/report-json.md) only if the recipe below changes. */
static const char recipe[] = "readycheck-fingerprint-v1";

unsigned long long rc_fnv1a(unsigned long long h, const void *data, size_t len)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

static unsigned long long field(unsigned long long h, const char *s)
{
  if (s)
    h = rc_fnv1a(h, s, strlen(s));
  return rc_fnv1a(h, "", 1); /* the NUL separates fields */
}

/* Whitespace runs become one space, digit runs one '0', ends trimmed. */
static void normalise(const char *s, struct rc_buf *out)
{
  bool space = false;
  for (const char *p = s ? s : ""; *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      space = out->len > 0;
      continue;
    }
    if (space)
      rc_buf_putc(out, ' ');
    space = false;
    if (*p >= '0' && *p <= '9') {
      while (p[1] >= '0' && p[1] <= '9')
        p++;
      rc_buf_putc(out, '0');
    } else {
      rc_buf_putc(out, *p);
    }
  }
}

void rc_fingerprint_item(const char *rule, const char *path, const char *text,
                         unsigned occurrence, char out[17])
{
  struct rc_buf key;
  rc_buf_init(&key);
  normalise(text, &key);
  char occ[16];
  snprintf(occ, sizeof(occ), "%u", occurrence);
  unsigned long long h = field(RC_FNV_OFFSET, recipe);
  h = field(h, rule);
  h = field(h, path ? path : "");
  h = field(h, key.data ? key.data : "");
  h = field(h, occ);
  snprintf(out, 17, "%016llx", h);
  rc_buf_release(&key);
}

static const char *check_fingerprint(struct rc_arena *a, const char *rule)
{
  char fp[17];
  unsigned long long h = field(field(RC_FNV_OFFSET, recipe), rule);
  snprintf(fp, sizeof(fp), "%016llx", h);
  return rc_arena_strdup(a, fp);
}

/* Earlier items of ev[0..i) with the same path and normalised text. */
static unsigned occurrence(const struct rc_result *res, size_t i)
{
  struct rc_buf a, b;
  rc_buf_init(&a);
  normalise(res->ev[i].text, &a);
  unsigned n = 0;
  for (size_t j = 0; j < i; j++) {
    const char *pj = res->ev[j].path, *pi = res->ev[i].path;
    if ((pj == NULL) != (pi == NULL) || (pj && strcmp(pj, pi) != 0))
      continue;
    rc_buf_init(&b);
    normalise(res->ev[j].text, &b);
    n += strcmp(a.data ? a.data : "", b.data ? b.data : "") == 0;
    rc_buf_release(&b);
  }
  rc_buf_release(&a);
  return n;
}

void rc_fingerprint_results(struct rc_results *r)
{
  for (size_t i = 0; i < r->n; i++) {
    struct rc_result *res = &r->items[i];
    res->fingerprint = check_fingerprint(r->arena, res->rule->id);
    for (size_t k = 0; k < res->n_ev; k++) {
      char fp[17];
      rc_fingerprint_item(res->rule->id, res->ev[k].path, res->ev[k].text,
                          occurrence(res, k), fp);
      res->ev[k].fingerprint = rc_arena_strdup(r->arena, fp);
    }
  }
}

bool rc_status_has_findings(enum rc_status s)
{
  return s == RC_STATUS_BLOCK || s == RC_STATUS_WARN || s == RC_STATUS_INFO ||
         s == RC_STATUS_ERROR || s == RC_STATUS_WAIVED;
}

size_t rc_findings(const struct rc_results *r, struct rc_finding **out)
{
  size_t n = 0, cap = 0;
  *out = NULL;
  for (size_t i = 0; i < r->n; i++) {
    const struct rc_result *res = &r->items[i];
    if (!rc_status_has_findings(res->status))
      continue;
    size_t before = n;
    for (size_t k = 0; k < res->n_ev; k++) {
      const struct rc_evidence *e = &res->ev[k];
      if (e->mark == RC_EV_PASS)
        continue;
      rc_grow((void **)out, &cap, n, sizeof(**out));
      (*out)[n++] = (struct rc_finding){res, e, e->fingerprint,
                                        e->waiver ? e->waiver : res->waiver};
    }
    if (n == before) {
      rc_grow((void **)out, &cap, n, sizeof(**out));
      (*out)[n++] =
          (struct rc_finding){res, NULL, res->fingerprint, res->waiver};
    }
  }
  return n;
}
