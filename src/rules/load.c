/*
 * load.c - rule files: YAML text -> struct rc_rule trees in a ruleset.
 *
 * ytree.c reads the text into a bounded node tree (anchors, aliases and tags
 * refused); here the tree is checked key by key. Probe parameters are parsed
 * generically from each probe's field table; what they mean is left to the
 * probe's validate().
 */
#include "readycheck/load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/detect.h"
#include "readycheck/glob.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/rule.h"
#include "readycheck/ytree.h"

enum {
  MAX_FILE_SIZE = 4 * 1024 * 1024,
  MAX_DEPTH = 64,
  /* Far above any real rule file (~1 node per 10 bytes) but keeps a 4 MiB
   * flow list of one-letter items from costing hundreds of MB. */
  MAX_NODES = 1 << 20,
  SHOW_MAX = 60, /* bytes of user text quoted in a message */
};

struct loader {
  struct rc_ruleset *rs;
  struct rc_diag *d;
  struct rc_arena *tmp; /* the node tree and scratch, freed per file */
  const char *file;     /* in the ruleset arena */
  const char *pack;     /* in the ruleset arena */
  const char *data;
  size_t len;
  const struct rc_value_rule *rule; /* of the field being parsed, or NULL */
};

static int vfail(struct loader *ld, unsigned line, unsigned col,
                 const char *fmt, va_list ap)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_vprintf(&b, fmt, ap);
  struct rc_loc loc = {ld->file, line, col};
  rc_error(ld->d, &loc, "%s", b.data);
  rc_buf_release(&b);
  return -1;
}

__attribute__((format(printf, 4, 5))) static int
fail(struct loader *ld, unsigned line, unsigned col, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vfail(ld, line, col, fmt, ap);
  va_end(ap);
  return -1;
}

__attribute__((format(printf, 3, 4))) static int
fail_at(struct loader *ld, const struct rc_ynode *n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vfail(ld, n->line, n->col, fmt, ap);
  va_end(ap);
  return -1;
}

static struct rc_loc loc_of(const struct loader *ld, const struct rc_ynode *n)
{
  struct rc_loc loc = {ld->file, n->line, n->col};
  return loc;
}

/* User text as it may appear in a message: cut short and escaped (buf.h),
 * so a hostile rule file cannot flood or steer a terminal and a look-alike
 * letter shows as what it is. */
static const char *show(struct loader *ld, const char *s)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_put_shown(&b, s, SHOW_MAX);
  const char *out = rc_arena_strdup(ld->tmp, b.data);
  rc_buf_release(&b);
  return out;
}

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static bool is_lower(char c)
{
  return c >= 'a' && c <= 'z';
}

/* ---- reading the YAML tree ----------------------------------------------- */

/* The document's root node, or NULL after recording why there is none. */
static struct rc_ynode *read_tree(struct loader *ld)
{
  static const struct rc_ytree_opts base = {
      .max_size = MAX_FILE_SIZE,
      .max_depth = MAX_DEPTH,
      .max_nodes = MAX_NODES,
      .too_large = "rule file larger than 4 MiB",
      .too_many_nodes = "rule file has too many YAML nodes",
      .anchor = "YAML anchors and aliases are not supported in rule files",
      .alias = "YAML anchors and aliases are not supported in rule files",
      .tag = "YAML tags are not supported in rule files",
      .nul = "NUL characters are not allowed in rule files",
      .multi_doc = "more than one YAML document in rule file",
  };
  struct rc_ytree_opts opts = base;
  opts.file = ld->file;
  struct rc_ynode *root;
  if (rc_ytree_read(ld->tmp, ld->data, ld->len, &opts, ld->d, &root) < 0)
    return NULL;
  if (!root || rc_ynode_is_empty(root)) {
    fail(ld, 0, 0, "rule file is empty");
    return NULL;
  }
  return root;
}

/* ---- mappings ------------------------------------------------------------ */

struct slot {
  const struct rc_ynode *key, *val;
};

/* Sorts a mapping's entries into slots[i] by names[i], reporting keys that
 * are unknown, repeated or not strings. where completes "unknown key 'x'". */
static int scan_map(struct loader *ld, const struct rc_ynode *map,
                    const char *const *names, struct slot *slots,
                    const char *where)
{
  int rc = 0;
  for (const struct rc_ynode *k = map->first; k && k->next; k = k->next->next) {
    if (rc_diag_full(ld->d))
      return -1;
    if (k->kind != RC_Y_SCALAR) {
      rc = fail_at(ld, k, "expected a string as key%s", where);
      continue;
    }
    size_t i = 0;
    while (names[i] && strcmp(names[i], k->text) != 0)
      i++;
    if (!names[i]) {
      const char *dym = rc_did_you_mean(k->text, names);
      if (dym)
        rc = fail_at(ld, k, "unknown key '%s'%s (did you mean '%s'?)",
                     show(ld, k->text), where, dym);
      else
        rc = fail_at(ld, k, "unknown key '%s'%s", show(ld, k->text), where);
    } else if (slots[i].key) {
      rc = fail_at(ld, k, "duplicate key '%s'", names[i]);
    } else {
      slots[i].key = k;
      slots[i].val = k->next;
    }
  }
  return rc;
}

/* ---- scalars ------------------------------------------------------------- */

/* The text of a scalar for key name; an omitted value is refused, and so is
 * an empty one unless allow_empty. */
static const char *get_text(struct loader *ld, const struct rc_ynode *v,
                            const char *name, bool allow_empty)
{
  if (v->kind != RC_Y_SCALAR) {
    fail_at(ld, v, "expected a string for '%s'", name);
    return NULL;
  }
  if (rc_ynode_is_empty(v) || (!allow_empty && !v->text[0])) {
    fail_at(ld, v, "empty value for '%s'", name);
    return NULL;
  }
  return v->text;
}

static const char *keep(struct loader *ld, const char *s)
{
  return rc_arena_strdup(ld->rs->arena, s);
}

/* YAML 1.2 core-schema decimal and float syntax; no hex, octal, .inf, .nan. */
static bool is_decimal(const char *s)
{
  size_t digits = 0;
  if (*s == '+' || *s == '-')
    s++;
  for (; is_digit(*s); s++)
    digits++;
  if (*s == '.')
    for (s++; is_digit(*s); s++)
      digits++;
  if (!digits)
    return false;
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-')
      s++;
    if (!is_digit(*s))
      return false;
    while (is_digit(*s))
      s++;
  }
  return *s == '\0';
}

/* 0, or -1 when s is not a finite decimal number. */
static int parse_number(const char *s, double *out)
{
  if (!is_decimal(s))
    return -1;
  double v = strtod(s, NULL);
  if (!isfinite(v))
    return -1;
  *out = v;
  return 0;
}

static int parse_long(const char *s, long *out)
{
  const char *p = s + (*s == '+' || *s == '-');
  if (!*p)
    return -1;
  for (; *p; p++)
    if (!is_digit(*p))
      return -1;
  errno = 0;
  long v = strtol(s, NULL, 10);
  if (errno == ERANGE)
    return -1;
  *out = v;
  return 0;
}

static int parse_bool(const char *s, bool *out)
{
  static const char *const yes[] = {"true", "True", "TRUE", NULL};
  static const char *const no[] = {"false", "False", "FALSE", NULL};
  for (size_t i = 0; yes[i]; i++) {
    if (strcmp(s, yes[i]) == 0) {
      *out = true;
      return 0;
    }
    if (strcmp(s, no[i]) == 0) {
      *out = false;
      return 0;
    }
  }
  return -1;
}

static bool is_null_text(const char *s)
{
  return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
         strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* Index of v's text in names (NULL-terminated), or -1 after an error with a
 * did-you-mean or the list of choices. */
static int parse_choice(struct loader *ld, const struct rc_ynode *v,
                        const char *name, const char *const *names)
{
  const char *s = get_text(ld, v, name, false);
  if (!s)
    return -1;
  for (int i = 0; names[i]; i++)
    if (strcmp(names[i], s) == 0)
      return i;
  const char *dym = rc_did_you_mean(s, names);
  if (dym) {
    fail_at(ld, v, "invalid value '%s' for '%s' (did you mean '%s'?)",
            show(ld, s), name, dym);
    return -1;
  }
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; names[i]; i++)
    rc_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
  fail_at(ld, v, "invalid value '%s' for '%s' (expected one of: %s)",
          show(ld, s), name, b.data);
  rc_buf_release(&b);
  return -1;
}

/* ---- probe parameters ---------------------------------------------------- */

/* The runner expands ${NAME} and ${NAME:-default}; catch the malformed ones
 * now so a typo is a load error, not a failure halfway through a run. */
static int check_refs(struct loader *ld, const struct rc_ynode *v,
                      const char *name)
{
  for (const char *s = v->text; *s; s++) {
    if (s[0] != '$')
      continue;
    if (s[1] == '$') {
      s++;
      continue;
    }
    if (s[1] != '{')
      continue;
    const char *end = strchr(s + 2, '}');
    if (!end)
      return fail_at(ld, v, "unterminated '${' in '%s'", name);
    if (strcspn(s + 2, ":}") == 0)
      return fail_at(ld, v, "empty variable name in '%s'", name);
    s = end;
  }
  return 0;
}

/* The field's value rule on one parsed value, reported at that value. */
static int check_value(struct loader *ld, const struct rc_field *f,
                       const struct rc_ynode *v, const void *value)
{
  char buf[256];
  const char *why = rc_value_rule_check(ld->rule, f, value, buf, sizeof(buf));
  return why ? fail_at(ld, v, "%s", why) : 0;
}

static int field_string(struct loader *ld, const struct rc_ynode *v,
                        const char *name, const char **out)
{
  const char *s = get_text(ld, v, name, true);
  if (!s || check_refs(ld, v, name))
    return -1;
  *out = keep(ld, s);
  return 0;
}

static int field_strings(struct loader *ld, const struct rc_ynode *v,
                         const struct rc_field *f, struct rc_strlist *out)
{
  const char *name = f->name;
  if (v->kind == RC_Y_MAP)
    return fail_at(ld, v, "expected a string or a list of strings for '%s'",
                   name);
  out->n = 0; /* a .readycheck.yml override replaces the rule's own list */
  if (v->kind == RC_Y_SCALAR) {
    out->items = rc_arena_alloc(ld->rs->arena, sizeof(*out->items));
    out->n = 1;
    if (field_string(ld, v, name, &out->items[0]) != 0)
      return -1;
    return check_value(ld, f, v, out->items[0]);
  }
  out->items = rc_arena_alloc(ld->rs->arena, v->n * sizeof(*out->items));
  int rc = 0;
  for (const struct rc_ynode *k = v->first; k; k = k->next) {
    if (k->kind != RC_Y_SCALAR)
      rc = fail_at(ld, k, "expected a string or a list of strings for '%s'",
                   name);
    else if (field_string(ld, k, name, &out->items[out->n]) == 0 &&
             check_value(ld, f, k, out->items[out->n]) == 0)
      out->n++;
    else
      rc = -1;
  }
  return rc;
}

/* Column of byte off of a scalar's text in the source, when the text maps
 * onto one source line; else the scalar's start. */
static unsigned text_col(const struct rc_ynode *v, size_t off)
{
  if (v->block || v->end_line != v->line)
    return v->col;
  size_t len = strlen(v->text);
  if (off > len)
    off = len;
  unsigned chars = 0;
  for (size_t i = 0; i < off; i++)
    if (((unsigned char)v->text[i] & 0xC0) != 0x80)
      chars++;
  return v->col + (v->quoted ? 1 : 0) + chars;
}

static int field_regex(struct loader *ld, const struct rc_ynode *v,
                       const char *name, struct rc_pattern *out)
{
  const char *s = get_text(ld, v, name, true);
  if (!s)
    return -1;
  char err[256] = "";
  size_t off = 0;
  struct rc_regex *re = rc_regex_new(s, err, sizeof(err), &off);
  if (!re)
    return fail(ld, v->line, text_col(v, off), "invalid regex for '%s': %s",
                name, err);
  rc_arena_defer(ld->rs->arena, rc_regex_free_void, re);
  out->src = keep(ld, s);
  out->re = re;
  out->loc = loc_of(ld, v);
  return 0;
}

static int field_scalar(struct loader *ld, const struct rc_ynode *v,
                        const char *name, struct rc_scalar *out)
{
  if (v->kind != RC_Y_SCALAR)
    return fail_at(ld, v, "expected a scalar value for '%s'", name);
  out->text = keep(ld, v->text);
  out->kind = RC_SCALAR_STRING;
  if (!rc_ynode_is_plain(v))
    return 0;
  if (is_null_text(v->text)) {
    out->kind = RC_SCALAR_NULL;
  } else if (parse_bool(v->text, &out->boolean) == 0) {
    out->kind = RC_SCALAR_BOOL;
  } else if (is_decimal(v->text)) {
    if (parse_number(v->text, &out->number))
      return fail_at(ld, v, "number out of range for '%s'", name);
    out->kind = RC_SCALAR_NUMBER;
  }
  return 0;
}

static int parse_value(struct loader *ld, const struct rc_field *f,
                       const struct rc_ynode *v, void *dst);

/* Parses one field's value, then runs the field's own checks on it (lists
 * check each item as it is read). */
static int parse_field(struct loader *ld, const struct rc_field *f,
                       const struct rc_ynode *v, void *cfg)
{
  void *dst = (char *)cfg + f->offset;
  int rc = parse_value(ld, f, v, dst);
  if (rc == 0 && f->type != RC_FIELD_STRINGS)
    rc = check_value(ld, f, v, dst);
  return rc;
}

static int parse_value(struct loader *ld, const struct rc_field *f,
                       const struct rc_ynode *v, void *dst)
{
  switch (f->type) {
  case RC_FIELD_STRING:
    return field_string(ld, v, f->name, dst);
  case RC_FIELD_STRINGS:
    return field_strings(ld, v, f, dst);
  case RC_FIELD_INT:
    if (!rc_ynode_is_plain(v) || parse_long(v->text, dst))
      return fail_at(ld, v, "expected an integer for '%s'", f->name);
    return 0;
  case RC_FIELD_OPT_INT: {
    struct rc_opt_long *o = dst;
    if (!rc_ynode_is_plain(v) || parse_long(v->text, &o->value))
      return fail_at(ld, v, "expected an integer for '%s'", f->name);
    o->set = true;
    return 0;
  }
  case RC_FIELD_NUMBER:
    if (!rc_ynode_is_plain(v) || parse_number(v->text, dst))
      return fail_at(ld, v, "expected a number for '%s'", f->name);
    return 0;
  case RC_FIELD_BOOL:
    if (!rc_ynode_is_plain(v) || parse_bool(v->text, dst))
      return fail_at(ld, v, "expected true or false for '%s'", f->name);
    return 0;
  case RC_FIELD_REGEX:
    return field_regex(ld, v, f->name, dst);
  case RC_FIELD_ENUM: {
    int i = parse_choice(ld, v, f->name, f->enum_names);
    if (i < 0)
      return -1;
    *(int *)dst = i;
    return 0;
  }
  case RC_FIELD_SCALAR:
    return field_scalar(ld, v, f->name, dst);
  }
  return fail_at(ld, v, "unsupported field type for '%s'", f->name);
}

int rc_load_set_param(struct rc_ruleset *rs, struct rc_node *node,
                      const struct rc_field *f, const struct rc_ynode *v,
                      const char *file, struct rc_diag *d)
{
  struct loader ld = {.rs = rs,
                      .d = d,
                      .tmp = rc_arena_new(),
                      .file = file,
                      .rule = rc_value_rule_find(node->probe, f)};
  int rc = parse_field(&ld, f, v, node->cfg);
  struct rc_loc loc = {file, v->line, v->col};
  if (rc == 0 && node->probe->validate)
    rc = node->probe->validate(node->cfg, &loc, d);
  rc_arena_free(ld.tmp);
  return rc;
}

/* Fills a probe leaf from its parameter mapping. */
static int parse_probe(struct loader *ld, const struct rc_probe *p,
                       const struct rc_ynode *key, const struct rc_ynode *val,
                       struct rc_node *node)
{
  node->kind = RC_NODE_PROBE;
  node->probe = p;
  node->cfg = rc_arena_alloc(ld->rs->arena, p->cfg_size);
  if (val->kind != RC_Y_MAP)
    return fail_at(ld, val, "expected a mapping of parameters for probe '%s'",
                   p->name);
  size_t n = 0;
  while (p->fields && p->fields[n].name)
    n++;
  const char **names = rc_arena_alloc(ld->tmp, (n + 1) * sizeof(*names));
  for (size_t i = 0; i < n; i++)
    names[i] = p->fields[i].name;
  struct slot *slots = rc_arena_alloc(ld->tmp, (n + 1) * sizeof(*slots));
  const char *where = rc_arena_printf(ld->tmp, " for probe '%s'", p->name);
  size_t before = ld->d->n_errors, first = ld->d->n;
  scan_map(ld, val, names, slots, where);
  for (size_t i = 0; i < n && !rc_diag_full(ld->d); i++) {
    const struct rc_field *f = &p->fields[i];
    ld->rule = rc_value_rule_find(p, f);
    if (slots[i].val)
      parse_field(ld, f, slots[i].val, node->cfg);
    else if (f->flags & RC_FIELD_REQUIRED)
      fail_at(ld, key, "missing required key '%s' for probe '%s'", f->name,
              p->name);
    ld->rule = NULL;
  }
  struct rc_loc loc = loc_of(ld, key);
  if (ld->d->n_errors == before && p->validate)
    p->validate(node->cfg, &loc, ld->d);
  /* Unknown keys, bad values, missing keys and cross-field problems were
   * found in that order: shown in the order they appear in the file. */
  rc_diag_sort(ld->d, first);
  return ld->d->n_errors != before ? -1 : 0;
}

/* ---- probe expressions --------------------------------------------------- */

static const char *const combinators[] = {"all", "any", "not", NULL};

static int unknown_probe(struct loader *ld, const struct rc_ynode *key)
{
  size_t n = 0;
  while (rc_probes[n])
    n++;
  const char **names = rc_arena_alloc(ld->tmp, (n + 4) * sizeof(*names));
  for (size_t i = 0; i < n; i++)
    names[i] = rc_probes[i]->name;
  for (size_t i = 0; combinators[i]; i++)
    names[n + i] = combinators[i];
  const char *dym = rc_did_you_mean(key->text, names);
  if (dym)
    return fail_at(ld, key, "unknown probe '%s' (did you mean '%s'?)",
                   show(ld, key->text), dym);
  return fail_at(ld, key, "unknown probe '%s'", show(ld, key->text));
}

static struct rc_node *parse_expr(struct loader *ld, const struct rc_ynode *n,
                                  const char *what);

static int parse_list(struct loader *ld, const struct rc_ynode *key,
                      const struct rc_ynode *val, struct rc_node *node)
{
  if (val->kind != RC_Y_SEQ || val->n == 0)
    return fail_at(ld, val, "expected a non-empty list for '%s'", key->text);
  node->kids = rc_arena_alloc(ld->rs->arena, val->n * sizeof(*node->kids));
  int rc = 0;
  for (const struct rc_ynode *k = val->first; k && !rc_diag_full(ld->d);
       k = k->next) {
    struct rc_node *kid = parse_expr(ld, k, key->text);
    if (kid)
      node->kids[node->n_kids++] = kid;
    else
      rc = -1;
  }
  return rc;
}

/* A mapping with exactly one key: all / any / not / a probe name. Returns
 * NULL after reporting an error. what names the enclosing key. */
static struct rc_node *parse_expr(struct loader *ld, const struct rc_ynode *n,
                                  const char *what)
{
  if (n->kind != RC_Y_MAP || n->n == 0) {
    fail_at(ld, n,
            "expected a probe expression (a mapping with one key) "
            "for '%s'",
            what);
    return NULL;
  }
  if (n->n > 2) {
    fail_at(ld, n->first->next->next,
            "more than one key in probe expression for '%s' (combine "
            "probes with 'all' or 'any')",
            what);
    return NULL;
  }
  const struct rc_ynode *key = n->first, *val = key->next;
  if (key->kind != RC_Y_SCALAR) {
    fail_at(ld, key, "expected a probe name as key for '%s'", what);
    return NULL;
  }
  struct rc_node *node = rc_arena_alloc(ld->rs->arena, sizeof(*node));
  node->loc = loc_of(ld, key);
  int rc;
  if (strcmp(key->text, "all") == 0 || strcmp(key->text, "any") == 0) {
    node->kind = key->text[1] == 'l' ? RC_NODE_ALL : RC_NODE_ANY;
    rc = parse_list(ld, key, val, node);
  } else if (strcmp(key->text, "not") == 0) {
    node->kind = RC_NODE_NOT;
    node->kids = rc_arena_alloc(ld->rs->arena, sizeof(*node->kids));
    node->kids[0] = parse_expr(ld, val, "not");
    node->n_kids = 1;
    rc = node->kids[0] ? 0 : -1;
  } else {
    const struct rc_probe *p = rc_probe_find(key->text);
    rc = p ? parse_probe(ld, p, key, val, node) : unknown_probe(ld, key);
  }
  return rc ? NULL : node;
}

/* ---- rules --------------------------------------------------------------- */

enum rule_key {
  K_ID,
  K_TITLE,
  K_CATEGORY,
  K_SEVERITY,
  K_WEIGHT,
  K_TAGS,
  K_CLAIMS,
  K_LOOKS_FOR,
  K_APPLIES_TO,
  K_REMEDIATION,
  K_RATIONALE,
  K_WHEN,
  K_FOR_EACH,
  K_PROBE,
  K_COUNT
};

/* In enum rule_key order. */
static const char *const rule_keys[] = {
    "id",        "title",  "category",  "severity",   "weight",
    "tags",      "claims", "looks_for", "applies_to", "remediation",
    "rationale", "when",   "for_each",  "probe",      NULL};

static const char *const known_categories[] = {
    "infrastructure", "configuration", "security",    "testing",
    "monitoring",     "backup",        "ci",          "docs",
    "dependencies",   "performance",   "reliability", NULL};

/* Dotted lowercase words: ^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$ */
static bool valid_id(const char *s)
{
  size_t words = 0;
  for (;;) {
    if (!is_lower(*s) && !is_digit(*s))
      return false;
    while (is_lower(*s) || is_digit(*s) || *s == '_' || *s == '-')
      s++;
    words++;
    if (*s == '\0')
      return words >= 2;
    if (*s++ != '.')
      return false;
  }
}

static bool valid_category(const char *s)
{
  if (!is_lower(*s))
    return false;
  while (is_lower(*s) || is_digit(*s) || *s == '-')
    s++;
  return *s == '\0';
}

static void parse_id(struct loader *ld, const struct rc_ynode *v,
                     struct rc_rule *r)
{
  const char *s = get_text(ld, v, "id", false);
  if (!s)
    return;
  if (!valid_id(s)) {
    fail_at(ld, v,
            "invalid rule id '%s' (expected lowercase dotted words such as "
            "'docker.non-root-user')",
            show(ld, s));
    return;
  }
  r->id = keep(ld, s);
}

static void parse_category(struct loader *ld, const struct rc_ynode *v,
                           struct rc_rule *r)
{
  const char *s = get_text(ld, v, "category", false);
  if (!s)
    return;
  if (!valid_category(s)) {
    fail_at(ld, v,
            "invalid category '%s' (expected lowercase letters, digits and "
            "'-')",
            show(ld, s));
    return;
  }
  r->category = keep(ld, s);
  for (size_t i = 0; known_categories[i]; i++)
    if (strcmp(known_categories[i], s) == 0)
      return;
  /* New categories are fine; a near miss of a known one is likely a typo. */
  const char *dym = rc_did_you_mean(s, known_categories);
  if (dym) {
    struct rc_loc loc = loc_of(ld, v);
    rc_warning(ld->d, &loc, "unknown category '%s' (did you mean '%s'?)", s,
               dym);
  }
}

static void parse_severity(struct loader *ld, const struct rc_ynode *v,
                           struct rc_rule *r, bool *ok)
{
  static const char *const names[] = {"block", "warn", "info", NULL};
  int i = parse_choice(ld, v, "severity", names);
  *ok = i >= 0 && rc_severity_parse(names[i], &r->severity) == 0;
}

static void parse_weight(struct loader *ld, const struct rc_ynode *v,
                         struct rc_rule *r)
{
  if (!rc_ynode_is_plain(v) || parse_number(v->text, &r->weight)) {
    fail_at(ld, v, "expected a number for 'weight'");
    return;
  }
  if (r->weight < 0 || r->weight > 100)
    fail_at(ld, v, "out of range value '%s' for 'weight' (expected 0 to 100)",
            show(ld, v->text));
}

static const char *tag_of(struct loader *ld, const struct rc_ynode *k)
{
  if (k->kind != RC_Y_SCALAR) {
    fail_at(ld, k, "expected a string or a list of strings for 'tags'");
    return NULL;
  }
  const char *s = get_text(ld, k, "tags", false);
  return s ? keep(ld, s) : NULL;
}

static void parse_tags(struct loader *ld, const struct rc_ynode *v,
                       struct rc_rule *r)
{
  if (v->kind == RC_Y_MAP) {
    fail_at(ld, v, "expected a string or a list of strings for 'tags'");
    return;
  }
  size_t n = v->kind == RC_Y_SCALAR ? 1 : v->n;
  const char **tags = rc_arena_alloc(ld->rs->arena, n * sizeof(*tags));
  if (v->kind == RC_Y_SCALAR) {
    tags[0] = tag_of(ld, v);
    r->n_tags = tags[0] ? 1 : 0;
  }
  for (const struct rc_ynode *k = v->kind == RC_Y_SEQ ? v->first : NULL; k;
       k = k->next) {
    const char *t = tag_of(ld, k);
    if (t)
      tags[r->n_tags++] = t;
  }
  r->tags = tags;
}

/* A claim phrase is matched word by word (match.h): it needs a word, and a
 * sentence is not a phrase. */
#define CLAIM_MAX 120

static const char *claim_of(struct loader *ld, const struct rc_ynode *k)
{
  if (k->kind != RC_Y_SCALAR) {
    fail_at(ld, k, "expected a string or a list of strings for 'claims'");
    return NULL;
  }
  const char *s = get_text(ld, k, "claims", false);
  if (!s)
    return NULL;
  bool word = false;
  for (const char *p = s; *p && !word; p++)
    word = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (*p >= '0' && *p <= '9');
  if (!word) {
    fail_at(ld, k, "claim phrase '%s' has no letters or digits to match",
            show(ld, s));
    return NULL;
  }
  if (strlen(s) > CLAIM_MAX) {
    fail_at(ld, k, "claim phrase is longer than %d bytes (use a few words)",
            CLAIM_MAX);
    return NULL;
  }
  return keep(ld, s);
}

/* claims: "phrase" or [phrases]: how hand-written reports name what the
 * rule checks; `readycheck audit` matches them (docs/audit.md). */
static void parse_claims(struct loader *ld, const struct rc_ynode *v,
                         struct rc_rule *r)
{
  if (v->kind == RC_Y_MAP) {
    fail_at(ld, v, "expected a string or a list of strings for 'claims'");
    return;
  }
  size_t n = v->kind == RC_Y_SCALAR ? 1 : v->n;
  const char **claims =
      rc_arena_alloc(ld->rs->arena, (n ? n : 1) * sizeof(*claims));
  if (v->kind == RC_Y_SCALAR) {
    claims[0] = claim_of(ld, v);
    r->n_claims = claims[0] ? 1 : 0;
  }
  for (const struct rc_ynode *k = v->kind == RC_Y_SEQ ? v->first : NULL; k;
       k = k->next) {
    const char *c = claim_of(ld, k);
    if (c)
      claims[r->n_claims++] = c;
  }
  r->claims = claims;
}

/* for_each: { services: deployed } (or true) is every service the
 * deployment model finds with code in the repository; `built` only those a
 * compose file, CI or a script builds an image for; a glob filters them by
 * folder. */
static void parse_each_services(struct loader *ld, const struct rc_ynode *v,
                                struct rc_rule *r)
{
  r->for_each.kind = RC_EACH_SERVICES;
  r->for_each.loc = loc_of(ld, v);
  bool all;
  if (rc_ynode_is_plain(v) && parse_bool(v->text, &all) == 0) {
    if (!all)
      fail_at(ld, v, "'services: false' selects nothing (remove for_each)");
    return;
  }
  const char *glob = get_text(ld, v, "services", false);
  if (glob && strcmp(glob, "built") == 0)
    r->for_each.built_only = true;
  if (!glob || strcmp(glob, "deployed") == 0 || strcmp(glob, "built") == 0)
    return;
  const char *why = rc_glob_check(glob);
  if (why)
    fail_at(ld, v, "invalid glob for 'services': %s", why);
  else
    r->for_each.glob = keep(ld, glob);
}

/* for_each: { ..., exclude: GLOB | [GLOB...] } leaves items out. */
static int parse_each_exclude(struct loader *ld, const struct rc_ynode *v,
                              struct rc_rule *r)
{
  static const struct rc_field f = {.name = "exclude",
                                    .type = RC_FIELD_STRINGS};
  struct rc_strlist l = {0};
  if (field_strings(ld, v, &f, &l) != 0)
    return -1;
  /* Items are in node order: point at the bad one, not the list. */
  const struct rc_ynode *k = v->kind == RC_Y_SEQ ? v->first : v;
  for (size_t i = 0; i < l.n; i++, k = k->next ? k->next : k) {
    const char *why = rc_glob_check(l.items[i]);
    if (why)
      return fail_at(ld, k, "invalid glob for 'exclude': %s", why);
  }
  r->for_each.exclude = l.items;
  r->for_each.n_exclude = l.n;
  return 0;
}

static void parse_for_each(struct loader *ld, const struct rc_ynode *v,
                           struct rc_rule *r)
{
  static const char *const names[] = {"files", "dirs", "services", "exclude",
                                      NULL};
  if (v->kind != RC_Y_MAP) {
    fail_at(ld, v, "expected a mapping for 'for_each'");
    return;
  }
  struct slot s[4] = {{0}};
  if (scan_map(ld, v, names, s, " in for_each"))
    return;
  if (s[3].val && parse_each_exclude(ld, s[3].val, r) != 0)
    return;
  if (!!s[0].val + !!s[1].val + !!s[2].val != 1) {
    fail_at(ld,
            s[1].key   ? s[1].key
            : s[2].key ? s[2].key
                       : v,
            "for_each needs exactly one of 'files', 'dirs' or 'services'");
    return;
  }
  if (s[2].val) {
    parse_each_services(ld, s[2].val, r);
    return;
  }
  int i = s[0].val ? 0 : 1;
  const char *glob = get_text(ld, s[i].val, names[i], false);
  if (!glob)
    return;
  const char *why = rc_glob_check(glob);
  if (why) {
    fail_at(ld, s[i].val, "invalid glob for '%s': %s", names[i], why);
    return;
  }
  r->for_each.kind = i == 0 ? RC_EACH_FILES : RC_EACH_DIRS;
  r->for_each.glob = keep(ld, glob);
  r->for_each.loc = loc_of(ld, s[i].val);
}

static void parse_text_key(struct loader *ld, const struct slot *s,
                           const char *name, const char **out)
{
  if (!s->val)
    return;
  const char *t = get_text(ld, s->val, name, false);
  if (t)
    *out = keep(ld, t);
}

/* Always returns the rule (fields that failed stay NULL); errors are
 * counted in the diag. */
static struct rc_rule *parse_rule(struct loader *ld, const struct rc_ynode *n)
{
  struct rc_rule *r = rc_arena_alloc(ld->rs->arena, sizeof(*r));
  r->loc = loc_of(ld, n);
  r->pack = ld->pack;
  struct slot s[K_COUNT] = {{0}};
  scan_map(ld, n, rule_keys, s, " in rule");
  if (s[K_ID].val)
    parse_id(ld, s[K_ID].val, r);
  parse_text_key(ld, &s[K_TITLE], "title", &r->title);
  if (s[K_CATEGORY].val)
    parse_category(ld, s[K_CATEGORY].val, r);
  bool sev_ok = false;
  if (s[K_SEVERITY].val)
    parse_severity(ld, s[K_SEVERITY].val, r, &sev_ok);
  if (s[K_WEIGHT].val)
    parse_weight(ld, s[K_WEIGHT].val, r);
  else if (sev_ok)
    r->weight = rc_severity_default_weight(r->severity);
  if (s[K_TAGS].val)
    parse_tags(ld, s[K_TAGS].val, r);
  if (s[K_CLAIMS].val)
    parse_claims(ld, s[K_CLAIMS].val, r);
  parse_text_key(ld, &s[K_LOOKS_FOR], "looks_for", &r->looks_for);
  if (r->looks_for && strlen(r->looks_for) > 120)
    fail_at(ld, s[K_LOOKS_FOR].val, "'looks_for' is longer than 120 bytes");
  parse_text_key(ld, &s[K_APPLIES_TO], "applies_to", &r->applies_to);
  if (r->applies_to && strlen(r->applies_to) > 120)
    fail_at(ld, s[K_APPLIES_TO].val, "'applies_to' is longer than 120 bytes");
  parse_text_key(ld, &s[K_REMEDIATION], "remediation", &r->remediation);
  parse_text_key(ld, &s[K_RATIONALE], "rationale", &r->rationale);
  if (s[K_WHEN].val && !rc_diag_full(ld->d))
    r->when = parse_expr(ld, s[K_WHEN].val, "when");
  if (s[K_FOR_EACH].val)
    parse_for_each(ld, s[K_FOR_EACH].val, r);
  if (s[K_PROBE].val && !rc_diag_full(ld->d))
    r->probe = parse_expr(ld, s[K_PROBE].val, "probe");
  static const enum rule_key required[] = {
      K_ID, K_TITLE, K_CATEGORY, K_SEVERITY, K_REMEDIATION, K_PROBE};
  for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
    if (!s[required[i]].key)
      fail_at(ld, n, "missing required key '%s' in rule",
              rule_keys[required[i]]);
  return r;
}

/* ---- the file ------------------------------------------------------------ */

/* Open-addressing set of the ids seen in one file, so a repeated id names
 * both places without a quadratic scan. */
struct id_seen {
  const struct rc_rule **slots;
  const struct rc_ynode **where;
  size_t mask;
};

static size_t hash_id(const char *s)
{
  size_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static void check_dup_id(struct loader *ld, struct id_seen *seen,
                         const struct rc_rule *r, const struct rc_ynode *id)
{
  size_t i = hash_id(r->id) & seen->mask;
  while (seen->slots[i] && strcmp(seen->slots[i]->id, r->id) != 0)
    i = (i + 1) & seen->mask;
  if (!seen->slots[i]) {
    seen->slots[i] = r;
    seen->where[i] = id;
    return;
  }
  fail_at(ld, id, "duplicate rule id '%s' (first defined at %s:%u:%u)", r->id,
          ld->file, seen->where[i]->line, seen->where[i]->col);
}

/* The node holding a rule's id value, for locations. */
static const struct rc_ynode *id_value(const struct rc_ynode *rule)
{
  for (const struct rc_ynode *k = rule->first; k && k->next; k = k->next->next)
    if (k->kind == RC_Y_SCALAR && strcmp(k->text, "id") == 0)
      return k->next;
  return rule;
}

/* Parses every rule of the sequence into out (in the tmp arena). */
static size_t parse_rules(struct loader *ld, const struct rc_ynode *seq,
                          struct rc_rule ***out)
{
  struct rc_rule **rules = rc_arena_alloc(ld->tmp, seq->n * sizeof(*rules));
  struct id_seen seen;
  size_t cap = 16;
  while (cap < seq->n * 2)
    cap *= 2;
  seen.slots = rc_arena_alloc(ld->tmp, cap * sizeof(*seen.slots));
  seen.where = rc_arena_alloc(ld->tmp, cap * sizeof(*seen.where));
  seen.mask = cap - 1;
  size_t n = 0;
  for (const struct rc_ynode *k = seq->first; k && !rc_diag_full(ld->d);
       k = k->next) {
    if (k->kind != RC_Y_MAP) {
      fail_at(ld, k, "expected a mapping for a rule");
      continue;
    }
    struct rc_rule *r = parse_rule(ld, k);
    if (r->id)
      check_dup_id(ld, &seen, r, id_value(k));
    rules[n++] = r;
  }
  *out = rules;
  return n;
}

static int check_version(struct loader *ld, const struct rc_ynode *root,
                         const struct slot *s)
{
  if (!s->val)
    return fail_at(ld, root, "missing required key 'version'");
  if (!rc_ynode_is_plain(s->val))
    return fail_at(ld, s->val, "expected an integer for 'version'");
  if (strcmp(s->val->text, "1") != 0)
    return fail_at(ld, s->val,
                   "unsupported rule file version '%s' (expected 1)",
                   show(ld, s->val->text));
  return 0;
}

/* The file's `stacks: [docker, compose]`, each a known stack name. */
static void parse_stacks(struct loader *ld, const struct rc_ynode *v,
                         const char *const **out, size_t *n_out)
{
  if (v->kind == RC_Y_MAP) {
    fail_at(ld, v, "expected a string or a list of strings for 'stacks'");
    return;
  }
  size_t n = v->kind == RC_Y_SCALAR ? 1 : v->n;
  const char **names =
      rc_arena_alloc(ld->rs->arena, (n ? n : 1) * sizeof(*names));
  size_t k = 0;
  for (const struct rc_ynode *e = v->kind == RC_Y_SEQ ? v->first : v; e;
       e = v->kind == RC_Y_SEQ ? e->next : NULL) {
    const char *t =
        e->kind == RC_Y_SCALAR ? get_text(ld, e, "stacks", false) : NULL;
    enum rc_stack st;
    if (e->kind != RC_Y_SCALAR)
      fail_at(ld, e, "expected a string or a list of strings for 'stacks'");
    else if (t && rc_stack_parse(t, &st) != 0) {
      const char *hint = rc_did_you_mean(t, rc_stack_names);
      if (hint)
        fail_at(ld, e, "unknown stack '%s' (did you mean '%s'?)", show(ld, t),
                hint);
      else
        fail_at(ld, e, "unknown stack '%s'", show(ld, t));
    } else if (t)
      names[k++] = rc_stack_names[st];
  }
  if (k == 0 && v->kind == RC_Y_SEQ)
    fail_at(ld, v, "empty list for 'stacks' (remove it to always apply)");
  *out = names;
  *n_out = k;
}

static size_t parse_file(struct loader *ld, const struct rc_ynode *root,
                         struct rc_rule ***out)
{
  static const char *const names[] = {"version", "description", "rules",
                                      "stacks", NULL};
  if (root->kind != RC_Y_MAP) {
    fail_at(ld, root, "expected a mapping at the top level of the rule file");
    return 0;
  }
  size_t before = ld->d->n_errors;
  struct slot s[4] = {{0}};
  /* Version first: a file for another format version gets one error, not a
   * cascade of unknown keys. */
  for (const struct rc_ynode *k = root->first; k && k->next; k = k->next->next)
    if (k->kind == RC_Y_SCALAR && strcmp(k->text, "version") == 0 && !s[0].val)
      s[0].val = k->next;
  if (s[0].val && check_version(ld, root, &s[0]))
    return 0;
  memset(s, 0, sizeof(s));
  scan_map(ld, root, names, s, " at top level");
  if (!s[0].val)
    check_version(ld, root, &s[0]);
  if (s[1].val)
    get_text(ld, s[1].val, "description", true);
  if (!s[2].val) {
    fail_at(ld, root, "missing required key 'rules'");
    return 0;
  }
  if (s[2].val->kind != RC_Y_SEQ) {
    fail_at(ld, s[2].val, "expected a list of rules for 'rules'");
    return 0;
  }
  const char *const *stacks = NULL;
  size_t n_stacks = 0;
  if (s[3].val)
    parse_stacks(ld, s[3].val, &stacks, &n_stacks);
  /* A file that loads as "0 rules" would let a gate pass on nothing (said
   * once the file has no other error to fix first). */
  if (s[2].val->n == 0 && ld->d->n_errors == before) {
    fail_at(ld, s[2].val, "no rules in rule file (the 'rules' list is empty)");
    return 0;
  }
  size_t n = parse_rules(ld, s[2].val, out);
  for (size_t i = 0; i < n; i++) {
    (*out)[i]->stacks = stacks;
    (*out)[i]->n_stacks = n_stacks;
  }
  return n;
}

/* The pack a file's rules belong to: "rules/docker.yaml" -> "docker". */
static const char *pack_name(struct rc_arena *a, const char *name)
{
  const char *base = name;
  for (const char *p = name; *p; p++)
    if (*p == '/' || *p == ':')
      base = p + 1;
  size_t n = strlen(base);
  if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
    n -= 5;
  else if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
    n -= 4;
  return rc_arena_strndup(a, base, n);
}

/* All or nothing: a clash with a rule of the same layer from another file
 * is found before any rule of this file is added. */
static void add_rules(struct loader *ld, struct rc_rule **rules, size_t n)
{
  size_t before = ld->d->n_errors;
  for (size_t i = 0; i < n; i++) {
    const struct rc_rule *old = rc_ruleset_find(ld->rs, rules[i]->id);
    if (old && old->layer == ld->rs->layer)
      rc_ruleset_add(ld->rs, rules[i], ld->d); /* records the clash */
  }
  if (ld->d->n_errors != before)
    return;
  for (size_t i = 0; i < n; i++)
    rc_ruleset_add(ld->rs, rules[i], ld->d);
}

int rc_load_buffer(struct rc_ruleset *rs, const char *name, const char *data,
                   size_t len, struct rc_diag *d)
{
  struct loader ld = {.rs = rs, .d = d, .data = data, .len = len};
  ld.file = rc_arena_strdup(rs->arena, name);
  ld.pack = pack_name(rs->arena, name);
  /* With the diag full, checks stop before they can record anything, so
   * an unchecked file could pass: refuse it instead. */
  if (rc_diag_full(d))
    return -1;
  if (len > MAX_FILE_SIZE)
    return fail(&ld, 0, 0, "rule file larger than 4 MiB");
  size_t before = d->n_errors;
  ld.tmp = rc_arena_new();
  const struct rc_ynode *root = read_tree(&ld);
  struct rc_rule **rules = NULL;
  size_t n = root ? parse_file(&ld, root, &rules) : 0;
  if (d->n_errors == before)
    add_rules(&ld, rules, n);
  rc_arena_free(ld.tmp);
  return d->n_errors == before ? 0 : -1;
}

/* ---- files and directories ----------------------------------------------- */

static int io_error(struct rc_diag *d, const char *path, int err)
{
  struct rc_loc loc = {path, 0, 0};
  return rc_error(d, &loc, "cannot read rule file: %s", strerror(err));
}

static int load_file(struct rc_ruleset *rs, const char *path, struct rc_diag *d)
{
  struct rc_loc loc = {path, 0, 0};
  /* Non-blocking: opening a FIFO for reading would wait for a writer
   * forever; fstat then refuses it (and devices, sockets). */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return io_error(d, path, errno);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return io_error(d, path, e);
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return rc_error(d, &loc, "not a regular file");
  }
  if (st.st_size > MAX_FILE_SIZE) {
    close(fd);
    return rc_error(d, &loc, "rule file larger than 4 MiB");
  }
  struct rc_buf b;
  rc_buf_init(&b);
  char chunk[65536];
  ssize_t got;
  /* The size can change after fstat: read at most one byte past the cap. */
  while (b.len <= MAX_FILE_SIZE &&
         (got = read(fd, chunk, sizeof(chunk))) != 0) {
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      int e = errno;
      close(fd);
      rc_buf_release(&b);
      return io_error(d, path, e);
    }
    rc_buf_add(&b, chunk, (size_t)got);
  }
  close(fd);
  int rc = rc_load_buffer(rs, path, b.data, b.len, d);
  rc_buf_release(&b);
  return rc;
}

static bool is_rule_file_name(const char *name)
{
  size_t n = strlen(name);
  if (name[0] == '.')
    return false;
  return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
         (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Regular *.yml / *.yaml files directly in dir, sorted; caller frees. */
static int list_rule_files(const char *dir, char ***out, size_t *n,
                           struct rc_diag *d)
{
  DIR *dh = opendir(dir);
  if (!dh)
    return io_error(d, dir, errno);
  char **paths = NULL;
  size_t cap = 0;
  *n = 0;
  size_t dlen = strlen(dir);
  bool slash = dlen > 0 && dir[dlen - 1] == '/';
  struct dirent *e;
  while ((e = readdir(dh)) != NULL) {
    if (!is_rule_file_name(e->d_name))
      continue;
    struct rc_buf b;
    rc_buf_init(&b);
    rc_buf_printf(&b, "%s%s%s", dir, slash ? "" : "/", e->d_name);
    struct stat st;
    if (stat(b.data, &st) == 0 && !S_ISREG(st.st_mode)) {
      rc_buf_release(&b);
      continue;
    }
    rc_grow((void **)&paths, &cap, *n, sizeof(*paths));
    paths[(*n)++] = rc_buf_detach(&b);
    rc_buf_release(&b);
  }
  closedir(dh);
  if (*n)
    qsort(paths, *n, sizeof(*paths), cmp_str);
  *out = paths;
  return 0;
}

static int load_dir(struct rc_ruleset *rs, const char *dir, struct rc_diag *d)
{
  char **paths = NULL;
  size_t n = 0;
  if (list_rule_files(dir, &paths, &n, d))
    return -1;
  int rc = n ? 0 : rc_error(d, NULL, "no rule files in '%s'", dir);
  for (size_t i = 0; i < n; i++) {
    if (rc_diag_full(d) || load_file(rs, paths[i], d))
      rc = -1;
    free(paths[i]);
  }
  free(paths);
  return rc;
}

int rc_load_path(struct rc_ruleset *rs, const char *path, struct rc_diag *d)
{
  struct stat st;
  if (stat(path, &st) != 0)
    return io_error(d, path, errno);
  if (S_ISDIR(st.st_mode))
    return load_dir(rs, path, d);
  if (!S_ISREG(st.st_mode)) {
    struct rc_loc loc = {path, 0, 0};
    return rc_error(d, &loc, "not a regular file");
  }
  return load_file(rs, path, d);
}
