/*
 * dotenv.c - the `dotenv` probe: a dotenv file (.env.example, a CI .env)
 * must define the listed keys, optionally non-empty, long enough and
 * matching a pattern.
 *
 * Holds its own small dotenv parser (comments, export, quotes, escapes,
 * multi-line values, CRLF, BOM). Values are only measured and matched,
 * never reported; reading the file is index.c's job.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/vars.h"

enum { MIN_LENGTH_LIMIT = 1000000 };

struct cfg {
  const char *file;
  struct rc_strlist keys;
  bool non_empty;
  struct rc_pattern pattern;
  long min_length;
};

/* ---- parsing ---- */

struct entry {
  const char *key; /* points into the file's bytes */
  size_t key_len;
  struct rc_buf value; /* decoded */
  unsigned line;
  bool unterminated; /* a quote that never closed */
};

struct dotenv {
  struct entry *items;
  size_t n, cap;
};

struct cursor {
  const char *p, *end;
  unsigned line;
};

static bool at_eol(const struct cursor *c)
{
  return c->p >= c->end || *c->p == '\n' ||
         (*c->p == '\r' && (c->p + 1 >= c->end || c->p[1] == '\n'));
}

static void skip_blanks(struct cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
    c->p++;
}

/* Past the end of the current line. */
static void next_line(struct cursor *c)
{
  while (c->p < c->end && *c->p != '\n')
    c->p++;
  if (c->p < c->end) {
    c->p++;
    c->line++;
  }
}

static bool is_key_char(char ch)
{
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
         (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-';
}

static char unescape(char ch)
{
  switch (ch) {
  case 'n':
    return '\n';
  case 'r':
    return '\r';
  case 't':
    return '\t';
  default:
    return ch; /* \" \\ \$ and anything else: the character itself */
  }
}

/* A quoted value; may span lines. Double quotes know backslash escapes. */
static void quoted(struct cursor *c, struct entry *e)
{
  char q = *c->p++;
  while (c->p < c->end && *c->p != q) {
    char ch = *c->p++;
    if (ch == '\n')
      c->line++;
    if (ch == '\\' && q == '"' && c->p < c->end)
      ch = unescape(*c->p++);
    else if (ch == '\r' && c->p < c->end && *c->p == '\n')
      continue; /* CRLF inside a value is a plain newline */
    rc_buf_putc(&e->value, ch);
  }
  if (c->p >= c->end)
    e->unterminated = true;
  else
    c->p++;
}

/* An unquoted value: to the end of the line or a " #" comment, trimmed.
 * spaced: blanks came before the value, so a '#' right here is a comment. */
static void unquoted(struct cursor *c, struct entry *e, bool spaced)
{
  const char *start = c->p;
  if (spaced && c->p < c->end && *c->p == '#')
    return;
  while (!at_eol(c) && !(*c->p == '#' && c->p > start &&
                         (c->p[-1] == ' ' || c->p[-1] == '\t')))
    c->p++;
  const char *stop = c->p;
  while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t'))
    stop--;
  rc_buf_add(&e->value, start, (size_t)(stop - start));
}

/* Parses one line (or more, for a multi-line value) at the cursor. */
static void parse_line(struct cursor *c, struct dotenv *env)
{
  skip_blanks(c);
  if (c->end - c->p > 6 && memcmp(c->p, "export", 6) == 0 &&
      (c->p[6] == ' ' || c->p[6] == '\t')) {
    c->p += 6;
    skip_blanks(c);
  }
  const char *key = c->p;
  while (c->p < c->end && is_key_char(*c->p))
    c->p++;
  size_t key_len = (size_t)(c->p - key);
  skip_blanks(c);
  if (!key_len || c->p >= c->end || *c->p != '=')
    return; /* blank, comment or not an assignment */
  const char *eq = c->p++;
  skip_blanks(c);
  rc_grow((void **)&env->items, &env->cap, env->n, sizeof(*env->items));
  struct entry *e = &env->items[env->n++];
  *e = (struct entry){.key = key, .key_len = key_len, .line = c->line};
  rc_buf_init(&e->value);
  if (c->p < c->end && (*c->p == '"' || *c->p == '\'' || *c->p == '`'))
    quoted(c, e);
  else
    unquoted(c, e, c->p > eq + 1);
}

static void parse(const char *data, size_t len, struct dotenv *env)
{
  struct cursor c = {data, data + len, 1};
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    c.p += 3;
  while (c.p < c.end) {
    parse_line(&c, env);
    next_line(&c);
  }
}

static void dotenv_release(struct dotenv *env)
{
  for (size_t i = 0; i < env->n; i++)
    rc_buf_release(&env->items[i].value);
  free(env->items);
}

/* The last definition wins, as when a shell sources the file. */
static const struct entry *lookup(const struct dotenv *env, const char *key)
{
  size_t n = strlen(key);
  for (size_t i = env->n; i-- > 0;)
    if (env->items[i].key_len == n && memcmp(env->items[i].key, key, n) == 0)
      return &env->items[i];
  return NULL;
}

/* ---- the check ---- */

struct tally {
  size_t problems;
  const char *first;
  const char *error;
};

static void problem(struct tally *t, struct rc_check *out, struct rc_ctx *ctx,
                    const char *file, unsigned line, const char *what)
{
  if (!t->problems++)
    t->first = what;
  rc_check_evidence(out, ctx, file, line, "%s", what);
}

static size_t utf8_length(const char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

/* Judges one key; its value never leaves this function. */
static void check_key(const struct cfg *cfg, const struct dotenv *env,
                      const char *key, struct rc_ctx *ctx,
                      struct rc_regex_scratch *rs, struct tally *t,
                      struct rc_check *out)
{
  struct rc_arena *a = ctx->arena;
  const struct entry *e = lookup(env, key);
  if (!e) {
    problem(t, out, ctx, cfg->file, 0,
            rc_arena_printf(a, "%s is missing", key));
    return;
  }
  const char *v = e->value.data;
  size_t len = e->value.len;
  if (e->unterminated)
    problem(t, out, ctx, cfg->file, e->line,
            rc_arena_printf(a, "%s has a quote that is never closed", key));
  else if (cfg->non_empty && len == 0)
    problem(t, out, ctx, cfg->file, e->line,
            rc_arena_printf(a, "%s is empty", key));
  if (cfg->min_length > 0 && utf8_length(v, len) < (size_t)cfg->min_length)
    problem(t, out, ctx, cfg->file, e->line,
            rc_arena_printf(a, "%s is shorter than %ld characters", key,
                            cfg->min_length));
  if (!cfg->pattern.re)
    return;
  int rc = rc_regex_match(cfg->pattern.re, rs, v, len, 0, NULL, NULL);
  if (rc == RC_RE_NOMATCH)
    problem(t, out, ctx, cfg->file, e->line,
            rc_arena_printf(a, "%s does not match the required pattern", key));
  else if (rc < 0 && !t->error)
    t->error = rc_arena_printf(a,
                               "could not match %s in '%s' against the "
                               "pattern: %s",
                               key, cfg->file, rc_regex_strerror(rc));
}

static void report(const struct cfg *cfg, const struct tally *t,
                   struct rc_ctx *ctx, struct rc_check *out)
{
  const struct rc_strlist *k = &cfg->keys;
  if (t->problems)
    rc_check_set(
        out, ctx, RC_OUT_FAIL, "%s in '%s'%s", t->first, cfg->file,
        t->problems > 1
            ? rc_arena_printf(ctx->arena, " (and %zu more)", t->problems - 1)
            : "");
  else if (t->error)
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", t->error);
  else if (k->n == 1)
    rc_check_set(out, ctx, RC_OUT_OK, "'%s' defines %s", cfg->file,
                 k->items[0]);
  else if (k->n == 2)
    rc_check_set(out, ctx, RC_OUT_OK, "'%s' defines %s and %s", cfg->file,
                 k->items[0], k->items[1]);
  else
    rc_check_set(out, ctx, RC_OUT_OK, "'%s' defines all %zu keys", cfg->file,
                 k->n);
}

/* Reads the file; on failure sets the outcome and returns -1. */
static int load(const struct cfg *cfg, struct rc_ctx *ctx, struct rc_check *out,
                const char **data, size_t *len)
{
  char err[256] = "";
  enum rc_entry_kind kind;
  int rc = rc_index_stat_path(ctx->index, cfg->file, &kind, err, sizeof(err));
  if (rc < 0)
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", err);
  else if (rc == 0 || kind == RC_ENTRY_SYMLINK)
    rc_check_set(out, ctx, RC_OUT_FAIL, "no file '%s'", cfg->file);
  else if (kind == RC_ENTRY_DIR)
    rc_check_set(out, ctx, RC_OUT_ERROR, "'%s' is a directory, not a file",
                 cfg->file);
  else if (rc_index_read_path(ctx->index, cfg->file, data, len, err,
                              sizeof(err)) != 0)
    rc_check_set(out, ctx, RC_OUT_ERROR, "cannot read '%s': %s", cfg->file,
                 err);
  else if (rc_index_is_binary(*data, *len))
    rc_check_set(out, ctx, RC_OUT_ERROR, "'%s' is not a text file", cfg->file);
  else
    return 0;
  return -1;
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct cfg *cfg = vcfg;
  const char *data;
  size_t len;
  if (load(cfg, ctx, out, &data, &len) != 0)
    return;
  struct dotenv env = {0};
  parse(data, len, &env);
  struct tally t = {0};
  struct rc_regex_scratch *rs = rc_regex_scratch_new();
  for (size_t i = 0; i < cfg->keys.n; i++)
    check_key(cfg, &env, cfg->keys.items[i], ctx, rs, &t, out);
  rc_regex_scratch_free(rs);
  dotenv_release(&env);
  report(cfg, &t, ctx, out);
}

static const char *check_file(const void *value, char *buf, size_t buflen)
{
  (void)buf;
  (void)buflen;
  return *(const char *)value ? NULL : "must name a file";
}

static const char *check_key_name(const void *value, char *buf, size_t buflen)
{
  const char *k = value;
  bool ok = *k != '\0';
  for (const char *p = k; *p && ok; p++)
    ok = is_key_char(*p);
  if (ok)
    return NULL;
  snprintf(buf, buflen, "entry '%.60s' is not a valid dotenv key", k);
  return buf;
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (!cfg->file)
    rc = rc_error(d, loc, "'file' must name a file");
  if (cfg->keys.n == 0)
    rc = rc_error(d, loc, "'keys' needs at least one key");
  return rc;
}

/* Single values, checked where they are written (probe.h). */
static const struct rc_value_rule value_rules[] = {
    {.field = "file", .check = check_file},
    {.field = "keys", .check = check_key_name},
    {.field = "min_length", .ranged = true, .min = 0, .max = MIN_LENGTH_LIMIT},
    {.field = NULL},
};

static const struct rc_field fields[] = {
    {"file", RC_FIELD_STRING, offsetof(struct cfg, file), RC_FIELD_REQUIRED,
     NULL,
     "the dotenv file, a path relative to the repository (read even "
     "when git ignores it)"},
    {"keys", RC_FIELD_STRINGS, offsetof(struct cfg, keys), RC_FIELD_REQUIRED,
     NULL, "keys the file must define"},
    {"non_empty", RC_FIELD_BOOL, offsetof(struct cfg, non_empty), 0, NULL,
     "every listed key must have a non-empty value (default false)"},
    {"pattern", RC_FIELD_REGEX, offsetof(struct cfg, pattern), 0, NULL,
     "PCRE2 pattern every listed value must match (values are never shown)"},
    {"min_length", RC_FIELD_INT, offsetof(struct cfg, min_length), 0, NULL,
     "minimum length of every listed value, in characters (default 0)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_dotenv = {
    .name = "dotenv",
    .summary = "a dotenv file defines the listed keys, optionally with "
               "well-formed values",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .value_rules = value_rules,
    .check = check,
};
