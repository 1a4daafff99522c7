/*
 * compose_refs.c - the compose probe's refs_exist and bind_dirs_exist:
 * build contexts, Dockerfiles and bind-mounted files and folders that
 * must resolve, what excuses a missing one (ignored, the operator's, an
 * installer's or a script's, a template beside it, key material) and what
 * shows it broken (a near-name or the same file elsewhere, a path that
 * resolves from the repository root), which `refs` splits into deployed,
 * other and presumed.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "readycheck/index.h"
#include "readycheck/installer.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/readme.h"
#include "readycheck/submodule.h"

#include "compose_probe.h"

/* 1 exists (in git's view or on disk), 0 not, -1 cannot tell. */
int compose_exists(struct run *r, const char *path)
{
  if (!*path || rc_index_find(r->ctx->index, path))
    return 1;
  enum rc_entry_kind kind;
  char err[256];
  return rc_index_stat_path(r->ctx->index, path, &kind, err, sizeof(err));
}

/* A dot-name without an extension is a file when it is one of the
 * well-known dot files or an rc file (.npmrc); otherwise it names an
 * application's state folder (~/.n8n, ~/.flowise), which Docker creates. */
static bool dot_file(const char *base)
{
  static const char *const files[] = {
      ".env",          ".htpasswd",  ".htaccess",
      ".pgpass",       ".netrc",     ".gitconfig",
      ".profile",      ".gitignore", ".dockerignore",
      ".editorconfig", ".boto",      ".dockercfg",
      ".s3cfg",        ".pypirc",    ".bash_history",
      ".my.cnf",       NULL};
  for (size_t i = 0; files[i]; i++)
    if (strcmp(base, files[i]) == 0)
      return true;
  size_t n = strlen(base);
  return strncmp(base, ".env", 4) == 0 ||
         (n > 3 && strcmp(base + n - 2, "rc") == 0);
}

/* A file rather than a directory: "nginx.conf", "init.sql", ".env", not
 * "conf.d", "data" or "certs/". Docker creates a missing directory source
 * itself, but a missing file source becomes an empty directory and breaks
 * the mount. */
bool compose_file_like(const char *path)
{
  if (!path)
    return false;
  size_t n = strlen(path);
  if (n == 0 || path[n - 1] == '/')
    return false;
  const char *base = rc_path_base(path);
  size_t bl = strlen(base);
  const char *dot = strchr(base, '.');
  if (!dot || bl == 1 || (bl == 2 && base[1] == '.'))
    return false; /* "data", ".", ".." */
  if (dot == base && !strchr(base + 1, '.'))
    return dot_file(base); /* .env, .htpasswd; not .n8n, .flowise */
  if (dot == base)
    return true; /* .env.local */
  const char *last = strrchr(base, '.');
  return !(base + bl - last == 2 && last[1] == 'd'); /* conf.d */
}

/* A folder the stack fills itself - data, logs, uploads, caches, anything
 * under a dot-folder such as .data/ - which Docker creates on first start:
 * only folders the deployment must provide (build output, configuration,
 * static files) count as missing. */
static bool runtime_state(const char *path)
{
  static const char *const words[] = {
      "data",          "db",       "database",    "databases", "log",
      "logs",          "uploads",  "upload",      "storage",   "volumes",
      "volume",        "cache",    "tmp",         "temp",      "backups",
      "backup",        "media",    "state",       "var",       "run",
      "redis",         "postgres", "mysql",       "pgdata",    "mongo",
      "elasticsearch", "certs",    "letsencrypt", "acme",      NULL};
  for (const char *seg = path; *seg;) {
    size_t n = strcspn(seg, "/");
    if (seg[0] == '.' && n > 1)
      return true;
    for (size_t i = 0; words[i]; i++)
      if (strlen(words[i]) == n && strncasecmp(seg, words[i], n) == 0)
        return true;
    seg += n;
    while (*seg == '/')
      seg++;
  }
  return false;
}

/* A TLS certificate or private key, a keystore: the operator's own, which
 * must never be committed - a compose file mounting ./certs/privkey.pem
 * that git does not have is right, not broken. */
bool compose_key_material(const char *path)
{
  /* `.cert` and `.der` as openssl writes them when told to (`openssl req
   * -out ssl/self.cert`): a certificate whatever its suffix spelling */
  static const char *const exts[] = {"pem",  "key",      "crt", "cer",
                                     "cert", "der",      "p12", "pfx",
                                     "jks",  "keystore", NULL};
  const char *dot = strrchr(rc_path_base(path), '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcasecmp(dot + 1, exts[i]) == 0)
      return true;
  return false;
}

/* A file the README tells the operator to create ("create a
 * `prometheus.yml` file next to your docker-compose.yml") is provided at
 * deploy time, like an ignored one. */
static bool operator_made(struct run *r, const struct rc_compose_service *s,
                          const char *path)
{
  return rc_readme_creates(r->ctx->index, r->a, s->project ? s->project : "",
                           rc_path_base(path)) != NULL;
}

/* A file an install script downloads beside the compose file, which it
 * also downloads: the mount resolves in the install folder, not in git. */
static bool installer_fetched(struct run *r, const struct rc_compose_service *s,
                              const struct rc_mount *m)
{
  /* `${CONFIG_PATH:-./etc/app.yaml}`: what the installer fetches is the
   * default, as Compose resolves it */
  const char *src = m->source;
  if (strstr(src, "${"))
    src = rc_compose_env_substitute(r->ctx->index, r->a,
                                    s->project ? s->project : "", src);
  return src && *src &&
         rc_installer_fetches(r->ctx->index, r->a, m->at.path, src) != NULL;
}

/* A template committed beside the missing file (`dynamic.yml.template`,
 * `config.example.yaml`, an Ansible role's `nginx.conf.j2`): the setup
 * makes the file from it (an init script or a playbook renders it, the
 * README has the operator copy it), as with `.env` from `.env.example`. */
static bool template_beside(struct run *r, const char *path)
{
  static const char *const kinds[] = {"template", "tmpl",  "tpl",     "example",
                                      "sample",   "dist",  "default", "in",
                                      "j2",       "jinja", "jinja2",  NULL};
  const char *dot = strrchr(rc_path_base(path), '.');
  for (size_t i = 0; kinds[i]; i++) {
    const char *after = rc_arena_printf(r->a, "%s.%s", path, kinds[i]);
    const char *inside =
        dot ? rc_arena_printf(r->a, "%.*s.%s%s", (int)(dot - path), path,
                              kinds[i], dot)
            : NULL;
    if (rc_index_find(r->ctx->index, after) ||
        (inside && rc_index_find(r->ctx->index, inside)))
      return true;
  }
  return false;
}

/* A command of the repository's automation (a setup or deploy script, a
 * Makefile recipe, a CI step) writes the path, a file inside it or a
 * folder holding it (`cat > traefik.yml`, `mkdir -p artifacts && cp ...`,
 * `echo "$CONFIG" > config/app.json`): the reference is made before
 * compose runs, so its absence from git proves nothing. */
static const struct rc_made *automation_makes(const struct run *r,
                                              const char *path)
{
  const struct rc_entries *e = &r->ctx->model->entries;
  size_t n = strlen(path);
  for (size_t i = 0; n && i < e->n_made; i++) {
    const char *made = e->made[i].path;
    size_t m = strlen(made);
    if (!m || strstr(made, "${{"))
      continue; /* a whole workspace, or a name CI computes */
    if (strcmp(made, path) == 0 ||
        (m < n && strncmp(path, made, m) == 0 && path[m] == '/') ||
        (n < m && strncmp(made, path, n) == 0 && made[n] == '/'))
      return &e->made[i];
  }
  return NULL;
}

/* A path under a git submodule (calcom/ pinned from another repository)
 * is there once the submodules are checked out: missing here proves
 * nothing. */
static bool missing(struct run *r, const char *path)
{
  char dir[256];
  return compose_exists(r, path) == 0 &&
         !rc_submodule_holding(r->ctx->index, path, dir, sizeof(dir)) &&
         !automation_makes(r, path);
}

/* The mount's source, taken from the repository root instead of the
 * compose file's folder, names a file the repository has: the compose file
 * moved away from the paths it was written for (docs that still run it from
 * the root, a copy under docker-compose/). Still broken as committed, but
 * the file may be a stale alternative rather than what deploys. */
static bool resolves_from_root(struct run *r, const struct rc_mount *m)
{
  const char *src = m->source;
  while (strncmp(src, "./", 2) == 0)
    src += 2;
  if (!*src || strncmp(src, "../", 3) == 0 || strcmp(src, m->path) == 0)
    return false;
  return compose_exists(r, src) == 1;
}

/* ---- what shows a missing reference is broken ------------------------------
 * A missing file is often missing on purpose (the operator's, an
 * installer's, a script's). What shows it is broken is the file the
 * reference was meant to reach, under another name or path: a near-name
 * in the same folder (tls.yml for tls.yaml, error.log for error_log.log,
 * Caddyfile for caddyfile) or the same file name elsewhere in the
 * repository (a file moved out of the folder the compose file names). */

static const char *extension_of(const char *base)
{
  const char *dot = strrchr(base, '.');
  return dot && dot != base ? dot + 1 : "";
}

static bool yaml_ext(const char *e)
{
  return strcasecmp(e, "yml") == 0 || strcasecmp(e, "yaml") == 0;
}

/* want and have, two file names of one folder, name one file: the same
 * name in another case, the same stem with .yml for .yaml, or the same
 * extension with one stem the other's start up to a separator
 * (error.log, error_log.log). */
static bool near_name(const char *want, const char *have)
{
  if (strcmp(want, have) == 0)
    return false;
  if (strcasecmp(want, have) == 0)
    return true;
  const char *we = extension_of(want), *he = extension_of(have);
  size_t ws = strlen(want) - (*we ? strlen(we) + 1 : 0);
  size_t hs = strlen(have) - (*he ? strlen(he) + 1 : 0);
  if (ws == hs && strncmp(want, have, ws) == 0)
    return yaml_ext(we) && yaml_ext(he);
  if (!*we || strcmp(we, he) != 0 || !ws || !hs)
    return false;
  size_t n = ws < hs ? ws : hs;
  const char *longer = ws < hs ? have : want;
  return strncmp(want, have, n) == 0 && strchr("._-", longer[n]);
}

/* A shell script or Makefile of the repository names the file (base), or
 * a Markdown document names the namesake by its folder and name
 * (`cp examples/config.yml .`): something copies, downloads or renders it
 * into place (a deploy script putting data/otel.yaml at etc/otel.yaml, an
 * operator following the install guide), so the namesake is its source,
 * not a sign of a move. */
static bool setup_names(struct run *r, const char *base, const char *namesake)
{
  struct rc_index *idx = r->ctx->index;
  const char *slash = strrchr(namesake, '/'), *from = namesake;
  for (const char *p = namesake; slash && p < slash; p++)
    if (*p == '/')
      from = p + 1;
  size_t count = rc_index_count(idx);
  for (size_t i = 0; i < count; i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *b = rc_path_base(e->path);
    size_t n = strlen(b);
    bool script = (n > 3 && strcmp(b + n - 3, ".sh") == 0) ||
                  strcmp(b, "Makefile") == 0 || strcmp(b, "justfile") == 0;
    bool doc = rc_path_is_markdown(b);
    const char *data;
    size_t len;
    if ((!script && !doc) || !rc_index_read_text(idx, e, 1 << 20, &data, &len))
      continue;
    if (strstr(data, script ? base : from))
      return true;
  }
  return false;
}

/* A file the repository's commands live in: a shell script, a Makefile
 * or justfile, a document, a CI workflow or task file. */
static bool command_file(const char *base)
{
  static const char *const exts[] = {".sh",   ".mk",   ".md", ".yml",
                                     ".yaml", ".json", NULL};
  size_t n = strlen(base);
  for (size_t i = 0; exts[i]; i++) {
    size_t e = strlen(exts[i]);
    if (n > e && strcasecmp(base + n - e, exts[i]) == 0)
      return true;
  }
  return strcmp(base, "Makefile") == 0 || strcmp(base, "justfile") == 0 ||
         strcmp(base, "Justfile") == 0;
}

/* One of data's command lines (backslash-continued lines joined) gives
 * `--project-directory` and names the compose file base. */
static bool line_gives_project_dir(struct run *r, const char *data, size_t len,
                                   const char *base)
{
  static const char opt[] = "--project-directory";
  for (const char *hit = strstr(data, opt); hit; hit = strstr(hit + 1, opt)) {
    const char *start = hit, *end = hit;
    while (start > data &&
           (start[-1] != '\n' || (start - 1 > data && start[-2] == '\\')))
      start--;
    while (end < data + len && *end &&
           (*end != '\n' || (end > data && end[-1] == '\\')))
      end++;
    const char *line = rc_arena_printf(r->a, "%.*s", (int)(end - start), start);
    if (strstr(line, base))
      return true;
  }
  return false;
}

/* The repository runs the view with `--project-directory` (a Makefile's
 * `docker compose --project-directory . -f deploy/compose.yml up -d`):
 * Compose resolves its relative paths from the folder given, not beside
 * the file, so a reference that resolves from the repository root is
 * where it is meant to be - the file was written to run that way. */
static bool run_with_project_directory(struct run *r)
{
  if (!r->view || !r->view->n_files)
    return false;
  const char *base = rc_path_base(r->view->files[0]->path);
  struct rc_index *idx = r->ctx->index;
  size_t count = rc_index_count(idx);
  for (size_t i = 0; i < count; i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *data;
    size_t len;
    if (!command_file(rc_path_base(e->path)) ||
        !rc_index_read_text(idx, e, 1 << 20, &data, &len))
      continue;
    if (line_gives_project_dir(r, data, len, base))
      return true;
  }
  return false;
}

/* file lies in a folder beside dir (both under one parent folder). */
static bool sibling_folder(struct run *r, const char *dir, const char *file)
{
  const char *fdir = rc_path_dir(r->a, file);
  const char *p1 = rc_path_dir(r->a, dir), *p2 = rc_path_dir(r->a, fdir);
  return *dir && strcmp(fdir, dir) != 0 && strcmp(p1, p2) == 0;
}

/* The repository file the missing path was meant to reach, or NULL: a
 * near-name in its own folder, else a file of the same name elsewhere
 * that no script of the repository names (a plain `Dockerfile` elsewhere
 * shows nothing: every service has one). */
static const char *meant_file(struct run *r, const char *path)
{
  struct rc_index *idx = r->ctx->index;
  const char *dir = rc_path_dir(r->a, path);
  const char *base = rc_path_base(path);
  const char *elsewhere = NULL;
  size_t count = rc_index_count(idx);
  for (size_t i = 0; i < count; i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    const char *b = rc_path_base(e->path);
    size_t dl = (size_t)(b - e->path);
    bool here = dl ? strlen(dir) == dl - 1 && strncmp(e->path, dir, dl - 1) == 0
                   : !*dir || strcmp(dir, ".") == 0;
    if (here && near_name(base, b))
      return e->path;
    if (!here && strcmp(b, base) == 0 &&
        (!elsewhere || sibling_folder(r, dir, e->path)))
      elsewhere = e->path;
  }
  /* a plain Dockerfile counts only from a sibling folder: services/a/
   * without the Dockerfile services/b/ and services/c/ have */
  if (elsewhere && strcmp(base, "Dockerfile") == 0)
    return sibling_folder(r, dir, elsewhere) ? elsewhere : NULL;
  if (!elsewhere || setup_names(r, base, elsewhere))
    return NULL;
  return elsewhere;
}

/* With refs: deployed, other or presumed, whether this missing reference
 * is the rule's: deployed takes those of views with deploy evidence that
 * the repository shows broken (the file it was meant to reach is there
 * under another name or path, not at the root: meant); other takes the
 * meant references of views nothing shows deploying; presumed takes the
 * rest, which the repository does not show broken: files it holds
 * nowhere (the operator, an installer or a script may provide them) and
 * paths that resolve from the root but not beside the compose file (run
 * from another project directory - a copy put at the root, a project
 * directory given outside the repository - or moved: the repository does
 * not say which, and on the corpus that shape was never labelled true). */
static bool refs_scope(const struct run *r, const char *meant, bool moved)
{
  if (r->cfg->refs == REFS_ANY)
    return true;
  if (!meant || moved)
    return r->cfg->refs == REFS_PRESUMED;
  if (r->cfg->refs == REFS_PRESUMED)
    return false;
  return (r->view->deploys != NULL) == (r->cfg->refs == REFS_DEPLOYED);
}

/* path (repo-relative, under the service's project directory) taken from
 * the repository root instead: what it names when compose runs with
 * `--project-directory .` (a Makefile's `docker compose --project-directory
 * . -f deploy/compose.yml`); NULL when the project is the root or path is
 * not under it. */
static const char *from_root(struct run *r, const struct rc_compose_service *s,
                             const char *path)
{
  const char *p = s->project ? s->project : "";
  size_t n = strlen(p);
  if (!n || !path || strncmp(path, p, n) != 0)
    return NULL;
  if (!path[n])
    return "";
  return path[n] == '/' ? rc_arena_strdup(r->a, path + n + 1) : NULL;
}

static void req_build_refs(struct run *r, const struct rc_compose_service *s)
{
  struct rc_where at;
  rc_compose_get(s, "build", &at);
  /* a context or Dockerfile git ignores on purpose is a build's output
   * (an install tree a script copies in before `compose build`) */
  bool no_context =
      missing(r, s->context) &&
      !rc_index_path_ignored(r->ctx->index,
                             rc_arena_printf(r->a, "%s/", s->context));
  bool no_dockerfile = !no_context && s->dockerfile &&
                       missing(r, s->dockerfile) &&
                       !rc_index_path_ignored(r->ctx->index, s->dockerfile);
  if (!no_context && !no_dockerfile)
    return;
  /* the build resolves from the repository root: like a moved mount, the
   * file was written for another project directory */
  const char *ctx = from_root(r, s, s->context);
  const char *df = s->dockerfile ? from_root(r, s, s->dockerfile) : "";
  bool moved = ctx && df && compose_exists(r, ctx) == 1 &&
               (!*df || compose_exists(r, df) == 1);
  if (moved && run_with_project_directory(r))
    return;
  /* a missing context folder names nothing else to compare with */
  const char *meant =
      !moved && no_dockerfile ? meant_file(r, s->dockerfile) : NULL;
  if (!refs_scope(r, meant, moved))
    return;
  const char *what = no_context ? "build context" : "Dockerfile";
  const char *path =
      no_context ? (*s->context ? s->context : ".") : s->dockerfile;
  if (moved)
    compose_problem(
        r, s, &at,
        "%s '%s' does not exist beside the compose file; it does from "
        "the repository root: the file is run from another project "
        "directory (a copy at the root, --project-directory) or was "
        "moved away from its paths, and the repository does not say which",
        what, path);
  else if (meant)
    compose_problem(
        r, s, &at,
        "%s '%s' does not exist; the repository has '%s' (a renamed or "
        "moved file?): the build fails",
        what, path, meant);
  else
    compose_problem(
        r, s, &at,
        "%s '%s' is not in the repository: the build fails unless it is "
        "provided (generated, checked out or copied in) before the "
        "images are built",
        what, path);
}

/* The mount's source as the project runs it: a `${VAR:-./x}` whose
 * variable the env files beside the compose file set (`.env`,
 * `.env.example`) takes their value, as Compose takes `.env` over the
 * default. m->path (the defaults) when nothing sets one. */
static const char *mount_path(struct run *r, const struct rc_compose_service *s,
                              const struct rc_mount *m)
{
  return rc_compose_mount_resolved(r->ctx->index, r->a, s, m);
}

bool compose_mount_provided(struct run *r, const struct rc_compose_service *s,
                            struct rc_mount *m)
{
  /* a missing source git ignores on purpose (the operator's ./.env made
   * from a template, a data folder) is provided at deploy time */
  m->path = mount_path(r, s, m);
  return !missing(r, m->path) ||
         rc_index_path_ignored(r->ctx->index, m->path) ||
         compose_key_material(m->path) || operator_made(r, s, m->path) ||
         installer_fetched(r, s, m) || template_beside(r, m->path);
}

void compose_req_refs(struct run *r, const struct rc_compose_service *s,
                      bool dirs)
{
  if (!dirs && s->context) {
    r->n_examined++;
    req_build_refs(r, s);
  }
  struct rc_mount *m;
  size_t n = rc_compose_mounts(s, r->a, &m);
  for (size_t i = 0; i < n; i++) {
    if (!m[i].bind || !m[i].path || m[i].source[0] == '/' ||
        m[i].source[0] == '~')
      continue;
    bool file =
        compose_file_like(m[i].source) || compose_file_like(m[i].target);
    if (file == dirs || (dirs && runtime_state(m[i].path)))
      continue;
    r->n_examined++;
    if (!compose_mount_provided(r, s, &m[i])) {
      bool moved = !dirs && resolves_from_root(r, &m[i]);
      if (moved && run_with_project_directory(r))
        continue;
      const char *meant = dirs || moved ? NULL : meant_file(r, m[i].path);
      if (!refs_scope(r, meant, moved))
        continue;
      if (moved)
        compose_problem(
            r, s, &m[i].at,
            "bind mount source '%s' does not exist beside the compose "
            "file; it does from the repository root: the file is run from "
            "another project directory (a copy at the root, "
            "--project-directory) or was moved away from its paths, and "
            "the repository does not say which",
            m[i].source);
      else if (meant)
        compose_problem(
            r, s, &m[i].at,
            "bind mount source '%s' does not exist; the repository has "
            "'%s' (a renamed or moved file?): Docker mounts an empty "
            "directory in its place",
            m[i].source, meant);
      else if (dirs)
        compose_problem(r, s, &m[i].at, "bind mount source '%s' does not exist",
                        m[i].source);
      else
        compose_problem(
            r, s, &m[i].at,
            "bind mount source '%s' is not in the repository: the "
            "operator must provide it before the stack starts (Docker "
            "mounts an empty directory in its place if it is missing)",
            m[i].source);
    }
  }
}
