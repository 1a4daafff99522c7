/*
 * coverage.c - the `coverage` probe: test coverage reports meet a minimum.
 * Reads istanbul json-summary, lcov, Cobertura and JaCoCo XML (with
 * libxml2: this is its only user) and Go coverprofiles. Unknown coverage
 * fails closed: no report, no data or a broken report is an error, never a
 * pass, and so is a report readers could disagree on (a JSON key written
 * twice, a Cobertura rate that contradicts its counts). Finding files is
 * the index's job.
 */
#include <limits.h>
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

#include <libxml/parser.h>
#include <libxml/tree.h>

enum metric { M_LINES, M_BRANCHES, M_STATEMENTS, M_FUNCTIONS };
enum format { F_AUTO, F_ISTANBUL, F_LCOV, F_COBERTURA, F_GO, F_JACOCO };

static const char *const metric_names[] = {"lines", "branches", "statements",
                                           "functions", NULL};
static const char *const format_names[] = {
    "auto", "istanbul", "lcov", "cobertura", "go", "jacoco", NULL};

struct coverage_cfg {
  struct rc_strlist file;
  double min;
  int metric; /* enum metric */
  int format; /* enum format */
  bool skip_committed;
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

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
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
  if (docs.dup_key) {
    /* cJSON would take the first, JavaScript the last: refuse both. */
    int rc = bad(r, 0,
                 "duplicate key '%.60s' (readers disagree on which one "
                 "counts)",
                 docs.dup_key);
    rc_docs_release(&docs);
    return rc;
  }
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

/* ---- XML reports: Cobertura and JaCoCo --------------------------------- */

/* Strict number text: digits, one '.', an exponent; nothing else, nothing
 * trailing (no "NaN", "inf", hex, "0.9abc" or spaces). */
static bool parse_decimal(const char *s, double *out)
{
  if (!*s || strspn(s, "0123456789.eE+-") != strlen(s) || *s == '+' ||
      *s == 'e' || *s == 'E')
    return false;
  char *end;
  double v = strtod(s, &end);
  if (*end || !isfinite(v))
    return false;
  *out = v;
  return true;
}

static unsigned xml_line_of(const xmlNode *n)
{
  long line = xmlGetLineNo(n);
  return line > 0 ? (unsigned)line : 0;
}

/* An attribute's text (NULL when absent); caller frees with xmlFree. */
static char *xml_attr(const xmlNode *n, const char *name)
{
  return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

static bool xml_is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE &&
         strcmp((const char *)n->name, name) == 0;
}

/* The first error libxml2 reports: later ones are often consequences. */
struct xml_error {
  bool seen;
  size_t line;
  char msg[200];
};

static void on_xml_error(void *arg, xmlError *e)
{
  xmlParserCtxt *ctxt = arg;
  struct xml_error *first = ctxt ? ctxt->_private : NULL;
  if (!first || first->seen || !e || e->level < XML_ERR_ERROR)
    return;
  first->seen = true;
  first->line = e->line > 0 ? (size_t)e->line : 0;
  snprintf(first->msg, sizeof(first->msg), "%s",
           e->message ? e->message : "not well-formed XML");
  first->msg[strcspn(first->msg, "\n")] = '\0';
}

/* Parses the report with libxml2: no network, no DTD loading, no entity
 * substitution, no messages on stderr. Entity declarations are refused
 * before parsing (a report has no use for them; they are how XML bombs
 * and external entities work). A document must be well-formed to its end,
 * so a truncated report is an error. */
static xmlDoc *xml_read(const struct report *r)
{
  static const char decl[] = "<!ENTITY";
  for (const char *p = r->data, *end = r->data + r->len;
       (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
    if ((size_t)(end - p) >= sizeof(decl) - 1 &&
        memcmp(p, decl, sizeof(decl) - 1) == 0) {
      size_t line = 1;
      for (const char *q = r->data; q < p; q++)
        line += *q == '\n';
      bad(r, line,
          "XML entity declarations are not allowed in a coverage "
          "report");
      return NULL;
    }
  }
  if (r->len > INT_MAX) {
    bad(r, 0, "XML report too large");
    return NULL;
  }
  xmlInitParser();
  xmlParserCtxt *ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    bad(r, 0, "cannot start the XML parser");
    return NULL;
  }
  struct xml_error first = {0};
  ctxt->_private = &first;
  ctxt->sax->serror = on_xml_error; /* instead of printing to stderr */
  xmlDoc *doc = xmlCtxtReadMemory(ctxt, r->data, (int)r->len, NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
  if (!doc || first.seen) {
    bad(r, first.line, "XML error: %s",
        first.seen ? first.msg : "not well-formed XML");
    xmlFreeDoc(doc);
    doc = NULL;
  }
  xmlFreeParserCtxt(ctxt);
  return doc;
}

/* ---- Cobertura ----------------------------------------------------------- */

/* Every line-rate and branch-rate in the report (root, packages, classes)
 * must be a rate: a bad one anywhere means the report cannot be trusted. */
static int cobertura_rates(const struct report *r, const xmlNode *n)
{
  static const char *const names[] = {"line-rate", "branch-rate"};
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    for (size_t i = 0; i < 2; i++) {
      char *v = xml_attr(n, names[i]);
      double d;
      bool ok = !v || (parse_decimal(v, &d) && d >= 0 && d <= 1);
      if (!ok)
        bad(r, xml_line_of(n), "bad %s '%.40s' in <%s> (expected 0 to 1)",
            names[i], v, (const char *)n->name);
      xmlFree(v);
      if (!ok)
        return -1;
    }
    if (cobertura_rates(r, n->children) != 0)
      return -1;
  }
  return 0;
}

/* A count attribute of the root: absent (false), or a whole number. */
static int count_attr(const struct report *r, const xmlNode *root,
                      const char *name, bool *have, double *out)
{
  char *v = xml_attr(root, name);
  *have = v != NULL;
  int rc = 0;
  if (v && !parse_count(v, strlen(v), out))
    rc = bad(r, xml_line_of(root), "bad %s '%.40s' in <coverage>", name, v);
  xmlFree(v);
  return rc;
}

/* One metric of the root: its counts and its rate must agree (rates are
 * rounded when written, so within one percentage point). */
static int cobertura_metric(const struct report *r, const xmlNode *root,
                            const char *rate_name, const char *cov_name,
                            const char *valid_name, struct measure *m)
{
  bool have_c, have_v;
  double c = 0, v = 0, rate = 0;
  if (count_attr(r, root, cov_name, &have_c, &c) != 0 ||
      count_attr(r, root, valid_name, &have_v, &v) != 0)
    return -1;
  char *rt = xml_attr(root, rate_name);
  bool have_rate = rt != NULL;
  if (rt)
    parse_decimal(rt, &rate); /* checked by cobertura_rates() */
  xmlFree(rt);
  if (have_c != have_v)
    return bad(r, xml_line_of(root), "<coverage> has %s without %s",
               have_c ? cov_name : valid_name, have_c ? valid_name : cov_name);
  if (!have_c && !have_rate)
    return bad(r, xml_line_of(root), "<coverage> has no %s", rate_name);
  if (!m)
    return 0;
  if (!have_c) {
    m->pct = 100.0 * rate;
    return 0;
  }
  if (from_counts(r, m, c, v) != 0)
    return -1;
  if (have_rate && fabs(rate - c / v) > 0.01)
    return bad(r, xml_line_of(root),
               "%s %g does not match %s/%s (%.0f/%.0f = %.4f)", rate_name, rate,
               cov_name, valid_name, c, v, c / v);
  return 0;
}

static int read_cobertura(const struct report *r, const xmlNode *root,
                          struct measure *m)
{
  if (cobertura_rates(r, root) != 0)
    return -1;
  if (r->metric == M_FUNCTIONS)
    return bad(r, 0, "Cobertura reports have no function coverage");
  bool br = r->metric == M_BRANCHES;
  /* Both metrics are checked; only the one asked for is measured. */
  if (cobertura_metric(r, root, "line-rate", "lines-covered", "lines-valid",
                       br ? NULL : m) != 0)
    return -1;
  char *brv = xml_attr(root, "branch-rate");
  char *bcv = xml_attr(root, "branches-valid");
  bool any_branch = brv || bcv;
  xmlFree(brv);
  xmlFree(bcv);
  if (!br && !any_branch)
    return 0;
  return cobertura_metric(r, root, "branch-rate", "branches-covered",
                          "branches-valid", br ? m : NULL);
}

/* ---- JaCoCo -------------------------------------------------------------- */

static const char *const jacoco_types[] = {
    "INSTRUCTION", "BRANCH", "LINE", "COMPLEXITY", "METHOD", "CLASS", NULL};

/* Every <counter> in the report must have a known type and whole-number
 * missed/covered. */
static int jacoco_counters(const struct report *r, const xmlNode *n)
{
  for (; n; n = n->next) {
    if (xml_is(n, "counter")) {
      char *type = xml_attr(n, "type");
      char *missed = xml_attr(n, "missed");
      char *covered = xml_attr(n, "covered");
      size_t k = 0;
      while (type && jacoco_types[k] && strcmp(type, jacoco_types[k]) != 0)
        k++;
      double x;
      int rc = 0;
      if (!type || !jacoco_types[k])
        rc = bad(r, xml_line_of(n), "<counter> with unknown type '%.20s'",
                 type ? type : "");
      else if (!missed || !parse_count(missed, strlen(missed), &x) ||
               !covered || !parse_count(covered, strlen(covered), &x))
        rc = bad(r, xml_line_of(n),
                 "<counter type=\"%s\"> needs whole-number missed and "
                 "covered",
                 type);
      xmlFree(type);
      xmlFree(missed);
      xmlFree(covered);
      if (rc)
        return -1;
    }
    if (n->type == XML_ELEMENT_NODE && jacoco_counters(r, n->children) != 0)
      return -1;
  }
  return 0;
}

/* The report's totals are the <counter>s directly under <report>. */
static int read_jacoco(const struct report *r, const xmlNode *root,
                       struct measure *m)
{
  if (jacoco_counters(r, root->children) != 0)
    return -1;
  const char *want = r->metric == M_BRANCHES     ? "BRANCH"
                     : r->metric == M_FUNCTIONS  ? "METHOD"
                     : r->metric == M_STATEMENTS ? "INSTRUCTION"
                                                 : "LINE";
  if (r->metric == M_STATEMENTS)
    m->metric = "instructions";
  const xmlNode *found = NULL;
  for (const xmlNode *n = root->children; n; n = n->next) {
    if (!xml_is(n, "counter"))
      continue;
    char *type = xml_attr(n, "type");
    bool same = type && strcmp(type, want) == 0;
    xmlFree(type);
    if (same && found)
      return bad(r, xml_line_of(n),
                 "two <counter type=\"%s\"> totals in <report>", want);
    if (same)
      found = n;
  }
  if (!found)
    return bad(r, xml_line_of(root), "no <counter type=\"%s\"> in <report>",
               want);
  char *ms = xml_attr(found, "missed"), *cs = xml_attr(found, "covered");
  double missed = 0, covered = 0;
  parse_count(ms, strlen(ms), &missed); /* checked by jacoco_counters() */
  parse_count(cs, strlen(cs), &covered);
  xmlFree(ms);
  xmlFree(cs);
  return from_counts(r, m, covered, missed + covered);
}

/* Cobertura (<coverage>) or JaCoCo (<report>), by the root element when
 * the format is auto. */
static int read_xml(const struct report *r, enum format f, struct measure *m)
{
  xmlDoc *doc = xml_read(r);
  if (!doc)
    return -1;
  const xmlNode *root = xmlDocGetRootElement(doc);
  int rc;
  if (xml_is(root, "coverage") && f != F_JACOCO)
    rc = read_cobertura(r, root, m);
  else if (xml_is(root, "report") && f != F_COBERTURA)
    rc = read_jacoco(r, root, m);
  else
    rc = bad(r, root ? xml_line_of(root) : 0, "root element is <%.40s>, not %s",
             root ? (const char *)root->name : "",
             f == F_COBERTURA ? "<coverage> (Cobertura)"
             : f == F_JACOCO  ? "<report> (JaCoCo)"
                              : "<coverage> (Cobertura) or <report> (JaCoCo)");
  xmlFreeDoc(doc);
  return rc;
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
    return F_COBERTURA; /* XML: the root element decides (read_xml) */
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
  const char *nul = memchr(r->data, '\0', r->len);
  if (nul) {
    size_t line = 1;
    for (const char *q = r->data; q < nul; q++)
      line += *q == '\n';
    return bad(r, line, "NUL byte: binary data, not a coverage report");
  }
  m->metric = metric_names[c->metric];
  if (c->metric == M_STATEMENTS && (f == F_LCOV || f == F_COBERTURA))
    m->metric = "lines"; /* neither format counts statements */
  switch (f) {
  case F_ISTANBUL:
    return read_istanbul(r, m);
  case F_LCOV:
    return read_lcov(r, m);
  case F_COBERTURA:
  case F_JACOCO:
    return read_xml(r, (enum format)c->format, m);
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
  size_t committed;     /* reports left out: git has them (skip_committed) */
  const char *first_committed;
};

/* A report git has: tracked in a checkout, or (in a tree without git) one
 * no .gitignore ignores, which git would commit. It measured the commit
 * it was made at - the tests of this checkout never wrote it - so what it
 * says of the current code is unknown. A report a test run writes before
 * the check is ignored, as coverage output is. */
static bool committed(struct run *r, const char *path)
{
  if (!r->cfg->skip_committed)
    return false;
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  if (!e || (rc_index_is_git(r->ctx->index) && !e->tracked))
    return false;
  if (!r->committed++)
    r->first_committed = rc_arena_strdup(r->ctx->arena, path);
  return true;
}

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
  } else if (!committed(r, path)) {
    judge(r, path, data, len);
  }
}

static int on_entry(const struct rc_entry *e, void *arg)
{
  struct run *r = arg;
  char err[512];
  const char *data;
  size_t len;
  if (committed(r, e->path))
    return 0;
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
  if (!n && r->committed)
    rc_check_set(r->out, r->ctx, RC_OUT_SKIP,
                 "not judged: %s%s is committed to git: it measured the "
                 "commit it was made at, not this checkout (run the tests "
                 "with coverage before the check)",
                 r->first_committed,
                 r->committed > 1 ? " (and every other report found)" : "");
  else if (!n)
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

/* Single values, checked where they are written (probe.h). */
static const struct rc_value_rule value_rules[] = {
    {.field = "file", .check = rc_check_glob_value},
    {.field = "min", .ranged = true, .min = 0, .max = 100},
    {.field = NULL},
};

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
     "cobertura, jacoco (XML) or go"},
    {"skip_committed", RC_FIELD_BOOL,
     offsetof(struct coverage_cfg, skip_committed), 0, NULL,
     "leave out reports git has (tracked; in a tree without git, not "
     "ignored): they measured the commit they were made at. With only "
     "such reports the check is SKIP"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_coverage = {
    .name = "coverage",
    .summary = "test coverage reports (istanbul, lcov, Cobertura, JaCoCo, Go) "
               "meet a minimum",
    .fields = fields,
    .cfg_size = sizeof(struct coverage_cfg),
    .value_rules = value_rules,
    .check = check,
    .network = false,
};
