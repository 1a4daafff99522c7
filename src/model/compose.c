/*
 * compose.c - Compose files read once per run and merged into views the
 * way `docker compose -f base -f overlay` merges them. A merged service is
 * not a new tree but its layers, so that a finding can name the file and
 * line that set (or failed to set) a value, and nothing is copied. Which
 * files form a view is the model builder's decision (views.c), not ours.
 */
#include "readycheck/compose.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

enum { MAX_SERVICES = 2000, MAX_EXTENDS = 8, KEY_MAX = 256 };

/* ---- names and loading ------------------------------------------------- */

static bool ends_with_ci(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcasecmp(s + n - m, suf) == 0;
}

bool rc_compose_is_yaml_name(const char *path)
{
  const char *base = rc_path_base(path);
  return ends_with_ci(base, ".yml") || ends_with_ci(base, ".yaml");
}

bool rc_compose_is_name(const char *path)
{
  const char *base = rc_path_base(path);
  if (!rc_compose_is_yaml_name(path))
    return false;
  if (strncasecmp(base, "docker-compose", 14) == 0 ||
      strncasecmp(base, "compose", 7) == 0 ||
      strncasecmp(base, "docker-stack", 12) == 0)
    return true;
  for (const char *p = base; (p = rc_str_find_ci(p, "compose")) != NULL; p++)
    if (p > base && (p[-1] == '-' || p[-1] == '.' || p[-1] == '_'))
      return true;
  return false;
}

/* The line at p (up to its end): blank or a comment only. */
static bool idle_line(const char *p, const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p == end || *p == '\n' || *p == '\r' || *p == '#';
}

/* An indented `key:` with nothing after it but a comment. */
static bool mapping_key(const char *p, const char *end)
{
  const char *q = p;
  while (q < end && *q == ' ')
    q++;
  if (q == p || q == end || !(isalnum((unsigned char)*q) || *q == '_'))
    return false;
  while (q < end && (isalnum((unsigned char)*q) || strchr("._-", *q)))
    q++;
  return q < end && *q == ':' && idle_line(q + 1, end);
}

static const char *next_line(const char *p, const char *end)
{
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  return nl ? nl + 1 : end;
}

/* Compose files are found by name; an overlay named for what it adds
 * (`db.pgsql.yml`) is found by its text: a `services:` mapping (GitLab
 * and Drone `services:` are lists) naming an image or a build. */
bool rc_compose_is_format(const char *data, size_t len)
{
  const char *end = data + len, *p = data;
  while (p < end && !(strncmp(p, "services:", 9) == 0 &&
                      (size_t)(end - p) >= 9 && idle_line(p + 9, end)))
    p = next_line(p, end);
  if (p >= end)
    return false;
  p = next_line(p, end);
  while (p < end && idle_line(p, end))
    p = next_line(p, end);
  if (p >= end || !mapping_key(p, end))
    return false;
  for (; p < end && (*p == ' ' || idle_line(p, end)); p = next_line(p, end)) {
    const char *q = p;
    while (q < end && *q == ' ')
      q++;
    if ((size_t)(end - q) >= 6 &&
        (strncmp(q, "image:", 6) == 0 || strncmp(q, "build:", 6) == 0))
      return true;
  }
  return false;
}

void rc_compose_file_load(struct rc_compose_file *f, struct rc_arena *a,
                          const char *path, const char *data, size_t len)
{
  memset(f, 0, sizeof(*f));
  f->path = path;
  f->dir = rc_path_dir(a, path);
  f->why = "";
  char err[512];
  if (rc_docs_parse(&f->docs, data, len, path, RC_DOC_YAML, err, sizeof(err)) !=
      0) {
    f->error = rc_arena_strdup(a, err);
    return;
  }
  /* A file of comments only is a valid, empty layer: a fork's placeholder
   * that a `-f` chain loads last. It adds nothing; it is not unreadable. */
  if (f->docs.n == 0 || cJSON_IsNull(f->docs.docs[0]))
    return;
  if (!cJSON_IsObject(f->docs.docs[0])) {
    f->error = "not a YAML mapping";
    return;
  }
  f->root = f->docs.docs[0];
  const cJSON *svcs = cJSON_GetObjectItemCaseSensitive(f->root, "services");
  f->services = cJSON_IsObject(svcs) ? svcs : NULL;
}

bool rc_compose_file_disowns(const struct rc_compose_file *f, const char *name)
{
  for (size_t i = 0; i < f->n_disowned; i++)
    if (strcmp(f->disowned[i], name) == 0)
      return true;
  return false;
}

void rc_compose_file_release(struct rc_compose_file *f)
{
  if (f)
    rc_docs_release(&f->docs);
}

/* ---- lookups ------------------------------------------------------------- */

static const cJSON *get(const cJSON *obj, const char *key)
{
  return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
                             : NULL;
}

static const cJSON *get_path(const cJSON *node, const char *key)
{
  char buf[KEY_MAX];
  size_t n = strlen(key);
  if (n >= sizeof(buf))
    return NULL;
  memcpy(buf, key, n + 1);
  for (char *k = buf; node && k;) {
    char *dot = strchr(k, '.');
    if (dot)
      *dot = '\0';
    node = get(node, k);
    k = dot ? dot + 1 : NULL;
  }
  return node;
}

struct rc_where rc_compose_where(const struct rc_compose_layer *l,
                                 const cJSON *node)
{
  return (struct rc_where){l->file->path, rc_docs_line(&l->file->docs, node)};
}

const cJSON *rc_compose_get(const struct rc_compose_service *s, const char *key,
                            struct rc_where *at)
{
  for (size_t i = s->n_layers; i > 0; i--) {
    const cJSON *v = get_path(s->layers[i - 1].node, key);
    if (v) {
      if (at)
        *at = rc_compose_where(&s->layers[i - 1], v);
      return v;
    }
  }
  return NULL;
}

const char *rc_compose_str(const struct rc_compose_service *s, const char *key,
                           struct rc_where *at)
{
  const cJSON *v = rc_compose_get(s, key, at);
  if (cJSON_IsString(v) || (cJSON_IsNumber(v) && v->valuestring))
    return v->valuestring;
  return NULL;
}

bool rc_compose_awaited(const struct rc_compose_view *v, const char *name)
{
  for (size_t i = 0; i < v->n_services; i++) {
    const cJSON *dep = rc_compose_get(&v->services[i], "depends_on", NULL);
    const cJSON *cond = get(get(dep, name), "condition");
    if (cJSON_IsString(cond) &&
        strcmp(cond->valuestring, "service_completed_successfully") == 0)
      return true;
  }
  return false;
}

void rc_compose_each(const struct rc_compose_service *s, const char *key,
                     void (*fn)(const cJSON *item, const struct rc_where *at,
                                void *arg),
                     void *arg)
{
  for (size_t i = 0; i < s->n_layers; i++) {
    const cJSON *seq = get_path(s->layers[i].node, key);
    if (!cJSON_IsArray(seq))
      continue;
    const cJSON *item;
    cJSON_ArrayForEach(item, seq) {
      struct rc_where at = rc_compose_where(&s->layers[i], item);
      fn(item, &at, arg);
    }
  }
}

/* ---- mounts -------------------------------------------------------------- */

static bool host_path(const char *src)
{
  return src[0] == '.' || src[0] == '/' || src[0] == '~' || src[0] == '$' ||
         strchr(src, '/') != NULL;
}

/* The next ':' at or after p that is not inside a "${VAR:-x}". */
static const char *next_colon(const char *p)
{
  for (; *p; p++) {
    if (p[0] == '$' && p[1] == '{') {
      const char *close = strchr(p, '}');
      if (!close)
        return NULL;
      p = close;
    } else if (*p == ':') {
      return p;
    }
  }
  return NULL;
}

/* "src:target[:mode]" or "target"; a Windows drive letter is not split. */
static void split_short(struct rc_arena *a, const char *spec, const char **src,
                        const char **target)
{
  const char *colon = next_colon(spec);
  if (colon && colon - spec == 1 && isalpha((unsigned char)spec[0]))
    colon = next_colon(colon + 1);
  if (!colon) {
    *src = NULL;
    *target = spec;
    return;
  }
  *src = rc_arena_strndup(a, spec, (size_t)(colon - spec));
  const char *t = colon + 1;
  *target = rc_arena_strndup(a, t, strcspn(t, ":"));
}

/* source with each "${VAR:-x}" / "${VAR-x}" replaced by x: the file
 * Compose mounts when the operator sets nothing
 * (`./nginx/${NGINX_SETUP:-https}.conf`). Any other variable stays, and
 * rc_path_join() then leaves the path unknown. */
static const char *with_defaults(struct rc_arena *a, const char *source)
{
  if (!strstr(source, "${"))
    return source;
  struct rc_buf out;
  rc_buf_init(&out);
  const char *p = source;
  for (const char *d; (d = strstr(p, "${")) != NULL;) {
    const char *close = strchr(d, '}');
    size_t n = close ? strcspn(d + 2, ":-}") : 0;
    const char *def = !close                               ? NULL
                      : d[2 + n] == '-'                    ? d + 3 + n
                      : d[2 + n] == ':' && d[3 + n] == '-' ? d + 4 + n
                                                           : NULL;
    if (!def || def > close)
      break;
    rc_buf_printf(&out, "%.*s%.*s", (int)(d - p), p, (int)(close - def), def);
    p = close + 1;
  }
  rc_buf_printf(&out, "%s", p);
  const char *res = rc_arena_strndup(a, out.data ? out.data : "", out.len);
  rc_buf_release(&out);
  return res;
}

/* A source written with variables ("./nginx/${SETUP:-https}.conf") as a
 * glob with a star wildcard for each variable: every committed file the
 * operator may choose by setting the variable. */
static const char *variables_as_stars(struct rc_arena *a, const char *project,
                                      const char *source)
{
  if (!strstr(source, "${"))
    return NULL;
  struct rc_buf out;
  rc_buf_init(&out);
  for (const char *p = source; *p;) {
    const char *close = p[0] == '$' && p[1] == '{' ? strchr(p, '}') : NULL;
    if (close) {
      rc_buf_putc(&out, '*');
      p = close + 1;
    } else {
      rc_buf_putc(&out, *p++);
    }
  }
  const char *glob = out.data ? rc_path_join(a, project, out.data) : NULL;
  rc_buf_release(&out);
  return glob && strcmp(glob, "*") != 0 ? glob : NULL;
}

static void add_mount(struct rc_mount **out, size_t *n, size_t *cap,
                      const struct rc_mount *m)
{
  for (size_t i = 0; m->target && i < *n; i++)
    if ((*out)[i].target && strcmp((*out)[i].target, m->target) == 0) {
      (*out)[i] = *m;
      return;
    }
  rc_grow((void **)out, cap, *n, sizeof(**out));
  (*out)[(*n)++] = *m;
}

/* The folder a layer's relative paths start from. */
static const char *layer_dir(const struct rc_compose_service *s, size_t i)
{
  if (s->layers[i].dir)
    return s->layers[i].dir;
  return s->project ? s->project : "";
}

size_t rc_compose_mounts(const struct rc_compose_service *s, struct rc_arena *a,
                         struct rc_mount **out)
{
  struct rc_mount *v = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < s->n_layers; i++) {
    const char *project = layer_dir(s, i);
    const cJSON *item;
    cJSON_ArrayForEach(item, get(s->layers[i].node, "volumes")) {
      struct rc_mount m = {.at = rc_compose_where(&s->layers[i], item)};
      if (cJSON_IsString(item)) {
        split_short(a, item->valuestring, &m.source, &m.target);
        m.bind = m.source && host_path(m.source);
      } else if (cJSON_IsObject(item)) {
        const cJSON *type = get(item, "type"), *src = get(item, "source");
        const cJSON *tgt = get(item, "target");
        m.source = cJSON_IsString(src) ? src->valuestring : NULL;
        m.target = cJSON_IsString(tgt) ? tgt->valuestring : NULL;
        m.bind = cJSON_IsString(type) && strcmp(type->valuestring, "bind") == 0;
      } else {
        continue;
      }
      if (m.bind && m.source) {
        m.path = rc_path_join(a, project, with_defaults(a, m.source));
        m.path_any = variables_as_stars(a, project, m.source);
      }
      add_mount(&v, &n, &cap, &m);
    }
  }
  if (n) {
    *out = rc_arena_alloc(a, n * sizeof(*v));
    memcpy(*out, v, n * sizeof(*v));
  } else {
    *out = NULL;
  }
  free(v);
  return n;
}

/* ---- configs and secrets ------------------------------------------------ */

const char *rc_compose_view_dir(const struct rc_compose_view *v, size_t k)
{
  return k < v->n_chained ? v->files[0]->dir : v->files[k]->dir;
}

/* The definition of name under key in f, with *path from dir. */
static const cJSON *defined_in(const struct rc_compose_file *f, const char *dir,
                               struct rc_arena *a, const char *key,
                               const char *name, const char **path)
{
  const cJSON *def = get(get(f->root, key), name);
  if (!cJSON_IsObject(def))
    return NULL;
  const cJSON *file = get(def, "file");
  if (path && cJSON_IsString(file))
    *path = rc_path_join(a, dir, file->valuestring);
  return def;
}

/* Compose merges the top-level definitions of every file of a set and
 * reads them relative to one project directory (the first file's folder
 * unless --project-directory says otherwise), so a definition in an
 * overlay under overrides/ still names its file from the base's folder. */
const cJSON *rc_compose_delivered(const struct rc_compose_view *v,
                                  const struct rc_compose_service *s,
                                  struct rc_arena *a, const char *key,
                                  const cJSON *entry, const char **path)
{
  const cJSON *src = cJSON_IsObject(entry) ? get(entry, "source") : entry;
  if (path)
    *path = NULL;
  if (!cJSON_IsString(src))
    return NULL;
  const char *name = src->valuestring;
  const cJSON *def = NULL;
  for (size_t i = v ? v->n_files : 0; !def && i > 0; i--)
    def = defined_in(v->files[i - 1], rc_compose_view_dir(v, i - 1), a, key,
                     name, path);
  for (size_t i = s->n_layers; !def && i > 0; i--)
    def = defined_in(s->layers[i - 1].file, layer_dir(s, i - 1), a, key, name,
                     path);
  return def;
}

/* ---- environment --------------------------------------------------------- */

struct env_item {
  const char *name, *value;
  struct rc_where at;
};

static void env_set(struct env_item **v, size_t *n, size_t *cap,
                    const struct env_item *e)
{
  for (size_t i = 0; i < *n; i++)
    if (strcmp((*v)[i].name, e->name) == 0) {
      (*v)[i] = *e;
      return;
    }
  rc_grow((void **)v, cap, *n, sizeof(**v));
  (*v)[(*n)++] = *e;
}

void rc_compose_env(const struct rc_compose_service *s,
                    void (*fn)(const char *name, const char *value,
                               const struct rc_where *at, void *arg),
                    void *arg)
{
  struct env_item *v = NULL;
  size_t n = 0, cap = 0;
  struct rc_arena *a = rc_arena_new();
  for (size_t i = 0; i < s->n_layers; i++) {
    const cJSON *env = get(s->layers[i].node, "environment");
    const cJSON *e;
    char num[64];
    cJSON_ArrayForEach(e, env) {
      struct env_item it = {.at = rc_compose_where(&s->layers[i], e)};
      if (cJSON_IsObject(env)) {
        it.name = e->string;
        const char *t =
            cJSON_IsNull(e) ? NULL : rc_doc_scalar_text(e, num, sizeof(num));
        it.value = t ? rc_arena_strdup(a, t) : NULL;
      } else if (cJSON_IsString(e)) {
        const char *str = e->valuestring, *eq = strchr(str, '=');
        it.name = eq ? rc_arena_strndup(a, str, (size_t)(eq - str)) : str;
        it.value = eq ? eq + 1 : NULL;
      } else {
        continue;
      }
      env_set(&v, &n, &cap, &it);
    }
  }
  for (size_t i = 0; i < n; i++)
    fn(v[i].name, v[i].value, &v[i].at, arg);
  free(v);
  rc_arena_free(a);
}

/* ---- views --------------------------------------------------------------- */

static struct rc_compose_service *find_service(struct rc_compose_service *v,
                                               size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(v[i].name, name) == 0)
      return &v[i];
  return NULL;
}

static void push_layer(struct rc_compose_service *s, size_t *cap,
                       const struct rc_compose_file *f, const cJSON *node,
                       const char *dir)
{
  rc_grow((void **)&s->layers, cap, s->n_layers, sizeof(*s->layers));
  s->layers[s->n_layers++] = (struct rc_compose_layer){f, node, dir};
}

struct finder {
  rc_compose_find_fn fn;
  void *arg;
  struct rc_arena *a;
};

/* The compose file a relative path of f names, through the finder. */
static const struct rc_compose_file *file_named(const struct finder *fd,
                                                const struct rc_compose_file *f,
                                                const char *rel)
{
  if (!fd->fn || !rel || !*rel || rel[0] == '/')
    return NULL;
  const char *p = rc_path_join(fd->a, f->dir, rel);
  return p ? fd->fn(fd->arg, p) : NULL;
}

/* `extends: name` or `extends: {service: name}` within the same file, or
 * `extends: {file: x, service: name}` in another: the extended service's
 * mapping becomes a layer below (depth-limited, so a cycle ends). Compose
 * resolves the relative paths of a service extended from another file
 * from that file's folder (dir: where f's own paths start, NULL for the
 * project directory). */
static void push_with_extends(struct rc_compose_service *s, size_t *cap,
                              const struct finder *fd,
                              const struct rc_compose_file *f,
                              const cJSON *node, unsigned depth,
                              const char *dir)
{
  const cJSON *ext = get(node, "extends");
  const char *target = cJSON_IsString(ext) ? ext->valuestring : NULL;
  const struct rc_compose_file *from = f;
  if (cJSON_IsObject(ext)) {
    const cJSON *svc = get(ext, "service"), *file = get(ext, "file");
    target = cJSON_IsString(svc) ? svc->valuestring : NULL;
    if (file)
      from = cJSON_IsString(file) ? file_named(fd, f, file->valuestring) : NULL;
  }
  const cJSON *base = target && from ? get(from->services, target) : NULL;
  if (cJSON_IsObject(base) && base != node && depth < MAX_EXTENDS)
    push_with_extends(s, cap, fd, from, base, depth + 1,
                      from == f ? dir : from->dir);
  push_layer(s, cap, f, node, dir);
}

/* Build context and Dockerfile: `build: dir` or `build: {context,
 * dockerfile, target}`, each key from the topmost layer that sets it;
 * relative to the folder of the layer that sets the context. */
static void derive_build(struct rc_compose_service *s, struct rc_arena *a)
{
  const char *context = NULL, *dockerfile = NULL, *target = NULL;
  const char *from = NULL; /* where the context's layer starts its paths */
  bool inline_df = false, any = false;
  for (size_t i = s->n_layers; i > 0; i--) {
    const cJSON *b = get(s->layers[i - 1].node, "build");
    if (!b)
      continue;
    if (!any)
      from = layer_dir(s, i - 1);
    any = true;
    if (cJSON_IsString(b) && !context) {
      context = b->valuestring;
      from = layer_dir(s, i - 1);
    }
    const cJSON *c = get(b, "context"), *d = get(b, "dockerfile");
    const cJSON *t = get(b, "target");
    if (!context && cJSON_IsString(c)) {
      context = c->valuestring;
      from = layer_dir(s, i - 1);
    }
    if (!dockerfile && cJSON_IsString(d))
      dockerfile = d->valuestring;
    if (!target && cJSON_IsString(t))
      target = t->valuestring;
    inline_df = inline_df || get(b, "dockerfile_inline") != NULL;
  }
  if (!any)
    return;
  if (!context)
    context = ".";
  if (strstr(context, "://") || strncmp(context, "git@", 4) == 0)
    return;
  s->context = rc_path_join(a, from ? from : "", context);
  if (s->context && !inline_df)
    s->dockerfile =
        rc_path_join(a, s->context, dockerfile ? dockerfile : "Dockerfile");
  if (dockerfile && strchr(dockerfile, '$'))
    s->dockerfile_var = dockerfile;
  s->target = target;
  s->dockerfile_inline = inline_df;
}

static bool profile_enabled(const char *enabled, const char *name)
{
  size_t n = strlen(name);
  for (const char *p = enabled; p && *p;) {
    size_t len = strcspn(p, ", ");
    if ((len == n && strncmp(p, name, n) == 0) || (len == 1 && *p == '*'))
      return true;
    p += len;
    p += strspn(p, ", ");
  }
  return false;
}

static void derive(struct rc_compose_service *s, struct rc_arena *a,
                   const char *profiles)
{
  derive_build(s, a);
  s->image = rc_compose_str(s, "image", NULL);
  const cJSON *prof = rc_compose_get(s, "profiles", NULL);
  if (!cJSON_IsArray(prof) || !cJSON_GetArraySize(prof))
    return;
  struct rc_buf b;
  rc_buf_init(&b);
  s->optional = true;
  const cJSON *p;
  cJSON_ArrayForEach(p, prof) {
    if (!cJSON_IsString(p))
      continue;
    rc_buf_printf(&b, "%s%s", b.len ? ", " : "", p->valuestring);
    if (profiles && profile_enabled(profiles, p->valuestring))
      s->optional = false;
  }
  s->profiles = rc_arena_strdup(a, b.data ? b.data : "");
  rc_buf_release(&b);
}

static bool listed(const struct rc_compose_file **out, size_t n,
                   const struct rc_compose_file *f)
{
  for (size_t i = 0; i < n; i++)
    if (out[i] == f)
      return true;
  return false;
}

/* Appends the files f's `include:` entries name (a path, a list, or
 * {path: ...}; depth-limited), after the files given. Each included file
 * is its own Compose application: its relative paths start from its own
 * folder (the view's services defined there take it as their project). */
static void add_includes(const struct finder *fd,
                         const struct rc_compose_file *f,
                         const struct rc_compose_file **out, size_t *n,
                         size_t max, unsigned depth)
{
  const cJSON *inc = f->root ? get(f->root, "include") : NULL;
  const cJSON *list = cJSON_IsArray(inc) ? inc : NULL;
  const cJSON *item;
  cJSON_ArrayForEach(item, list) {
    const cJSON *p = cJSON_IsObject(item) ? get(item, "path") : item;
    const cJSON *paths = cJSON_IsArray(p) ? p : NULL;
    const cJSON *one;
    cJSON_ArrayForEach(one, paths) {
      const struct rc_compose_file *g =
          cJSON_IsString(one) ? file_named(fd, f, one->valuestring) : NULL;
      if (g && !listed(out, *n, g) && *n < max && depth < MAX_EXTENDS) {
        out[(*n)++] = g;
        add_includes(fd, g, out, n, max, depth + 1);
      }
    }
    const struct rc_compose_file *g =
        cJSON_IsString(p) ? file_named(fd, f, p->valuestring) : NULL;
    if (g && !listed(out, *n, g) && *n < max && depth < MAX_EXTENDS) {
      out[(*n)++] = g;
      add_includes(fd, g, out, n, max, depth + 1);
    }
  }
}

void rc_compose_view_build(struct rc_compose_view *v, struct rc_arena *a,
                           const struct rc_compose_file **given, size_t n_given,
                           const char *profiles, rc_compose_find_fn find,
                           void *find_arg)
{
  struct finder fd = {find, find_arg, a};
  struct rc_compose_service *svc = NULL;
  size_t n_svc = 0, cap_svc = 0;
  size_t *caps = NULL; /* layer capacities, parallel to svc */
  enum { MAX_VIEW_FILES = 64 };
  const struct rc_compose_file **files =
      rc_arena_alloc(a, MAX_VIEW_FILES * sizeof(*files));
  size_t n = 0;
  for (size_t i = 0; i < n_given && n < MAX_VIEW_FILES; i++)
    if (!listed(files, n, given[i]))
      files[n++] = given[i];
  size_t n_chained = n; /* the rest are included */
  for (size_t i = 0; i < n_given; i++)
    add_includes(&fd, given[i], files, &n, MAX_VIEW_FILES, 0);
  v->files = files;
  v->n_files = n;
  v->n_chained = n_chained;
  for (size_t i = 0; i < n; i++) {
    const cJSON *node;
    cJSON_ArrayForEach(node, files[i]->services) {
      if (!cJSON_IsObject(node) || !node->string)
        continue;
      struct rc_compose_service *s = find_service(svc, n_svc, node->string);
      if (!s) {
        if (n_svc >= MAX_SERVICES)
          continue;
        size_t old = cap_svc;
        rc_grow((void **)&svc, &cap_svc, n_svc, sizeof(*svc));
        caps = rc_xrealloc(caps, cap_svc * sizeof(*caps));
        for (size_t k = old; k < cap_svc; k++)
          caps[k] = 0;
        s = &svc[n_svc++];
        *s = (struct rc_compose_service){
            .name = node->string,
            .at = {files[i]->path, rc_docs_line(&files[i]->docs, node)},
            .project = i < n_chained ? files[0]->dir : files[i]->dir};
      }
      push_with_extends(s, &caps[s - svc], &fd, files[i], node, 0, NULL);
    }
  }
  v->services = rc_arena_alloc(a, (n_svc ? n_svc : 1) * sizeof(*svc));
  v->n_services = n_svc;
  for (size_t i = 0; i < n_svc; i++) {
    struct rc_compose_service *s = &v->services[i];
    *s = svc[i];
    s->layers = rc_arena_alloc(a, s->n_layers * sizeof(*s->layers));
    memcpy(s->layers, svc[i].layers, s->n_layers * sizeof(*s->layers));
    free(svc[i].layers);
    derive(s, a, profiles);
  }
  free(svc);
  free(caps);
}
