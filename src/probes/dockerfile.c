/*
 * dockerfile.c - the `dockerfile` probe: facts that need a Dockerfile's
 * structure rather than a line regex - the user the final stage runs as
 * (following `FROM <earlier stage>`), pinned and small base images, several
 * stages, and scripts started directly by CMD/ENTRYPOINT that git does not
 * mark executable. Parsing is deliberately small: continuation lines,
 * comments, instructions, stages and ARG defaults; file bytes are index.c's.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

enum {
  REQ_NON_ROOT,
  REQ_MULTI_STAGE,
  REQ_PINNED_BASE,
  REQ_SMALL_BASE,
  REQ_SCRIPTS_EXECUTABLE,
};

static const char *const require_names[] = {"non_root_user",      "multi_stage",
                                            "pinned_base",        "small_base",
                                            "scripts_executable", NULL};

enum { MAX_INSTR = 20000, MAX_STAGES = 256, MAX_ARGS = 256 };

struct cfg {
  struct rc_strlist path;
  int require;
  struct rc_strlist exclude;
};

struct instr {
  char *kw;   /* upper case */
  char *args; /* continuation lines joined with a space */
  unsigned line;
};

struct stage {
  const char *image; /* as written after FROM, flags removed */
  const char *name;  /* AS name, lower case, or NULL */
  size_t first, end; /* instructions [first, end) after FROM */
  unsigned line;
};

struct dfile {
  const char *path;
  struct instr *in;
  size_t n, cap;
  struct stage *st;
  size_t ns, caps;
  struct rc_vars args; /* ARG defaults before the first FROM */
};

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

static void add_instr(struct dfile *f, struct rc_arena *a, char *logical,
                      unsigned line)
{
  char *s = trim(logical);
  if (!*s || f->n >= MAX_INSTR)
    return;
  size_t kl = strcspn(s, " \t");
  char *kw = rc_arena_strndup(a, s, kl);
  for (char *p = kw; *p; p++)
    *p = (char)toupper((unsigned char)*p);
  rc_grow((void **)&f->in, &f->cap, f->n, sizeof(*f->in));
  f->in[f->n++] = (struct instr){kw, rc_arena_strdup(a, trim(s + kl)), line};
}

/* A physical line ending in '\' continues; comment lines inside a
 * continued instruction are dropped, as Docker does. */
static void split_lines(struct dfile *f, struct rc_arena *a, const char *data,
                        size_t len)
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

static void add_stage(struct dfile *f, struct rc_arena *a, size_t i)
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
  f->st[f->ns++] =
      (struct stage){image ? image : "", name, i + 1, f->n, f->in[i].line};
}

/* ARG NAME=value before the first FROM may be used in FROM lines. */
static void add_global_arg(struct dfile *f, const char *args)
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

static void parse(struct dfile *f, struct rc_arena *a, const char *data,
                  size_t len)
{
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

static void dfile_release(struct dfile *f)
{
  free(f->in);
  free(f->st);
  rc_vars_release(&f->args);
}

/* ---- stages and images -------------------------------------------------- */

/* Index of an earlier stage named (or numbered) ref, or -1. */
static long stage_ref(const struct dfile *f, size_t before, const char *ref)
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

/* One expansion pass: $NAME is rewritten as ${NAME} so vars.c can expand
 * it. Returns -1 when a variable has no default or uses shell syntax. */
static int expand_once(const struct dfile *f, const char *s, struct rc_buf *out)
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

/* The image with global ARG defaults expanded; NULL if a variable has no
 * default (it is chosen at build time). An ARG default may name another
 * ARG; one still unresolved after a few passes (or written with shell
 * substitutions such as ${X/a/b}) is treated as chosen at build time too,
 * since its text is not the image name. Arena string. */
static const char *resolve(const struct dfile *f, struct rc_arena *a,
                           const char *image)
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

/* The external image stage s finally builds on (following FROM <stage>);
 * NULL if it is a build-time variable. */
static const char *base_image(const struct dfile *f, struct rc_arena *a,
                              size_t s)
{
  for (size_t hops = 0; hops <= f->ns; hops++) {
    long prev = stage_ref(f, s, f->st[s].image);
    if (prev < 0)
      return resolve(f, a, f->st[s].image);
    s = (size_t)prev;
  }
  return NULL;
}

/* The tag of an image reference, "" if none; a digest counts as pinned. */
static const char *tag_of(const char *image)
{
  if (strchr(image, '@'))
    return "@digest";
  const char *slash = strrchr(image, '/');
  const char *colon = strrchr(slash ? slash : image, ':');
  return colon ? colon + 1 : "";
}

static bool is_scratch(const char *image)
{
  return strcasecmp(image, "scratch") == 0;
}

/* ---- requirements ------------------------------------------------------- */

struct file_result {
  bool ok;
  unsigned line;
  const char *why; /* arena string */
};

/* The last USER of stage s, following FROM <earlier stage>; NULL if none. */
static const struct instr *last_user(const struct dfile *f, size_t s)
{
  for (size_t hops = 0; hops <= f->ns; hops++) {
    for (size_t i = f->st[s].end; i > f->st[s].first; i--)
      if (strcmp(f->in[i - 1].kw, "USER") == 0)
        return &f->in[i - 1];
    long prev = stage_ref(f, s, f->st[s].image);
    if (prev < 0)
      return NULL;
    s = (size_t)prev;
  }
  return NULL;
}

static bool root_user(const char *u)
{
  size_t n = strcspn(u, ": \t");
  return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

/* Base images whose default user is not root. */
static bool nonroot_base(const char *image)
{
  return image && (strstr(image, ":nonroot") || strstr(image, "-nonroot") ||
                   strstr(image, "/nonroot"));
}

/* A root final stage whose entrypoint drops privileges (gosu, su-exec...)
 * still runs the service unprivileged; the tool must be in the file. */
static const char *privilege_drop(const struct dfile *f)
{
  static const char *const tools[] = {
      "gosu", "su-exec", "setpriv", "s6-setuidgid", "chpst", "runuser", NULL};
  for (size_t i = 0; i < f->n; i++)
    for (size_t t = 0; tools[t]; t++)
      if (strstr(f->in[i].args, tools[t]))
        return tools[t];
  return NULL;
}

static struct file_result req_non_root(const struct dfile *f,
                                       struct rc_arena *a)
{
  size_t fin = f->ns - 1;
  const struct instr *u = last_user(f, fin);
  const char *drop = privilege_drop(f);
  if (drop && (!u || root_user(u->args)))
    return (struct file_result){
        true, u ? u->line : f->st[fin].line,
        rc_arena_printf(a, "starts as root and drops privileges with %s",
                        drop)};
  if (!u) {
    if (nonroot_base(base_image(f, a, fin)))
      return (struct file_result){true, f->st[fin].line,
                                  "final stage uses a nonroot base image"};
    return (struct file_result){
        false, f->st[fin].line,
        "final stage has no USER instruction: the container runs as root"};
  }
  if (root_user(u->args))
    return (struct file_result){
        false, u->line,
        rc_arena_printf(a, "final stage runs as 'USER %s'", u->args)};
  return (struct file_result){
      true, u->line, rc_arena_printf(a, "final stage runs as '%s'", u->args)};
}

static struct file_result req_multi_stage(const struct dfile *f,
                                          struct rc_arena *a)
{
  if (f->ns >= 2)
    return (struct file_result){true, f->st[f->ns - 1].line,
                                rc_arena_printf(a, "%zu stages", f->ns)};
  return (struct file_result){false, f->st[0].line,
                              "single-stage build: build tools ship in the "
                              "runtime image"};
}

static struct file_result req_pinned(const struct dfile *f, struct rc_arena *a)
{
  for (size_t s = 0; s < f->ns; s++) {
    const char *img = f->st[s].image;
    if (stage_ref(f, s, img) >= 0)
      continue;
    const char *r = resolve(f, a, img);
    if (!r || is_scratch(r))
      continue; /* chosen at build time, or nothing to pin */
    const char *tag = tag_of(r);
    if (!*tag)
      return (struct file_result){
          false, f->st[s].line,
          rc_arena_printf(a, "'FROM %s' has no tag (means :latest)", img)};
    if (strcmp(tag, "latest") == 0)
      return (struct file_result){
          false, f->st[s].line,
          rc_arena_printf(a, "'FROM %s' uses :latest", img)};
  }
  return (struct file_result){true, f->st[0].line,
                              "every base image has a tag or digest"};
}

/* Vendor paths count anywhere in the reference (gcr.io/distroless/...);
 * size marks only in the image's own name and tag, so that
 * "mcr.microsoft.com/dotnet/aspnet" is not "micro". */
static bool small_image(const char *image)
{
  static const char *const vendors[] = {"distroless", "chainguard", "wolfi",
                                        NULL};
  static const char *const marks[] = {"slim",       "alpine", "busybox",
                                      "minimal",    "micro",  "-static",
                                      "nanoserver", NULL};
  if (is_scratch(image))
    return true;
  for (size_t i = 0; vendors[i]; i++)
    if (strstr(image, vendors[i]))
      return true;
  const char *slash = strrchr(image, '/');
  const char *own = slash ? slash + 1 : image;
  for (size_t i = 0; marks[i]; i++)
    if (strstr(own, marks[i]))
      return true;
  return false;
}

static struct file_result req_small(const struct dfile *f, struct rc_arena *a)
{
  size_t fin = f->ns - 1;
  const char *img = base_image(f, a, fin);
  if (!img)
    return (struct file_result){true, f->st[fin].line,
                                "final base image is chosen at build time"};
  if (small_image(img))
    return (struct file_result){
        true, f->st[fin].line,
        rc_arena_printf(a, "final stage runs on '%s'", img)};
  return (struct file_result){
      false, f->st[fin].line,
      rc_arena_printf(a, "final stage runs on the full image '%s'", img)};
}

/* ---- scripts started directly ---------------------------------------- */

/* First program of a CMD/ENTRYPOINT, exec form or shell form; arena. */
static const char *program_of(struct rc_arena *a, const char *args)
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
    return rc_arena_strndup(a, p, n);
  }
  size_t n = strcspn(p, " \t;&|");
  return n ? rc_arena_strndup(a, p, n) : NULL;
}

/* Only scripts: a path ending in .sh, or a relative ./name. */
static bool looks_like_script(const char *prog)
{
  size_t n = strlen(prog);
  return (n > 3 && strcmp(prog + n - 3, ".sh") == 0) ||
         strncmp(prog, "./", 2) == 0;
}

struct find {
  const char *dir; /* the Dockerfile's directory, "" at the root */
  const char *base;
  const struct rc_entry *hit;
};

static int on_candidate(const struct rc_entry *e, void *arg)
{
  struct find *fd = arg;
  if (strcmp(e->name, fd->base) != 0)
    return 0;
  fd->hit = e;
  return 1;
}

/* The repository file a script most likely is: same name, under the
 * Dockerfile's directory (the usual build context). */
static const struct rc_entry *find_script(struct rc_index *idx,
                                          struct rc_arena *a, const char *dir,
                                          const char *base)
{
  struct find fd = {dir, base, NULL};
  const char *glob = *dir ? rc_arena_printf(a, "%s/**/*", dir) : "**/*";
  if (rc_glob_check(glob) == NULL)
    rc_index_glob(idx, glob, RC_ENTRY_FILE, on_candidate, &fd);
  return fd.hit;
}

/* Does the Dockerfile make base executable itself (chmod, COPY --chmod)? */
static bool chmods(const struct dfile *f, const char *base)
{
  for (size_t i = 0; i < f->n; i++) {
    const char *a = f->in[i].args;
    bool run = strcmp(f->in[i].kw, "RUN") == 0 && strstr(a, "chmod");
    bool copy =
        (strcmp(f->in[i].kw, "COPY") == 0 || strcmp(f->in[i].kw, "ADD") == 0) &&
        strstr(a, "--chmod=");
    if (!run && !copy)
      continue;
    if (strstr(a, base) || (run && (strstr(a, "*.sh") || strstr(a, "-R"))))
      return true;
    if (copy) /* COPY --chmod=755 . . covers every copied file */
      return true;
  }
  return false;
}

static const char *dir_of(struct rc_arena *a, const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? rc_arena_strndup(a, path, (size_t)(slash - path)) : "";
}

static struct file_result req_scripts(const struct dfile *f, struct rc_ctx *ctx,
                                      struct rc_arena *a)
{
  size_t fin = f->ns - 1;
  for (size_t i = f->st[fin].first; i < f->st[fin].end; i++) {
    const struct instr *in = &f->in[i];
    if (strcmp(in->kw, "CMD") != 0 && strcmp(in->kw, "ENTRYPOINT") != 0)
      continue;
    const char *prog = program_of(a, in->args);
    if (!prog || !looks_like_script(prog))
      continue;
    const char *slash = strrchr(prog, '/');
    const char *base = slash ? slash + 1 : prog;
    const struct rc_entry *e =
        find_script(ctx->index, a, dir_of(a, f->path), base);
    if (!e || (e->mode & 0111) || chmods(f, base))
      continue;
    return (struct file_result){
        false, in->line,
        rc_arena_printf(a,
                        "%s runs '%s' directly, but '%s' is not executable "
                        "(mode %06o) and no chmod makes it so",
                        in->kw, prog, e->path, e->mode)};
  }
  return (struct file_result){true, 0,
                              "no script started directly lacks the "
                              "executable bit"};
}

/* ---- the check ---------------------------------------------------------- */

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_arena *a;
  struct rc_check *out;
  size_t n_files, n_failed, n_error;
  const char *first_fail;
};

static struct file_result evaluate(const struct run *r, const struct dfile *f)
{
  switch (r->cfg->require) {
  case REQ_NON_ROOT:
    return req_non_root(f, r->a);
  case REQ_MULTI_STAGE:
    return req_multi_stage(f, r->a);
  case REQ_PINNED_BASE:
    return req_pinned(f, r->a);
  case REQ_SMALL_BASE:
    return req_small(f, r->a);
  default:
    return req_scripts(f, r->ctx, r->a);
  }
}

static void check_file(struct run *r, const char *path, const char *data,
                       size_t len)
{
  struct dfile f = {.path = path};
  rc_vars_init(&f.args);
  parse(&f, r->a, data, len);
  r->n_files++;
  if (f.ns == 0) {
    r->n_error++;
    rc_check_evidence(r->out, r->ctx, path, 0, "no FROM instruction");
    dfile_release(&f);
    return;
  }
  struct file_result res = evaluate(r, &f);
  if (!res.ok) {
    if (!r->n_failed++)
      r->first_fail = rc_arena_printf(r->ctx->arena, "%s: %s", path, res.why);
  }
  rc_check_evidence(r->out, r->ctx, path, res.line, "%s%s",
                    res.ok ? "ok: " : "", res.why);
  dfile_release(&f);
}

static bool excluded(const struct cfg *cfg, const char *path)
{
  return rc_strlist_matches(&cfg->exclude, path);
}

static int on_file(const struct rc_entry *e, void *arg)
{
  struct run *r = arg;
  char err[256];
  if (excluded(r->cfg, e->path))
    return 0;
  const char *data;
  size_t len;
  if (rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0) {
    r->n_files++;
    r->n_error++;
    rc_check_evidence(r->out, r->ctx, e->path, 0, "cannot read: %s", err);
  } else if (rc_index_is_binary(data, len)) {
    return 0;
  } else {
    check_file(r, e->path, data, len);
  }
  return 0;
}

/* Every glob once; a file matched by two globs is checked twice, which
 * only repeats evidence, so selection is left simple. */
static void select_files(struct run *r)
{
  for (size_t i = 0; i < r->cfg->path.n; i++) {
    const char *p = r->cfg->path.items[i];
    if (rc_glob_check(p) == NULL)
      rc_index_glob(r->ctx->index, p, RC_ENTRY_FILE, on_file, r);
  }
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct run r = {.cfg = vcfg, .ctx = ctx, .a = rc_arena_new(), .out = out};
  select_files(&r);
  if (r.n_files == 0)
    rc_check_set(out, ctx, RC_OUT_SKIP, "no Dockerfile selected");
  else if (r.n_failed == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s", r.first_fail);
  else if (r.n_failed)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%zu of %zu Dockerfiles fail; %s",
                 r.n_failed, r.n_files, r.first_fail);
  else if (r.n_error)
    rc_check_set(out, ctx, RC_OUT_ERROR,
                 "%zu of %zu Dockerfiles could not be read or have no FROM",
                 r.n_error, r.n_files);
  else
    rc_check_set(out, ctx, RC_OUT_OK, "%zu Dockerfile%s checked", r.n_files,
                 r.n_files == 1 ? "" : "s");
  rc_arena_free(r.a);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (rc_globs_validate(&cfg->path, "path", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  return rc;
}

static const struct rc_field fields[] = {
    {"path", RC_FIELD_STRINGS, offsetof(struct cfg, path), RC_FIELD_REQUIRED,
     NULL, "globs selecting the Dockerfiles; every one must meet `require`"},
    {"require", RC_FIELD_ENUM, offsetof(struct cfg, require), RC_FIELD_REQUIRED,
     require_names,
     "non_root_user, multi_stage, pinned_base, small_base or "
     "scripts_executable"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs removed from the selection (development Dockerfiles, fixtures)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_dockerfile = {
    .name = "dockerfile",
    .summary = "every selected Dockerfile meets a structural requirement "
               "(final-stage user, stages, base images, executable scripts)",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
};
