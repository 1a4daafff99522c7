/*
 * claims.c - claim extraction: one pass over the units of a Markdown
 * report (markdown.h), keeping the headings above each line so a bullet
 * can carry the marker of the section it sits in. Markers come from
 * normalize.c; headline phrasings are a handful of PCRE2 patterns matched
 * on one line at a time (regex.c). What a claim maps to is match.c's
 * business, whether it holds judge.c's.
 */
#include "readycheck/claims.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/markdown.h"
#include "readycheck/mem.h"
#include "readycheck/regex.h"

void rc_claims_init(struct rc_claims *c)
{
  memset(c, 0, sizeof(*c));
  c->arena = rc_arena_new();
}

void rc_claims_release(struct rc_claims *c)
{
  free(c->items);
  rc_arena_free(c->arena);
  memset(c, 0, sizeof(*c));
}

bool rc_claim_is_headline(const struct rc_claim *c)
{
  return c->kind == RC_CLAIM_VERDICT || c->kind == RC_CLAIM_SCORE ||
         c->kind == RC_CLAIM_GRADE || c->kind == RC_CLAIM_COUNT;
}

const char *rc_claim_kind_name(enum rc_claim_kind k)
{
  static const char *const names[] = {"checklist", "status", "row",  "verdict",
                                      "score",     "grade",  "count"};
  return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

const char *rc_claimed_verdict_name(enum rc_claimed_verdict v)
{
  static const char *const names[] = {"READY", "READY WITH ISSUES",
                                      "NOT READY"};
  return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}

/* ---- patterns ------------------------------------------------------------ */

enum pat {
  P_NOT_READY,    /* "NOT READY", "is not yet production-ready", "NO-GO" */
  P_READY_ISSUES, /* "ready with minor issues" */
  P_READY_CAPS,   /* "PRODUCTION READY" in capitals */
  P_READY_PRED,   /* "is now production-ready", "are ready for launch" */
  P_PROCEED,      /* "proceed to production" */
  P_SCORE,        /* "95/100" */
  P_SCORE_PCT,    /* "Score: 95%" */
  P_GRADE,        /* "Grade: A", "Final Grade A+" */
  P_COUNT,        /* "21/21" */
  P_COUNT_PCT,    /* "100% success rate" */
  P_PASS_WORD,    /* what makes N/M a count of passes */
  P_N
};

static const char *const patterns[P_N] = {
    [P_NOT_READY] = "\\bNOT\\s+(?:YET\\s+)?(?:PRODUCTION[\\s-]+)?READY\\b"
                    "|(?i:\\b(?:is|are)\\s+not\\s+(?:yet\\s+)?"
                    "(?:production[\\s-]+)?ready\\b)"
                    "|\\bNO[\\s-]GO\\b",
    [P_READY_ISSUES] =
        "(?i)\\bready\\s+(?:with|but)\\s+(?:some\\s+|a\\s+few\\s+"
        "|known\\s+)?(?:minor\\s+|small\\s+|open\\s+)?"
        "(?:issues|warnings|caveats|conditions|exceptions"
        "|risks|gaps|blockers)\\b",
    [P_READY_CAPS] = "\\bPRODUCTION[\\s-]+READY\\b",
    [P_READY_PRED] = "(?i)\\b(?:is|are)\\s+(?:now\\s+)?(?:fully\\s+)?"
                     "(?:production[\\s-]+ready|ready\\s+for\\s+(?:production"
                     "|launch|deployment|release|go[\\s-]live))\\b",
    [P_PROCEED] = "(?i)\\bproceed\\s+to\\s+production\\b",
    [P_SCORE] = "(?<![\\d/.])\\d{1,3}\\s*/\\s*100(?![\\d/.])",
    [P_SCORE_PCT] = "(?i)\\bscore\\b[^:]{0,40}:\\s*\\d{1,3}(?:\\.\\d+)?\\s*%",
    [P_GRADE] = "(?i)\\bgrade\\b\\s*:?\\s*[A-F][+-]?(?![A-Za-z0-9])",
    [P_COUNT] = "(?<![\\d/.:])\\d{1,5}\\s*/\\s*\\d{1,5}(?![\\d/.])",
    [P_COUNT_PCT] = "(?i)\\b\\d{1,3}\\s*%\\s*(?:success|pass(?:ing)?)"
                    "(?:\\s+rate)?\\b",
    [P_PASS_WORD] = "(?i)\\b(?:pass(?:ed|es|ing)?|succe(?:ss|ssful|eded)|ok"
                    "|green|complete[d]?|met|validations?|checks?)\\b",
};

struct heading {
  enum rc_stance stance;
  const char *marker;
  unsigned line;
  const char *label; /* the heading's text before ':' (or all of it) */
};

struct extractor {
  struct rc_regex *re[P_N];
  struct rc_regex_scratch *scratch;
  struct rc_claims *out;
  const struct rc_md_doc *doc;
  struct heading sections[7]; /* by heading level 1-6 */
  /* The top-level list being read: the marker it carries, if any. */
  enum rc_stance list_stance;
  const char *list_marker;
  unsigned list_line;
  size_t *status_col; /* per unit index of a table header: its status
                         column, or SIZE_MAX */
};

static bool find(struct extractor *x, enum pat p, const char *s, size_t *ms,
                 size_t *me)
{
  size_t a, b;
  if (rc_regex_match(x->re[p], x->scratch, s, strlen(s), 0, &a, &b) !=
      RC_RE_MATCH)
    return false;
  if (ms)
    *ms = a;
  if (me)
    *me = b;
  return true;
}

static const char *keep(struct extractor *x, const char *s, size_t n)
{
  return rc_arena_strndup(x->out->arena, s, n);
}

static char *trimmed(const char *s, size_t n)
{
  while (n && isspace((unsigned char)*s)) {
    s++;
    n--;
  }
  while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == ':'))
    n--;
  return rc_xstrndup(s, n);
}

static struct rc_claim *add_claim(struct extractor *x,
                                  const struct rc_md_unit *u,
                                  enum rc_claim_kind k, const char *text)
{
  struct rc_claims *c = x->out;
  rc_grow((void **)&c->items, &c->cap, c->n, sizeof(*c->items));
  struct rc_claim *cl = &c->items[c->n++];
  memset(cl, 0, sizeof(*cl));
  cl->kind = k;
  cl->line = u->line;
  cl->text = rc_arena_strdup(c->arena, text);
  cl->note_after = u->note_after;
  cl->note_indent = u->note_indent;
  return cl;
}

/* ---- labels: "Deployment Status: BLOCKED" -------------------------------- */

struct label {
  char *name;  /* before the first ':', trimmed; NULL if none */
  char *value; /* after it */
};

static void label_split(const char *text, struct label *l)
{
  const char *colon = strchr(text, ':');
  l->name = l->value = NULL;
  /* "https://..." or a long sentence with a colon late is no label. */
  if (!colon || colon == text || colon - text > 60 || colon[1] == '/')
    return;
  l->name = trimmed(text, (size_t)(colon - text));
  l->value = trimmed(colon + 1, strlen(colon + 1));
}

static void label_release(struct label *l)
{
  free(l->name);
  free(l->value);
}

static const char *last_word(const char *s, size_t *len)
{
  size_t n = strlen(s);
  while (n && !isalpha((unsigned char)s[n - 1]))
    n--;
  size_t end = n;
  while (n && isalpha((unsigned char)s[n - 1]))
    n--;
  *len = end - n;
  return s + n;
}

static bool word_is(const char *w, size_t len, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strlen(list[i]) == len && strncasecmp(w, list[i], len) == 0)
      return true;
  return false;
}

/* Labels whose value is a verdict: "Status", "Deployment Status",
 * "Overall", "Recommendation", "Risk Level". */
static bool verdict_label(const char *name)
{
  static const char *const words[] = {
      "status",     "verdict", "readiness", "recommendation", "decision",
      "assessment", "overall", "result",    "outcome",        NULL};
  size_t len;
  const char *w = last_word(name, &len);
  return word_is(w, len, words) || rc_str_find_ci(name, "risk");
}

static bool starts_ci(const char *s, const char *prefix)
{
  size_t n = strlen(prefix);
  return strncasecmp(s, prefix, n) == 0 && !isalnum((unsigned char)s[n]);
}

/* The verdict a label's value states, if any. */
static bool verdict_value(struct extractor *x, const struct label *l,
                          enum rc_claimed_verdict *v)
{
  const char *val = l->value;
  if (rc_str_find_ci(l->name, "risk")) {
    if (starts_ci(val, "low"))
      *v = RC_CLAIMED_READY;
    else if (starts_ci(val, "medium") || starts_ci(val, "moderate"))
      *v = RC_CLAIMED_READY_WITH_ISSUES;
    else if (starts_ci(val, "high") || starts_ci(val, "critical"))
      *v = RC_CLAIMED_NOT_READY;
    else
      return false;
    return true;
  }
  if (find(x, P_NOT_READY, val, NULL, NULL) || starts_ci(val, "blocked") ||
      starts_ci(val, "no-go") || starts_ci(val, "no go") ||
      starts_ci(val, "hold"))
    *v = RC_CLAIMED_NOT_READY;
  else if (find(x, P_READY_ISSUES, val, NULL, NULL))
    *v = RC_CLAIMED_READY_WITH_ISSUES;
  else if (starts_ci(val, "ready") || starts_ci(val, "go") ||
           find(x, P_READY_CAPS, val, NULL, NULL) ||
           starts_ci(val, "production-ready") ||
           find(x, P_PROCEED, val, NULL, NULL))
    *v = RC_CLAIMED_READY;
  else
    return false;
  return true;
}

/* ---- headline claims ----------------------------------------------------- */

/* Writes the verdict text states into *v and its words into *headline
 * (caller frees). */
static bool find_verdict(struct extractor *x, const char *text,
                         enum rc_claimed_verdict *v, char **headline)
{
  struct label l;
  label_split(text, &l);
  if (l.name && verdict_label(l.name) && verdict_value(x, &l, v)) {
    *headline =
        rc_str_find_ci(l.name, "risk")
            ? rc_xstrdup(text)
            : rc_xstrndup(l.value, strlen(l.value) > 60 ? 60 : strlen(l.value));
    label_release(&l);
    return true;
  }
  label_release(&l);
  static const struct {
    enum pat p;
    enum rc_claimed_verdict v;
  } prose[] = {
      {P_NOT_READY, RC_CLAIMED_NOT_READY},
      {P_READY_ISSUES, RC_CLAIMED_READY_WITH_ISSUES},
      {P_READY_CAPS, RC_CLAIMED_READY},
      {P_READY_PRED, RC_CLAIMED_READY},
      {P_PROCEED, RC_CLAIMED_READY},
  };
  for (size_t i = 0; i < sizeof(prose) / sizeof(prose[0]); i++) {
    size_t a, b;
    if (!find(x, prose[i].p, text, &a, &b))
      continue;
    *v = prose[i].v;
    /* "is now production-ready" reads as "production-ready". */
    static const char *const lead[] = {"is ", "are ", "now ", "fully ", NULL};
    for (bool again = true; again;) {
      again = false;
      for (size_t k = 0; lead[k]; k++)
        if (strncasecmp(text + a, lead[k], strlen(lead[k])) == 0) {
          a += strlen(lead[k]);
          again = true;
        }
    }
    *headline = rc_xstrndup(text + a, b - a);
    return true;
  }
  return false;
}

static bool overall_word(const char *w, size_t len)
{
  static const char *const words[] = {
      "overall", "final",  "total", "readiness",  "production", "score",
      "grade",   "rating", "ready", "deployment", "project",    NULL};
  return word_is(w, len, words);
}

/* What a score or grade rates: the label's words unless they only say
 * "overall" ("Production Readiness Score", "Final Grade"); NULL for the
 * whole. */
static const char *topic_of(struct extractor *x, const char *label)
{
  const char *p = label;
  bool specific = false;
  while (*p) {
    while (*p && !isalpha((unsigned char)*p))
      p++;
    const char *w = p;
    while (isalpha((unsigned char)*p))
      p++;
    if (p > w && !overall_word(w, (size_t)(p - w)))
      specific = true;
  }
  return specific ? rc_arena_strdup(x->out->arena, label) : NULL;
}

/* The nearest heading's label, for a bare "Grade: A" under "### Security". */
static const char *section_label(const struct extractor *x)
{
  for (int lvl = 6; lvl >= 1; lvl--)
    if (x->sections[lvl].line)
      return x->sections[lvl].label;
  return "";
}

/* The text before the first ':' that precedes at, or all text before at. */
static char *label_before(const char *text, size_t at)
{
  const char *colon = memchr(text, ':', at);
  return trimmed(text, colon ? (size_t)(colon - text) : at);
}

static bool find_score(struct extractor *x, const char *text,
                       struct rc_claim *c)
{
  size_t a, b;
  bool pct = false;
  if (!find(x, P_SCORE, text, &a, &b)) {
    if (!find(x, P_SCORE_PCT, text, &a, &b))
      return false;
    pct = true;
  }
  const char *num = text + a;
  if (pct) {
    const char *colon = memchr(text + a, ':', b - a);
    num = colon ? colon + 1 : num;
  }
  long v = strtol(num, NULL, 10);
  if (v < 0 || v > 100)
    return false;
  c->value = (int)v;
  c->of = 100;
  char *label =
      label_before(text, pct ? (size_t)(strchr(text + a, ':') - text) : a);
  c->topic = topic_of(x, label);
  free(label);
  c->headline = rc_arena_printf(x->out->arena, "%d/100", c->value);
  return true;
}

static bool find_grade(struct extractor *x, const char *text,
                       struct rc_claim *c)
{
  size_t a, b;
  if (!find(x, P_GRADE, text, &a, &b))
    return false;
  size_t k = b;
  while (k > a && !isalpha((unsigned char)text[k - 1]))
    k--;
  c->grade = (char)toupper((unsigned char)text[k - 1]);
  /* "Security Grade: B" rates security; a bare "Grade: A" its section. */
  char *before = trimmed(text, a);
  const char *colon = strrchr(before, ':');
  const char *label = colon ? colon + 1 : before;
  while (*label == ' ')
    label++;
  c->topic = *label ? topic_of(x, label) : topic_of(x, section_label(x));
  free(before);
  c->headline = rc_arena_printf(x->out->arena, "Grade %c", c->grade);
  return true;
}

static bool find_count(struct extractor *x, const char *text,
                       enum rc_stance stance, struct rc_claim *c)
{
  size_t a, b;
  if (find(x, P_COUNT_PCT, text, &a, &b)) {
    long v = strtol(text + a, NULL, 10);
    if (v < 0 || v > 100)
      return false;
    c->value = (int)v;
    c->of = 100;
    c->percent = true;
    c->headline = keep(x, text + a, b - a);
    return true;
  }
  if (!find(x, P_COUNT, text, &a, &b))
    return false;
  char *slash;
  long v = strtol(text + a, &slash, 10);
  while (*slash == ' ' || *slash == '/')
    slash++;
  long of = strtol(slash, NULL, 10);
  if (of <= 0 || of == 100 || v > of ||
      (stance != RC_STANCE_PASS && !find(x, P_PASS_WORD, text, NULL, NULL)))
    return false;
  c->value = (int)v;
  c->of = (int)of;
  c->headline = rc_arena_printf(x->out->arena, "%d/%d passed", c->value, c->of);
  return true;
}

/* A headline claim in text, if any: verdict, score, grade, count. */
static bool headline(struct extractor *x, const struct rc_md_unit *u,
                     const char *text, enum rc_stance stance,
                     const char *marker)
{
  struct rc_claim tmp = {0};
  enum rc_claimed_verdict v;
  char *words = NULL;
  if (find_verdict(x, text, &v, &words)) {
    tmp.kind = RC_CLAIM_VERDICT;
    tmp.verdict = v;
    tmp.headline = rc_arena_strdup(x->out->arena, words);
    free(words);
  } else if (find_score(x, text, &tmp)) {
    tmp.kind = RC_CLAIM_SCORE;
  } else if (find_grade(x, text, &tmp)) {
    tmp.kind = RC_CLAIM_GRADE;
  } else if (find_count(x, text, stance, &tmp)) {
    tmp.kind = RC_CLAIM_COUNT;
  } else {
    return false;
  }
  struct rc_claim *c = add_claim(x, u, tmp.kind, text);
  c->verdict = tmp.verdict;
  c->value = tmp.value;
  c->of = tmp.of;
  c->percent = tmp.percent;
  c->grade = tmp.grade;
  c->topic = tmp.topic;
  c->headline = tmp.headline;
  c->stance = stance;
  c->marker = marker;
  return true;
}

/* ---- per unit ------------------------------------------------------------ */

static void enter_heading(struct extractor *x, const struct rc_md_unit *u,
                          enum rc_stance s, const char *marker,
                          const char *clean)
{
  int lvl = u->level >= 1 && u->level <= 6 ? u->level : 6;
  for (int k = lvl; k <= 6; k++)
    memset(&x->sections[k], 0, sizeof(x->sections[k]));
  struct label l;
  label_split(clean, &l);
  x->sections[lvl] =
      (struct heading){s, marker, u->line,
                       rc_arena_strdup(x->out->arena, l.name ? l.name : clean)};
  label_release(&l);
}

/* The marker a top-level bullet without its own carries: its list's
 * introducing heading or paragraph, else a passing section heading. */
static enum rc_stance inherited(const struct extractor *x, const char **marker,
                                unsigned *from)
{
  if (x->list_stance != RC_STANCE_NONE) {
    *marker = x->list_marker;
    *from = x->list_line;
    return x->list_stance;
  }
  for (int lvl = 6; lvl >= 1; lvl--) {
    const struct heading *h = &x->sections[lvl];
    if (h->stance == RC_STANCE_NONE)
      continue;
    if (h->stance != RC_STANCE_PASS)
      return RC_STANCE_NONE;
    *marker = h->marker;
    *from = h->line;
    return RC_STANCE_PASS;
  }
  return RC_STANCE_NONE;
}

static void start_list(struct extractor *x, const struct rc_md_unit *u)
{
  x->list_stance = RC_STANCE_NONE;
  x->list_marker = NULL;
  x->list_line = 0;
  if (u->intro == SIZE_MAX)
    return;
  const struct rc_md_unit *in = &x->doc->units[u->intro];
  if (in->kind != RC_MD_HEADING && in->kind != RC_MD_LINE)
    return;
  x->list_stance = rc_norm_marker(in->prose, &x->list_marker);
  x->list_line = in->line;
}

static void item(struct extractor *x, const struct rc_md_unit *u,
                 const char *clean)
{
  if (u->level == 1 && u->list_start)
    start_list(x, u);
  if (u->task >= 0) {
    struct rc_claim *c = add_claim(x, u, RC_CLAIM_CHECKLIST, clean);
    c->stance = u->task ? RC_STANCE_PASS : RC_STANCE_OPEN;
    c->marker = u->task ? "[x]" : "[ ]";
    return;
  }
  const char *marker;
  enum rc_stance s = rc_norm_marker(u->prose, &marker);
  if (headline(x, u, clean, s, marker))
    return;
  unsigned from = 0;
  if (s == RC_STANCE_NONE && u->level == 1)
    s = inherited(x, &marker, &from);
  if (s == RC_STANCE_NONE)
    return;
  struct rc_claim *c = add_claim(x, u, RC_CLAIM_STATUS, clean);
  c->stance = s;
  c->marker = marker;
  c->from_line = from;
}

static bool status_header(const char *cell)
{
  static const char *const names[] = {
      "status",  "state",   "result",   "results",   "done",
      "ready",   "passed",  "pass",     "ok",        "checked",
      "outcome", "verdict", "complete", "completed", NULL};
  char *c = rc_norm_clean(cell);
  bool yes = word_is(c, strlen(c), names);
  free(c);
  return yes;
}

/* The status column of a table: the first column after the first whose
 * header names a status; the first column only when no other does. */
static void table_header(struct extractor *x, size_t i)
{
  const struct rc_md_unit *u = &x->doc->units[i];
  x->status_col[i] = SIZE_MAX;
  for (size_t k = 1; k < u->n_cells; k++)
    if (status_header(u->cells[k])) {
      x->status_col[i] = k;
      return;
    }
  if (u->n_cells && status_header(u->cells[0]))
    x->status_col[i] = 0;
}

static void row(struct extractor *x, const struct rc_md_unit *u)
{
  size_t col = u->table != SIZE_MAX ? x->status_col[u->table] : SIZE_MAX;
  const char *marker = NULL;
  enum rc_stance s = RC_STANCE_NONE;
  if (col < u->n_cells) {
    s = rc_norm_cell_marker(u->cells[col], &marker);
  } else {
    /* No status column: a cell with a marker, the first column last. */
    for (size_t k = u->n_cells > 1 ? 1 : 0; k < u->n_cells && !s; k++)
      if ((s = rc_norm_cell_marker(u->cells[k], &marker)) != RC_STANCE_NONE)
        col = k;
    if (!s && u->n_cells > 1 &&
        (s = rc_norm_cell_marker(u->cells[0], &marker)) != RC_STANCE_NONE)
      col = 0;
  }
  /* "| Overall | PRODUCTION READY |" reads as "Overall: PRODUCTION READY". */
  struct rc_buf text, labelled;
  rc_buf_init(&text);
  rc_buf_init(&labelled);
  for (size_t k = 0; k < u->n_cells; k++) {
    char *c = rc_norm_clean(u->cells[k]);
    if (*c) {
      rc_buf_printf(&labelled, "%s%s",
                    labelled.len ? (k == 1 ? ": " : " ") : "", c);
      if (k != col)
        rc_buf_printf(&text, "%s%s", text.len ? " \u2014 " : "", c);
    }
    free(c);
  }
  if (!headline(x, u, labelled.data, s, marker) && s != RC_STANCE_NONE &&
      text.len) {
    struct rc_claim *c = add_claim(x, u, RC_CLAIM_ROW, text.data);
    c->stance = s;
    c->marker = marker;
  }
  rc_buf_release(&text);
  rc_buf_release(&labelled);
}

/* The notes and summary of an annotated copy (audit_markdown.c) are not
 * the author's claims. */
static bool ours(const char *clean)
{
  return strncmp(clean, "readycheck:", 11) == 0 ||
         strncmp(clean, "readycheck audit of this report", 31) == 0 ||
         (strncmp(clean, "line ", 5) == 0 && strstr(clean, ": readycheck:"));
}

static void unit(struct extractor *x, size_t i)
{
  const struct rc_md_unit *u = &x->doc->units[i];
  if (u->kind == RC_MD_ROW) {
    if (u->header)
      table_header(x, i);
    else
      row(x, u);
    return;
  }
  char *clean = rc_norm_clean(u->text);
  if (ours(clean)) {
    free(clean);
    return;
  }
  const char *marker;
  enum rc_stance s = rc_norm_marker(u->prose, &marker);
  if (u->kind == RC_MD_HEADING) {
    enter_heading(x, u, s, marker, clean);
    x->list_stance = RC_STANCE_NONE;
  }
  if (u->kind == RC_MD_ITEM) {
    item(x, u, clean);
  } else if (*clean &&
             (u->kind == RC_MD_CODE || !headline(x, u, clean, s, marker)) &&
             s != RC_STANCE_NONE) {
    struct rc_claim *c = add_claim(x, u, RC_CLAIM_STATUS, clean);
    c->stance = s;
    c->marker = marker;
  }
  free(clean);
}

int rc_claims_extract(struct rc_claims *out, const struct rc_md_doc *doc,
                      struct rc_diag *d)
{
  struct extractor x = {.out = out, .doc = doc};
  int rc = 0;
  for (size_t i = 0; i < P_N; i++) {
    char err[256];
    size_t off;
    x.re[i] = rc_regex_new(patterns[i], err, sizeof(err), &off);
    if (!x.re[i])
      rc =
          rc_error(d, NULL, "claim pattern %zu: %s at offset %zu", i, err, off);
  }
  if (rc == 0) {
    x.scratch = rc_regex_scratch_new();
    x.status_col = rc_xcalloc(doc->n ? doc->n : 1, sizeof(*x.status_col));
    for (size_t i = 0; i < doc->n; i++)
      unit(&x, i);
    free(x.status_col);
    rc_regex_scratch_free(x.scratch);
  }
  for (size_t i = 0; i < P_N; i++)
    rc_regex_free(x.re[i]);
  return rc;
}
