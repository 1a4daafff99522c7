/*
 * value.c - the `value` probe: a key of JSON/YAML files exists, is absent,
 * or compares to a value, for all or any of the places a key path reaches,
 * optionally only in the documents a `where` condition selects (one kind of
 * Kubernetes object among several in a file). Parsing and key paths are
 * doc.c's, reading files the index's. Messages say what was found, not what
 * was wanted, so a `not:` can reuse them.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mask.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/vars.h"

enum { MATCH_ALL, MATCH_ANY };
enum { NONE_SKIP, NONE_PASS, NONE_FAIL };

/* Presence matters for every condition, so they are scalars (kind NONE when
 * absent) rather than NUMBER/BOOL fields, which read 0/false when absent. */
struct value_cfg {
  struct rc_strlist file;
  const char *key;
  int format; /* enum rc_doc_format: the names below are in its order */
  int match;
  struct rc_scalar exists;
  struct rc_scalar equals;
  struct rc_scalar not_equals;
  struct rc_scalar gte, gt, lte, lt;
  struct rc_pattern matches;
  struct rc_pattern not_matches;
  struct rc_strlist exclude;
  struct rc_strlist where;
  int none_selected;
};

static const char *const format_names[] = {"auto", "json", "yaml", NULL};
static const char *const match_names[] = {"all", "any", NULL};
static const char *const none_names[] = {"skip", "pass", "fail", NULL};

/* ---- where: which documents are checked ---------------------------------- */

enum { WHERE_MAX_VALUES = 32 };

/* "key=value", "key in (a, b)" or a bare "key" (present). */
struct where {
  const char *src;
  struct rc_keypath *kp;
  const char *values[WHERE_MAX_VALUES];
  size_t n_values; /* 0: the key only has to be present */
};

static char *trimmed(struct rc_arena *a, const char *s, size_t n)
{
  while (n && (*s == ' ' || *s == '\t'))
    s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
    s++, n -= 2;
  return rc_arena_strndup(a, s, n);
}

static int add_value(struct where *w, struct rc_arena *a, const char *s,
                     size_t n, char *err, size_t errlen)
{
  const char *v = trimmed(a, s, n);
  if (!*v) {
    snprintf(err, errlen, "where '%s': empty value", w->src);
    return -1;
  }
  if (w->n_values >= WHERE_MAX_VALUES) {
    snprintf(err, errlen, "where '%s': more than %d values", w->src,
             WHERE_MAX_VALUES);
    return -1;
  }
  w->values[w->n_values++] = v;
  return 0;
}

/* Parses one condition; the key path is owned by w (where_release). */
static int where_parse(struct where *w, struct rc_arena *a, const char *src,
                       char *err, size_t errlen)
{
  *w = (struct where){.src = src};
  const char *in = strstr(src, " in (");
  size_t klen = in ? (size_t)(in - src) : strcspn(src, "=");
  if (in) {
    const char *list = in + 5, *close = strrchr(list, ')');
    if (!close || close[1 + strspn(close + 1, " \t")] != '\0') {
      snprintf(err, errlen, "where '%s': 'in (' without a closing ')'", src);
      return -1;
    }
    for (const char *p = list; p <= close;) {
      size_t n = strcspn(p, ",)");
      if (p + n > close)
        n = (size_t)(close - p);
      if (add_value(w, a, p, n, err, errlen) != 0)
        return -1;
      p += n + 1;
    }
  } else if (src[klen] == '=' &&
             add_value(w, a, src + klen + 1, strlen(src + klen + 1), err,
                       errlen) != 0) {
    return -1;
  }
  const char *key = trimmed(a, src, klen);
  if (!*key) {
    snprintf(err, errlen, "where '%s': no key", src);
    return -1;
  }
  char kerr[256];
  w->kp = rc_keypath_new(key, kerr, sizeof(kerr));
  if (!w->kp) {
    snprintf(err, errlen, "where '%s': %s", src, kerr);
    return -1;
  }
  return 0;
}

struct where_hit {
  const struct where *w;
  bool hit;
};

static void on_where(const char *where, const cJSON *node, void *arg)
{
  struct where_hit *h = arg;
  char num[64];
  (void)where;
  if (!node || h->hit)
    return;
  if (!h->w->n_values) {
    h->hit = true;
    return;
  }
  const char *text = rc_doc_scalar_text(node, num, sizeof(num));
  for (size_t i = 0; text && i < h->w->n_values; i++)
    h->hit = h->hit || strcmp(text, h->w->values[i]) == 0;
}

/* A document is selected when every condition holds in it. */
static bool where_selects(const struct where *ws, size_t n, const cJSON *doc)
{
  for (size_t i = 0; i < n; i++) {
    struct where_hit h = {&ws[i], false};
    rc_keypath_walk(ws[i].kp, doc, on_where, &h);
    if (!h.hit)
      return false;
  }
  return true;
}

/* Could a file that does not parse hold a selected document? Only if the
 * text of some value of every condition appears in its bytes: a broken
 * Ansible or Helm file that never says "Deployment" is not a manifest the
 * rule is about, and reporting it would be noise. */
static bool where_may_select(const struct where *ws, size_t n, const char *data)
{
  for (size_t i = 0; i < n; i++) {
    bool any = !ws[i].n_values;
    for (size_t j = 0; !any && j < ws[i].n_values; j++)
      any = strstr(data, ws[i].values[j]) != NULL;
    if (!any)
      return false;
  }
  return true;
}

/* A where value that a document can only yield by spelling it out: a word
 * that YAML reads as a string (starts with a letter, no space, not a
 * boolean, null or number such as "true", "null", "inf"). */
static bool spelled_out(const char *v)
{
  static const char *const special[] = {"true", "false", "yes",  "no",
                                        "on",   "off",   "null", "y",
                                        "n",    "inf",   "nan",  NULL};
  if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z')))
    return false;
  for (const char *p = v; *p; p++)
    if (!(isalnum((unsigned char)*p) || strchr("_-./", *p)))
      return false;
  for (size_t i = 0; special[i]; i++)
    if (strcasecmp(v, special[i]) == 0)
      return false;
  return true;
}

/* Whether some document of data could be selected at all: each condition
 * whose values all must be spelled out needs one of them in the text
 * (rc_doc_may_hold). The files no document of which can be selected are
 * most YAML files of a repository, and parsing them costs more than all
 * the rest. */
static bool may_select(const struct where *ws, size_t n, const char *data,
                       size_t len)
{
  for (size_t i = 0; i < n; i++) {
    bool any = !ws[i].n_values;
    for (size_t j = 0; !any && j < ws[i].n_values; j++)
      any = !spelled_out(ws[i].values[j]) ||
            rc_doc_may_hold(data, len, ws[i].values[j]);
    if (!any)
      return false;
  }
  return true;
}

/* ---- conditions ------------------------------------------------------ */

enum bound_op { OP_GTE, OP_GT, OP_LTE, OP_LT };

struct bound {
  const char *name;
  size_t offset;
  enum bound_op op;
  const char *fails_as; /* how a failing value relates to the bound */
};

static const struct bound bounds[] = {
    {"gte", offsetof(struct value_cfg, gte), OP_GTE, "<"},
    {"gt", offsetof(struct value_cfg, gt), OP_GT, "<="},
    {"lte", offsetof(struct value_cfg, lte), OP_LTE, ">"},
    {"lt", offsetof(struct value_cfg, lt), OP_LT, ">="},
};

enum { N_BOUNDS = sizeof(bounds) / sizeof(bounds[0]) };

static const struct rc_scalar *bound_of(const struct value_cfg *c, size_t i)
{
  return (const struct rc_scalar *)((const char *)c + bounds[i].offset);
}

static bool holds(enum bound_op op, double v, double x)
{
  switch (op) {
  case OP_GTE:
    return v >= x;
  case OP_GT:
    return v > x;
  case OP_LTE:
    return v <= x;
  default:
    return v < x;
  }
}

static bool has_comparison(const struct value_cfg *c)
{
  bool any = c->equals.kind != RC_SCALAR_NONE ||
             c->not_equals.kind != RC_SCALAR_NONE || c->matches.src ||
             c->not_matches.src;
  for (size_t i = 0; i < N_BOUNDS; i++)
    any = any || bound_of(c, i)->kind != RC_SCALAR_NONE;
  return any;
}

static bool wants_absent(const struct value_cfg *c)
{
  return c->exists.kind == RC_SCALAR_BOOL && !c->exists.boolean;
}

/* ---- describing values ------------------------------------------------- */

enum { SHOW_MAX = 80 };

/* A string on one line, quoted, control bytes escaped, cut at SHOW_MAX
 * bytes on a character boundary. */
static void put_quoted(struct rc_buf *b, const char *s)
{
  size_t n = strlen(s), cut = n > SHOW_MAX ? SHOW_MAX : n;
  while (cut < n && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
    cut--;
  rc_buf_putc(b, '"');
  for (size_t i = 0; i < cut; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      rc_buf_printf(b, "\\%c", c);
    else if (c == '\n')
      rc_buf_puts(b, "\\n");
    else if (c < 0x20 || c == 0x7F)
      rc_buf_printf(b, "\\x%02x", c);
    else
      rc_buf_putc(b, (char)c);
  }
  rc_buf_puts(b, cut < n ? "...\"" : "\"");
}

static void put_value(struct rc_buf *b, const cJSON *node)
{
  char num[64];
  if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
    int n = cJSON_GetArraySize(node);
    bool obj = cJSON_IsObject(node);
    rc_buf_printf(b, " is %s (%d %s%s)", obj ? "an object" : "an array", n,
                  obj ? "key" : "item", n == 1 ? "" : "s");
    return;
  }
  rc_buf_puts(b, " = ");
  if (cJSON_IsString(node))
    put_quoted(b, node->valuestring);
  else
    rc_buf_puts(b, rc_doc_scalar_text(node, num, sizeof(num)));
}

static void put_scalar(struct rc_buf *b, const struct rc_scalar *s)
{
  if (s->kind == RC_SCALAR_STRING)
    put_quoted(b, s->text);
  else
    rc_buf_puts(b, s->text ? s->text : "null");
}

/* ---- one run of the probe ---------------------------------------------- */

struct note {
  const char *path;
  const char *text;
};

struct run {
  const struct value_cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_keypath *kp;
  struct rc_regex_scratch *scratch;
  const char *file;   /* the file being read */
  size_t doc, n_docs; /* which document of it, for multi-document files */
  const char *label;  /* "Deployment/api" of a selected document, or NULL */
  struct where *where;
  size_t n_where;
  size_t n_selected; /* documents where selected */
  size_t count[RC_OUT_ERROR + 1];
  /* of count[]: the candidates that rest on nothing read - no file, or a
   * comparison with no value to compare (rc_check.vacuous) */
  size_t n_vacuous[RC_OUT_ERROR + 1];
  /* the items kept per outcome: as many as the check keeps (all of them
   * with -v), the others only counted */
  struct note *notes[RC_OUT_ERROR + 1];
  size_t n_notes[RC_OUT_ERROR + 1], cap_notes[RC_OUT_ERROR + 1];
};

static void record(struct run *r, enum rc_outcome o, bool vacuous,
                   const char *path, const char *text)
{
  r->count[o]++;
  r->n_vacuous[o] += vacuous;
  if (r->n_notes[o] >= rc_ctx_evidence_max(r->ctx))
    return;
  rc_grow((void **)&r->notes[o], &r->cap_notes[o], r->n_notes[o],
          sizeof(*r->notes[o]));
  r->notes[o][r->n_notes[o]++] =
      (struct note){path, rc_arena_strdup(r->ctx->arena, text)};
}

static void recordf(struct run *r, enum rc_outcome o, bool vacuous,
                    const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void recordf(struct run *r, enum rc_outcome o, bool vacuous,
                    const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *text = rc_arena_vprintf(r->ctx->arena, fmt, ap);
  va_end(ap);
  record(r, o, vacuous, path, text);
}

/* Reads the number a bound compares: a finite number or numeric string. */
static enum rc_outcome number_of(const cJSON *node, double *v,
                                 struct rc_buf *why)
{
  if (cJSON_IsNumber(node)) {
    *v = node->valuedouble;
  } else if (cJSON_IsString(node) && *node->valuestring) {
    char *end;
    const char *s = node->valuestring;
    *v = strtod(s, &end);
    while (*end == ' ')
      end++;
    if (*end || strpbrk(s, "xXnN")) { /* no hex, inf, nan */
      rc_buf_puts(why, "not a number");
      return RC_OUT_ERROR;
    }
  } else {
    rc_buf_puts(why, "not a number");
    return RC_OUT_ERROR;
  }
  if (!isfinite(*v)) {
    rc_buf_puts(why, "not a finite number");
    return RC_OUT_ERROR;
  }
  return RC_OUT_OK;
}

static enum rc_outcome check_bounds(const struct value_cfg *c,
                                    const cJSON *node, struct rc_buf *why)
{
  double v = 0;
  bool have = false;
  for (size_t i = 0; i < N_BOUNDS; i++) {
    const struct rc_scalar *x = bound_of(c, i);
    if (x->kind == RC_SCALAR_NONE)
      continue;
    if (!have && number_of(node, &v, why) != RC_OUT_OK)
      return RC_OUT_ERROR;
    have = true;
    if (!holds(bounds[i].op, v, x->number)) {
      rc_buf_printf(why, "%s %s", bounds[i].fails_as, x->text);
      return RC_OUT_FAIL;
    }
  }
  return RC_OUT_OK;
}

static enum rc_outcome check_regex(struct run *r, const struct rc_pattern *p,
                                   bool want, const cJSON *node,
                                   struct rc_buf *why)
{
  char num[64];
  const char *text = rc_doc_scalar_text(node, num, sizeof(num));
  if (!text || cJSON_IsNull(node)) {
    rc_buf_puts(why, text ? "null, not text" : "not a scalar");
    return RC_OUT_ERROR;
  }
  size_t ms, me;
  int rc = rc_regex_match(p->re, r->scratch, text, strlen(text), 0, &ms, &me);
  if (rc != RC_RE_MATCH && rc != RC_RE_NOMATCH) {
    rc_buf_printf(why, "regex /%s/: %s", p->src, rc_regex_strerror(rc));
    return RC_OUT_ERROR;
  }
  if ((rc == RC_RE_MATCH) == want)
    return RC_OUT_OK;
  rc_buf_printf(why, "%s /%s/", want ? "does not match" : "matches", p->src);
  return RC_OUT_FAIL;
}

/* Judges one present node; a reason goes to why when it is not OK. */
static enum rc_outcome judge(struct run *r, const cJSON *node,
                             struct rc_buf *why)
{
  const struct value_cfg *c = r->cfg;
  if (wants_absent(c)) {
    rc_buf_puts(why, "present");
    return RC_OUT_FAIL;
  }
  if (c->equals.kind != RC_SCALAR_NONE &&
      !rc_doc_scalar_equals(&c->equals, node)) {
    rc_buf_puts(why, "not ");
    put_scalar(why, &c->equals);
    return RC_OUT_FAIL;
  }
  if (c->not_equals.kind != RC_SCALAR_NONE &&
      rc_doc_scalar_equals(&c->not_equals, node)) {
    rc_buf_puts(why, "the excluded value");
    return RC_OUT_FAIL;
  }
  enum rc_outcome o = check_bounds(c, node, why);
  if (o == RC_OUT_OK && c->matches.src)
    o = check_regex(r, &c->matches, true, node, why);
  if (o == RC_OUT_OK && c->not_matches.src)
    o = check_regex(r, &c->not_matches, false, node, why);
  return o;
}

static void on_candidate(const char *where, const cJSON *node, void *arg)
{
  struct run *r = arg;
  struct rc_buf text, why;
  rc_buf_init(&text);
  rc_buf_init(&why);
  rc_buf_puts(&text, r->file);
  if (r->label) /* "file: Deployment/api: key...": evidence drops "file: " */
    rc_buf_printf(&text, ": %s", r->label);
  else if (r->n_docs > 1)
    rc_buf_printf(&text, " (document %zu)", r->doc + 1);
  rc_buf_printf(&text, ": %s", where);
  enum rc_outcome o;
  /* a comparison with no value compared nothing; a missing key is what
   * `exists` asks about */
  bool vacuous = !node && has_comparison(r->cfg);
  if (!node) {
    rc_buf_puts(&text, " is missing");
    o = wants_absent(r->cfg) ? RC_OUT_OK : RC_OUT_FAIL;
  } else {
    put_value(&text, node);
    o = judge(r, node, &why);
  }
  if (why.len)
    rc_buf_printf(&text, " (%s)", why.data);
  record(r, o, vacuous, r->file, text.data);
  rc_buf_release(&text);
  rc_buf_release(&why);
}

/* "Deployment/api" for a selected Kubernetes-like document, else NULL. */
static const char *doc_label(struct rc_arena *a, const cJSON *doc)
{
  const cJSON *kind = cJSON_GetObjectItemCaseSensitive(doc, "kind");
  const cJSON *meta = cJSON_GetObjectItemCaseSensitive(doc, "metadata");
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(meta, "name");
  if (!cJSON_IsString(kind) || !cJSON_IsString(name))
    return NULL;
  return rc_arena_printf(a, "%.60s/%.100s", kind->valuestring,
                         name->valuestring);
}

static void check_doc(struct run *r, const cJSON *doc)
{
  r->label = NULL;
  if (r->n_where) {
    if (!doc || !where_selects(r->where, r->n_where, doc))
      return;
    r->n_selected++;
    r->label = doc_label(r->ctx->arena, doc);
  }
  rc_keypath_walk(r->kp, doc, on_candidate, r);
}

static void check_data(struct run *r, const char *path, const char *data,
                       size_t len)
{
  char err[512];
  struct rc_docs docs;
  if (r->n_where && !may_select(r->where, r->n_where, data, len))
    return; /* no document could be selected: nothing to parse */
  if (rc_doc_cache_parse(rc_index_docs(r->ctx->index), &docs, data, len, path,
                         (enum rc_doc_format)r->cfg->format, err,
                         sizeof(err)) != 0) {
    if (!r->n_where || where_may_select(r->where, r->n_where, data))
      recordf(r, RC_OUT_ERROR, false, path, "%s: %s", path, err);
    return;
  }
  r->file = path;
  r->n_docs = docs.n;
  r->doc = 0;
  if (!docs.n)
    check_doc(r, NULL);
  for (; r->doc < docs.n; r->doc++)
    check_doc(r, docs.docs[r->doc]);
  rc_docs_release(&docs);
}

static bool excluded(const struct run *r, const char *path)
{
  return rc_strlist_matches(&r->cfg->exclude, path);
}

static void check_explicit(struct run *r, const char *path)
{
  char err[512];
  enum rc_entry_kind kind;
  int st = rc_index_stat_path(r->ctx->index, path, &kind, err, sizeof(err));
  if (st == 0) {
    recordf(r, RC_OUT_FAIL, true, path, "no file '%s'", path); /* read none */
    return;
  }
  if (st < 0 || kind == RC_ENTRY_DIR) {
    recordf(r, RC_OUT_ERROR, false, path, "%s: %s", path,
            st < 0 ? err : "is a directory");
    return;
  }
  const char *data;
  size_t len;
  if (rc_index_read_path(r->ctx->index, path, &data, &len, err, sizeof(err)) !=
      0) {
    recordf(r, RC_OUT_ERROR, false, path, "%s: %s", path, err);
    return;
  }
  check_data(r, path, data, len);
}

static int on_entry(const struct rc_entry *e, void *arg)
{
  struct run *r = arg;
  char err[512];
  const char *data;
  size_t len;
  if (excluded(r, e->path))
    return 0;
  if (rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    recordf(r, RC_OUT_ERROR, false, e->path, "%s: %s", e->path, err);
  else
    check_data(r, e->path, data, len);
  return 0;
}

static size_t total(const struct run *r)
{
  return r->count[RC_OUT_OK] + r->count[RC_OUT_FAIL] + r->count[RC_OUT_ERROR];
}

static void check_glob(struct run *r, const char *glob)
{
  size_t before = total(r);
  rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, on_entry, r);
  if (total(r) == before && !r->n_where) /* no file: nothing read */
    recordf(r, RC_OUT_FAIL, true, glob, "no file matches '%s'", glob);
}

/* ---- verdict --------------------------------------------------------- */

static enum rc_outcome verdict(const struct run *r)
{
  const size_t *n = r->count;
  if (r->cfg->match == MATCH_ANY && n[RC_OUT_OK])
    return RC_OUT_OK;
  if (r->cfg->match == MATCH_ALL && n[RC_OUT_FAIL])
    return RC_OUT_FAIL;
  if (n[RC_OUT_ERROR])
    return RC_OUT_ERROR;
  return r->cfg->match == MATCH_ANY ? RC_OUT_FAIL : RC_OUT_OK;
}

static void put_condition(struct rc_buf *b, const struct value_cfg *c)
{
  size_t start = b->len;
  if (c->exists.kind == RC_SCALAR_BOOL || !has_comparison(c))
    rc_buf_puts(b, wants_absent(c) ? "exists: false" : "exists");
  if (c->equals.kind != RC_SCALAR_NONE) {
    rc_buf_puts(b, b->len > start ? ", equals: " : "equals: ");
    put_scalar(b, &c->equals);
  }
  if (c->not_equals.kind != RC_SCALAR_NONE) {
    rc_buf_puts(b, b->len > start ? ", not_equals: " : "not_equals: ");
    put_scalar(b, &c->not_equals);
  }
  for (size_t i = 0; i < N_BOUNDS; i++)
    if (bound_of(c, i)->kind != RC_SCALAR_NONE)
      rc_buf_printf(b, "%s%s: %s", b->len > start ? ", " : "", bounds[i].name,
                    bound_of(c, i)->text);
  if (c->matches.src)
    rc_buf_printf(b, "%smatches: /%s/", b->len > start ? ", " : "",
                  c->matches.src);
  if (c->not_matches.src)
    rc_buf_printf(b, "%snot_matches: /%s/", b->len > start ? ", " : "",
                  c->not_matches.src);
}

static void finish(struct run *r, struct rc_check *out)
{
  enum rc_outcome o = verdict(r);
  struct rc_buf msg;
  rc_buf_init(&msg);
  if (total(r) == 1) {
    rc_buf_puts(&msg, r->notes[o][0].text);
  } else if (o == RC_OUT_ERROR) {
    rc_buf_printf(&msg,
                  "%zu of %zu candidates for '%s' could not be read "
                  "or evaluated, e.g. %s",
                  r->count[o], total(r), r->cfg->key, r->notes[o][0].text);
  } else {
    rc_buf_printf(&msg, "%zu of %zu candidates for '%s' satisfy '",
                  r->count[RC_OUT_OK], total(r), r->cfg->key);
    put_condition(&msg, r->cfg);
    rc_buf_putc(&msg, '\'');
  }
  struct rc_buf masked;
  rc_buf_init(&masked);
  rc_mask_line(msg.data, msg.len, &masked);
  rc_check_set(out, r->ctx, o, "%s", masked.data);
  rc_buf_release(&masked);
  rc_buf_release(&msg);
  for (size_t i = 0; i < r->n_notes[o]; i++)
    rc_check_evidence(out, r->ctx, r->notes[o][i].path, 0, "%s",
                      r->notes[o][i].text);
  out->n_ev_dropped += r->count[o] - r->n_notes[o];
  /* decided only by candidates that read nothing: under `not`, "no value
   * to compare" must not become a pass */
  out->vacuous = o != RC_OUT_ERROR && r->n_vacuous[o] == r->count[o];
}

static void free_run(struct run *r)
{
  for (size_t o = 0; o <= RC_OUT_ERROR; o++)
    free(r->notes[o]);
  for (size_t i = 0; i < r->n_where; i++)
    rc_keypath_free(r->where[i].kp);
  free(r->where);
  rc_regex_scratch_free(r->scratch);
  rc_keypath_free(r->kp);
  free(r);
}

static int where_init(struct run *r, struct rc_check *out)
{
  const struct rc_strlist *l = &r->cfg->where;
  char err[512];
  if (!l->n)
    return 0;
  r->where = rc_xcalloc(l->n, sizeof(*r->where));
  for (; r->n_where < l->n; r->n_where++) {
    if (where_parse(&r->where[r->n_where], r->ctx->arena, l->items[r->n_where],
                    err, sizeof(err)) != 0) {
      rc_keypath_free(r->where[r->n_where].kp);
      rc_check_set(out, r->ctx, RC_OUT_ERROR, "%s", err);
      return -1;
    }
  }
  return 0;
}

/* No document met the where conditions: the rule's subject is absent. */
static void none_selected(struct run *r, struct rc_check *out)
{
  static const enum rc_outcome outcomes[] = {RC_OUT_SKIP, RC_OUT_OK,
                                             RC_OUT_FAIL};
  const char *w = rc_strlist_quote(r->ctx->arena, &r->cfg->where);
  rc_check_set(out, r->ctx, outcomes[r->cfg->none_selected],
               "no document matches where %s", w);
  /* `none_selected: pass` passes on nothing: not applicable at the top */
  out->vacuous = out->outcome != RC_OUT_SKIP;
}

static void check(const void *cfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct value_cfg *c = cfg;
  char err[512];
  struct run *r = rc_xcalloc(1, sizeof(*r));
  r->cfg = c;
  r->ctx = ctx;
  r->kp = rc_keypath_new(c->key, err, sizeof(err));
  if (!r->kp) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", err);
    free(r);
    return;
  }
  if (where_init(r, out) != 0) {
    free_run(r);
    return;
  }
  if (c->matches.src || c->not_matches.src)
    r->scratch = rc_regex_scratch_new();
  for (size_t i = 0; i < c->file.n; i++) {
    const char *f = c->file.items[i];
    if (rc_glob_is_literal(f))
      check_explicit(r, f);
    else
      check_glob(r, f);
  }
  if (total(r))
    finish(r, out);
  else if (r->n_where)
    none_selected(r, out);
  else
    rc_check_set(out, ctx, RC_OUT_ERROR, "no file to read");
  free_run(r);
}

/* ---- load-time checks -------------------------------------------------- */

static int validate(void *cfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct value_cfg *c = cfg;
  char err[512];
  int rc = 0;
  if (c->key && !rc_vars_has_ref(c->key)) {
    struct rc_keypath *kp = rc_keypath_new(c->key, err, sizeof(err));
    if (!kp)
      rc = rc_error(d, loc, "%s", err);
    rc_keypath_free(kp);
  }
  for (size_t i = 0; i < c->file.n; i++) {
    const char *f = c->file.items[i];
    const char *why = rc_vars_has_ref(f) ? NULL : rc_glob_check(f);
    if (why)
      rc = rc_error(d, loc, "bad file glob '%s': %s", f, why);
  }
  if (c->exists.kind != RC_SCALAR_NONE && c->exists.kind != RC_SCALAR_BOOL)
    rc = rc_error(d, loc, "'exists' must be true or false");
  for (size_t i = 0; i < N_BOUNDS; i++) {
    const struct rc_scalar *x = bound_of(c, i);
    if (x->kind != RC_SCALAR_NONE &&
        (x->kind != RC_SCALAR_NUMBER || !isfinite(x->number)))
      rc = rc_error(d, loc, "'%s' must be a finite number", bounds[i].name);
  }
  if (wants_absent(c) && has_comparison(c))
    rc =
        rc_error(d, loc, "'exists: false' cannot be combined with comparisons");
  for (size_t i = 0; i < c->exclude.n; i++) {
    const char *f = c->exclude.items[i];
    const char *why = rc_vars_has_ref(f) ? NULL : rc_glob_check(f);
    if (why)
      rc = rc_error(d, loc, "bad exclude glob '%s': %s", f, why);
  }
  for (size_t i = 0; i < c->where.n; i++) {
    struct where w;
    struct rc_arena *a = rc_arena_new();
    if (!rc_vars_has_ref(c->where.items[i]) &&
        where_parse(&w, a, c->where.items[i], err, sizeof(err)) != 0)
      rc = rc_error(d, loc, "%s", err);
    else if (!rc_vars_has_ref(c->where.items[i]))
      rc_keypath_free(w.kp);
    rc_arena_free(a);
  }
  return rc;
}

static const struct rc_field fields[] = {
    {"file", RC_FIELD_STRINGS, offsetof(struct value_cfg, file),
     RC_FIELD_REQUIRED, NULL,
     "JSON/YAML files: explicit paths (read even when git-ignored) or globs"},
    {"key", RC_FIELD_STRING, offsetof(struct value_cfg, key), RC_FIELD_REQUIRED,
     NULL, "key path: services.*.healthcheck, a.b[0].c, scripts.\"test:ci\""},
    {"format", RC_FIELD_ENUM, offsetof(struct value_cfg, format), 0,
     format_names, "auto (by extension, then content), json or yaml"},
    {"match", RC_FIELD_ENUM, offsetof(struct value_cfg, match), 0, match_names,
     "all: every place the key path reaches must pass; any: at least one"},
    {"exists", RC_FIELD_SCALAR, offsetof(struct value_cfg, exists), 0, NULL,
     "true (default without comparisons), or false: the key must be absent"},
    {"equals", RC_FIELD_SCALAR, offsetof(struct value_cfg, equals), 0, NULL,
     "the value equals this, type-aware: 3 is not \"3\""},
    {"not_equals", RC_FIELD_SCALAR, offsetof(struct value_cfg, not_equals), 0,
     NULL, "the value is present and differs from this"},
    {"gte", RC_FIELD_SCALAR, offsetof(struct value_cfg, gte), 0, NULL,
     "the value (a number or numeric string) is >= this number"},
    {"gt", RC_FIELD_SCALAR, offsetof(struct value_cfg, gt), 0, NULL,
     "the value is > this number"},
    {"lte", RC_FIELD_SCALAR, offsetof(struct value_cfg, lte), 0, NULL,
     "the value is <= this number"},
    {"lt", RC_FIELD_SCALAR, offsetof(struct value_cfg, lt), 0, NULL,
     "the value is < this number"},
    {"matches", RC_FIELD_REGEX, offsetof(struct value_cfg, matches), 0, NULL,
     "the value's text (numbers and booleans as written) matches this regex"},
    {"not_matches", RC_FIELD_REGEX, offsetof(struct value_cfg, not_matches), 0,
     NULL, "the value's text does not match this regex"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct value_cfg, exclude), 0, NULL,
     "globs of files the `file` globs should not read"},
    {"where", RC_FIELD_STRINGS, offsetof(struct value_cfg, where), 0, NULL,
     "check only documents where all hold: \"kind=Deployment\", "
     "\"kind in (Deployment, StatefulSet)\", or a bare key (present)"},
    {"none_selected", RC_FIELD_ENUM, offsetof(struct value_cfg, none_selected),
     0, none_names,
     "with `where`, when no document matches: skip (default), pass or fail"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_value = {
    .name = "value",
    .summary = "a key in JSON/YAML files exists, is absent, or compares to a "
               "value",
    .fields = fields,
    .cfg_size = sizeof(struct value_cfg),
    .validate = validate,
    .check = check,
    .network = false,
};
