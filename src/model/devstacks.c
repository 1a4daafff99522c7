/*
 * devstacks.c - which production-looking views are a developer's or a
 * test's stack: test runners, development servers and modes, the working
 * tree mounted over the image, fixture folders, databases only for an
 * app run on the host, version matrices, local runs a README documents.
 * A compose file is production until something here says otherwise; the
 * view then says why.
 */
#include "devstacks.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/imageref.h"
#include "readycheck/model.h"
#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "build.h"
#include "lookup.h"
#include "names.h"
#include "views.h"

bool mb_has_app_code(const struct rc_model *m)
{
  static const char *const manifests[] = {
      "package.json",     "pyproject.toml",
      "requirements.txt", "go.mod",
      "Gemfile",          "pom.xml",
      "build.gradle",     "build.gradle.kts",
      "composer.json",    "Cargo.toml",
      "mix.exs",          "rebar.config",
      "manage.py",        "setup.py",
      "Pipfile",          "Package.swift",
      "build.sbt",        "pubspec.yaml",
      "deps.edn",         "project.clj",
      "CMakeLists.txt",   NULL};
  /* .NET projects and solutions are named for the project */
  static const char *const suffixes[] = {".csproj", ".fsproj", ".vbproj",
                                         ".sln", NULL};
  /* The name first: the role of a path costs far more, and most entries
   * of a large tree are no manifest. */
  for (size_t i = 0; i < rc_index_count(m->index); i++) {
    const struct rc_entry *e = rc_index_at(m->index, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    bool manifest = false;
    for (size_t k = 0; manifests[k] && !manifest; k++)
      manifest = strcmp(e->name, manifests[k]) == 0;
    const char *dot = strrchr(e->name, '.');
    for (size_t k = 0; dot && suffixes[k] && !manifest; k++)
      manifest = strcmp(dot, suffixes[k]) == 0;
    if (!manifest)
      continue;
    size_t depth = 0;
    for (const char *p = e->path; *p; p++)
      depth += *p == '/';
    if (depth <= 2 && rc_role_of_path(e->path, NULL, 0) == RC_ROLE_PRODUCTION)
      return true;
  }
  return false;
}

/* A command that runs a test suite (`npx playwright test`, `pytest`). */
bool mb_test_runner(const char *cmd)
{
  static const char *const runners[] = {
      "pytest",    "jest",    "vitest",  "npm test",   "npm run test",
      "yarn test", "go test", "cypress", "playwright", "phpunit",
      "rspec",     "mocha",   "newman",  "tox",        NULL};
  return cmd && rc_str_find_any_ci(cmd, runners);
}

/* A command-line flag that logs at debug or trace (`--log-level=debug`,
 * `--loglevel trace`, `--log.level=DEBUG`): a developer's run. */
static bool debug_flag(const char *cmd)
{
  static const char *const flags[] = {"-log-level", "-loglevel", "-log.level",
                                      NULL};
  for (size_t i = 0; cmd && flags[i]; i++)
    for (const char *p = strstr(cmd, flags[i]); p;
         p = strstr(p + 1, flags[i])) {
      const char *v = p + strlen(flags[i]);
      if (*v != '=' && *v != ' ')
        continue;
      v++;
      if (strncasecmp(v, "debug", 5) == 0 || strncasecmp(v, "trace", 5) == 0)
        return true;
    }
  return false;
}

static bool dev_command(const char *cmd)
{
  static const char *const marks[] = {"npm run dev",
                                      "yarn dev",
                                      "pnpm dev",
                                      "pnpm run dev",
                                      "next dev",
                                      "nodemon",
                                      "--reload",
                                      "runserver",
                                      "flask run",
                                      "ng serve",
                                      "webpack serve",
                                      "webpack-dev-server",
                                      "vite dev",
                                      "bin/dev",
                                      "air ",
                                      "server:run",
                                      "symfony serve",
                                      "artisan serve",
                                      "php -S ",
                                      "--env=dev",
                                      "tsx watch",
                                      "ts-node-dev",
                                      NULL};
  for (size_t i = 0; cmd && marks[i]; i++)
    if (strstr(cmd, marks[i]))
      return true;
  return debug_flag(cmd);
}

const char *mb_command_text(struct rc_arena *a, const cJSON *cmd)
{
  if (cJSON_IsString(cmd))
    return cmd->valuestring;
  if (!cJSON_IsArray(cmd))
    return NULL;
  struct rc_buf b;
  rc_buf_init(&b);
  const cJSON *w;
  cJSON_ArrayForEach(w, cmd)
    if (cJSON_IsString(w))
      rc_buf_printf(&b, "%s%s", b.len ? " " : "", w->valuestring);
  const char *s = rc_arena_strdup(a, b.data ? b.data : "");
  rc_buf_release(&b);
  return s;
}

/* A compose command that runs a test suite. Stricter than mb_test_runner():
 * a service may run a browser for the app (`playwright run-server`). */
static bool suite_command(const char *cmd)
{
  static const char *const suites[] = {
      "playwright test", "cypress run", "pytest",    "go test",    "npm test",
      "npm run test",    "yarn test",   "pnpm test", "jest",       "vitest",
      "phpunit",         "rspec",       "mocha",     "newman run", NULL};
  return cmd && rc_str_find_any_ci(cmd, suites);
}

/* The first service of v that a default `up` starts and that runs a test
 * suite (by its command, or cypress/included's default one), or NULL: the stack
 * is there for that suite (`docker compose up --exit-code-from playwright`). */
static const char *test_runner_service(struct build *b,
                                       const struct rc_compose_view *v)
{
  for (size_t k = 0; k < v->n_services; k++) {
    const struct rc_compose_service *s = &v->services[k];
    const char *cmd = mb_command_text(b->a, rc_compose_get(s, "command", NULL));
    if (!s->optional &&
        (suite_command(cmd) ||
         (!cmd && s->image && strstr(s->image, "cypress/included"))))
      return s->name;
  }
  return NULL;
}

static int found_one(const struct rc_entry *e, void *arg)
{
  (void)e;
  (void)arg;
  return 1;
}

/* A folder of source code inside the service's build context
 * (`./backend/src/app:/app/app` for a service built from ./backend): the
 * image already has it, so mounting it over the image is for editing it
 * live. A file inside the context (a config) or a folder without code (a
 * committed ./db for the app's data) says nothing. */
static bool context_folder(struct build *b, const char *context,
                           const char *path)
{
  size_t n = strlen(context);
  if (n ? strncmp(path, context, n) != 0 || path[n] != '/' : !*path)
    return false;
  const struct rc_entry *e = rc_index_find(b->m->index, path);
  if (!e || e->kind != RC_ENTRY_DIR || strpbrk(path, "*?[]{}"))
    return false;
  const char *code = rc_arena_printf(
      b->a,
      "%s/**/*.{py,js,mjs,ts,tsx,jsx,vue,svelte,rb,php,go,java,kt,rs,"
      "ex,exs,cs}",
      path);
  return rc_index_glob(b->m->index, code, RC_ENTRY_FILE, found_one, NULL) != 0;
}

/* The service bind-mounts its own build context, a folder inside it or
 * the whole project (`.:/app`): it runs the working tree, not the image
 * built from it - how a developer works. A restart policy says someone
 * runs it as a server (some self-hosted stacks mount their checkout
 * read-only). */
static bool mounts_own_source(struct build *b,
                              const struct rc_compose_service *s)
{
  if (!s->context || rc_compose_get(s, "restart", NULL))
    return false;
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(s, b->a, &mounts);
  for (size_t i = 0; i < n; i++)
    if (mounts[i].bind && mounts[i].path &&
        (strcmp(mounts[i].path, s->context) == 0 ||
         context_folder(b, s->context, mounts[i].path) ||
         (s->project && strcmp(mounts[i].path, s->project) == 0)))
      return true;
  return false;
}

/* A folder named for development or for samples and fixtures
 * (`dev/postgres/`, `examples/`, `testdata/`). Narrower than the path
 * roles: `docs/`, `templates/` or `local/` beside a deployment hold what
 * it serves or stores. */
static bool fixture_folder(const char *seg, size_t n)
{
  static const char *const names[] = {
      "dev",      "develop",  "development", "localdev", "local-dev",
      "dev-data", "dev_data", "devdata",     "dev-env",  "dev-setup",
      "example",  "examples", "sample",      "samples",  "demo",
      "demos",    "fixtures", "fixture",     "testdata", "test-data",
      "test",     "tests",    NULL};
  for (size_t i = 0; names[i]; i++)
    if (strlen(names[i]) == n && strncmp(seg, names[i], n) == 0)
      return true;
  return false;
}

/* The folder of `path` (the path itself when it is one) that is a
 * fixture folder, or NULL. */
static const char *fixture_folder_of(struct build *b, const char *path)
{
  const struct rc_entry *e = rc_index_find(b->m->index, path);
  if (!e)
    return NULL; /* made at run time: data, not the repository's files */
  size_t end = e->kind == RC_ENTRY_DIR ? strlen(path)
                                       : (size_t)(rc_path_base(path) - path);
  for (size_t i = 0; i < end;) {
    size_t n = strcspn(path + i, "/");
    if (i + n > end)
      break;
    if (fixture_folder(path + i, n))
      return rc_arena_printf(b->a, "%.*s/", (int)(i + n), path);
    i += n + 1;
  }
  return NULL;
}

/* Every file that defines the service disowns it in a comment. */
static bool service_disowned(const struct rc_compose_service *s)
{
  for (size_t i = 0; i < s->n_layers; i++)
    if (!rc_compose_file_disowns(s->layers[i].file, s->name))
      return false;
  return s->n_layers > 0;
}

/* A bind mount of the service's from a development or sample folder the
 * repository ships (`./dev/postgres/init.sql`, `./examples:/data`), or
 * NULL: the stack runs the project's fixtures, the way a developer or a
 * demo does, not a deployment's own configuration. A restart policy says
 * someone runs the service as a server, and a service its comment
 * disowns (a test proxy beside the deployment) says nothing of the rest. */
static const char *mounts_fixtures(struct build *b,
                                   const struct rc_compose_service *s)
{
  if (rc_compose_get(s, "restart", NULL) || service_disowned(s))
    return NULL;
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(s, b->a, &mounts);
  for (size_t i = 0; i < n; i++) {
    const char *dir = mounts[i].bind && mounts[i].path
                          ? fixture_folder_of(b, mounts[i].path)
                          : NULL;
    if (dir)
      return dir;
  }
  return NULL;
}

/* A production view in a folder above `v`'s that builds the Dockerfile
 * `df` too, or NULL. */
static const struct rc_compose_view *
builds_above(const struct rc_model *m, const struct rc_compose_view *v,
             const char *df)
{
  const char *dir = v->files[0]->dir;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *o = &m->views[i];
    const char *odir = o->files[0]->dir;
    if (o == v || o->role != RC_ROLE_PRODUCTION || strcmp(odir, dir) == 0 ||
        !rc_path_within(dir, odir))
      continue;
    for (size_t k = 0; k < o->n_services; k++)
      if (o->services[k].dockerfile &&
          strcmp(o->services[k].dockerfile, df) == 0)
        return o;
  }
  return NULL;
}

/* A compose file in an app's folder whose every service builds an image
 * that a stack above also runs (`apps/web/docker-compose.yaml` building
 * apps/web/Dockerfile from the monorepo root, beside the root stack that
 * deploys it): it tries the image out, and the stack above deploys it. */
static void demote_app_build_stacks(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION || v->n_files != 1 || !v->n_services ||
        !*v->files[0]->dir)
      continue;
    const struct rc_compose_view *above = NULL;
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *s = &v->services[k];
      above = s->dockerfile ? builds_above(m, v, s->dockerfile) : NULL;
      if (!above)
        break;
    }
    if (above) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = rc_arena_printf(b->a,
                               "builds only images that '%s' deploys: a "
                               "stack to try the image out",
                               above->files[0]->path);
    }
  }
}

/* A compose file inside an importable Python package (its folder, below
 * the root, holds __init__.py: `app/providers/loki_provider/`) whose
 * services all run others' images and build nothing: the package's code
 * is what ships, and a stack beside it starts the system that code talks
 * to, for whoever develops or tests it (a provider's Loki, a client's
 * server), with its add-ons there. A service folder that builds its image (a
 * Dockerfile beside app.py) may deploy and is left. */
static void demote_package_harnesses(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    const char *dir = v->files[0]->dir;
    if (v->role != RC_ROLE_PRODUCTION || !v->n_services || !*dir)
      continue;
    bool builds = false;
    for (size_t k = 1; k < v->n_files && !builds; k++)
      builds = strcmp(v->files[k]->dir, dir) != 0; /* not the package's */
    for (size_t k = 0; k < v->n_services && !builds; k++)
      builds = v->services[k].context != NULL;
    const char *init = rc_path_join(b->a, dir, "__init__.py");
    if (builds || !init || !rc_index_find(m->index, init))
      continue;
    v->role = RC_ROLE_DEVELOPMENT;
    v->why = rc_arena_printf(b->a,
                             "it sits in the Python package '%s/' and builds "
                             "nothing: the package's code ships, the stack "
                             "starts what that code talks to",
                             dir);
  }
}

/* f's own single-file view is a development setup. */
static bool dev_setup(const struct rc_model *m, const struct rc_compose_file *f)
{
  for (size_t i = 0; i < m->n_views; i++)
    if (m->views[i].n_files == 1 && m->views[i].files[0] == f)
      return m->views[i].role == RC_ROLE_DEVELOPMENT;
  return false;
}

/* A service of the add-on files (all but the base) is named `name`. */
static bool in_addons(const struct rc_compose_view *v, const char *name)
{
  for (size_t k = 1; k < v->n_files; k++)
    if (cJSON_GetObjectItemCaseSensitive(v->files[k]->services, name))
      return true;
  return false;
}

/* Every service of the add-on files says what it runs and waits only for
 * services they define: they start without the base. */
static bool addons_stand_alone(const struct rc_compose_view *v)
{
  for (size_t k = 1; k < v->n_files; k++) {
    if (!mb_complete_stack(v->files[k]))
      return false;
    const cJSON *svc;
    cJSON_ArrayForEach(svc, v->files[k]->services) {
      const cJSON *d;
      cJSON_ArrayForEach(d,
                         cJSON_GetObjectItemCaseSensitive(svc, "depends_on")) {
        const char *name = cJSON_IsString(d) ? d->valuestring : d->string;
        if (name && !in_addons(v, name))
          return false;
      }
    }
  }
  return true;
}

/* Every service the add-on files of v define runs an infrastructure or
 * tool image (databases, brokers, Prometheus, Grafana): nothing of the
 * project's own. With adjusting, services the base already has may be
 * adjusted too (`grafana/otel-lgtm` plus an OTLP endpoint on each base
 * service: the add-on wires the base to a local tool). */
static bool addons_only_tools(const struct rc_compose_view *v, bool adjusting)
{
  size_t n = 0;
  for (size_t i = 1; i < v->n_files; i++) {
    const cJSON *s;
    cJSON_ArrayForEach(s, v->files[i]->services) {
      if (adjusting &&
          cJSON_GetObjectItemCaseSensitive(v->files[0]->services, s->string))
        continue; /* adjusts a service of the base */
      const cJSON *img = cJSON_GetObjectItemCaseSensitive(s, "image");
      if (cJSON_GetObjectItemCaseSensitive(s, "build") ||
          !cJSON_IsString(img) || !rc_model_is_infra_image(img->valuestring))
        return false;
      n++;
    }
  }
  return n > 0;
}

/* An add-on that is a stack of its own beside a base the model found to be
 * a development setup: the add-on deploys, the base's services and lines
 * are the developer's. */
static void mark_dev_bases(struct rc_model *m, struct rc_arena *a)
{
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role == RC_ROLE_PRODUCTION && v->n_files >= 2 &&
        dev_setup(m, v->files[0]) && !addons_stand_alone(v) &&
        addons_only_tools(v, true)) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = rc_arena_printf(a,
                               "%s; its add-on only wires tools into the "
                               "development setup '%s'",
                               v->why, v->files[0]->path);
      continue;
    }
    if (v->role == RC_ROLE_PRODUCTION && v->n_files >= 2 &&
        dev_setup(m, v->files[0]) && addons_stand_alone(v)) {
      v->dev_base = v->files[0];
      if (addons_only_tools(v, false)) {
        /* Prometheus and Grafana beside a developer's databases watch
         * the developer's run */
        v->role = RC_ROLE_DEVELOPMENT;
        v->why = rc_arena_printf(a,
                                 "%s; its add-on only adds tools beside the "
                                 "development setup '%s'",
                                 v->why, v->files[0]->path);
        continue;
      }
      v->why = rc_arena_printf(a,
                               "%s; '%s' is a development setup: only the "
                               "add-on's lines are judged",
                               v->why, v->files[0]->path);
    }
  }
}

/* The service's environment names a development runtime mode
 * (`NODE_ENV: development`, `RAILS_ENV=development`, `APP_ENV: local`,
 * `MIX_ENV: dev`) or debug logging: the image runs as a developer's
 * build. */
struct dev_env_walk {
  bool dev;
};

/* A log level of debug or trace for the service's own code
 * (`RUST_LOG=warn,app=debug`, `LOG_LEVEL: trace`, `APP_LOG_LEVEL: debug`):
 * a developer's run; a deployment logs at info or above. */
static bool debug_logging(const char *name, const char *value)
{
  static const char *const names[] = {"RUST_LOG", "LOG_LEVEL", "LOGLEVEL",
                                      "LOGGING_LEVEL", NULL};
  bool named = false;
  for (size_t i = 0; names[i] && !named; i++)
    named = strcmp(name, names[i]) == 0;
  /* an application's own prefix: CONCOURSE_LOG_LEVEL, APP_LOGLEVEL */
  size_t len = strlen(name);
  named = named || (len > 10 && strcmp(name + len - 10, "_LOG_LEVEL") == 0) ||
          (len > 9 && strcmp(name + len - 9, "_LOGLEVEL") == 0);
  if (!named)
    return false;
  for (const char *p = value; *p;) {
    size_t n = strcspn(p, ",=: ");
    if ((n == 5 &&
         (strncasecmp(p, "debug", 5) == 0 || strncasecmp(p, "trace", 5) == 0)))
      return true;
    p += n;
    p += *p != '\0';
  }
  return false;
}

static void on_dev_env(const char *name, const char *value,
                       const struct rc_where *at, void *arg)
{
  (void)at;
  static const char *const names[] = {
      "NODE_ENV",           "RAILS_ENV",
      "RACK_ENV",           "APP_ENV",
      "FLASK_ENV",          "MIX_ENV",
      "DJANGO_ENV",         "GO_ENV",
      "ENVIRONMENT",        "ASPNETCORE_ENVIRONMENT",
      "DOTNET_ENVIRONMENT", NULL};
  static const char *const modes[] = {"development", "dev", "local", NULL};
  struct dev_env_walk *w = arg;
  bool named = false;
  for (size_t i = 0; names[i] && !named; i++)
    named = strcmp(name, names[i]) == 0;
  for (size_t i = 0; named && value && modes[i]; i++)
    if (strcasecmp(value, modes[i]) == 0)
      w->dev = true;
  if (value && debug_logging(name, value))
    w->dev = true;
}

static bool dev_environment(const struct rc_compose_service *s)
{
  struct dev_env_walk w = {false};
  rc_compose_env(s, on_dev_env, &w);
  return w.dev;
}

/* A service that builds its image FROM a database, cache or tool image
 * (`FROM postgres:14` plus PostGIS): infrastructure, not the project's
 * own code. */
static bool builds_infra_image(const struct rc_model *m,
                               const struct rc_compose_service *s)
{
  const struct rc_dockerfile *df = s->context && s->dockerfile
                                       ? rc_model_dockerfile(m, s->dockerfile)
                                       : NULL;
  return df && df->ns && rc_model_is_infra_image(df->st[df->ns - 1].image);
}

/* A view that runs no image of the project's own - only databases, caches
 * and tools - for an app that the repository holds: the app runs on the
 * host and this is its local infrastructure. A view whose own services
 * run development servers is development too. */
/* A service that only answers test traffic (httpbin echoing requests,
 * an iperf3 bandwidth target): the stack is a lab to try the project
 * against, not a deployment. Its name, or NULL. */
static const char *test_target(const struct rc_compose_view *v)
{
  static const char *const tools[] = {"httpbin", "iperf", NULL};
  for (size_t k = 0; k < v->n_services; k++) {
    const char *img = v->services[k].image;
    if (!img || v->services[k].optional)
      continue;
    const char *name = strrchr(img, '/') ? strrchr(img, '/') + 1 : img;
    for (size_t i = 0; tools[i]; i++)
      if (strncmp(name, tools[i], strlen(tools[i])) == 0 ||
          (strncmp(name, "go-", 3) == 0 &&
           strncmp(name + 3, tools[i], strlen(tools[i])) == 0))
        return v->services[k].name;
  }
  return NULL;
}

/* A compose file that every view holding it found to be a development or
 * test stack is that stack's file: the readers that ask a file's role
 * (referrers, file rules' `deployed`) then agree with the views. */
static void files_follow_views(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_compose; i++) {
    struct rc_compose_file *f = &m->compose[i];
    if (f->role != RC_ROLE_PRODUCTION)
      continue;
    const struct rc_compose_view *demoted = NULL;
    bool in_production = false;
    for (size_t v = 0; v < m->n_views && !in_production; v++)
      for (size_t k = 0; k < m->views[v].n_files; k++)
        if (m->views[v].files[k] == f) {
          if (m->views[v].role == RC_ROLE_PRODUCTION)
            in_production = true;
          else if (!demoted)
            demoted = &m->views[v];
        }
    if (demoted && !in_production) {
      f->role = demoted->role;
      f->why = rc_arena_printf(b->a, "its view: %s", demoted->why);
    }
  }
}

/* The build's target stage is a development one: `dev`, `development`,
 * `debug`, or a name whose first or last word is one (`mermaid-dev`,
 * `dev_server`). */
static bool dev_target(const char *t)
{
  static const char *const words[] = {"dev", "development", "debug", NULL};
  if (!t)
    return false;
  size_t first = strcspn(t, "-_."), n = strlen(t), last = n;
  while (last > 0 && !strchr("-_.", t[last - 1]))
    last--;
  for (size_t i = 0; words[i]; i++) {
    size_t k = strlen(words[i]);
    if ((first == k && strncasecmp(t, words[i], k) == 0) ||
        (n - last == k && strcasecmp(t + last, words[i]) == 0))
      return true;
  }
  return false;
}

/* Three or more services run one database or tool image at as many
 * version tags (postgres:18, postgres:17, postgres:16, ...): a matrix to
 * test the project against each version, not a deployment. One another
 * service depends on is a component's own database and does not count.
 * The image's name, or NULL. */
/* Another service of v names service `name` under depends_on. */
static bool depended_on(const struct rc_compose_view *v, const char *name)
{
  for (size_t i = 0; i < v->n_services; i++) {
    const cJSON *dep = rc_compose_get(&v->services[i], "depends_on", NULL);
    if (cJSON_IsObject(dep) && cJSON_GetObjectItemCaseSensitive(dep, name))
      return true;
    for (int k = 0; cJSON_IsArray(dep) && k < cJSON_GetArraySize(dep); k++) {
      const cJSON *d = cJSON_GetArrayItem(dep, k);
      if (cJSON_IsString(d) && strcmp(d->valuestring, name) == 0)
        return true;
    }
  }
  return false;
}

static const char *version_matrix(const struct rc_compose_view *v)
{
  for (size_t k = 0; k < v->n_services; k++) {
    const char *img = v->services[k].image;
    size_t n = img ? strcspn(img, ":@") : 0;
    /* a database or tool at version tags: `acme/app:api` and
     * `acme/app:worker` are one project's images for several roles */
    if (!n || img[n] != ':' || !isdigit((unsigned char)img[n + 1]) ||
        !rc_model_is_infra_image(img))
      continue;
    size_t tags = 0;
    for (size_t j = 0; j < v->n_services; j++) {
      const char *other = v->services[j].image;
      if (!other || strncmp(other, img, n) != 0 || other[n] != ':' ||
          !isdigit((unsigned char)other[n + 1]))
        continue;
      if (depended_on(v, v->services[j].name))
        continue;        /* a service uses it: a component's own database */
      bool seen = false; /* the same tag counted once */
      for (size_t i = 0; i < j && !seen; i++)
        seen = v->services[i].image && strcmp(v->services[i].image, other) == 0;
      tags += !seen;
    }
    if (tags >= 3)
      return img;
  }
  return NULL;
}

/* f is run with `-f` by a production chain on its own. */
static bool chained_alone(struct build *b, const struct rc_compose_file *f)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    if (c->role == RC_ROLE_PRODUCTION && c->n_files == 1 &&
        mb_resolve_name(b, c->dir, c->files[0]) == f)
      return true;
  }
  return false;
}

/* f builds a service that the compose file a document writes out runs
 * from its image (`pulls`, names each followed by a space). */
static bool builds_what_snippet_pulls(const struct rc_compose_file *f,
                                      const char *pulls)
{
  const cJSON *svc;
  cJSON_ArrayForEach(svc, f->services) {
    size_t n = strlen(svc->string);
    if (!cJSON_GetObjectItemCaseSensitive(svc, "build"))
      continue;
    for (const char *p = strstr(pulls, svc->string); p;
         p = strstr(p + 1, svc->string))
      if ((p == pulls || p[-1] == ' ') && p[n] == ' ')
        return true;
  }
  return false;
}

static const struct rc_compose_file *up_named_file(struct build *b,
                                                   const struct rc_up *u)
{
  if (u->file)
    return mb_resolve_name(b, u->dir, u->file);
  for (size_t i = 0; i < b->m->n_compose; i++) {
    const struct rc_compose_file *f = &b->m->compose[i];
    if (strcmp(f->dir, u->dir) == 0 && mb_is_base_compose_name(f->path))
      return f;
  }
  return NULL;
}

/* The compose file a documented `up` runs: its -f name, or the base
 * file of the folder it runs in. Not when the section has the reader
 * write that file out ("Create `docker-compose.yml` and add the
 * following") running from a published image a service the committed
 * file builds from source: the reader's `up` runs the written file, and
 * the committed one is the contributors' build. */
const struct rc_compose_file *mb_up_file(struct build *b, const struct rc_up *u)
{
  const struct rc_compose_file *f = up_named_file(b, u);
  if (f && u->pulls && f->services && builds_what_snippet_pulls(f, u->pulls))
    return NULL;
  return f;
}

/* How a document runs f: the first `up` under a development or test
 * heading; NULL when there is none or when a document runs it as a
 * deployment too. */
static const struct rc_up *documented_local_run(struct build *b,
                                                const struct rc_compose_file *f)
{
  const struct rc_entries *en = &b->m->entries;
  const struct rc_up *dev = NULL;
  for (size_t k = 0; k < en->n_ups; k++) {
    if (mb_up_file(b, &en->ups[k]) != f)
      continue;
    if (en->ups[k].role == RC_ROLE_PRODUCTION)
      return NULL;
    if (!dev)
      dev = &en->ups[k];
  }
  return dev && !chained_alone(b, f) ? dev : NULL;
}

/* Something else deploys the project: a production view that no
 * document runs as a local stack, or manifests applied to a cluster. */
static bool deployed_otherwise(struct build *b)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t k = 0; k < en->n_applies; k++)
    if (en->applies[k].role == RC_ROLE_PRODUCTION)
      return true;
  for (size_t i = 0; i < b->m->n_views; i++) {
    const struct rc_compose_view *v = &b->m->views[i];
    if (v->role == RC_ROLE_PRODUCTION &&
        (v->n_files != 1 || !documented_local_run(b, v->files[0])))
      return true;
  }
  return false;
}

/* A README that runs a compose file only under development or test
 * headings ("## Run the app locally"), while something else deploys the
 * project (Kubernetes manifests, another compose stack): that file is the
 * local-run stack. Where nothing else deploys, the documented run is the
 * deployment, whatever its heading says. */
static void demote_documented_local_runs(struct build *b)
{
  struct rc_model *m = b->m;
  if (!m->entries.n_ups || !deployed_otherwise(b))
    return;
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION || v->n_files != 1)
      continue;
    const struct rc_up *dev = documented_local_run(b, v->files[0]);
    if (dev) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = rc_arena_printf(b->a,
                               "%s:%u runs it under a development or test "
                               "heading, and the project deploys otherwise",
                               dev->at.path, dev->at.line);
    }
  }
}

/* A document's snippet `s` is compose file f written out: the same
 * services, each running the same image (any tag) or built. */
static bool snippet_is_file(const struct rc_snippet *s,
                            const struct rc_compose_file *f)
{
  size_t n = 0;
  const cJSON *svc;
  cJSON_ArrayForEach(svc, f->services) {
    const cJSON *img = cJSON_GetObjectItemCaseSensitive(svc, "image");
    const char *repo = "";
    size_t len = 0;
    if (!cJSON_GetObjectItemCaseSensitive(svc, "build")) {
      if (!cJSON_IsString(img))
        return false;
      repo = img->valuestring;
      len = rc_image_repo_len(repo, strlen(repo));
    }
    char want[512];
    int w =
        snprintf(want, sizeof(want), "%s=%.*s ", svc->string, (int)len, repo);
    if (w < 0 || (size_t)w >= sizeof(want))
      return false;
    const char *at = strstr(s->services, want);
    if (!at || (at != s->services && at[-1] != ' '))
      return false;
    n++;
  }
  size_t in_snippet = 0;
  for (const char *p = s->services; *p; p++)
    in_snippet += *p == ' ';
  return n && n == in_snippet;
}

/* A compose file that a document shows whole only under a test or
 * development heading ("### Using the internal database (only for
 * testing)"), and nowhere as a deployment, is that example written out:
 * the view takes the section's role. */
static void demote_documented_examples(struct build *b)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < b->m->n_views; i++) {
    struct rc_compose_view *v = &b->m->views[i];
    if (v->role != RC_ROLE_PRODUCTION || v->n_files != 1 ||
        !v->files[0]->services)
      continue;
    const struct rc_snippet *local = NULL;
    bool deployed = false;
    for (size_t k = 0; k < en->n_snippets && !deployed; k++) {
      if (!snippet_is_file(&en->snippets[k], v->files[0]))
        continue;
      deployed = en->snippets[k].role == RC_ROLE_PRODUCTION;
      local = local ? local : &en->snippets[k];
    }
    if (local && !deployed) {
      v->role = local->role;
      v->why = rc_arena_printf(b->a,
                               "%s:%u shows it under a test or development "
                               "heading, and nowhere as a deployment",
                               local->at.path, local->at.line);
    }
  }
}

void mb_demote_dev_stacks(struct build *b)
{
  struct rc_model *m = b->m;
  bool app = mb_has_app_code(m);
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION || !v->n_services)
      continue;
    size_t infra = 0, built = 0, dev = 0, vendored = 0, dev_images = 0;
    size_t pulled = 0, dev_pulled = 0; /* images of others' or the project's
                                          own, not built here */
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *s = &v->services[k];
      if (builds_infra_image(m, s)) {
        infra++; /* a database image with an extension added */
        continue;
      }
      infra += !s->context && rc_model_is_infra_image(s->image);
      built += s->context != NULL;
      dev_images += s->dockerfile && rc_role_of_path(s->dockerfile, NULL, 0) !=
                                         RC_ROLE_PRODUCTION;
      vendored += s->context && (rc_path_within(s->context, "vendor") ||
                                 strstr(s->context, "node_modules/") ||
                                 strncmp(s->context, "vendor/", 7) == 0);
      const char *cmd =
          mb_command_text(b->a, rc_compose_get(s, "command", NULL));
      dev += s->context && (dev_command(cmd) || mounts_own_source(b, s) ||
                            dev_environment(s) || dev_target(s->target));
      bool other = !s->context && !rc_model_is_infra_image(s->image);
      pulled += other;
      dev_pulled += other && (dev_command(cmd) || dev_environment(s));
    }
    const char *fixtures = NULL;
    for (size_t k = 0; k < v->n_services && !fixtures; k++)
      fixtures = mounts_fixtures(b, &v->services[k]);
    const char *tests = test_runner_service(b, v);
    const char *target = tests ? NULL : test_target(v);
    const char *matrix = version_matrix(v);
    if (matrix) {
      v->role = RC_ROLE_NONPROD;
      v->why = rc_arena_printf(b->a,
                               "it runs '%.*s' at three or more versions: a "
                               "matrix to test against, not a deployment",
                               (int)strcspn(matrix, ":@"), matrix);
    } else if (target) {
      v->role = RC_ROLE_NONPROD;
      v->why = rc_arena_printf(b->a,
                               "its service '%s' only answers test traffic: "
                               "a test lab",
                               target);
    } else if (tests) {
      v->role = RC_ROLE_NONPROD;
      v->why = rc_arena_printf(b->a,
                               "its service '%s' runs a test suite: a test "
                               "stack",
                               tests);
    } else if (vendored && vendored == built) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "builds its images from installed dependencies (vendor/...): "
               "a development runtime such as Laravel Sail";
    } else if (dev_images && dev_images == built) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "its services build development or test images";
    } else if (app && infra == v->n_services) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "only starts databases and tools for an app run on the host";
    } else if (built && dev == built &&
               (v->n_files == 1 || addons_only_tools(v, true))) {
      /* an add-on of tool images (a queue dashboard, Prometheus, Grafana)
       * watches the developer's run; an add-on with services of the
       * project's own may be how it deploys */
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "its services run development servers, a development "
               "mode or the working tree mounted over their image";
    } else if (fixtures) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = rc_arena_printf(b->a,
                               "it mounts files from '%s': the project's "
                               "development or sample files, not a "
                               "deployment's own",
                               fixtures);
    } else if (!built && pulled && dev_pulled == pulled && v->n_files == 1) {
      /* the project's published image run the way a developer tries
       * it: debug logging or a development mode on every service */
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "every service that is not a database or tool runs a "
               "development mode or debug logging";
    }
  }
  demote_documented_local_runs(b);
  demote_documented_examples(b);
  demote_app_build_stacks(b);
  demote_package_harnesses(b);
  mark_dev_bases(m, b->a);
  files_follow_views(b);
}
