/*
 * config.c - .readycheck.yml: the key checks with did-you-mean over the
 * bounded node tree ytree.c reads, the merge into the command-line options,
 * and `init`'s starter file. Loading rule files and running them is left to
 * main.
 */
#include "readycheck/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/builtin.h"
#include "readycheck/cli.h"
#include "readycheck/detect.h"
#include "readycheck/glob.h"
#include "readycheck/load.h"
#include "readycheck/mem.h"
#include "readycheck/rule.h"
#include "readycheck/ytree.h"

enum { MAX_CONFIG_SIZE = 1024 * 1024, MAX_DEPTH = 16, MAX_NODES = 100000 };

struct parser {
  struct rc_config *c;
  struct rc_diag *d;
};

static int err_at(struct parser *p, const struct rc_ynode *n, const char *fmt,
                  ...) __attribute__((format(printf, 3, 4)));

static int err_at(struct parser *p, const struct rc_ynode *n, const char *fmt,
                  ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *msg = rc_arena_vprintf(p->c->arena, fmt, ap);
  va_end(ap);
  struct rc_loc loc = {p->c->file, n ? n->line : 0, n ? n->col : 0};
  return rc_error(p->d, &loc, "%s", msg);
}

/* ---- the YAML tree ------------------------------------------------------ */

/* The document's root, or NULL when there is none or after an error. */
static struct rc_ynode *read_tree(struct parser *p, const char *data,
                                  size_t len)
{
  static const struct rc_ytree_opts base = {
      .max_size = MAX_CONFIG_SIZE,
      .max_depth = MAX_DEPTH,
      .max_nodes = MAX_NODES,
      .too_large = "configuration larger than 1 MiB",
      .too_many_nodes = "configuration too large",
      .anchor = "YAML anchors are not allowed",
      .alias = "YAML aliases are not allowed",
      .multi_doc = "expected a single YAML document",
  };
  struct rc_ytree_opts opts = base;
  opts.file = p->c->file;
  struct rc_ynode *root;
  rc_ytree_read(p->c->arena, data, len, &opts, p->d, &root);
  return root;
}

/* ---- keys ---------------------------------------------------------------- */

static const char *const top_keys[] = {
    "version", "packs",   "skip",      "rules",        "vars", "min_score",
    "fail_on", "waivers", "overrides", "environments", NULL};

static int unknown_key(struct parser *p, const struct rc_ynode *k,
                       const char *const *names, const char *where)
{
  /* A list or mapping as key ("- {a: b}: 0") has no text to name. */
  if (k->kind != RC_Y_SCALAR)
    return err_at(p, k, "expected a string key%s", where);
  const char *hint = rc_did_you_mean(k->text, names);
  struct rc_buf shown;
  rc_buf_init(&shown);
  rc_buf_put_shown(&shown, k->text, 60); /* "p\u0430ck" is not "pack" */
  int rc = hint ? err_at(p, k, "unknown key '%s'%s (did you mean '%s'?)",
                         shown.data, where, hint)
                : err_at(p, k, "unknown key '%s'%s", shown.data, where);
  rc_buf_release(&shown);
  return rc;
}

static const char *scalar(struct parser *p, const struct rc_ynode *v,
                          const char *key)
{
  if (v->kind != RC_Y_SCALAR) {
    err_at(p, v, "expected a string for '%s'", key);
    return NULL;
  }
  return v->text;
}

/* A string or a list of strings. */
static const char **strings(struct parser *p, const struct rc_ynode *v,
                            const char *key, size_t *n)
{
  *n = 0;
  if (v->kind == RC_Y_MAP) {
    err_at(p, v, "expected a list of strings for '%s'", key);
    return NULL;
  }
  const char **out =
      rc_arena_alloc(p->c->arena, (v->n ? v->n : 1) * sizeof(*out));
  if (v->kind == RC_Y_SCALAR) {
    out[(*n)++] = v->text;
    return out;
  }
  for (const struct rc_ynode *e = v->first; e; e = e->next) {
    const char *s = scalar(p, e, key);
    if (s)
      out[(*n)++] = s;
  }
  return out;
}

static int parse_int(struct parser *p, const struct rc_ynode *v,
                     const char *key, long lo, long hi, int *out)
{
  if (!rc_ynode_is_plain(v))
    return err_at(p, v, "expected an integer for '%s'", key);
  char *end;
  errno = 0;
  long x = strtol(v->text, &end, 10);
  if (errno || end == v->text || *end || x < lo || x > hi)
    return err_at(p, v, "invalid value '%s' for '%s' (expected %ld to %ld)",
                  v->text, key, lo, hi);
  *out = (int)x;
  return 0;
}

static void parse_packs(struct parser *p, const struct rc_ynode *v)
{
  size_t n;
  const char **packs = strings(p, v, "packs", &n);
  const char *names[64];
  size_t k = 0;
  for (size_t i = 0; i < rc_builtin_pack_count && k < 63; i++)
    names[k++] = rc_builtin_packs[i].name;
  names[k] = NULL;
  const struct rc_ynode *e = v->kind == RC_Y_SEQ ? v->first : v;
  for (size_t i = 0; i < n && e; i++, e = e->next) {
    if (rc_builtin_find(packs[i]))
      continue;
    const char *hint = rc_did_you_mean(packs[i], names);
    if (hint)
      err_at(p, e, "unknown pack '%s' (did you mean '%s'?)", packs[i], hint);
    else
      err_at(p, e, "unknown pack '%s'", packs[i]);
  }
  p->c->packs = packs;
  p->c->n_packs = n;
}

static void parse_skip_item(struct parser *p, const struct rc_ynode *m,
                            struct rc_config_skip *out)
{
  static const char *const names[] = {"id", "reason", NULL};
  if (m->kind != RC_Y_MAP) {
    err_at(p, m, "expected a mapping with 'id' and 'reason' in 'skip'");
    return;
  }
  for (const struct rc_ynode *k = m->first; k && k->next; k = k->next->next) {
    const char *s = k->kind == RC_Y_SCALAR ? k->text : "";
    if (strcmp(s, "id") == 0) {
      out->id = scalar(p, k->next, "id");
      out->loc = (struct rc_loc){p->c->file, k->next->line, k->next->col};
    } else if (strcmp(s, "reason") == 0) {
      out->reason = scalar(p, k->next, "reason");
    } else {
      unknown_key(p, k, names, " in skip");
    }
  }
  if (!out->id)
    err_at(p, m, "missing required key 'id' in skip");
  else if (!out->reason || !*out->reason)
    err_at(p, m, "skip of '%s' needs a 'reason' (it is shown in reports)",
           out->id);
}

static void parse_skip(struct parser *p, const struct rc_ynode *v)
{
  if (v->kind != RC_Y_SEQ) {
    err_at(p, v, "expected a list of {id, reason} for 'skip'");
    return;
  }
  p->c->skips =
      rc_arena_alloc(p->c->arena, (v->n ? v->n : 1) * sizeof(*p->c->skips));
  memset(p->c->skips, 0, (v->n ? v->n : 1) * sizeof(*p->c->skips));
  for (const struct rc_ynode *e = v->first; e; e = e->next)
    parse_skip_item(p, e, &p->c->skips[p->c->n_skips++]);
}

/* Rule paths are relative to the directory of the config file. */
static void parse_rules(struct parser *p, const struct rc_ynode *v)
{
  size_t n;
  const char **paths = strings(p, v, "rules", &n);
  const char *slash = strrchr(p->c->file, '/');
  for (size_t i = 0; i < n; i++)
    if (paths[i][0] != '/' && slash)
      paths[i] =
          rc_arena_printf(p->c->arena, "%.*s/%s", (int)(slash - p->c->file),
                          p->c->file, paths[i]);
  p->c->rules = paths;
  p->c->n_rules = n;
}

static bool valid_var_name(const char *s)
{
  if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
    return false;
  for (; *s; s++)
    if (!(*s == '_' || *s == '.' || (*s >= 'A' && *s <= 'Z') ||
          (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
      return false;
  return true;
}

static void parse_vars(struct parser *p, const struct rc_ynode *v)
{
  if (v->kind != RC_Y_MAP) {
    err_at(p, v, "expected a mapping of NAME: value for 'vars'");
    return;
  }
  p->c->vars =
      rc_arena_alloc(p->c->arena, (v->n / 2 + 1) * sizeof(*p->c->vars));
  for (const struct rc_ynode *k = v->first; k && k->next; k = k->next->next) {
    if (k->kind != RC_Y_SCALAR || !valid_var_name(k->text)) {
      err_at(
          p, k,
          "invalid variable name in 'vars' (expected [A-Za-z_][A-Za-z0-9_.]*)");
      continue;
    }
    const char *val = scalar(p, k->next, k->text);
    if (val)
      p->c->vars[p->c->n_vars++] = (struct rc_config_var){k->text, val};
  }
}

static void parse_fail_on(struct parser *p, const struct rc_ynode *v)
{
  static const char *const names[] = {"block", "warn", "new", NULL};
  const char *s = scalar(p, v, "fail_on");
  if (!s)
    return;
  for (int i = 0; names[i]; i++)
    if (strcmp(s, names[i]) == 0) {
      p->c->fail_on = i;
      return;
    }
  err_at(p, v, "invalid value '%s' for 'fail_on' (expected block, warn or new)",
         s);
}

/* ---- overrides ----------------------------------------------------------- */

static void override_key(struct parser *p, const struct rc_ynode *k,
                         struct rc_config_override *o)
{
  static const char *const names[] = {"severity", "weight", "title", "params",
                                      NULL};
  const struct rc_ynode *v = k->next;
  const char *key = k->kind == RC_Y_SCALAR ? k->text : "";
  if (strcmp(key, "severity") == 0) {
    enum rc_severity sev;
    const char *s = scalar(p, v, key);
    if (s && rc_severity_parse(s, &sev) != 0)
      err_at(p, v,
             "invalid value '%s' for 'severity' (expected block, warn or info)",
             s);
    else if (s)
      o->severity = (int)sev;
  } else if (strcmp(key, "weight") == 0) {
    const char *s = scalar(p, v, key);
    char *end = NULL;
    double w = s ? strtod(s, &end) : -1;
    if (s && (end == s || *end || !(w >= 0 && w <= 1000)))
      err_at(p, v, "invalid value '%s' for 'weight' (expected 0 to 1000)", s);
    else if (s)
      o->weight = w;
  } else if (strcmp(key, "title") == 0) {
    o->title = scalar(p, v, key);
  } else if (strcmp(key, "params") == 0) {
    if (v->kind != RC_Y_MAP)
      err_at(p, v, "expected a mapping of probe parameters for 'params'");
    else
      o->params = v;
  } else {
    unknown_key(p, k, names, " in overrides");
  }
}

static void parse_overrides(struct parser *p, const struct rc_ynode *v)
{
  if (v->kind != RC_Y_MAP) {
    err_at(p, v, "expected a mapping of rule ids for 'overrides'");
    return;
  }
  size_t n = v->n / 2 + 1;
  p->c->overrides = rc_arena_alloc(p->c->arena, n * sizeof(*p->c->overrides));
  for (const struct rc_ynode *k = v->first; k && k->next; k = k->next->next) {
    struct rc_config_override *o = &p->c->overrides[p->c->n_overrides];
    *o = (struct rc_config_override){.severity = -1, .weight = -1};
    o->rule = scalar(p, k, "overrides");
    o->loc = (struct rc_loc){p->c->file, k->line, k->col};
    if (!o->rule)
      continue;
    if (k->next->kind != RC_Y_MAP) {
      err_at(p, k->next, "expected a mapping for the override of '%s'",
             o->rule);
      continue;
    }
    for (const struct rc_ynode *f = k->next->first; f && f->next;
         f = f->next->next)
      override_key(p, f, o);
    p->c->n_overrides++;
  }
}

/* ---- environments ---------------------------------------------------------
 */

static bool http_url(const char *s, bool plain_only)
{
  return strncmp(s, "http://", 7) == 0 ||
         (!plain_only && strncmp(s, "https://", 8) == 0);
}

/* "PATH [STATUS...]": a path from the root and codes like 200 or 4xx. */
static bool smoke_entry(const char *s)
{
  if (s[0] != '/')
    return false;
  const char *p = s + strcspn(s, " \t");
  while (*p) {
    p += strspn(p, " \t");
    size_t k = strcspn(p, " \t");
    if (k == 0)
      break;
    bool code = k == 3 && p[0] >= '1' && p[0] <= '5';
    for (size_t i = 1; code && i < 3; i++)
      code = (p[i] >= '0' && p[i] <= '9') || p[i] == 'x' || p[i] == 'X';
    if (!code)
      return false;
    p += k;
  }
  return true;
}

static void env_paths(struct parser *p, const struct rc_ynode *v,
                      struct rc_config_env *e)
{
  e->paths = strings(p, v, "paths", &e->n_paths);
  const struct rc_ynode *item = v->kind == RC_Y_SEQ ? v->first : v;
  for (size_t i = 0; i < e->n_paths && item; i++, item = item->next)
    if (strchr(e->paths[i], ',') || !smoke_entry(e->paths[i]))
      err_at(p, item,
             "invalid smoke entry '%s' in 'paths' (expected '/path' and "
             "optional statuses like 200 or 4xx, e.g. '/admin 401 403')",
             e->paths[i]);
}

static void env_key(struct parser *p, const struct rc_ynode *k,
                    struct rc_config_env *e)
{
  static const char *const names[] = {"base_url", "http_url", "paths", NULL};
  const struct rc_ynode *v = k->next;
  const char *key = k->kind == RC_Y_SCALAR ? k->text : "";
  if (strcmp(key, "base_url") == 0 || strcmp(key, "http_url") == 0) {
    bool plain = key[0] == 'h';
    const char *url = scalar(p, v, key);
    if (url && !http_url(url, plain))
      err_at(p, v, "invalid '%s' '%s' (expected %s)", key, url,
             plain ? "http://..." : "http://... or https://...");
    else if (url && plain)
      e->http_url = url;
    else if (url)
      e->base_url = url;
  } else if (strcmp(key, "paths") == 0) {
    env_paths(p, v, e);
  } else {
    unknown_key(p, k, names, " in environments");
  }
}

static bool env_name_ok(const char *s)
{
  if (!*s)
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
          (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
      return false;
  return true;
}

static void parse_environments(struct parser *p, const struct rc_ynode *v)
{
  if (v->kind != RC_Y_MAP) {
    err_at(p, v,
           "expected a mapping of environment names for "
           "'environments'");
    return;
  }
  p->c->envs =
      rc_arena_alloc(p->c->arena, (v->n / 2 + 1) * sizeof(*p->c->envs));
  for (const struct rc_ynode *k = v->first; k && k->next; k = k->next->next) {
    struct rc_config_env *e = &p->c->envs[p->c->n_envs];
    memset(e, 0, sizeof(*e));
    e->name = scalar(p, k, "environments");
    e->loc = (struct rc_loc){p->c->file, k->line, k->col};
    if (!e->name)
      continue;
    if (!env_name_ok(e->name)) {
      err_at(p, k,
             "invalid environment name '%s' (letters, digits, '-', "
             "'_' and '.')",
             e->name);
      continue;
    }
    if (k->next->kind != RC_Y_MAP) {
      err_at(p, k->next,
             "expected a mapping with 'base_url' for "
             "environment '%s'",
             e->name);
      continue;
    }
    for (const struct rc_ynode *f = k->next->first; f && f->next;
         f = f->next->next)
      env_key(p, f, e);
    if (!e->base_url)
      err_at(p, k->next, "environment '%s' needs a 'base_url'", e->name);
    p->c->n_envs++;
  }
}

/* ---- waivers ------------------------------------------------------------- */

static void waiver_key(struct parser *p, const struct rc_ynode *k,
                       struct rc_waiver *w, struct rc_loc *loc)
{
  static const char *const names[] = {"rule",  "path",    "service", "reason",
                                      "owner", "expires", NULL};
  const struct rc_ynode *v = k->next;
  const char *key = k->kind == RC_Y_SCALAR ? k->text : "";
  const char **slot = strcmp(key, "rule") == 0      ? &w->rule
                      : strcmp(key, "path") == 0    ? &w->path
                      : strcmp(key, "service") == 0 ? &w->service
                      : strcmp(key, "reason") == 0  ? &w->reason
                      : strcmp(key, "owner") == 0   ? &w->owner
                      : strcmp(key, "expires") == 0 ? &w->expires
                                                    : NULL;
  if (!slot) {
    unknown_key(p, k, names, " in waivers");
    return;
  }
  *slot = scalar(p, v, key);
  if (slot == &w->rule)
    *loc = (struct rc_loc){p->c->file, v->line, v->col};
  if (slot == &w->expires && *slot && !rc_date_valid(*slot))
    err_at(p, v, "invalid date '%s' for 'expires' (expected YYYY-MM-DD)",
           *slot);
  if (slot == &w->path && *slot && rc_glob_check(*slot))
    err_at(p, v, "invalid glob '%s' for 'path': %s", *slot,
           rc_glob_check(*slot));
}

static void parse_waiver(struct parser *p, const struct rc_ynode *m,
                         struct rc_waiver *w, struct rc_loc *loc)
{
  if (m->kind != RC_Y_MAP) {
    err_at(p, m, "expected a mapping with 'rule' and 'reason' in 'waivers'");
    return;
  }
  for (const struct rc_ynode *k = m->first; k && k->next; k = k->next->next)
    waiver_key(p, k, w, loc);
  w->where = rc_arena_printf(p->c->arena, "%s:%u", p->c->file, m->line);
  if (!w->rule)
    err_at(p, m, "missing required key 'rule' in waivers");
  else if (!w->reason || !*w->reason)
    err_at(p, m, "waiver of '%s' needs a 'reason' (it is shown in reports)",
           w->rule);
}

static void parse_waivers(struct parser *p, const struct rc_ynode *v)
{
  if (v->kind != RC_Y_SEQ) {
    err_at(p, v, "expected a list of {rule, reason, ...} for 'waivers'");
    return;
  }
  size_t n = v->n ? v->n : 1;
  p->c->waivers = rc_arena_alloc(p->c->arena, n * sizeof(*p->c->waivers));
  p->c->waiver_locs =
      rc_arena_alloc(p->c->arena, n * sizeof(*p->c->waiver_locs));
  memset(p->c->waivers, 0, n * sizeof(*p->c->waivers));
  memset(p->c->waiver_locs, 0, n * sizeof(*p->c->waiver_locs));
  for (const struct rc_ynode *e = v->first; e; e = e->next, p->c->n_waivers++)
    parse_waiver(p, e, &p->c->waivers[p->c->n_waivers],
                 &p->c->waiver_locs[p->c->n_waivers]);
}

static void parse_key(struct parser *p, const struct rc_ynode *k,
                      const struct rc_ynode *v)
{
  int version;
  if (strcmp(k->text, "version") == 0) {
    if (parse_int(p, v, "version", 0, 1000, &version) == 0 && version != 1)
      err_at(p, v, "unsupported config version '%s' (expected 1)", v->text);
  } else if (strcmp(k->text, "packs") == 0) {
    parse_packs(p, v);
  } else if (strcmp(k->text, "skip") == 0) {
    parse_skip(p, v);
  } else if (strcmp(k->text, "rules") == 0) {
    parse_rules(p, v);
  } else if (strcmp(k->text, "vars") == 0) {
    parse_vars(p, v);
  } else if (strcmp(k->text, "min_score") == 0) {
    parse_int(p, v, "min_score", 0, 100, &p->c->min_score);
  } else if (strcmp(k->text, "waivers") == 0) {
    parse_waivers(p, v);
  } else if (strcmp(k->text, "overrides") == 0) {
    parse_overrides(p, v);
  } else if (strcmp(k->text, "environments") == 0) {
    parse_environments(p, v);
  } else {
    parse_fail_on(p, v);
  }
}

static void parse_top(struct parser *p, const struct rc_ynode *root)
{
  if (root->kind != RC_Y_MAP) {
    err_at(p, root, "expected a mapping at the top level of the config");
    return;
  }
  bool seen[16] = {false}, has_version = false;
  for (const struct rc_ynode *k = root->first; k && k->next;
       k = k->next->next) {
    size_t i = 0;
    while (top_keys[i] &&
           (k->kind != RC_Y_SCALAR || strcmp(top_keys[i], k->text)))
      i++;
    if (!top_keys[i]) {
      unknown_key(p, k, top_keys, " in config");
      continue;
    }
    if (seen[i]) {
      err_at(p, k, "duplicate key '%s'", k->text);
      continue;
    }
    seen[i] = true;
    has_version |= i == 0;
    parse_key(p, k, k->next);
  }
  if (!has_version)
    err_at(p, root, "missing required key 'version'");
}

/* ---- API ----------------------------------------------------------------- */

int rc_config_parse(struct rc_config **out, const char *name, const char *data,
                    size_t len, struct rc_diag *d)
{
  struct rc_config *c = rc_xcalloc(1, sizeof(*c));
  c->arena = rc_arena_new();
  c->file = rc_arena_strdup(c->arena, name);
  c->min_score = -1;
  c->fail_on = -1;
  struct parser p = {c, d};
  size_t before = d->n_errors;
  *out = NULL;
  struct rc_ynode *root = read_tree(&p, data, len);
  if (root)
    parse_top(&p, root);
  else if (d->n_errors == before)
    err_at(&p, NULL, "empty configuration (expected at least 'version: 1')");
  if (d->n_errors != before) {
    rc_config_free(c);
    return -1;
  }
  *out = c;
  return 0;
}

int rc_config_load(struct rc_config **out, const char *path, struct rc_diag *d)
{
  *out = NULL;
  /* Non-blocking open, then only a regular file: a FIFO would block. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    int e = errno;
    if (fd >= 0)
      close(fd);
    return rc_error(d, NULL, "cannot read '%s': %s", path, strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    struct rc_loc loc = {path, 0, 0};
    return rc_error(d, &loc, "not a regular file");
  }
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    int e = errno;
    close(fd);
    return rc_error(d, NULL, "cannot read '%s': %s", path, strerror(e));
  }
  struct rc_buf b;
  rc_buf_init(&b);
  char tmp[8192];
  size_t n;
  while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0 && b.len <= MAX_CONFIG_SIZE)
    rc_buf_add(&b, tmp, n);
  int bad = ferror(f);
  fclose(f);
  int rc = bad ? rc_error(d, NULL, "cannot read '%s'", path)
               : rc_config_parse(out, path, b.data, b.len, d);
  rc_buf_release(&b);
  return rc;
}

void rc_config_free(struct rc_config *c)
{
  if (!c)
    return;
  rc_arena_free(c->arena);
  free(c);
}

static bool cli_has_var(const struct rc_options *o, const char *name)
{
  for (size_t i = 0; i < o->vars.n; i++)
    if (strcmp(o->vars.items[i].name, name) == 0)
      return true;
  return false;
}

/* Replaces o's skip list with the command line's plus the file's. */
static void merge_skips(const struct rc_config *c, struct rc_options *o)
{
  size_t n = o->n_skip + c->n_skips;
  const char **ids = rc_xcalloc(n ? n : 1, sizeof(*ids));
  const char **why = rc_xcalloc(n ? n : 1, sizeof(*why));
  for (size_t i = 0; i < o->n_skip; i++)
    ids[i] = o->skip[i];
  for (size_t i = 0; i < c->n_skips; i++) {
    ids[o->n_skip + i] = c->skips[i].id;
    why[o->n_skip + i] = c->skips[i].reason;
  }
  free(o->skip);
  free(o->skip_reasons);
  o->skip = ids;
  o->skip_reasons = why;
  o->n_skip = n;
}

void rc_config_apply(const struct rc_config *c, struct rc_options *o)
{
  if (o->n_packs == 0 && c->packs) {
    free(o->packs);
    o->packs = rc_xcalloc(c->n_packs ? c->n_packs : 1, sizeof(*o->packs));
    memcpy(o->packs, c->packs, c->n_packs * sizeof(*o->packs));
    o->n_packs = c->n_packs;
  }
  if (c->n_skips)
    merge_skips(c, o);
  if (c->n_rules) {
    size_t n = c->n_rules + o->n_rule_paths;
    const char **paths = rc_xcalloc(n, sizeof(*paths));
    memcpy(paths, c->rules, c->n_rules * sizeof(*paths));
    for (size_t i = 0; i < o->n_rule_paths; i++)
      paths[c->n_rules + i] = o->rule_paths[i];
    free(o->rule_paths);
    o->rule_paths = paths;
    o->n_rule_paths = n;
  }
  for (size_t i = 0; i < c->n_vars; i++)
    if (!cli_has_var(o, c->vars[i].name))
      rc_vars_set(&o->vars, c->vars[i].name, c->vars[i].value);
  if (o->min_score < 0 && c->min_score >= 0)
    o->min_score = c->min_score;
  if (!o->fail_on_set && c->fail_on >= 0) {
    o->fail_on_warn = c->fail_on == 1;
    o->fail_on_new = c->fail_on == 2;
  }
  o->config_used = c->file;
  o->waivers = c->waivers;
  o->n_waivers = c->n_waivers;
}

static void env_var(struct rc_options *o, const char *name, const char *value)
{
  if (value && !cli_has_var(o, name))
    rc_vars_set(&o->vars, name, value);
}

int rc_config_apply_env(const struct rc_config *c, struct rc_options *o,
                        struct rc_diag *d)
{
  if (!o->env)
    return 0;
  const char *names[64];
  size_t n = 0;
  for (size_t i = 0; c && i < c->n_envs; i++) {
    const struct rc_config_env *e = &c->envs[i];
    if (n < 63)
      names[n++] = e->name;
    if (strcmp(e->name, o->env) != 0)
      continue;
    env_var(o, "BASE_URL", e->base_url);
    env_var(o, "HTTP_URL", e->http_url);
    struct rc_buf b;
    rc_buf_init(&b);
    for (size_t k = 0; k < e->n_paths; k++)
      rc_buf_printf(&b, "%s%s", k ? ", " : "", e->paths[k]);
    env_var(o, "SMOKE_PATHS", b.len ? b.data : NULL);
    rc_buf_release(&b);
    return 0;
  }
  names[n] = NULL;
  if (!c)
    return rc_error(
        d, NULL,
        "--env %s: needs a .readycheck.yml that declares environments "
        "(none was read; see docs/config.md)",
        o->env);
  if (!c->n_envs)
    return rc_error(d, NULL,
                    "--env %s: %s declares no environments (see "
                    "docs/config.md)",
                    o->env, c->file);
  const char *hint = rc_did_you_mean(o->env, names);
  struct rc_buf list;
  rc_buf_init(&list);
  for (size_t i = 0; i < n; i++)
    rc_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
  int rc = hint ? rc_error(d, NULL,
                           "--env %s: no such environment in %s (did you mean "
                           "'%s'?)",
                           o->env, c->file, hint)
                : rc_error(d, NULL,
                           "--env %s: no such environment in %s (it has %s)",
                           o->env, c->file, list.data);
  rc_buf_release(&list);
  return rc;
}

int rc_config_check_rules(const struct rc_config *c,
                          const struct rc_ruleset *rs, struct rc_diag *d)
{
  int rc = 0;
  for (size_t i = 0; i < c->n_skips; i++)
    if (!rc_ruleset_find(rs, c->skips[i].id))
      rc =
          rc_ruleset_no_rule(rs, d, &c->skips[i].loc, "skip: ", c->skips[i].id);
  for (size_t i = 0; i < c->n_waivers; i++)
    if (!rc_ruleset_find(rs, c->waivers[i].rule))
      rc = rc_ruleset_no_rule(rs, d, &c->waiver_locs[i],
                              "waivers: ", c->waivers[i].rule);
  return rc;
}

/* Sets parameter name on every probe leaf of node that has it; returns how
 * many did, or -1 after an error. */
static int set_param(const struct rc_config *c, struct rc_ruleset *rs,
                     struct rc_node *node, const char *name,
                     const struct rc_ynode *v, struct rc_diag *d)
{
  if (node->kind != RC_NODE_PROBE) {
    int n = 0;
    for (size_t i = 0; i < node->n_kids; i++) {
      int k = set_param(c, rs, node->kids[i], name, v, d);
      if (k < 0)
        return -1;
      n += k;
    }
    return n;
  }
  for (const struct rc_field *f = node->probe->fields; f && f->name; f++)
    if (strcmp(f->name, name) == 0)
      return rc_load_set_param(rs, node, f, v, c->file, d) == 0 ? 1 : -1;
  return 0;
}

/* The parameter names of the probes in node, for did-you-mean. */
static void param_names(const struct rc_node *node, const char **names,
                        size_t *n, size_t cap)
{
  if (node->kind != RC_NODE_PROBE) {
    for (size_t i = 0; i < node->n_kids; i++)
      param_names(node->kids[i], names, n, cap);
    return;
  }
  for (const struct rc_field *f = node->probe->fields; f && f->name; f++)
    if (*n + 1 < cap)
      names[(*n)++] = f->name;
  names[*n] = NULL;
}

static int apply_params(const struct rc_config *c,
                        const struct rc_config_override *o, struct rc_rule *r,
                        struct rc_ruleset *rs, struct rc_diag *d)
{
  int rc = 0;
  for (const struct rc_ynode *k = o->params->first; k && k->next;
       k = k->next->next) {
    if (k->kind != RC_Y_SCALAR) {
      struct rc_loc loc = {c->file, k->line, k->col};
      rc = rc_error(d, &loc, "expected a string key in params");
      continue;
    }
    int n = set_param(c, rs, r->probe, k->text, k->next, d);
    if (n < 0) {
      rc = -1;
    } else if (n == 0) {
      const char *names[64];
      size_t count = 0;
      names[0] = NULL;
      param_names(r->probe, names, &count, 64);
      const char *hint = rc_did_you_mean(k->text, names);
      struct rc_loc loc = {c->file, k->line, k->col};
      rc = hint ? rc_error(d, &loc,
                           "rule '%s' has no parameter '%s' (did you mean "
                           "'%s'?)",
                           r->id, k->text, hint)
                : rc_error(d, &loc, "rule '%s' has no parameter '%s'", r->id,
                           k->text);
    }
  }
  return rc;
}

int rc_config_apply_overrides(const struct rc_config *c, struct rc_ruleset *rs,
                              struct rc_diag *d)
{
  int rc = 0;
  for (size_t i = 0; i < c->n_overrides; i++) {
    const struct rc_config_override *o = &c->overrides[i];
    struct rc_rule *r = (struct rc_rule *)rc_ruleset_find(rs, o->rule);
    if (!r) {
      rc = rc_ruleset_no_rule(rs, d, &o->loc, "overrides: ", o->rule);
      continue;
    }
    if (o->severity >= 0)
      r->severity = (enum rc_severity)o->severity;
    if (o->weight >= 0)
      r->weight = o->weight;
    if (o->title)
      r->title = rc_arena_strdup(rs->arena, o->title);
    if (o->params && apply_params(c, o, r, rs, d) != 0)
      rc = -1;
  }
  return rc;
}

int rc_config_write_init(FILE *out, const struct rc_detection *det,
                         const char *const *packs, size_t n_packs)
{
  const char *names[RC_STACK_COUNT];
  size_t n = rc_detection_names(det, names);
  fputs("# readycheck configuration: see docs/config.md.\n"
        "# Command-line flags win over this file.\n"
        "version: 1\n\n",
        out);
  fputs("# Stacks detected when this file was written: ", out);
  for (size_t i = 0; i < n; i++)
    fprintf(out, "%s%s", i ? ", " : "", names[i]);
  fputs(n ? "\n" : "none\n", out);
  fputs("# Without 'packs', the packs that apply to the detected stacks run\n"
        "# (auto-detection). Naming packs turns auto-detection off:\n"
        "# packs: [",
        out);
  for (size_t i = 0; i < n_packs; i++)
    fprintf(out, "%s%s", i ? ", " : "", packs[i]);
  fputs("]\n\n", out);
  fputs("# Checks that do not apply here, each with the reason shown in the\n"
        "# report:\n"
        "# skip:\n"
        "#   - id: docs.changelog\n"
        "#     reason: release notes are kept in the wiki\n\n"
        "# Your own rule files, relative to this file:\n"
        "# rules: [readycheck/rules.yaml]\n\n"
        "# Values for ${NAME} in rule parameters (--var wins):\n"
        "# vars:\n"
        "#   DEPLOY_ENV: production\n\n"
        "# Not ready below this score (0-100):\n"
        "# min_score: 80\n\n"
        "# What makes the run fail: block (default) or warn\n"
        "# fail_on: block\n",
        out);
  return ferror(out) ? -1 : 0;
}
