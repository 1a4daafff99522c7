/*
 * dockerfile.c - Dockerfiles parsed once for the whole run: instructions,
 * stages, global ARGs, and the inheritance queries (FROM <earlier stage>)
 * that the user, healthcheck and base-image questions all need. What a
 * probe concludes from them is the probe's business.
 */
#include "readycheck/dockerfile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

enum { MAX_INSTR = 20000, MAX_STAGES = 256, MAX_ARGS = 256 };

/* ---- parsing ---------------------------------------------------------- */

static char *trim(char *s)
{
  while (isspace((unsigned char)*s))
    s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1]))
    s[--n] = '\0';
  return s;
}

static void add_instr(struct rc_dockerfile *f, struct rc_arena *a,
                      char *logical, unsigned line)
{
  char *s = trim(logical);
  if (!*s || f->n >= MAX_INSTR)
    return;
  size_t kl = strcspn(s, " \t");
  char *kw = rc_arena_strndup(a, s, kl);
  for (char *p = kw; *p; p++)
    *p = (char)toupper((unsigned char)*p);
  rc_grow((void **)&f->in, &f->cap, f->n, sizeof(*f->in));
  f->in[f->n++] =
      (struct rc_df_instr){kw, rc_arena_strdup(a, trim(s + kl)), line};
}

/* A physical line ending in '\' continues; comment lines inside a
 * continued instruction are dropped, as Docker does. */
static void split_lines(struct rc_dockerfile *f, struct rc_arena *a,
                        const char *data, size_t len)
{
  struct rc_buf cur;
  rc_buf_init(&cur);
  unsigned lineno = 0, start = 0;
  size_t i = 0;
  while (i < len) {
    size_t e = i;
    while (e < len && data[e] != '\n')
      e++;
    lineno++;
    size_t n = e - i;
    if (n && data[i + n - 1] == '\r')
      n--;
    const char *l = data + i;
    size_t lead = 0;
    while (lead < n && isspace((unsigned char)l[lead]))
      lead++;
    bool comment = lead < n && l[lead] == '#';
    if (!comment) {
      if (!cur.len)
        start = lineno;
      size_t m = n;
      while (m && isspace((unsigned char)l[m - 1]))
        m--;
      bool cont = m && l[m - 1] == '\\';
      rc_buf_add(&cur, l, cont ? m - 1 : n);
      if (cont) {
        rc_buf_putc(&cur, ' ');
      } else {
        add_instr(f, a, cur.data ? cur.data : (char *)"", start);
        rc_buf_reset(&cur);
        if (cur.data)
          cur.data[0] = '\0';
      }
    }
    i = e + 1;
  }
  if (cur.len)
    add_instr(f, a, cur.data, start);
  rc_buf_release(&cur);
}

/* Next whitespace-separated word of *s (NUL-terminated in place). */
static char *word(char **s)
{
  char *p = *s;
  while (isspace((unsigned char)*p))
    p++;
  if (!*p)
    return NULL;
  char *w = p;
  while (*p && !isspace((unsigned char)*p))
    p++;
  if (*p)
    *p++ = '\0';
  *s = p;
  return w;
}

static void add_stage(struct rc_dockerfile *f, struct rc_arena *a, size_t i)
{
  if (f->ns >= MAX_STAGES)
    return;
  char *rest = rc_arena_strdup(a, f->in[i].args);
  char *image = word(&rest);
  while (image && strncmp(image, "--", 2) == 0)
    image = word(&rest);
  char *as = word(&rest);
  char *name = as && strcasecmp(as, "as") == 0 ? word(&rest) : NULL;
  if (name)
    for (char *p = name; *p; p++)
      *p = (char)tolower((unsigned char)*p);
  rc_grow((void **)&f->st, &f->caps, f->ns, sizeof(*f->st));
  f->st[f->ns++] = (struct rc_df_stage){image ? image : "", name, i + 1, f->n,
                                        f->in[i].line};
}

/* ARG NAME=value before the first FROM may be used in FROM lines. */
static void add_global_arg(struct rc_dockerfile *f, const char *args)
{
  if (f->args.n >= MAX_ARGS)
    return;
  const char *eq = strchr(args, '=');
  if (!eq)
    return;
  char name[128];
  size_t nl = (size_t)(eq - args);
  if (nl == 0 || nl >= sizeof(name))
    return;
  memcpy(name, args, nl);
  name[nl] = '\0';
  const char *v = eq + 1;
  size_t vl = strcspn(v, " \t");
  char *val = rc_xstrndup(v, vl);
  if (vl >= 2 && (val[0] == '"' || val[0] == '\'') && val[vl - 1] == val[0]) {
    memmove(val, val + 1, vl - 2);
    val[vl - 2] = '\0';
  }
  rc_vars_set(&f->args, name, val);
  free(val);
}

void rc_dockerfile_parse(struct rc_dockerfile *f, struct rc_arena *a,
                         const char *path, const char *data, size_t len)
{
  memset(f, 0, sizeof(*f));
  f->path = path;
  rc_vars_init(&f->args);
  /* a UTF-8 byte order mark (editors on Windows write one) is not part of
   * the first instruction: Docker drops it, or `FROM` would not be read */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  split_lines(f, a, data, len);
  for (size_t i = 0; i < f->n; i++) {
    if (strcmp(f->in[i].kw, "FROM") == 0) {
      if (f->ns)
        f->st[f->ns - 1].end = i;
      add_stage(f, a, i);
    } else if (strcmp(f->in[i].kw, "ARG") == 0 && f->ns == 0) {
      add_global_arg(f, f->in[i].args);
    }
  }
  if (f->ns)
    f->st[f->ns - 1].end = f->n;
}

void rc_dockerfile_release(struct rc_dockerfile *f)
{
  if (!f)
    return;
  free(f->in);
  free(f->st);
  rc_vars_release(&f->args);
  f->in = NULL;
  f->st = NULL;
  f->n = f->ns = f->cap = f->caps = 0;
}

/* ---- stages and images -------------------------------------------------- */

long rc_dockerfile_target(const struct rc_dockerfile *f, const char *target)
{
  if (!f->ns)
    return -1;
  if (!target || !*target)
    return (long)f->ns - 1;
  for (size_t i = 0; i < f->ns; i++)
    if (f->st[i].name && strcasecmp(f->st[i].name, target) == 0)
      return (long)i;
  return -1;
}

static int expand_once(const struct rc_dockerfile *f, const char *s,
                       struct rc_buf *out);

static long stage_named(const struct rc_dockerfile *f, size_t before,
                        const char *ref)
{
  char *end;
  long num = strtol(ref, &end, 10);
  if (*ref && !*end)
    return num >= 0 && (size_t)num < before ? num : -1;
  for (size_t i = 0; i < before; i++)
    if (f->st[i].name && strcasecmp(f->st[i].name, ref) == 0)
      return (long)i;
  return -1;
}

long rc_dockerfile_stage_ref(const struct rc_dockerfile *f, size_t before,
                             const char *ref)
{
  /* a stage named as written comes first: only a ref no stage is named
   * after is read as variables */
  long found = stage_named(f, before, ref);
  if (found >= 0 || !strchr(ref, '$'))
    return found;
  /* `FROM local_db_${INCLUDE_DB}`: the ARG's default names the stage a
   * build that passes no value builds on */
  struct rc_buf out;
  rc_buf_init(&out);
  if (expand_once(f, ref, &out) == 0 && out.data && !strchr(out.data, '$'))
    found = stage_named(f, before, out.data);
  rc_buf_release(&out);
  return found;
}

/* One expansion pass: $NAME is rewritten as ${NAME} so vars.c can expand
 * it. Returns -1 when a variable has no default or uses shell syntax. */
static int expand_once(const struct rc_dockerfile *f, const char *s,
                       struct rc_buf *out)
{
  struct rc_buf in;
  rc_buf_init(&in);
  for (const char *p = s; *p; p++) {
    if (*p == '$' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
      size_t n = 1;
      while (isalnum((unsigned char)p[n]) || p[n] == '_')
        n++;
      rc_buf_printf(&in, "${%.*s}", (int)(n - 1), p + 1);
      p += n - 1;
    } else {
      rc_buf_putc(&in, *p);
    }
  }
  char err[128];
  int rc = rc_vars_expand(&f->args, NULL, in.data ? in.data : "", out, err,
                          sizeof(err));
  rc_buf_release(&in);
  return rc;
}

/* An ARG default may name another ARG; one still unresolved after a few
 * passes (or written with shell substitutions such as ${X/a/b}) is chosen
 * at build time too, since its text is not the image name. */
const char *rc_dockerfile_resolve(const struct rc_dockerfile *f,
                                  struct rc_arena *a, const char *image)
{
  const char *cur = image;
  for (int pass = 0; pass < 4 && strchr(cur, '$'); pass++) {
    struct rc_buf out;
    rc_buf_init(&out);
    int rc = expand_once(f, cur, &out);
    cur = rc == 0 ? rc_arena_strdup(a, out.data ? out.data : "") : NULL;
    rc_buf_release(&out);
    if (!cur)
      return NULL;
  }
  return strchr(cur, '$') ? NULL : cur;
}

const char *rc_dockerfile_base_image(const struct rc_dockerfile *f,
                                     struct rc_arena *a, size_t s)
{
  for (size_t hops = 0; hops <= f->ns; hops++) {
    long prev = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (prev < 0)
      return rc_dockerfile_resolve(f, a, f->st[s].image);
    s = (size_t)prev;
  }
  return NULL;
}

const struct rc_df_instr *rc_dockerfile_inherited(const struct rc_dockerfile *f,
                                                  size_t s, const char *kw)
{
  for (size_t hops = 0; hops <= f->ns; hops++) {
    for (size_t i = f->st[s].end; i > f->st[s].first; i--)
      if (strcmp(f->in[i - 1].kw, kw) == 0)
        return &f->in[i - 1];
    long prev = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (prev < 0)
      return NULL;
    s = (size_t)prev;
  }
  return NULL;
}

const char *rc_dockerfile_program(struct rc_arena *a, const char *args)
{
  const char *p = args;
  while (isspace((unsigned char)*p))
    p++;
  if (*p == '[') {
    p++;
    while (isspace((unsigned char)*p))
      p++;
    if (*p != '"')
      return NULL;
    p++;
    size_t n = strcspn(p, "\"");
    return n ? rc_arena_strndup(a, p, n) : NULL;
  }
  size_t n = strcspn(p, " \t;&|");
  return n ? rc_arena_strndup(a, p, n) : NULL;
}

/* `install -m 0755 src dest`, `install -Dm755 ...`, `--mode=755`: the
 * owner's digit of the mode is odd (executable). */
static bool installs_executable(const char *a)
{
  for (const char *p = strstr(a, "install "); p;
       p = strstr(p + 8, "install ")) {
    const char *end = p + strcspn(p, ";&|");
    for (const char *m = p + 8; m < end; m++) {
      const char *d = NULL;
      if (strncmp(m, "--mode=", 7) == 0)
        d = m + 7;
      else if (m[0] == '-' && m[1] != '-' &&
               (m[1] == 'm' || (m[2] == 'm' && isalpha((unsigned char)m[1]))))
        d = m + (m[1] == 'm' ? 2 : 3);
      if (!d)
        continue;
      while (*d == ' ' || *d == '0')
        d++;
      if (*d >= '1' && *d <= '7' && (*d - '0') % 2 == 1)
        return true;
    }
  }
  return false;
}

/* A chmod whose files the text cannot name (`find ... -exec chmod`, `...
 * | xargs chmod`), or whose symbolic mode adds x among other bits (`a+rx`,
 * `u+rwx`, `ug=rwx`): it may make any script executable. */
static bool chmods_unnamed(const char *a)
{
  if (strstr(a, "xargs chmod") || strstr(a, "-exec chmod"))
    return true;
  for (const char *p = strstr(a, "chmod "); p; p = strstr(p + 6, "chmod ")) {
    const char *m = p + 6;
    while (*m == ' ' || (*m == '-' && m[1] != ' ' && strchr("Rfv", m[1])))
      m += *m == ' ' ? 1 : 2;
    size_t n = strcspn(m, " ;&|");
    const char *op = strpbrk(m, "+=");
    if (op && op < m + n && memchr(op, 'x', (size_t)(m + n - op)))
      return true;
  }
  return false;
}

bool rc_dockerfile_chmods(const struct rc_dockerfile *f, const char *base)
{
  for (size_t i = 0; f && i < f->n; i++) {
    const char *a = f->in[i].args;
    bool run = strcmp(f->in[i].kw, "RUN") == 0;
    bool copy =
        (strcmp(f->in[i].kw, "COPY") == 0 || strcmp(f->in[i].kw, "ADD") == 0) &&
        strstr(a, "--chmod=");
    if (copy) /* COPY --chmod=755 . . covers every copied file */
      return true;
    if (run && strstr(a, "chmod") &&
        (strstr(a, base) || strstr(a, "*.sh") || strstr(a, "-R") ||
         strstr(a, "+x") || chmods_unnamed(a)))
      return true;
    if (run && strstr(a, base) && installs_executable(a))
      return true;
  }
  return false;
}

bool rc_df_is_copy(const struct rc_df_instr *in)
{
  return strcmp(in->kw, "COPY") == 0 || strcmp(in->kw, "ADD") == 0;
}

bool rc_df_copies_context(const struct rc_df_instr *in)
{
  return rc_df_is_copy(in) && !strstr(in->args, "--from");
}

bool rc_dockerfile_env_line(const char *text, const char *p)
{
  const char *ls = p;
  while (ls > text && ls[-1] != '\n')
    ls--;
  while (*ls == ' ' || *ls == '\t')
    ls++;
  return strncasecmp(ls, "ENV", 3) == 0 || strncasecmp(ls, "ARG", 3) == 0;
}
