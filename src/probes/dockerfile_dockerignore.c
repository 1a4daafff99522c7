/*
 * dockerfile_dockerignore.c - dockerignore and dockerignore_excludes:
 * whether an image ships its whole build context, and what the
 * context's .dockerignore keeps out (.git, .env files).
 */
#include <stdio.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "dockerfile_probe.h"

/* ---- .dockerignore: what reaches the image ------------------------------ */

/* A COPY/ADD's words without its --flags: sources, then the destination.
 * Returns the count; the words point into buf. */
static size_t copy_words(const struct rc_df_instr *in, char *buf, size_t len,
                         char **words, size_t max)
{
  snprintf(buf, len, "%s", in->args);
  size_t n = 0;
  for (char *save = NULL, *w = strtok_r(buf, " \t[],\"", &save); w && n < max;
       w = strtok_r(NULL, " \t[],\"", &save))
    if (w[0] != '-')
      words[n++] = w;
  return n;
}

static bool is_copy(const struct rc_df_instr *in)
{
  return strcmp(in->kw, "COPY") == 0 || strcmp(in->kw, "ADD") == 0;
}

/* COPY/ADD of the whole build context: a source ".", "./", "*" or "./" and
 * a star (not --from another stage). */
static bool copies_context(const struct rc_df_instr *in)
{
  if (!is_copy(in) || strstr(in->args, "--from"))
    return false;
  char buf[1024];
  char *words[64];
  size_t n = copy_words(in, buf, sizeof(buf), words, 64);
  for (size_t k = 0; k + 1 < n; k++) /* sources: all but the last */
    if (!strcmp(words[k], ".") || !strcmp(words[k], "./") ||
        !strcmp(words[k], "*") || !strcmp(words[k], "./*"))
      return true;
  return false;
}

/* path as an absolute folder, from the WORKDIR in force before instruction
 * i of stage s ("/" when none); no trailing slash or dot. */
static const char *abs_path(struct rc_arena *a, const struct rc_dockerfile *df,
                            size_t s, size_t i, const char *path)
{
  const char *wd = "/";
  for (size_t k = df->st[s].first; k < i && k < df->st[s].end; k++)
    if (strcmp(df->in[k].kw, "WORKDIR") == 0)
      wd = df->in[k].args[0] == '/'
               ? df->in[k].args
               : rc_arena_printf(a, "%s/%s", wd, df->in[k].args);
  char *c = path[0] == '/' ? rc_arena_strdup(a, path)
                           : rc_arena_printf(a, "%s/%s", wd, path);
  size_t n = strlen(c);
  while (n > 1 && (c[n - 1] == '/' || (c[n - 1] == '.' && c[n - 2] == '/')))
    c[--n] = '\0';
  return c;
}

/* Where stage s (or a stage it starts FROM) puts the whole build context,
 * or NULL. */
static const char *context_dest(struct rc_arena *a,
                                const struct rc_dockerfile *df, size_t s)
{
  for (size_t hops = 0; hops <= df->ns; hops++) {
    for (size_t i = df->st[s].first; i < df->st[s].end; i++) {
      if (!copies_context(&df->in[i]))
        continue;
      char buf[1024];
      char *words[64];
      size_t n = copy_words(&df->in[i], buf, sizeof(buf), words, 64);
      return abs_path(a, df, s, i, n ? words[n - 1] : ".");
    }
    long prev = rc_dockerfile_stage_ref(df, s, df->st[s].image);
    if (prev < 0)
      return NULL;
    s = (size_t)prev;
  }
  return NULL;
}

/* `COPY --from=builder /opt/app/ /opt/app/` where the builder copied the
 * whole context into /opt/app: the context ships through the builder. A
 * part of it (`/app/dist` of a builder that copied into /app) does not. */
static bool copies_context_from(struct rc_arena *a,
                                const struct rc_dockerfile *df, size_t s,
                                const struct rc_df_instr *in)
{
  const char *from = is_copy(in) ? strstr(in->args, "--from=") : NULL;
  if (!from)
    return false;
  char ref[128];
  int n = (int)strcspn(from + 7, " \t");
  snprintf(ref, sizeof(ref), "%.*s", n < 127 ? n : 127, from + 7);
  long src = rc_dockerfile_stage_ref(df, s, ref);
  const char *dest = src >= 0 ? context_dest(a, df, (size_t)src) : NULL;
  if (!dest)
    return false;
  char buf[1024];
  char *words[64];
  size_t nw = copy_words(in, buf, sizeof(buf), words, 64);
  for (size_t k = 0; k + 1 < nw; k++) { /* from the stage's root */
    const char *p = abs_path(a, df, (size_t)src, df->st[src].first, words[k]);
    size_t m = strlen(p);
    if (strcmp(p, "/") == 0 ||
        (strncmp(dest, p, m) == 0 && (dest[m] == '\0' || dest[m] == '/')))
      return true; /* the source holds the whole context */
  }
  return false;
}

/* The stage built copies the whole context (COPY . ., ADD ./ /app) itself,
 * through the stages it starts FROM, or from a builder's folder holding it;
 * a builder stage that hands over only its output (COPY --from=build
 * /app/dist) ships nothing else. */
static bool ships_context(struct rc_arena *a, const struct rc_dockerfile *df,
                          size_t stage)
{
  for (size_t hops = 0; hops <= df->ns; hops++) {
    for (size_t i = df->st[stage].first; i < df->st[stage].end; i++)
      if (copies_context(&df->in[i]) ||
          copies_context_from(a, df, stage, &df->in[i]))
        return true;
    long prev = rc_dockerfile_stage_ref(df, stage, df->st[stage].image);
    if (prev < 0)
      return false;
    stage = (size_t)prev;
  }
  return false;
}

static int found_any(const struct rc_entry *e, void *arg)
{
  (void)e;
  (void)arg;
  return 1;
}

/* A build context below the root (make/photon/registry) holding no .env
 * file, no package.json (whose node_modules would follow) and no nested
 * repository: the history stays at the root, so nothing in it needs a
 * .dockerignore. */
static bool plain_subfolder(struct run *r, const char *ctxdir)
{
  if (!*ctxdir)
    return false;
  static const char *const files[] = {"%s/**/.env*", "%s/**/package.json",
                                      "%s/**/.git", NULL};
  for (size_t i = 0; files[i]; i++) {
    const char *glob = rc_arena_printf(r->a, files[i], ctxdir);
    if (rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, found_any, NULL) ||
        rc_index_glob(r->ctx->index, glob, RC_ENTRY_DIR, found_any, NULL))
      return false;
  }
  return true;
}

/* Whether the context holds a file or folder matching pattern ("%s" is
 * the context folder; "" the root). */
static bool context_has(struct run *r, const char *ctxdir, const char *pattern)
{
  const char *glob =
      *ctxdir ? rc_arena_printf(r->a, pattern, ctxdir)
              : rc_arena_printf(r->a, pattern + 3, ""); /* drop "%s/" */
  return rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, found_any, NULL) ||
         rc_index_glob(r->ctx->index, glob, RC_ENTRY_DIR, found_any, NULL);
}

/* A .env file that holds values, not an example of them (`.env.example`,
 * `.env.sample`, `.env.dist`, `.env.template`). */
static int found_env(const struct rc_entry *e, void *arg)
{
  static const char *const examples[] = {"example",  "sample",   "dist",
                                         "template", "defaults", NULL};
  const char *base = rc_path_base(e->path);
  for (size_t i = 0; examples[i]; i++)
    if (strstr(base, examples[i]))
      return 0;
  *(const char **)arg = e->path;
  return 1;
}

/* What a context without a .dockerignore puts into the image besides the
 * files the build needs, as far as the repository tells, split by what
 * every build copies (the history at the root, which a CI checkout has
 * too; .env files the repository tracks) and what only a build from a
 * working copy does (node_modules where a package is installed, a
 * developer's local .env): reviewers call the first a finding, and split
 * on the second when images are built by CI from clean checkouts (5 of 5
 * such dev findings debatable). NULL when every build copies nothing
 * more. */
static const char *context_extras(struct run *r, const char *ctxdir)
{
  const char *found = NULL;
  bool git = !*ctxdir || context_has(r, ctxdir, "%s/**/.git");
  const char *glob =
      *ctxdir ? rc_arena_printf(r->a, "%s/**/.env*", ctxdir) : "**/.env*";
  bool env =
      rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, found_env, &found) != 0;
  const char *always =
      git && env ? rc_arena_printf(r->a,
                                   ".git (the history, which a CI checkout "
                                   "has too) and the .env files the "
                                   "repository tracks (%s)",
                                   found)
      : git      ? ".git (the history, which a CI checkout has too)"
      : env ? rc_arena_printf(r->a, "the .env files the repository tracks (%s)",
                              found)
            : NULL;
  const char *local = context_has(r, ctxdir, "%s/**/package.json")
                          ? "node_modules and any untracked file (a local .env)"
                          : "any untracked file (a local .env)";
  return always ? rc_arena_printf(r->a,
                                  "%s; built from a working copy rather than "
                                  "a clean checkout, also %s",
                                  always, local)
                : NULL;
}

struct file_result df_req_dockerignore(struct run *r, const struct target *t)
{
  const char *ctxdir = t->context ? t->context : rc_path_dir(r->a, t->df->path);
  const char *own = rc_arena_printf(r->a, "%s.dockerignore", t->df->path);
  const char *ctx_ignore =
      *ctxdir ? rc_arena_printf(r->a, "%s/.dockerignore", ctxdir)
              : ".dockerignore";
  if (rc_index_find(r->ctx->index, own))
    return df_result(true, 0, rc_arena_printf(r->a, "%s exists", own));
  if (rc_index_find(r->ctx->index, ctx_ignore))
    return df_result(true, 0, rc_arena_printf(r->a, "%s exists", ctx_ignore));
  if (!ships_context(r->a, t->df, t->stage))
    return df_result(true, 0,
                     "the image copies only named paths or a build stage's "
                     "output: nothing else from the context enters it");
  /* what the context leaks reaches no one when no image leaves CI */
  const char *check = df_ci_build_check(r, t);
  if (check)
    return df_result(true, 0, check);
  if (plain_subfolder(r, ctxdir))
    return df_result(true, 0,
                     rc_arena_printf(r->a,
                                     "the context '%s' is a folder of build "
                                     "files: no .git, .env file or "
                                     "node_modules to keep out",
                                     ctxdir));
  const char *extras = context_extras(r, ctxdir);
  if (!extras)
    return df_result(true, 0,
                     rc_arena_printf(r->a,
                                     "the context '%s' holds no .git or "
                                     "tracked .env file: a clean checkout "
                                     "adds nothing to the image (a working "
                                     "copy's untracked files would go in)",
                                     *ctxdir ? ctxdir : "."));
  return df_result(false, 0,
                   rc_arena_printf(r->a,
                                   "copies the whole build context '%s' "
                                   "without a .dockerignore: the image gets "
                                   "%s",
                                   *ctxdir ? ctxdir : ".", extras));
}

static bool has_wildcard(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] == '*' || s[i] == '?' || s[i] == '[')
      return true;
  return false;
}

/* Whether the pattern p (m bytes, one .dockerignore line) covers every
 * name that name stands for: "name", "name*", "*" or "**" (everything), a
 * prefix glob "x*" whose x starts name (".*" covers ".env*" and ".git"), a
 * suffix glob "*x" that a plain name ends with ("*.env" covers ".env": Docker's
 * star also matches nothing), and with prefix_glob "*name...". */
static bool covers(const char *p, size_t m, const char *name, bool prefix_glob)
{
  size_t n = strlen(name);
  if ((m && strspn(p, "*") >= m) || /* "*", "**": an allowlist's first line */
      (m == n && strncmp(p, name, n) == 0) ||
      (m == n + 1 && strncmp(p, name, n) == 0 && p[n] == '*') ||
      (prefix_glob && m >= 2 && p[0] == '*' && strncmp(p + 1, name, n) == 0))
    return true;
  if (m >= 2 && p[m - 1] == '*' && !has_wildcard(p, m - 1) && m - 1 <= n &&
      strncmp(p, name, m - 1) == 0)
    return true;
  return m >= 2 && p[0] == '*' && !has_wildcard(p + 1, m - 1) &&
         !has_wildcard(name, n) && m - 1 <= n &&
         strncmp(p + 1, name + n - (m - 1), m - 1) == 0;
}

/* Whether the .dockerignore keeps name out: the last line covering it
 * decides, an exception ("!name") letting it back in. */
static bool ignores(const char *text, const char *name, bool prefix_glob)
{
  bool out = false;
  for (const char *l = text; l && *l;) {
    const char *end = strchr(l, '\n');
    size_t len = end ? (size_t)(end - l) : strlen(l);
    while (len &&
           (l[len - 1] == '\r' || l[len - 1] == ' ' || l[len - 1] == '/'))
      len--;
    const char *p = l;
    while (p < l + len && (*p == ' ' || *p == '\t'))
      p++;
    bool except = p < l + len && *p == '!';
    if (except)
      p++;
    size_t m = (size_t)(l + len - p);
    if (m && *p == '/')
      p++, m--;
    if (m >= 3 && strncmp(p, "**/", 3) == 0)
      p += 3, m -= 3;
    if (m && *p != '#' && covers(p, m, name, prefix_glob))
      out = !except;
    l = end ? end + 1 : NULL;
  }
  return out;
}

/* .git, or the part of it that holds the history (`.git/objects/` and a
 * glob under it): either keeps every past commit out, which is what the
 * rule is about. */
static bool ignores_history(const char *text)
{
  return ignores(text, ".git", false) || ignores(text, ".git/objects", false) ||
         ignores(text, ".git/objects/*", false) ||
         ignores(text, ".git/objects/**", false);
}

/* A committed .env variant other than a template: ".env.production". */
static bool env_variant_name(const char *name)
{
  static const char *const templates[] = {"example", "sample",   "template",
                                          "dist",    "defaults", NULL};
  if (strncmp(name, ".env.", 5) != 0)
    return false;
  for (size_t i = 0; templates[i]; i++)
    if (strcmp(name + 5, templates[i]) == 0)
      return false;
  return true;
}

/* An exception line letting a real .env file back in ("!.env.local");
 * templates ("!.env.example") are meant to be copied. */
static bool lets_env_back(const char *text)
{
  for (const char *l = text; l && *l;) {
    const char *end = strchr(l, '\n');
    size_t len = end ? (size_t)(end - l) : strlen(l);
    while (len && (l[len - 1] == '\r' || l[len - 1] == ' '))
      len--;
    const char *p = l;
    while (p < l + len && (*p == ' ' || *p == '\t'))
      p++;
    if (p < l + len && *p == '!') {
      p++;
      while (p < l + len && (*p == '/' || *p == '*'))
        p++;
      char name[64];
      size_t m = (size_t)(l + len - p);
      if (m < sizeof(name)) {
        memcpy(name, p, m);
        name[m] = 0;
        if (strcmp(name, ".env") == 0 || env_variant_name(name))
          return true;
      }
    }
    l = end ? end + 1 : NULL;
  }
  return false;
}

/* Every .env variant is kept out: ".env*", ".env.*", "*.env*", ".*" or "*",
 * with no exception letting a real one back in. */
static bool ignores_env_variants(const char *text)
{
  return (ignores(text, ".env*", false) || ignores(text, ".env.*", false) ||
          ignores(text, "*.env*", false) || ignores(text, "*", false)) &&
         !lets_env_back(text);
}

static int on_env_file(const struct rc_entry *e, void *arg)
{
  bool *variants = arg;
  if (strncmp(e->name, ".env", 4) != 0)
    return 0;
  if (!*variants)
    return 1; /* any .env file: the project uses them */
  return env_variant_name(e->name);
}

/* A .gitignore line naming .env files: ".env" (variants false) or a
 * variant such as ".env.local", ".env.*", ".env*" (variants true). */
static bool gitignore_names_env(const char *text, bool variants)
{
  for (const char *l = text; l && *l;) {
    const char *end = strchr(l, '\n');
    size_t len = end ? (size_t)(end - l) : strlen(l);
    const char *p = l;
    while (p < l + len && (*p == ' ' || *p == '/' || *p == '*'))
      p++;
    size_t m = (size_t)(l + len - p);
    if (m >= 4 && strncmp(p, ".env", 4) == 0 &&
        (!variants || (m > 4 && (p[4] == '.' || p[4] == '*'))))
      return true;
    l = end ? end + 1 : NULL;
  }
  return false;
}

/* Whether the project works with .env files (or, with variants, with
 * `.env.local`-style variants): a committed one, or a .gitignore line that
 * keeps developers' copies out of git. An image of a project that never
 * writes them has none to leak. */
static bool uses_env_files(struct run *r, const char *ctxdir, bool variants)
{
  if (rc_index_glob(r->ctx->index, "**/.env*", RC_ENTRY_FILE, on_env_file,
                    &variants) != 0)
    return true;
  const char *paths[] = {
      ".gitignore",
      *ctxdir ? rc_arena_printf(r->a, "%s/.gitignore", ctxdir) : NULL};
  for (size_t i = 0; i < 2 && paths[i]; i++) {
    const struct rc_entry *e = rc_index_find(r->ctx->index, paths[i]);
    const char *text;
    size_t len;
    char err[128];
    if (e &&
        rc_index_read(r->ctx->index, e, &text, &len, err, sizeof(err)) == 0 &&
        gitignore_names_env(text, variants))
      return true;
  }
  return false;
}

struct env_leak {
  const char *text; /* the .dockerignore */
  const char *found;
};

/* A .env file the repository holds in the context (not a template) that
 * the .dockerignore lets in. */
static int on_leaked_env(const struct rc_entry *e, void *arg)
{
  struct env_leak *l = arg;
  if (strcmp(e->name, ".env") != 0 && !env_variant_name(e->name))
    return 0;
  if (ignores_env_variants(l->text) || ignores(l->text, e->name, false))
    return 0;
  l->found = e->path;
  return 1;
}

/* What every build of the context copies past the .dockerignore, a CI
 * checkout included, in words: the history at the root, a .env file the
 * repository holds. NULL when only a build from a working copy adds
 * anything (a developer's .env, an installed node_modules). */
static const char *clean_checkout_leak(struct run *r, const char *ctxdir,
                                       const char *text)
{
  bool git = !*ctxdir && !ignores_history(text);
  struct env_leak l = {text, NULL};
  const char *glob =
      *ctxdir ? rc_arena_printf(r->a, "%s/**/.env*", ctxdir) : "**/.env*";
  rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, on_leaked_env, &l);
  if (git && l.found)
    return rc_arena_printf(r->a,
                           ".git (the history, which a CI checkout has too) "
                           "and the repository's %s",
                           l.found);
  if (git)
    return ".git (the history, which a CI checkout has too)";
  return l.found ? rc_arena_printf(r->a, "the repository's %s", l.found) : NULL;
}

/* A rule may judge only some counts of omissions (min_missing,
 * max_missing): a .dockerignore that keeps most of the three out was
 * written with care, and its one gap is often deliberate (a Symfony .env
 * of defaults, a .git that setuptools_scm reads); one that keeps out
 * almost nothing was never thought about. Below the range the image
 * passes, saying what it leaves in; above it, another rule judges.
 * Omissions a clean checkout has nothing for (.git kept out, no .env
 * file in the repository: only a developer's .env or node_modules would
 * go in) count as one gap whatever their number: reviewers split on them
 * when images are built by CI (2 of 3 such dev findings debatable, as 5
 * of 5 of docker.dockerignore's were). */
static struct file_result omissions_result(struct run *r, const char *path,
                                           const char *list, size_t n,
                                           const char *always)
{
  const struct cfg *c = r->cfg;
  if (!always && n > 1) {
    if (c->min_missing.set && c->min_missing.value > 1)
      return df_result(true, 0,
                       rc_arena_printf(r->a,
                                       "%s does not exclude %s, but a clean "
                                       "checkout has none of them: only an "
                                       "image built from a working copy gets "
                                       "them",
                                       path, list));
    return df_result(false, 0,
                     rc_arena_printf(r->a,
                                     "%s does not exclude %s, and the image "
                                     "copies the whole context: a clean "
                                     "checkout has none of them (.git is "
                                     "kept out, the repository holds no .env "
                                     "file), so only an image built from a "
                                     "working copy gets them",
                                     path, list));
  }
  if (c->max_missing.set && (long)n > c->max_missing.value)
    return (struct file_result){.skip = true};
  if (c->min_missing.set && (long)n < c->min_missing.value)
    return df_result(true, 0,
                     rc_arena_printf(r->a,
                                     "%s keeps most out; it does not exclude "
                                     "%s",
                                     path, list));
  return df_result(false, 0,
                   rc_arena_printf(r->a,
                                   "%s does not exclude %s, and the image "
                                   "copies the whole context%s%s",
                                   path, list,
                                   always ? ": every build gets " : "",
                                   always ? always : ""));
}

/* What the context's .dockerignore must keep out of an image that ships
 * the whole context: every .env variant, .git, and node_modules where the
 * context is a Node package. */
struct file_result df_req_dockerignore_excludes(struct run *r,
                                                const struct target *t)
{
  if (!ships_context(r->a, t->df, t->stage))
    return (struct file_result){.skip = true}; /* only named paths */
  const char *ctxdir = t->context ? t->context : rc_path_dir(r->a, t->df->path);
  const char *own = rc_arena_printf(r->a, "%s.dockerignore", t->df->path);
  const char *path = rc_index_find(r->ctx->index, own) ? own
                     : *ctxdir
                         ? rc_arena_printf(r->a, "%s/.dockerignore", ctxdir)
                         : ".dockerignore";
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *text;
  size_t len;
  char err[128];
  if (!e)
    return (struct file_result){.skip = true}; /* docker.dockerignore's */
  if (rc_index_read(r->ctx->index, e, &text, &len, err, sizeof(err)) != 0)
    return df_result(false, 0,
                     rc_arena_printf(r->a, "cannot read %s: %s", path, err));
  const char *pkg = *ctxdir ? rc_arena_printf(r->a, "%s/package.json", ctxdir)
                            : "package.json";
  const char *missing[3];
  size_t n = 0;
  bool variants =
      !ignores_env_variants(text) && uses_env_files(r, ctxdir, true);
  if (!ignores(text, ".env", false) && !ignores_env_variants(text) &&
      uses_env_files(r, ctxdir, false))
    missing[n++] = variants ? ".env*" : ".env";
  else if (variants && ignores(text, ".env", false))
    missing[n++] = ".env.* (only .env is listed)";
  if (!*ctxdir && !ignores_history(text))
    missing[n++] = ".git";
  if (rc_index_find(r->ctx->index, pkg) &&
      !ignores(text, "node_modules", false))
    missing[n++] = "node_modules";
  if (!n)
    return df_result(true, 0,
                     rc_arena_printf(r->a,
                                     "%s keeps .env files, .git and "
                                     "dependencies out",
                                     path));
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < n; i++)
    rc_buf_printf(&b, "%s%s", i ? ", " : "", missing[i]);
  const char *list = rc_arena_printf(r->a, "%s", b.data);
  rc_buf_release(&b);
  return omissions_result(r, path, list, n,
                          clean_checkout_leak(r, ctxdir, text));
}
