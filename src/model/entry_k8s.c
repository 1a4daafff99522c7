/*
 * entry_k8s.c - what is applied to Kubernetes: `kubectl apply -f/-k`,
 * `kustomize build`, `kustomize edit set image`, `helm install/upgrade/
 * template` with its values files and --set overrides.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/entry.h"
#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "entry_scan.h"

/* An image name written with variables (`quay.io/${ORG}/app`) as a
 * glob, each variable a `*` within its segment; NULL when its last
 * segment is nothing but variables (`${IMAGE}` could name any image). */
static const char *name_glob(struct scan *sc, const char *name)
{
  struct rc_buf b;
  size_t literal;
  rc_buf_init(&b);
  en_vars_as_stars(name, &b, &literal);
  const char *out = rc_arena_strndup(sc->a, b.data ? b.data : "", b.len);
  rc_buf_release(&b);
  const char *last = strrchr(out, '/');
  last = last ? last + 1 : out;
  return strspn(last, "*") == strlen(last) ? NULL : out;
}

/* The length of the name in ref[0..len) before its `:tag` (a colon after
 * the last '/', outside `${...}`). */
static size_t tag_cut(const char *ref, size_t len)
{
  size_t cut = len;
  int depth = 0;
  for (size_t k = 0; k < len; k++) {
    if (ref[k] == '{' || ref[k] == '(')
      depth++;
    else if ((ref[k] == '}' || ref[k] == ')') && depth)
      depth--;
    else if (ref[k] == '/' && !depth)
      cut = len;
    else if (ref[k] == ':' && !depth && cut == len)
      cut = k;
  }
  return cut;
}

/* kustomize edit set image NAME=NEW... or NAME:TAG... (also
 * `$(KUSTOMIZE) edit ...`): each NAME the release replaces. i is at
 * `edit`. */
static size_t set_image_args(struct scan *sc, const char **w, size_t n,
                             size_t i)
{
  for (i += 3; i < n && !en_is_op(w[i]); i++) {
    const char *eq = strchr(w[i], '=');
    if (w[i][0] == '-' || eq == w[i])
      continue;
    /* NAME:TAG and NAME@DIGEST set the tag of NAME itself */
    size_t len = eq ? (size_t)(eq - w[i]) : strcspn(w[i], "@");
    const char *name = rc_arena_strndup(sc->a, w[i], tag_cut(w[i], len));
    if (en_has_var(name) && !(name = name_glob(sc, name)))
      continue;
    struct rc_entries *e = sc->out;
    rc_grow((void **)&e->set_images, &e->cap_set_images, e->n_set_images,
            sizeof(*e->set_images));
    e->set_images[e->n_set_images++] =
        (struct rc_set_image){name, {sc->path, sc->line}, NULL, false};
  }
  return i;
}

/* A sed expression `s/:latest/:$(VERSION)/` (any delimiter): it writes
 * a tag over :latest. */
static bool stamps_latest(struct scan *sc, const char *x)
{
  if (x[0] != 's' || !x[1] || isalnum((unsigned char)x[1]) || x[1] == '\\')
    return false;
  char d = x[1];
  const char *pat = x + 2, *mid = strchr(pat, d);
  if (!mid)
    return false;
  const char *end = strchr(mid + 1, d);
  size_t pn = (size_t)(mid - pat);
  size_t rn = end ? (size_t)(end - mid - 1) : strlen(mid + 1);
  const char *hit =
      rc_str_find_ci(rc_arena_strndup(sc->tmp, pat, pn), ":latest");
  /* a Makefile's `$(VERSION)` may read here as its default, even
   * `latest`: a sed rewriting the tag says the release sets one */
  return hit && memchr(mid + 1, ':', rn) != NULL;
}

/* sed ... 's/:latest/:$(VERSION)/' FILE...: the release writes its version
 * over :latest in the manifests FILE names (the folder before the first
 * variable: `manifests/$*` is manifests/). i is past `sed`. */
static size_t sed_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  bool stamps = false;
  const char *files = NULL;
  for (; i < n && !en_is_op(w[i]); i++) {
    if (strcmp(w[i], "-e") == 0 || strcmp(w[i], "--expression") == 0) {
      stamps |= i + 1 < n && stamps_latest(sc, w[i + 1]);
      i++;
    } else if (w[i][0] == '-') {
      continue;
    } else if (stamps_latest(sc, w[i])) {
      stamps = true;
    } else if (!files) {
      size_t k = strcspn(w[i], "$");
      while (k > 0 && w[i][k - 1] != '/')
        k--;
      const char *dir = rc_arena_strndup(sc->tmp, w[i], k ? k - 1 : 0);
      files = *dir ? en_resolve(sc, sc->cwd, dir) : "";
    }
  }
  if (stamps && sc->role == RC_ROLE_PRODUCTION) {
    struct rc_entries *e = sc->out;
    rc_grow((void **)&e->set_images, &e->cap_set_images, e->n_set_images,
            sizeof(*e->set_images));
    e->set_images[e->n_set_images++] = (struct rc_set_image){
        "", {sc->path, sc->line}, files ? files : "", false};
  }
  return i;
}

/* helm package CHART... --app-version V: the chart packaged for release
 * carries the appVersion given, not the one Chart.yaml commits (often
 * `latest` or `0.0.0`, a placeholder). Recorded for each chart named, the
 * chart's folder ("" when a variable names it). i is past `package`. */
static size_t helm_package_args(struct scan *sc, const char **w, size_t n,
                                size_t i)
{
  static const char *const valued[] = {
      "-d",        "--destination",     "--version", "--key",
      "--keyring", "--passphrase-file", NULL};
  const char *charts[8];
  size_t nc = 0;
  bool app = false;
  for (; i < n && !en_is_op(w[i]); i++) {
    if (strcmp(w[i], "--app-version") == 0 ||
        en_opt_value(w[i], "--app-version")) {
      app = true;
      i += strcmp(w[i], "--app-version") == 0;
      continue;
    }
    bool skip = false;
    for (size_t k = 0; valued[k]; k++)
      skip |= strcmp(w[i], valued[k]) == 0;
    if (skip)
      i++;
    else if (w[i][0] != '-' && nc < 8)
      charts[nc++] = w[i];
  }
  if (!app || sc->role != RC_ROLE_PRODUCTION)
    return i;
  for (size_t k = 0; k < nc; k++) {
    const char *dir =
        en_has_var(charts[k]) ? "" : en_resolve(sc, sc->cwd, charts[k]);
    if (!dir)
      continue;
    struct rc_entries *e = sc->out;
    rc_grow((void **)&e->set_images, &e->cap_set_images, e->n_set_images,
            sizeof(*e->set_images));
    e->set_images[e->n_set_images++] =
        (struct rc_set_image){"", {sc->path, sc->line}, dir, true};
  }
  return i;
}

static bool kustomize_word(const char *w)
{
  return strcmp(rc_path_base(w), "kustomize") == 0 ||
         rc_str_find_ci(w, "KUSTOMIZE") != NULL;
}

/* ---- what is applied to Kubernetes ------------------------------------- */

/* A name as a README writes it in prose: "`k8s/`," -> "k8s/". */
static const char *bare_name(struct rc_arena *a, const char *w)
{
  while (*w == '`' || *w == '(')
    w++;
  size_t n = strlen(w);
  while (n > 1 && strchr("`),;:", w[n - 1]))
    n--;
  return rc_arena_strndup(a, w, n);
}

void en_add_apply(struct scan *sc, enum rc_apply_kind kind, const char *path,
                  const char **values, size_t nv)
{
  struct rc_entries *e = sc->out;
  const char *written = path ? bare_name(sc->a, path) : NULL;
  const char *p = written ? en_resolve(sc, sc->cwd, written) : NULL;
  rc_grow((void **)&e->applies, &e->cap_applies, e->n_applies,
          sizeof(*e->applies));
  const char **vals = rc_arena_alloc(sc->a, (nv ? nv : 1) * sizeof(*vals));
  size_t k = 0;
  for (size_t i = 0; i < nv; i++) {
    const char *v = en_resolve(sc, sc->cwd, bare_name(sc->tmp, values[i]));
    if (v)
      vals[k++] = v;
  }
  e->applies[e->n_applies++] = (struct rc_apply){
      .kind = kind,
      .path = p,
      .written = written,
      .base = sc->base,
      .values = vals,
      .n_values = k,
      .at = {sc->path, sc->line},
      .role = sc->mk_file && sc->indent > 0 && sc->mk_local_cluster
                  ? RC_ROLE_DEVELOPMENT
                  : sc->role,
      .unresolved = !written || en_has_var(written)};
}

/* A name kubectl or helm reads from: "-" is standard input, a URL is not
 * in the repository. */
bool en_local_name(const char *v)
{
  return *v && strcmp(v, "-") != 0 && !strstr(v, "://");
}

/* kubectl [global options] apply|create|replace -f X -k Y; also `kubectl
 * kustomize X`. -f takes comma-separated names. */
static size_t kubectl_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  static const char *const valued[] = {"-n",
                                       "--namespace",
                                       "--context",
                                       "--kubeconfig",
                                       "--server",
                                       "--user",
                                       "--cluster",
                                       "--as",
                                       "-l",
                                       "--selector",
                                       "-o",
                                       "--output",
                                       "--field-manager",
                                       NULL};
  const char *sub = NULL;
  for (; i < n && !en_is_op(w[i]) && !sub; i++) {
    bool takes = false;
    for (size_t k = 0; valued[k]; k++)
      takes |= strcmp(w[i], valued[k]) == 0;
    if (takes)
      i++;
    else if (w[i][0] != '-')
      sub = w[i];
  }
  bool deploys =
      sub && (strcmp(sub, "apply") == 0 || strcmp(sub, "create") == 0 ||
              strcmp(sub, "replace") == 0);
  if (sub && strcmp(sub, "kustomize") == 0) {
    const char *dir = i < n && !en_is_op(w[i]) && w[i][0] != '-' ? w[i] : ".";
    en_add_apply(sc, RC_APPLY_KUSTOMIZE, en_has_var(dir) ? NULL : dir, NULL, 0);
  }
  for (; i < n && !en_is_op(w[i]); i++) {
    if (!deploys)
      continue;
    const char *v = NULL;
    enum rc_apply_kind kind = RC_APPLY_FILES;
    if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--filename") == 0) &&
        i + 1 < n)
      v = w[++i];
    else if ((v = en_opt_value(w[i], "--filename")) == NULL &&
             strncmp(w[i], "-f", 2) == 0 && w[i][2] && w[i][1] != '-')
      v = w[i] + 2; /* -fmanifest.yaml */
    if (!v && (strcmp(w[i], "-k") == 0 || strcmp(w[i], "--kustomize") == 0) &&
        i + 1 < n) {
      v = w[++i];
      kind = RC_APPLY_KUSTOMIZE;
    } else if (!v && (v = en_opt_value(w[i], "--kustomize")) != NULL) {
      kind = RC_APPLY_KUSTOMIZE;
    }
    if (!v)
      continue;
    char *list = rc_arena_strdup(sc->tmp, v);
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save))
      if (en_local_name(tok))
        en_add_apply(sc, kind, en_has_var(tok) ? NULL : tok, NULL, 0);
  }
  return i;
}

/* kustomize build [DIR] */
static size_t kustomize_args(struct scan *sc, const char **w, size_t n,
                             size_t i)
{
  const char *dir = NULL;
  for (; i < n && !en_is_op(w[i]); i++)
    if (!dir && w[i][0] != '-')
      dir = w[i];
  if (!dir)
    dir = ".";
  if (en_local_name(dir))
    en_add_apply(sc, RC_APPLY_KUSTOMIZE, en_has_var(dir) ? NULL : dir, NULL, 0);
  return i;
}

static bool helm_valued(const char *w)
{
  static const char *const opts[] = {"-f",
                                     "--values",
                                     "--set",
                                     "--set-string",
                                     "--set-file",
                                     "--set-json",
                                     "--set-literal",
                                     "-n",
                                     "--namespace",
                                     "--version",
                                     "--repo",
                                     "--kube-context",
                                     "--kubeconfig",
                                     "--timeout",
                                     "--post-renderer",
                                     "--post-renderer-args",
                                     "--description",
                                     "-o",
                                     "--output",
                                     "--username",
                                     "--password",
                                     "--ca-file",
                                     "--cert-file",
                                     "--key-file",
                                     "--keyring",
                                     "--history-max",
                                     "--name-template",
                                     "--api-versions",
                                     "--kube-version",
                                     "--show-only",
                                     "-s",
                                     "--output-dir",
                                     "--registry-config",
                                     "--repository-config",
                                     "--repository-cache",
                                     NULL};
  for (size_t i = 0; opts[i]; i++)
    if (strcmp(w, opts[i]) == 0)
      return true;
  return false;
}

/* Gives the install just added what it sets over its values files. */
void en_set_last_sets(struct scan *sc, const struct rc_helm_set *sets, size_t n)
{
  struct rc_entries *e = sc->out;
  if (!n || !e->n_applies)
    return;
  struct rc_helm_set *copy = rc_arena_alloc(sc->a, n * sizeof(*copy));
  for (size_t i = 0; i < n; i++)
    copy[i] = (struct rc_helm_set){sets[i].kind,
                                   rc_arena_strdup(sc->a, sets[i].text)};
  e->applies[e->n_applies - 1].sets = copy;
  e->applies[e->n_applies - 1].n_sets = n;
}

/* `--set k=v` / `--set-string k=v` (also written `--set=k=v`): the kind,
 * with *val the assignment and *skip 1 when it is the next word; -1 when
 * w is no such option. --set-file and --set-json are not read. */
static int helm_set_opt(const char **w, size_t n, size_t i, const char **val,
                        size_t *skip)
{
  static const struct {
    const char *name;
    enum rc_helm_set_kind kind;
  } opts[] = {{"--set", RC_HELM_SET}, {"--set-string", RC_HELM_SET_STRING}};
  for (size_t k = 0; k < 2; k++) {
    const char *v = en_opt_value(w[i], opts[k].name);
    if (v) {
      *val = v;
      *skip = 0;
      return (int)opts[k].kind;
    }
    if (strcmp(w[i], opts[k].name) == 0 && i + 1 < n) {
      *val = w[i + 1];
      *skip = 1;
      return (int)opts[k].kind;
    }
  }
  return -1;
}

/* `| kubectl apply ...` (or oc, create, replace) at w[i]: what was
 * rendered is applied. */
static bool piped_to_apply(const char **w, size_t n, size_t i)
{
  if (i + 2 >= n || strcmp(w[i], "|") != 0)
    return false;
  const char *tool = rc_path_base(w[i + 1]);
  if (strcmp(tool, "kubectl") != 0 && strcmp(tool, "oc") != 0)
    return false;
  for (size_t k = i + 2; k < n && !en_is_op(w[k]); k++)
    if (strcmp(w[k], "apply") == 0 || strcmp(w[k], "create") == 0 ||
        strcmp(w[k], "replace") == 0)
      return true;
  return false;
}

/* helm install|upgrade|template [NAME] CHART [-f values.yaml ...]
 * [--set k=v ...] */
static size_t helm_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *pos[3];
  const char *values[16];
  struct rc_helm_set sets[16];
  size_t np = 0, nv = 0, ns = 0;
  bool generate = false, tmpl = strcmp(w[i - 1], "template") == 0;
  for (; i < n && !en_is_op(w[i]); i++) {
    const char *v;
    size_t skip;
    int kind = helm_set_opt(w, n, i, &v, &skip);
    if (kind >= 0) {
      if (ns < 16)
        sets[ns++] = (struct rc_helm_set){(enum rc_helm_set_kind)kind, v};
      i += skip;
    } else if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--values") == 0) &&
               i + 1 < n) {
      if (nv < 16)
        values[nv++] = w[i + 1];
      i++;
    } else if ((v = en_opt_value(w[i], "--values")) && nv < 16) {
      values[nv++] = v;
    } else if (strcmp(w[i], "--generate-name") == 0 ||
               strcmp(w[i], "-g") == 0) {
      generate = true;
    } else if (helm_valued(w[i])) {
      i++;
    } else if (w[i][0] != '-' && np < 3) {
      pos[np++] = w[i];
    }
  }
  const char *chart = NULL;
  if (np == 1 && (generate || tmpl))
    chart = pos[0];
  else if (np >= 2)
    chart = pos[1];
  if (chart && en_local_name(chart)) {
    en_add_apply(sc, RC_APPLY_CHART, en_has_var(chart) ? NULL : chart, values,
                 nv);
    en_set_last_sets(sc, sets, ns);
    sc->out->applies[sc->out->n_applies - 1].rendered_only =
        tmpl && !piped_to_apply(w, n, i);
  }
  return i;
}

bool en_k8s_words(struct scan *sc, const char **w, size_t n, size_t *i)
{
  const char *base = rc_path_base(w[*i]);
  if (strcmp(base, "kubectl") == 0 || strcmp(base, "oc") == 0)
    *i = kubectl_args(sc, w, n, *i + 1);
  else if (kustomize_word(w[*i]) && en_word_is(w, n, *i + 1, "edit") &&
           en_word_is(w, n, *i + 2, "set") && en_word_is(w, n, *i + 3, "image"))
    *i = set_image_args(sc, w, n, *i + 1);
  else if (strcmp(base, "sed") == 0)
    *i = sed_args(sc, w, n, *i + 1);
  else if (strcmp(base, "kustomize") == 0 && en_word_is(w, n, *i + 1, "build"))
    *i = kustomize_args(sc, w, n, *i + 2);
  else if (strcmp(base, "helm") == 0 && (en_word_is(w, n, *i + 1, "install") ||
                                         en_word_is(w, n, *i + 1, "upgrade") ||
                                         en_word_is(w, n, *i + 1, "template")))
    *i = helm_args(sc, w, n, *i + 2);
  else if (strcmp(base, "helm") == 0 && en_word_is(w, n, *i + 1, "package"))
    *i = helm_package_args(sc, w, n, *i + 2);
  else
    return false;
  return true;
}
