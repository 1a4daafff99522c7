/*
 * entry_images.c - image builds and runs on the command line: `docker
 * build` (buildx, buildah, kaniko), `docker tag` and `docker run`, with the
 * image names they tag as written or as globs.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/imageref.h"
#include "readycheck/entry.h"
#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "entry_scan.h"

static bool flag_without_value(const char *w)
{
  static const char *const flags[] = {"--push",
                                      "--load",
                                      "--no-cache",
                                      "--pull",
                                      "--rm",
                                      "-q",
                                      "--quiet",
                                      "--squash",
                                      "--compress",
                                      "--force-rm",
                                      "--no-push",
                                      "--reproducible",
                                      "--single-snapshot",
                                      "--cache",
                                      "--check",
                                      NULL};
  for (size_t i = 0; flags[i]; i++)
    if (strcmp(w, flags[i]) == 0)
      return true;
  return strchr(w, '=') != NULL;
}

/* "ghcr.io/acme/app:1.2" -> "ghcr.io/acme/app"; NULL when computed. */
static const char *image_repo(struct scan *sc, const char *tag)
{
  if (!tag)
    return NULL;
  while (*tag == ' ' || *tag == '-')
    tag++;
  size_t n = rc_image_repo_len(tag, strcspn(tag, ", \n"));
  /* ghcr.io/acme/app:${{ github.sha }}: only the tag is computed */
  const char *repo = n ? rc_arena_strndup(sc->a, tag, n) : NULL;
  return repo && !en_has_var(repo) ? repo : NULL;
}

/* docker tag [OPTIONS] SRC DST: both names literal, or nothing is kept. */
size_t en_tag_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *names[2];
  size_t k = 0;
  for (; i < n && !en_is_op(w[i]); i++)
    if (w[i][0] != '-' && k < 2)
      names[k++] = w[i];
  const char *from = k == 2 ? image_repo(sc, names[0]) : NULL;
  const char *to = k == 2 ? image_repo(sc, names[1]) : NULL;
  if (from && to && strcmp(from, to) != 0) {
    struct rc_entries *e = sc->out;
    rc_grow((void **)&e->retags, &e->cap_retags, e->n_retags,
            sizeof(*e->retags));
    e->retags[e->n_retags++] =
        (struct rc_retag){from, to, {sc->path, sc->line}};
  }
  return i;
}

/* p with each variable ($X, ${X}, $(X), ${{ x }}) as `*`; *literal: how
 * many characters are not. The caller releases out. */
void en_vars_as_stars(const char *p, struct rc_buf *out, size_t *literal)
{
  *literal = 0;
  while (*p) {
    if (p[0] == '$' && p[1] == '{' && p[2] == '{') {
      const char *end = strstr(p, "}}");
      p = end ? end + 2 : p + strlen(p);
      rc_buf_printf(out, "*");
    } else if (p[0] == '{' && p[1] == '{') {
      const char *end = strstr(p, "}}");
      p = end ? end + 2 : p + strlen(p);
      rc_buf_printf(out, "*");
    } else if (p[0] == '$' && (p[1] == '(' || p[1] == '{')) {
      const char *end = strchr(p, p[1] == '(' ? ')' : '}');
      p = end ? end + 1 : p + strlen(p);
      rc_buf_printf(out, "*");
    } else if (p[0] == '$') {
      p++;
      while (isalnum((unsigned char)*p) || *p == '_')
        p++;
      rc_buf_printf(out, "*");
    } else {
      rc_buf_printf(out, "%c", *p++);
      (*literal)++;
    }
  }
}

/* "${REGISTRY}/acme/app:${TAG}" -> "(star)/acme/app": the tag's repository
 * with its variables as wildcards, when its own name (the last segment)
 * is written out; NULL otherwise or when there is no variable. */
static const char *image_repo_glob(struct scan *sc, const char *tag,
                                   const char **written)
{
  *written = NULL;
  if (!tag)
    return NULL;
  while (*tag == ' ' || *tag == '-')
    tag++;
  /* the name ends at a separator outside a variable: `${{ vars.REPO }}`
   * holds spaces of its own */
  size_t n = 0;
  for (size_t depth = 0; tag[n] && (depth || !strchr("@, \n", tag[n])); n++)
    if (tag[n] == '{')
      depth++;
    else if (tag[n] == '}' && depth)
      depth--;
  /* the tag starts at the first colon after the last slash outside a
   * variable: `${IMAGE:-x}` holds a colon of its own */
  size_t last_slash = 0, depth = 0;
  for (size_t i = 0; i < n; i++) {
    if (tag[i] == '{')
      depth++;
    else if (tag[i] == '}' && depth)
      depth--;
    else if (tag[i] == '/' && !depth)
      last_slash = i;
  }
  depth = 0;
  for (size_t i = last_slash; i < n; i++) {
    if (tag[i] == '{')
      depth++;
    else if (tag[i] == '}' && depth)
      depth--;
    else if (tag[i] == ':' && !depth) {
      n = i;
      break;
    }
  }
  const char *repo = rc_arena_strndup(sc->a, tag, n);
  if (!en_has_var(repo))
    return NULL;
  if (tag[n] == ':') {
    size_t tn = strcspn(tag + n + 1, "@, \n\"'");
    const char *t = rc_arena_strndup(sc->a, tag + n + 1, tn);
    *written = tn && !en_has_var(t) ? t : NULL;
  }
  struct rc_buf b;
  rc_buf_init(&b);
  size_t literal;
  en_vars_as_stars(repo, &b, &literal);
  const char *g = b.data ? rc_arena_strdup(sc->a, b.data) : NULL;
  rc_buf_release(&b);
  const char *name = g ? strrchr(g, '/') : NULL;
  name = name ? name + 1 : g;
  return name && *name && !strchr(name, '*') ? g : NULL;
}

/* The path with each variable as `*`, resolved from dir; NULL when it is
 * nothing but variables. */
static const char *var_glob(struct scan *sc, const char *dir, const char *p)
{
  struct rc_buf b;
  rc_buf_init(&b);
  size_t literal;
  en_vars_as_stars(p, &b, &literal);
  const char *g = NULL;
  if (b.data && literal && !strstr(b.data, "**") && b.data[0] != '*')
    g = rc_path_join(sc->a, dir, en_strip_workspace(b.data));
  rc_buf_release(&b);
  return g;
}

/* Every tag as written ("acme/app:base acme/app:1"), space-separated,
 * those with a variable left out; NULL when none is left. tags holds them
 * separated by spaces, commas or lines (build-push-action's `tags:`). */
static const char *tag_refs(struct scan *sc, const char *tags)
{
  if (!tags)
    return NULL;
  struct rc_buf b;
  rc_buf_init(&b);
  bool in_expr = false; /* inside `${{ ... }}`, which holds spaces */
  for (const char *p = tags; *p;) {
    p += strspn(p, " ,\n\r\t-");
    size_t n = strcspn(p, " ,\n\r\t");
    const char *ref = rc_arena_strndup(sc->tmp, p, n);
    bool opens = strstr(ref, "{{") != NULL, closes = strstr(ref, "}}") != NULL;
    if (n && !in_expr && !en_has_var(ref))
      rc_buf_printf(&b, "%s%s", b.len ? " " : "", ref);
    if (opens && !closes)
      in_expr = true;
    else if (closes)
      in_expr = false;
    p += n;
  }
  const char *res = b.len ? rc_arena_strdup(sc->a, b.data) : NULL;
  rc_buf_release(&b);
  return res;
}

/* `docker build https://github.com/o/r.git#v3` or `git@host:o/r`: the
 * build context is a remote repository, not this tree. */
static bool remote_context(const char *ctx)
{
  return strstr(ctx, "://") || strncmp(ctx, "git@", 4) == 0 ||
         strncmp(ctx, "github.com/", 11) == 0;
}

void en_add_build(struct scan *sc, const char *file, const char *ctx,
                  const char *target, bool unresolved, const char *tag,
                  const char *all_tags)
{
  struct rc_entries *e = sc->out;
  if ((ctx && remote_context(ctx)) || sc->cwd == en_OUTSIDE)
    return; /* nothing of this repository is built */
  const char *context = ctx ? en_resolve(sc, sc->cwd, ctx) : NULL;
  const char *df = NULL;
  if (file)
    df = en_resolve(sc, sc->cwd, file);
  else if (context) {
    df = rc_path_join(sc->a, context, "Dockerfile");
    /* without -f, docker build falls back to a lower-case `dockerfile` */
    const char *lower = rc_path_join(sc->a, context, "dockerfile");
    if (sc->idx && !rc_index_find(sc->idx, df) && rc_index_find(sc->idx, lower))
      df = lower;
  }
  if (!context || !df || (target && en_has_var(target)))
    unresolved = true;
  const char *glob_tag;
  const char *glob = image_repo_glob(sc, tag, &glob_tag);
  const char *df_glob = unresolved && file && en_has_var(file)
                            ? var_glob(sc, sc->cwd, file)
                            : NULL;
  /* without -f the file is the context's `Dockerfile`, whichever folder
   * the variable names: a `*.Dockerfile` or `Dockerfile.*` it cannot be */
  if (unresolved && !file && ctx && en_has_var(ctx))
    df_glob = "**/Dockerfile";
  rc_grow((void **)&e->builds, &e->cap_builds, e->n_builds, sizeof(*e->builds));
  e->builds[e->n_builds++] = (struct rc_build){
      df,
      context,
      target && !en_has_var(target) ? rc_arena_strdup(sc->a, target) : NULL,
      {sc->path, sc->line},
      sc->role,
      unresolved,
      image_repo(sc, tag),
      df_glob,
      glob,
      tag_refs(sc, all_tags ? all_tags : tag),
      sc->via,
      sc->mk_file && sc->indent > 0 ? sc->mk_dev_rule : NULL,
      sc->mk_file && sc->indent > 0 ? sc->mk_shortcut : NULL,
      NULL,
      glob ? glob_tag : NULL,
      false,
      false,
      sc->mk_file && sc->indent > 0 ? sc->mk_local_rule : NULL};
}

const char *en_opt_value(const char *w, const char *name)
{
  size_t n = strlen(name);
  return strncmp(w, name, n) == 0 && w[n] == '=' ? w + n + 1 : NULL;
}

/* Where `--output` writes when it writes files: `.`, `dist`,
 * `type=local,dest=out`, `type=tar,dest=x.tar`. NULL when the output is an
 * image (`type=image`, `type=registry`, `type=docker`, `type=oci`). */
static const char *local_output(const char *v)
{
  if (strncmp(v, "type=", 5) != 0)
    return v;
  if (strncmp(v + 5, "local", 5) != 0 && strncmp(v + 5, "tar", 3) != 0)
    return NULL;
  const char *dest = strstr(v, "dest=");
  return dest ? dest + 5 : v;
}

/* `"${args[@]}"`, `$@`: a word that expands to any number of words, the
 * options a script collected (`-f Dockerfile.base` among them). */
static bool expands_to_words(const char *w)
{
  return strstr(w, "[@]}") || strstr(w, "[*]}") || strcmp(w, "$@") == 0 ||
         strcmp(w, "$*") == 0;
}

/* docker build [OPTIONS] CONTEXT; kaniko: --dockerfile X --context Y. */
size_t en_build_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *file = NULL, *ctx = NULL, *target = NULL, *tag = NULL;
  const char *out = NULL;
  bool push = false;
  bool hidden = false; /* options a word expands to, unseen */
  struct rc_buf tags;
  rc_buf_init(&tags);
  for (; i < n && !en_is_op(w[i]); i++) {
    const char *v = NULL;
    if (expands_to_words(w[i])) {
      hidden = true;
      continue;
    }
    push |= strcmp(w[i], "--push") == 0;
    if ((strcmp(w[i], "-t") == 0 || strcmp(w[i], "--tag") == 0) && i + 1 < n)
      v = w[++i];
    else
      v = en_opt_value(w[i], "--tag");
    if (v) {
      if (!tag)
        tag = v;
      rc_buf_printf(&tags, "%s%s", tags.len ? " " : "", v);
      continue;
    }
    if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--file") == 0 ||
         strcmp(w[i], "--dockerfile") == 0) &&
        i + 1 < n)
      file = w[++i];
    else if ((v = en_opt_value(w[i], "--file")) ||
             (v = en_opt_value(w[i], "--dockerfile")))
      file = v;
    else if (strcmp(w[i], "--target") == 0 && i + 1 < n)
      target = w[++i];
    else if ((v = en_opt_value(w[i], "--target")))
      target = v;
    else if ((strcmp(w[i], "-o") == 0 || strcmp(w[i], "--output") == 0) &&
             i + 1 < n)
      out = local_output(w[++i]);
    else if ((v = en_opt_value(w[i], "--output")))
      out = local_output(v);
    else if (strcmp(w[i], "--context") == 0 && i + 1 < n)
      ctx = w[++i];
    else if ((v = en_opt_value(w[i], "--context")))
      ctx = v;
    else if (w[i][0] == '-' && !flag_without_value(w[i]))
      i++; /* an option with a value: -t name, --build-arg X=1 ... */
    else if (w[i][0] != '-')
      ctx = w[i];
  }
  /* `-f -` and a context of `-` read the Dockerfile from stdin (`echo
   * 'FROM x' | docker build -f - .`): no file of the repository */
  bool stdin_df =
      (file && strcmp(file, "-") == 0) || (ctx && strcmp(ctx, "-") == 0);
  size_t before = sc->out->n_builds;
  if ((ctx || file) && !stdin_df)
    en_add_build(sc, file, ctx ? ctx : ".", target, hidden && !file, tag,
                 tags.len ? rc_arena_strdup(sc->tmp, tags.data) : NULL);
  if (out && sc->out->n_builds > before)
    sc->out->builds[before].exports = rc_arena_strdup(sc->a, out);
  if (push && sc->out->n_builds > before)
    sc->out->builds[before].published = en_ci_runs_file(sc);
  rc_buf_release(&tags);
  return i;
}

/* Short flags without values, alone or together: -d, -it, -itd, -P. */
static bool short_flags(const char *w)
{
  return w[0] == '-' && w[1] && w[1] != '-' &&
         strspn(w + 1, "ditPq") == strlen(w + 1);
}

/* A `docker run` option that takes no value: --rm, -d, -it, --init ... */
static bool run_flag(const char *w)
{
  static const char *const flags[] = {
      "--rm",   "--detach", "--interactive", "--tty",         "--privileged",
      "--init", "--quiet",  "--read-only",   "--publish-all", NULL};
  if (strchr(w, '='))
    return true;
  for (size_t i = 0; flags[i]; i++)
    if (strcmp(w, flags[i]) == 0)
      return true;
  return short_flags(w);
}

/* docker run [OPTIONS] IMAGE [COMMAND]: which image, and whether it runs
 * as a one-shot command. */
size_t en_run_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  bool rm = false, detach = false, publish = false;
  for (; i < n && !en_is_op(w[i]); i++) {
    const char *x = w[i];
    if (x[0] != '-') {
      const char *repo = image_repo(sc, x);
      struct rc_entries *e = sc->out;
      if (repo) {
        rc_grow((void **)&e->runs, &e->cap_runs, e->n_runs, sizeof(*e->runs));
        e->runs[e->n_runs++] = (struct rc_run){
            repo, {sc->path, sc->line}, rm && !detach && !publish};
      }
      break;
    }
    rm |= strcmp(x, "--rm") == 0;
    detach |= strcmp(x, "--detach") == 0 || (short_flags(x) && strchr(x, 'd'));
    publish |= strcmp(x, "-p") == 0 || strcmp(x, "--publish") == 0 ||
               strncmp(x, "--publish=", 10) == 0 ||
               (short_flags(x) && strchr(x, 'P')) ||
               strcmp(x, "--publish-all") == 0;
    if (!run_flag(x))
      i++; /* an option with a value: -v a:b, -e X=1, --name x */
  }
  for (; i < n && !en_is_op(w[i]); i++)
    ; /* the command the container runs */
  return i;
}

bool en_engine(const char *w)
{
  const char *base = rc_path_base(w);
  return strcmp(base, "docker") == 0 || strcmp(base, "podman") == 0 ||
         strcmp(base, "nerdctl") == 0;
}

bool en_builds_image(const char **w, size_t n, size_t i)
{
  const char *base = rc_path_base(w[i]);
  if (en_engine(w[i]))
    return en_word_is(w, n, i + 1, "build") ||
           en_word_is(w, n, i + 1, "bake") ||
           ((en_word_is(w, n, i + 1, "buildx") ||
             en_word_is(w, n, i + 1, "image")) &&
            (en_word_is(w, n, i + 2, "build") ||
             en_word_is(w, n, i + 2, "bake")));
  return strcmp(base, "buildah") == 0 || strcmp(base, "executor") == 0;
}
