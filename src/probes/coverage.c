/*
 * coverage.c - the `coverage` probe: test coverage reports meet a minimum.
 * Reads istanbul json-summary, lcov, Cobertura XML (root attributes only,
 * with a small scanner rather than an XML library) and Go coverprofiles.
 * Unknown coverage fails closed: no report, no data or a broken report is
 * an error, never a pass. Finding files is the index's job.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

enum metric { M_LINES, M_BRANCHES, M_STATEMENTS, M_FUNCTIONS };
enum format { F_AUTO, F_ISTANBUL, F_LCOV, F_COBERTURA, F_GO };

static const char *const metric_names[] = {"lines", "branches", "statements",
                                           "functions", NULL};
static const char *const format_names[] = {"auto",      "istanbul", "lcov",
                                           "cobertura", "go",       NULL};

struct coverage_cfg {
  struct rc_strlist file;
  double min;
  int metric; /* enum metric */
  int format; /* enum format */
};

/* What one report says about the metric. */
struct measure {
  const char *metric; /* what was measured: Go has only statements */
  double pct;         /* 0..100 */
  bool counted;       /* covered/total known */
  double covered, total;
};

/* A report's text, for parsers: errors go to err as "LINE: what" or
 * "what". */
struct report {
  const char *path;
  const char *data;
  size_t len;
  enum metric metric;
  char *err;
  size_t errlen;
};

static int bad(const struct report *r, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(const struct report *r, size_t line, const char *fmt, ...)
{
  int n = line ? snprintf(r->err, r->errlen, "%zu: ", line) : 0;
  if (n < 0 || (size_t)n >= r->errlen)
    return -1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
  va_end(ap);
  return -1;
}

static int from_counts(const struct report *r, struct measure *m,
                       double covered, double total)
{
  if (total <= 0)
    return bad(r, 0, "no %s data", m->metric);
  if (covered < 0 || covered > total)
    return bad(r, 0, "%s: %.0f covered of %.0f", m->metric, covered, total);
  m->counted = true;
  m->covered = covered;
  m->total = total;
  m->pct = 100.0 * covered / total;
  return 0;
}

/* Strict unsigned decimal: the whole of s[0..n). */
static bool parse_count(const char *s, size_t n, double *out)
{
  if (!n || n > 15)
    return false;
  double v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
  size_t m = strlen(prefix);
  return n >= m && memcmp(s, prefix, m) == 0;
}

/* ---- istanbul json-summary ------------------------------------------- */

static int read_istanbul(const struct report *r, struct measure *m)
{
  struct rc_docs docs;
  char err[256];
  if (rc_docs_parse(&docs, r->data, r->len, r->path, RC_DOC_JSON, err,
                    sizeof(err)) != 0)
    return bad(r, 0, "%s", err);
  const cJSON *total = cJSON_GetObjectItemCaseSensitive(docs.docs[0], "total");
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(total, m->metric);
  const cJSON *pct = cJSON_GetObjectItemCaseSensitive(item, "pct");
  const cJSON *cov = cJSON_GetObjectItemCaseSensitive(item, "covered");
  const cJSON *all = cJSON_GetObjectItemCaseSensitive(item, "total");
  int rc = 0;
  if (!cJSON_IsObject(total))
    rc = bad(r, 0, "no 'total' object (not a json-summary report)");
  else if (!cJSON_IsObject(item))
    rc = bad(r, 0, "no '%s' in 'total'", m->metric);
  else if (cJSON_IsString(pct))
    rc =
        bad(r, 0, "no %s data (pct is \"%.20s\")", m->metric, pct->valuestring);
  else if (!cJSON_IsNumber(pct) || !isfinite(pct->valuedouble) ||
           pct->valuedouble < 0 || pct->valuedouble > 100)
    rc = bad(r, 0, "total.%s.pct is not a percentage", m->metric);
  else if (cJSON_IsNumber(cov) && cJSON_IsNumber(all))
    rc = from_counts(r, m, cov->valuedouble, all->valuedouble);
  if (rc == 0)
    m->pct = pct->valuedouble; /* istanbul's own rounding, as it prints */
  rc_docs_release(&docs);
  return rc;
}

/* ---- lcov -------------------------------------------------------------- */

/* Totals of one metric: from the summary lines (LF/LH) when a record has
 * them, else counted from the detail lines (DA). */
struct tally {
  double found, hit;       /* summary lines of this record */
  bool has_found, has_hit; /* seen in this record */
  double n, n_hit;         /* detail lines of this record */
  bool seen;               /* any data in any record */
  double total, covered;   /* over all records */
};

static void tally_close(struct tally *t)
{
  if (t->has_found) {
    t->total += t->found;
    t->covered += t->has_hit ? t->hit : 0;
  } else {
    t->total += t->n;
    t->covered += t->n_hit;
  }
  t->seen = t->seen || t->has_found || t->n > 0;
  t->found = t->hit = t->n = t->n_hit = 0;
  t->has_found = t->has_hit = false;
}

struct lcov {
  struct tally lines, branches, functions;
  size_t records;
};

static void lcov_close(struct lcov *lc)
{
  tally_close(&lc->lines);
  tally_close(&lc->branches);
  tally_close(&lc->functions);
}

/* The field after the last comma of "a,b,count" holds a count; "-" means
 * never executed. */
static int detail(const char *v, size_t n, size_t fields, bool count_last,
                  struct tally *t)
{
  const char *comma[4];
  size_t k = 0;
  for (size_t i = 0; i < n && k < 4; i++)
    if (v[i] == ',')
      comma[k++] = v + i;
  if (k + 1 < fields)
    return -1;
  const char *s = count_last ? comma[fields - 2] + 1 : v;
  const char *e =
      count_last ? (k >= fields ? comma[fields - 1] : v + n) : comma[0];
  double c = 0;
  if (!(e - s == 1 && *s == '-') && !parse_count(s, (size_t)(e - s), &c))
    return -1;
  t->n++;
  t->n_hit += c > 0;
  return 0;
}

static int lcov_line(const struct report *r, struct lcov *lc, size_t no,
                     const char *s, size_t n)
{
  static const struct {
    const char *tag;
    size_t tally;  /* offsetof struct lcov */
    bool is_found; /* FOUND vs HIT summary */
  } sums[] = {
      {"LF:", offsetof(struct lcov, lines), true},
      {"LH:", offsetof(struct lcov, lines), false},
      {"BRF:", offsetof(struct lcov, branches), true},
      {"BRH:", offsetof(struct lcov, branches), false},
      {"FNF:", offsetof(struct lcov, functions), true},
      {"FNH:", offsetof(struct lcov, functions), false},
  };
  for (size_t i = 0; i < sizeof(sums) / sizeof(sums[0]); i++) {
    if (!starts_with(s, n, sums[i].tag))
      continue;
    struct tally *t = (struct tally *)((char *)lc + sums[i].tally);
    size_t tl = strlen(sums[i].tag);
    double v;
    if (!parse_count(s + tl, n - tl, &v))
      return bad(r, no, "bad %.*s value", (int)(tl - 1), sums[i].tag);
    *(sums[i].is_found ? &t->found : &t->hit) = v;
    *(sums[i].is_found ? &t->has_found : &t->has_hit) = true;
    return 0;
  }
  int rc = 0;
  if (starts_with(s, n, "DA:"))
    rc = detail(s + 3, n - 3, 2, true, &lc->lines);
  else if (starts_with(s, n, "BRDA:"))
    rc = detail(s + 5, n - 5, 4, true, &lc->branches);
  else if (starts_with(s, n, "FNDA:"))
    rc = detail(s + 5, n - 5, 2, false, &lc->functions);
  else if (starts_with(s, n, "SF:"))
    lc->records++;
  else if (n == 13 && memcmp(s, "end_of_record", 13) == 0)
    lcov_close(lc);
  else if (!memchr(s, ':', n))
    return bad(r, no, "not an lcov line: '%.*s'", (int)(n > 40 ? 40 : n), s);
  if (rc)
    return bad(r, no, "malformed %.*s line", (int)(strchr(s, ':') - s), s);
  return 0;
}

static int read_lcov(const struct report *r, struct measure *m)
{
  struct lcov lc = {0};
  size_t no = 0;
  for (const char *p = r->data, *end = r->data + r->len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *next = nl ? nl + 1 : end;
    size_t n = (size_t)((nl ? nl : end) - p);
    no++;
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
      n--;
    if (n && lcov_line(r, &lc, no, p, n) != 0)
      return -1;
    p = next;
  }
  lcov_close(&lc); /* a last record without end_of_record */
  if (!lc.records && !lc.lines.seen)
    return bad(r, 0, "no lcov records");
  const struct tally *t = r->metric == M_BRANCHES    ? &lc.branches
                          : r->metric == M_FUNCTIONS ? &lc.functions
                                                     : &lc.lines;
  if (!t->seen)
    return bad(r, 0, "no %s data", m->metric);
  return from_counts(r, m, t->covered, t->total);
}

/* ---- Cobertura ------------------------------------------------------- */

struct xml {
  const struct report *r;
  const char *p, *end;
};

static size_t xml_line(const struct xml *x)
{
  size_t line = 1;
  for (const char *q = x->r->data; q < x->p; q++)
    line += *q == '\n';
  return line;
}

static bool xml_at(const struct xml *x, const char *s)
{
  return starts_with(x->p, (size_t)(x->end - x->p), s);
}

static bool xml_skip_to(struct xml *x, const char *close)
{
  size_t n = strlen(close);
  for (; x->p + n <= x->end; x->p++) {
    if (memcmp(x->p, close, n) == 0) {
      x->p += n;
      return true;
    }
  }
  return false;
}

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void xml_skip_space(struct xml *x)
{
  while (x->p < x->end && is_space(*x->p))
    x->p++;
}

/* A DOCTYPE may hold an internal subset in [...] with '>' inside. */
static bool xml_skip_doctype(struct xml *x)
{
  int depth = 0;
  for (; x->p < x->end; x->p++) {
    if (*x->p == '[')
      depth++;
    else if (*x->p == ']')
      depth--;
    else if (*x->p == '>' && depth <= 0) {
      x->p++;
      return true;
    }
  }
  return false;
}

/* Skips the prolog: declaration, comments, processing instructions,
 * DOCTYPE. Leaves p at the root element's '<'. */
static int xml_prolog(struct xml *x)
{
  for (;;) {
    xml_skip_space(x);
    const char *start = x->p;
    bool ok = true;
    if (xml_at(x, "<?"))
      ok = xml_skip_to(x, "?>");
    else if (xml_at(x, "<!--"))
      ok = xml_skip_to(x, "-->");
    else if (xml_at(x, "<!DOCTYPE"))
      ok = xml_skip_doctype(x);
    else
      return 0;
    if (!ok) {
      x->p = start;
      return bad(x->r, xml_line(x), "unterminated %.9s", start);
    }
  }
}

enum { A_LINE_RATE, A_BRANCH_RATE, A_LC, A_LV, A_BC, A_BV, N_ATTRS };

static const char *const attr_names[N_ATTRS] = {
    "line-rate",   "branch-rate",      "lines-covered",
    "lines-valid", "branches-covered", "branches-valid"};

struct attr {
  const char *v;
  size_t n;
  size_t line;
};

static bool is_name_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
}

static int xml_root(struct xml *x, struct attr *attrs)
{
  size_t line = xml_line(x);
  if (x->p >= x->end || *x->p != '<')
    return bad(x->r, line, "expected a <coverage> element");
  const char *name = ++x->p;
  while (x->p < x->end && is_name_char(*x->p))
    x->p++;
  size_t nlen = (size_t)(x->p - name);
  if (nlen != 8 || memcmp(name, "coverage", 8) != 0)
    return bad(x->r, line, "root element is <%.*s>, not <coverage>",
               (int)(nlen > 40 ? 40 : nlen), name);
  for (;;) {
    xml_skip_space(x);
    if (x->p >= x->end)
      return bad(x->r, line, "unterminated <coverage> tag");
    if (*x->p == '>' || *x->p == '/')
      return 0;
    const char *an = x->p;
    while (x->p < x->end && is_name_char(*x->p))
      x->p++;
    size_t alen = (size_t)(x->p - an);
    size_t aline = xml_line(x);
    xml_skip_space(x);
    if (!alen || x->p >= x->end || *x->p != '=')
      return bad(x->r, aline, "malformed attribute in <coverage>");
    x->p++;
    xml_skip_space(x);
    char q = x->p < x->end ? *x->p : '\0';
    const char *close = q == '"' || q == '\''
                            ? memchr(x->p + 1, q, (size_t)(x->end - x->p - 1))
                            : NULL;
    if (!close)
      return bad(x->r, aline, "malformed attribute value in <coverage>");
    for (int i = 0; i < N_ATTRS; i++)
      if (strlen(attr_names[i]) == alen && memcmp(an, attr_names[i], alen) == 0)
        attrs[i] = (struct attr){x->p + 1, (size_t)(close - x->p - 1), aline};
    x->p = close + 1;
  }
}

static int attr_number(const struct report *r, const struct attr *a,
                       const char *name, double max, double *out)
{
  char buf[64];
  if (a->n >= sizeof(buf))
    return bad(r, a->line, "bad %s value", name);
  memcpy(buf, a->v, a->n);
  buf[a->n] = '\0';
  char *end;
  *out = strtod(buf, &end);
  if (!a->n || *end || !isfinite(*out) || *out < 0 || *out > max)
    return bad(r, a->line, "bad %s value '%s'", name, buf);
  return 0;
}

static int read_cobertura(const struct report *r, struct measure *m)
{
  struct xml x = {r, r->data, r->data + r->len};
  if (xml_at(&x, "\xEF\xBB\xBF"))
    x.p += 3;
  struct attr attrs[N_ATTRS] = {{0}};
  if (xml_prolog(&x) != 0 || xml_root(&x, attrs) != 0)
    return -1;
  if (r->metric == M_FUNCTIONS)
    return bad(r, 0, "Cobertura reports have no function coverage");
  bool br = r->metric == M_BRANCHES;
  const struct attr *rate = &attrs[br ? A_BRANCH_RATE : A_LINE_RATE];
  const struct attr *cov = &attrs[br ? A_BC : A_LC];
  const struct attr *valid = &attrs[br ? A_BV : A_LV];
  if (cov->v && valid->v) {
    double c, v;
    if (attr_number(r, cov, attr_names[br ? A_BC : A_LC], 1e15, &c) ||
        attr_number(r, valid, attr_names[br ? A_BV : A_LV], 1e15, &v))
      return -1;
    return from_counts(r, m, c, v);
  }
  if (!rate->v)
    return bad(r, 0, "<coverage> has no %s",
               attr_names[br ? A_BRANCH_RATE : A_LINE_RATE]);
  double v;
  if (attr_number(r, rate, attr_names[br ? A_BRANCH_RATE : A_LINE_RATE], 1, &v))
    return -1;
  m->pct = 100.0 * v;
  return 0;
}

/* ---- Go coverprofile ------------------------------------------------- */

struct block {
  const char *key; /* "file:sl.sc,el.ec" */
  size_t len;
  double stmts, count;
};

static int by_block(const void *pa, const void *pb)
{
  const struct block *a = pa, *b = pb;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->key, b->key, n);
  if (c)
    return c;
  return a->len < b->len ? -1 : a->len > b->len;
}

/* "sl.sc,el.ec" */
static bool go_range(const char *s, size_t n)
{
  size_t groups = 0, digits = 0;
  static const char seps[] = ".,.";
  for (size_t i = 0; i < n; i++) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits++;
    } else if (groups < 3 && s[i] == seps[groups] && digits) {
      groups++;
      digits = 0;
    } else {
      return false;
    }
  }
  return groups == 3 && digits;
}

/* "file:sl.sc,el.ec numStmts count" */
static bool go_block(const char *s, size_t n, struct block *b)
{
  const char *sp2 = NULL, *sp1 = NULL;
  for (size_t i = n; i-- > 0;) {
    if (s[i] == ' ') {
      if (!sp2)
        sp2 = s + i;
      else {
        sp1 = s + i;
        break;
      }
    }
  }
  if (!sp1)
    return false;
  const char *colon = NULL;
  for (const char *q = sp1; q-- > s;)
    if (*q == ':') {
      colon = q;
      break;
    }
  b->key = s;
  b->len = (size_t)(sp1 - s);
  return colon && colon > s && go_range(colon + 1, (size_t)(sp1 - colon - 1)) &&
         parse_count(sp1 + 1, (size_t)(sp2 - sp1 - 1), &b->stmts) &&
         parse_count(sp2 + 1, (size_t)(s + n - sp2 - 1), &b->count);
}

static bool go_mode(const char *s, size_t n)
{
  return (n == 9 && memcmp(s, "mode: set", 9) == 0) ||
         (n == 11 && memcmp(s, "mode: count", 11) == 0) ||
         (n == 12 && memcmp(s, "mode: atomic", 12) == 0);
}

static int go_lines(const struct report *r, struct block **blocks, size_t *nb,
                    size_t *cap)
{
  size_t no = 0;
  bool moded = false;
  for (const char *p = r->data, *end = r->data + r->len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *next = nl ? nl + 1 : end;
    size_t n = (size_t)((nl ? nl : end) - p);
    no++;
    while (n && p[n - 1] == '\r')
      n--;
    if (n && (!moded || starts_with(p, n, "mode:"))) {
      if (!go_mode(p, n))
        return bad(r, no, "expected 'mode: set|count|atomic'");
      moded = true;
    } else if (n) {
      rc_grow((void **)blocks, cap, *nb, sizeof(**blocks));
      if (!go_block(p, n, &(*blocks)[*nb]))
        return bad(r, no, "expected 'file:line.col,line.col statements count'");
      (*nb)++;
    }
    p = next;
  }
  if (!moded)
    return bad(r, 0, "empty Go coverage profile");
  return 0;
}

static int read_go(const struct report *r, struct measure *m)
{
  if (r->metric == M_BRANCHES || r->metric == M_FUNCTIONS)
    return bad(r, 0, "Go coverage profiles have no %s coverage", m->metric);
  m->metric = "statements";
  struct block *b = NULL;
  size_t n = 0, cap = 0;
  int rc = go_lines(r, &b, &n, &cap);
  double total = 0, covered = 0;
  if (rc == 0 && n)
    qsort(b, n, sizeof(*b), by_block);
  /* Profiles merged from several test binaries repeat blocks: a block is
   * covered if any run covered it. */
  for (size_t i = 0; rc == 0 && i < n;) {
    size_t j = i;
    double count = 0;
    for (; j < n && by_block(&b[i], &b[j]) == 0; j++)
      count = b[j].count > count ? b[j].count : count;
    total += b[i].stmts;
    covered += count > 0 ? b[i].stmts : 0;
    i = j;
  }
  free(b);
  return rc ? rc : from_counts(r, m, covered, total);
}

/* ---- one report ------------------------------------------------------ */

static bool has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static enum format detect(const char *path, const char *data, size_t len)
{
  size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (i < len && is_space(data[i]))
    i++;
  const char *s = data + i;
  size_t n = len - i;
  if (n && *s == '{')
    return F_ISTANBUL;
  if (n && *s == '<')
    return F_COBERTURA;
  if (starts_with(s, n, "mode:"))
    return F_GO;
  if (starts_with(s, n, "TN:") || starts_with(s, n, "SF:"))
    return F_LCOV;
  if (has_suffix(path, ".json"))
    return F_ISTANBUL;
  if (has_suffix(path, ".info") || has_suffix(path, ".lcov"))
    return F_LCOV;
  if (has_suffix(path, ".xml"))
    return F_COBERTURA;
  return F_AUTO;
}

static int measure_report(const struct coverage_cfg *c, struct report *r,
                          struct measure *m)
{
  enum format f = (enum format)c->format;
  if (f == F_AUTO)
    f = detect(r->path, r->data, r->len);
  if (rc_index_is_binary(r->data, r->len))
    return bad(r, 0, "binary file");
  m->metric = metric_names[c->metric];
  if (c->metric == M_STATEMENTS && (f == F_LCOV || f == F_COBERTURA))
    m->metric = "lines"; /* neither format counts statements */
  switch (f) {
  case F_ISTANBUL:
    return read_istanbul(r, m);
  case F_LCOV:
    return read_lcov(r, m);
  case F_COBERTURA:
    return read_cobertura(r, m);
  case F_GO:
    return read_go(r, m);
  default:
    return bad(r, 0, "unknown coverage format (set 'format')");
  }
}

/* ---- the probe --------------------------------------------------------- */

struct run {
  const struct coverage_cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  size_t count[RC_OUT_ERROR + 1];
  const char *first[RC_OUT_ERROR + 1];
  struct rc_buf looked; /* candidates that did not exist */
};

static void result(struct run *r, enum rc_outcome o, const char *path,
                   const char *text)
{
  r->count[o]++;
  if (!r->first[o])
    r->first[o] = rc_arena_strdup(r->ctx->arena, text);
  rc_check_evidence(r->out, r->ctx, path, 0, "%s", text);
}

/* A percentage with enough decimals that it does not look like it meets
 * min when it does not (79.96 is "79.96%", not "80.0%"). */
static void put_pct(struct rc_buf *b, double pct, double min)
{
  char s[32];
  for (int d = 1; d <= 4; d++) {
    snprintf(s, sizeof(s), "%.*f", d, pct);
    if ((strtod(s, NULL) < min) == (pct < min))
      break;
  }
  rc_buf_printf(b, "%s%%", s);
}

static void judge(struct run *r, const char *path, const char *data, size_t len)
{
  char err[512];
  struct report rep = {path, data,       len, (enum metric)r->cfg->metric,
                       err,  sizeof(err)};
  struct measure m = {0};
  struct rc_buf text;
  rc_buf_init(&text);
  if (measure_report(r->cfg, &rep, &m) != 0) {
    bool has_line = err[0] >= '0' && err[0] <= '9'; /* "12: what" */
    rc_buf_printf(&text, "%s:%s%s", path, has_line ? "" : " ", err);
    result(r, RC_OUT_ERROR, path, text.data);
    rc_buf_release(&text);
    return;
  }
  bool ok = m.pct >= r->cfg->min;
  rc_buf_printf(&text, "%s: %s ", path, m.metric);
  put_pct(&text, m.pct, r->cfg->min);
  if (m.counted)
    rc_buf_printf(&text, " (%.0f/%.0f)", m.covered, m.total);
  rc_buf_printf(&text, ", %s %g%%", ok ? "at least" : "below", r->cfg->min);
  result(r, ok ? RC_OUT_OK : RC_OUT_FAIL, path, text.data);
  rc_buf_release(&text);
}

static void not_found(struct run *r, const char *what)
{
  rc_buf_printf(&r->looked, "%s%s", r->looked.len ? ", " : "", what);
}

static void check_explicit(struct run *r, const char *path)
{
  char err[512];
  enum rc_entry_kind kind;
  int st = rc_index_stat_path(r->ctx->index, path, &kind, err, sizeof(err));
  const char *data;
  size_t len;
  if (st == 0) {
    not_found(r, path);
  } else if (st < 0 || kind == RC_ENTRY_DIR ||
             rc_index_read_path(r->ctx->index, path, &data, &len, err,
                                sizeof(err)) != 0) {
    char *text = rc_arena_printf(
        r->ctx->arena, "%s: %s", path,
        st > 0 && kind == RC_ENTRY_DIR ? "is a directory" : err);
    result(r, RC_OUT_ERROR, path, text);
  } else {
    judge(r, path, data, len);
  }
}

static int on_entry(const struct rc_entry *e, void *arg)
{
  struct run *r = arg;
  char err[512];
  const char *data;
  size_t len;
  if (rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    result(r, RC_OUT_ERROR, e->path,
           rc_arena_printf(r->ctx->arena, "%s: %s", e->path, err));
  else
    judge(r, e->path, data, len);
  return 0;
}

static size_t reports(const struct run *r)
{
  return r->count[RC_OUT_OK] + r->count[RC_OUT_FAIL] + r->count[RC_OUT_ERROR];
}

static void verdict(struct run *r)
{
  const struct coverage_cfg *c = r->cfg;
  size_t n = reports(r);
  enum rc_outcome o = r->count[RC_OUT_FAIL]    ? RC_OUT_FAIL
                      : r->count[RC_OUT_ERROR] ? RC_OUT_ERROR
                                               : RC_OUT_OK;
  if (!n)
    rc_check_set(r->out, r->ctx, RC_OUT_ERROR,
                 "no coverage report found (looked for %s)", r->looked.data);
  else if (n == 1)
    rc_check_set(r->out, r->ctx, o, "%s", r->first[o]);
  else if (o == RC_OUT_ERROR)
    rc_check_set(r->out, r->ctx, o,
                 "%zu of %zu coverage reports could not be read, e.g. %s",
                 r->count[o], n, r->first[o]);
  else
    rc_check_set(r->out, r->ctx, o,
                 "%zu of %zu coverage reports have %s >= %g%%",
                 r->count[RC_OUT_OK], n, metric_names[c->metric], c->min);
}

static void check(const void *cfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct coverage_cfg *c = cfg;
  struct run r = {.cfg = c, .ctx = ctx, .out = out};
  rc_buf_init(&r.looked);
  for (size_t i = 0; i < c->file.n; i++) {
    const char *f = c->file.items[i];
    if (rc_glob_is_literal(f)) {
      check_explicit(&r, f);
      continue;
    }
    size_t before = reports(&r);
    rc_index_glob(ctx->index, f, RC_ENTRY_FILE, on_entry, &r);
    if (reports(&r) == before)
      not_found(&r, f);
  }
  verdict(&r);
  rc_buf_release(&r.looked);
}

static int validate(void *cfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct coverage_cfg *c = cfg;
  int rc = 0;
  if (!isfinite(c->min) || c->min < 0 || c->min > 100)
    rc = rc_error(d, loc, "'min' must be a percentage between 0 and 100");
  if (rc_globs_validate(&c->file, "file", loc, d) != 0)
    rc = -1;
  return rc;
}

static const struct rc_field fields[] = {
    {"file", RC_FIELD_STRINGS, offsetof(struct coverage_cfg, file),
     RC_FIELD_REQUIRED, NULL,
     "report paths (read even when git-ignored) or globs over tracked files; "
     "every report found must meet min"},
    {"min", RC_FIELD_NUMBER, offsetof(struct coverage_cfg, min),
     RC_FIELD_REQUIRED, NULL, "minimum coverage in percent, 0..100"},
    {"metric", RC_FIELD_ENUM, offsetof(struct coverage_cfg, metric), 0,
     metric_names,
     "lines (default), branches, statements or functions; Go profiles "
     "have statements only"},
    {"format", RC_FIELD_ENUM, offsetof(struct coverage_cfg, format), 0,
     format_names,
     "auto (by content, then name), istanbul (json-summary), lcov, "
     "cobertura or go"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_coverage = {
    .name = "coverage",
    .summary = "test coverage reports (istanbul, lcov, Cobertura, Go) meet a "
               "minimum",
    .fields = fields,
    .cfg_size = sizeof(struct coverage_cfg),
    .validate = validate,
    .check = check,
    .network = false,
};
