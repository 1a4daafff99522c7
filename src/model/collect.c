/*
 * collect.c - the model's one pass over the index for the files that
 * decide what deploys: compose files (with what their own comments, an
 * IDE project or a README say of them: development, a template, a set of
 * examples) and Dockerfiles, the files a compose -f chain names, and the
 * setups contributors add. Every later decision works from the files
 * read here, each parsed once.
 */
#include "collect.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/model.h"
#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/readme.h"

#include "build.h"
#include "names.h"

/* What a comment says when its file or service is for development or
 * tests, not production. */
static const char *const dev_phrases[] = {"development purposes",
                                          "for development",
                                          "development only",
                                          "only used in development",
                                          "used only in development",
                                          "dev only",
                                          "local development",
                                          "not for production",
                                          "not intended for production",
                                          "not meant for production",
                                          "not suitable for production",
                                          "not production-ready",
                                          "not production ready",
                                          "testing purposes",
                                          "for local ",
                                          "do not use in production",
                                          "demo purposes",
                                          "for demo",
                                          "dev purpose",
                                          "internal testing",
                                          "for testing only",
                                          "not to be used for",
                                          "not be used in production",
                                          "used to test",
                                          "to build and test",
                                          "used for testing",
                                          "setups for testing",
                                          "local-dev stack",
                                          "local dev stack",
                                          "not needed for production",
                                          "not needed in production",
                                          "not needed for actual deployment",
                                          "an example docker-compose",
                                          "an example docker compose",
                                          "an example compose file",
                                          "testable locally",
                                          "compose examples",
                                          "examples illustrate",
                                          "the below examples",
                                          "the following examples",
                                          NULL};

/* A sentence about another file: it names one ("use
 * docker-compose.override.yaml.", "the Dockerfile at the repo root") and
 * never says "this". A file speaking of itself says "this" or names
 * nothing ("docker compose for evaluation and development only"). */
static bool names_other_file(const char *text)
{
  if (rc_str_find_ci(text, "this ") || rc_str_find_ci(text, "this:"))
    return false;
  if (rc_str_find_ci(text, "the dockerfile") ||
      rc_str_find_ci(text, "the compose file") ||
      rc_str_find_ci(text, "the docker-compose"))
    return true;
  for (const char *p = text; *p;) {
    size_t n = strcspn(p, " \t`'\"(),;");
    while (n && strchr(".:!?", p[n - 1]))
      n--; /* the sentence's end, not the name's */
    const char *dot = NULL;
    for (size_t i = 0; i < n; i++)
      if (p[i] == '.')
        dot = p + i;
    size_t ext = dot ? n - (size_t)(dot - p) : 0;
    if (dot && dot > p &&
        ((ext == 4 && strncasecmp(dot, ".yml", 4) == 0) ||
         (ext == 5 && strncasecmp(dot, ".yaml", 5) == 0)))
      return true;
    p += strcspn(p, " \t`'\"(),;");
    p += *p != '\0';
  }
  return false;
}

/* "not intended for production use without first customizing it": the
 * file is the deployment's starting point, to adapt and then run. */
static bool says_dev(const char *line)
{
  for (size_t i = 0; dev_phrases[i]; i++) {
    const char *hit = rc_str_find_ci(line, dev_phrases[i]);
    if (hit && !rc_str_find_ci(hit, " without") &&
        !rc_str_find_ci(hit, " unless"))
      return true;
  }
  return false;
}

enum { HEADER_MAX = 40 };

/* The lines of the comment a file opens with (after YAML's document
 * marker, at most HEADER_MAX lines), each without its end of line. */
static size_t header_lines(struct rc_arena *a, const char *data,
                           const char **out)
{
  size_t k = 0;
  const char *p = data;
  for (int lines = 0; *p && lines < HEADER_MAX; lines++) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    const char *t = p;
    while (t < p + n && (*t == ' ' || *t == '\t'))
      t++;
    bool marker = lines == 0 && n >= 3 && strncmp(t, "---", 3) == 0;
    if (t < p + n && *t != '#' && !marker)
      break; /* the content starts: no more header */
    if (!marker)
      out[k++] = rc_arena_strndup(a, p, n);
    if (!end)
      break;
    p = end + 1;
  }
  return k;
}

/* The first header line that says(), or NULL. */
static const char *header_line(struct rc_arena *a, const char *data,
                               bool (*says)(const char *line))
{
  const char *lines[HEADER_MAX];
  size_t n = header_lines(a, data, lines);
  for (size_t i = 0; i < n; i++)
    if (says(lines[i]))
      return lines[i];
  return NULL;
}

/* A comment line ends its sentence: its text ends with . ! ? or : or it
 * has no text (a blank `#` line parts paragraphs). */
static bool ends_sentence(const char *line)
{
  size_t n = strlen(line);
  while (n && strchr(" \t\r", line[n - 1]))
    n--;
  bool blank = true;
  for (size_t i = 0; i < n && blank; i++)
    blank = strchr("#/ \t", line[i]) != NULL;
  return blank || strchr(".!?:", line[n - 1]) != NULL;
}

/* The sentence header line i belongs to: from the line after the last one
 * that ends a sentence before it, to the first one from i that does. */
static const char *sentence_of(struct rc_arena *a, const char **lines, size_t n,
                               size_t i)
{
  size_t from = i, to = i;
  while (from > 0 && !ends_sentence(lines[from - 1]))
    from--;
  while (to + 1 < n && !ends_sentence(lines[to]))
    to++;
  const char *s = "";
  for (size_t k = from; k <= to; k++)
    s = rc_arena_printf(a, "%s %s", s, lines[k]);
  return s;
}

/* The header says what the file is for: "# intended for development
 * purposes only", "# not for production"; a sentence about another file
 * ("(The Dockerfile at the repo root ... for development)") says nothing
 * of this one. */
const char *mb_dev_header(struct rc_arena *a, const char *data)
{
  const char *lines[HEADER_MAX];
  size_t n = header_lines(a, data, lines);
  for (size_t i = 0; i < n; i++)
    if (says_dev(lines[i]) && !names_other_file(sentence_of(a, lines, n, i)))
      return lines[i];
  return NULL;
}

/* A header command runs the file with a development overlay (`# podman-
 * compose -f compose.yaml -f compose.override.yaml -f compose.selinux.yaml
 * up`): an add-on to the developer's stack. */
static bool runs_dev_overlay(const char *line)
{
  for (const char *f = strstr(line, " -f "); f; f = strstr(f + 1, " -f ")) {
    char name[256];
    if (sscanf(f + 4, "%255s", name) == 1 &&
        rc_role_of_path(name, NULL, 0) == RC_ROLE_DEVELOPMENT)
      return true;
  }
  return false;
}

/* What a comment right above a service says when the service is only
 * there for tests or development (stricter than a file header: a comment
 * above a service often explains a setting "for local access"). */
static const char *const service_dev_phrases[] = {
    "testing purposes",
    "for testing only",
    "only for testing",
    "used only for testing",
    "only used for testing",
    "development only",
    "dev only",
    "only for development",
    "only for local development",
    "only used for local development",
    "not for production",
    "not intended for production",
    "not needed for production",
    "not needed in production",
    "not needed for actual deployment",
    "do not use in production",
    "not be used in production",
    NULL};

static bool service_says_dev(const char *line)
{
  for (size_t i = 0; service_dev_phrases[i]; i++)
    if (rc_str_find_ci(line, service_dev_phrases[i]))
      return true;
  return false;
}

/* The comment lines right above line `line` (1-based; starts[] holds
 * where each of the n lines begins) say the service defined there is for
 * testing or development ("# this is used only for testing purposes / #
 * Not needed for actual deployment!"). */
static bool comment_above_says_dev(struct rc_arena *a, const char **starts,
                                   size_t n, unsigned line)
{
  for (size_t k = line - 1; k > 0 && k <= n; k--) {
    const char *p = starts[k - 1]; /* line k, nearest first */
    size_t len = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    if (t >= p + len || *t != '#')
      return false;
    if (service_says_dev(rc_arena_strndup(a, t, len - (size_t)(t - p))))
      return true;
  }
  return false;
}

/* The services whose own comment disowns them (a proxy "used only for
 * testing purposes" in a deployment file): not judged as production. */
static void find_disowned_services(struct rc_arena *a,
                                   struct rc_compose_file *f, const char *data)
{
  size_t n = 0, cap = 0;
  const char **starts = NULL;
  for (const char *p = data; p && *p;) {
    rc_grow((void **)&starts, &cap, n, sizeof(*starts));
    starts[n++] = p;
    p = strchr(p, '\n');
    p = p ? p + 1 : NULL;
  }
  const cJSON *svc;
  size_t cap_d = 0;
  cJSON_ArrayForEach(svc, f->services) {
    unsigned line = rc_docs_line(&f->docs, svc);
    if (!line || !comment_above_says_dev(a, starts, n, line))
      continue;
    if (f->n_disowned == cap_d) {
      cap_d = cap_d ? cap_d * 2 : 4;
      const char **grown = rc_arena_alloc(a, cap_d * sizeof(*grown));
      if (f->n_disowned)
        memcpy(grown, f->disowned, f->n_disowned * sizeof(*grown));
      f->disowned = grown;
    }
    f->disowned[f->n_disowned++] = svc->string;
  }
  free(starts);
}

/* The first s (of two characters) in p[0..n), or NULL. */
static const char *span_find(const char *p, size_t n, const char *s)
{
  for (size_t i = 0; i + 1 < n; i++)
    if (p[i] == s[0] && p[i + 1] == s[1])
      return p + i;
  return NULL;
}

/* A file that YAML cannot read because it is a Jinja or Go template
 * (`{% if tls %}`, `{{- range .Values.x }}` on a line of their own) is
 * the source a setup tool renders a compose file from, not one. Returns
 * the first such line, or NULL. */
static const char *template_line(struct rc_arena *a, const char *data)
{
  for (const char *p = data; p && *p;) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    const char *t = p + strspn(p, " \t");
    if (t < p + n && (strncmp(t, "{%", 2) == 0 || strncmp(t, "{{-", 3) == 0 ||
                      strncmp(t, "{#", 2) == 0))
      return rc_arena_strndup(a, p, n);
    /* `image: {{ cookiecutter.slug }}_docs`: an expression as a value */
    const char *open = span_find(p, n, "{{");
    if (open && span_find(open, n - (size_t)(open - p), "}}"))
      return rc_arena_strndup(a, p, n);
    p = end ? end + 1 : NULL;
  }
  return NULL;
}

/* A Visual Studio Docker Compose project (`*.dcproj`, Microsoft.Docker.Sdk)
 * in the file's folder that lists it: the IDE's container tools run it to
 * debug on the developer's machine. The project's name, or NULL. */
struct dcproj {
  struct build *b;
  const char *dir, *base, *found;
};

static int dcproj_lists(const struct rc_entry *e, void *arg)
{
  struct dcproj *d = arg;
  const char *data;
  size_t len;
  char err[128];
  if (d->found || strcmp(rc_path_dir(d->b->a, e->path), d->dir) != 0 ||
      rc_entry_size(d->b->m->index, e) > MAX_FILE_BYTES ||
      rc_index_read(d->b->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  const char *include = rc_arena_printf(d->b->a, "Include=\"%s\"", d->base);
  if (strstr(data, "Microsoft.Docker.Sdk") && strstr(data, include))
    d->found = e->path;
  return 0;
}

static const char *ide_compose_project(struct build *b, const char *path)
{
  struct dcproj d = {b, rc_path_dir(b->a, path), rc_path_base(path), NULL};
  rc_index_glob(b->m->index, "**/*.dcproj", RC_ENTRY_FILE, dcproj_lists, &d);
  return d.found;
}

/* A README line that names the compose file and says it is not for
 * production ("This `docker-compose.yml` is configured for local testing
 * only, and is not intended for production use"), or opens it in Play with
 * Docker (a "Try in PWD" button: a sandbox that lives four hours). Returns
 * the line, or NULL. The README beside the file, and the root one. */
static const char *readme_disowns(struct build *b, const char *path)
{
  static const char *const phrases[] = {"not intended for production",
                                        "non-production",
                                        "not for production",
                                        "not meant for production",
                                        "not suitable for production",
                                        "not production-ready",
                                        "not production ready",
                                        "testing only",
                                        "development only",
                                        "local development only",
                                        "do not use in production",
                                        "don't use in production",
                                        "never use in production",
                                        "play-with-docker.com",
                                        NULL};
  const char *base = rc_path_base(path);
  const char *dir = rc_path_dir(b->a, path);
  const char *names[] = {"README.md", "readme.md", "README"};
  for (int root = 0; root < 2; root++) {
    const char *d = root ? "" : dir;
    if (root && !*dir)
      break;
    for (size_t k = 0; k < 3; k++) {
      const struct rc_entry *e = rc_index_find(
          b->m->index,
          *d ? rc_arena_printf(b->a, "%s/%s", d, names[k]) : names[k]);
      const char *data;
      size_t len;
      char err[128];
      if (!e || rc_entry_size(b->m->index, e) > MAX_FILE_BYTES ||
          rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) != 0)
        continue;
      for (const char *at = strstr(data, base); at; at = strstr(at + 1, base)) {
        const char *s = at, *end = strchr(at, '\n');
        while (s > data && s[-1] != '\n')
          s--;
        char *line =
            rc_arena_strndup(b->a, s, end ? (size_t)(end - s) : strlen(s));
        for (size_t i = 0; phrases[i]; i++)
          if (rc_str_find_ci(line, phrases[i]))
            return line;
      }
    }
  }
  return NULL;
}

/* A README line saying that what its folder holds are samples not to run
 * in production ("These samples must not be deployed in production
 * environments"). Returns the line (arena), or NULL. */
static const char *says_collection(struct rc_arena *a, const char *data)
{
  static const char *const kinds[] = {"sample",   "example",  "demo",
                                      "template", "tutorial", NULL};
  static const char *const phrases[] = {"not be deployed in production",
                                        "not be used in production",
                                        "not intended for production",
                                        "not meant for production",
                                        "not for production",
                                        "not production-ready",
                                        "not production ready",
                                        NULL};
  /* "this repository is for local development only and is not meant to
   * be deployed": a whole repository that is a developer's stack (not one
   * that is merely not production-ready yet) */
  static const char *const repo[] = {"this repository", "this repo ", NULL};
  static const char *const repo_phrases[] = {"local development only",
                                             "only for local development",
                                             "not meant to be deployed",
                                             "not be deployed in",
                                             "not intended to be deployed",
                                             "run a local instance",
                                             NULL};
  char line[1024];
  for (const char *p = data; *p;) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n >= sizeof(line))
      n = sizeof(line) - 1;
    memcpy(line, p, n);
    line[n] = '\0';
    bool kind = false;
    for (size_t i = 0; kinds[i] && !kind; i++)
      kind = rc_str_find_ci(line, kinds[i]) != NULL;
    for (size_t i = 0; kind && phrases[i]; i++)
      if (rc_str_find_ci(line, phrases[i]))
        return rc_arena_strdup(a, line);
    bool whole = false;
    for (size_t i = 0; repo[i] && !whole; i++)
      whole = rc_str_find_ci(line, repo[i]) != NULL;
    for (size_t i = 0; whole && repo_phrases[i]; i++)
      if (rc_str_find_ci(line, repo_phrases[i]))
        return rc_arena_strdup(a, line);
    if (!end)
      break;
    p = end + 1;
  }
  return NULL;
}

/* Folders whose README calls what they hold samples not for production,
 * found once per model. */
void mb_find_collections(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < rc_index_count(m->index); i++) {
    const struct rc_entry *e = rc_index_at(m->index, i);
    if (e->kind != RC_ENTRY_FILE ||
        (strcmp(e->name, "README.md") != 0 &&
         strcmp(e->name, "readme.md") != 0 && strcmp(e->name, "README") != 0))
      continue;
    const char *data;
    size_t len;
    char err[128];
    if (rc_entry_size(m->index, e) > MAX_FILE_BYTES ||
        rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0)
      continue;
    const char *line = says_collection(b->a, data);
    if (!line)
      continue;
    rc_grow((void **)&m->collections, &b->cap_collections, m->n_collections,
            sizeof(*m->collections));
    m->collections[m->n_collections].dir = rc_path_dir(b->a, e->path);
    m->collections[m->n_collections++].line = line;
  }
}

const char *rc_model_collection_line(const struct rc_model *m, const char *path)
{
  for (size_t i = 0; m && i < m->n_collections; i++)
    if (rc_path_within(path, m->collections[i].dir))
      return m->collections[i].line;
  return NULL;
}

/* `romm-dev` built from the repository beside upstream images: when every
 * service the file builds (or, building none, every service) is named for
 * development, so is the stack. The first such name, or NULL. */
static const char *services_named_dev(const cJSON *services)
{
  bool builds = false;
  const cJSON *svc;
  cJSON_ArrayForEach(svc, services)
    builds |= cJSON_GetObjectItemCaseSensitive(svc, "build") != NULL;
  const char *first = NULL;
  cJSON_ArrayForEach(svc, services) {
    if (builds && !cJSON_GetObjectItemCaseSensitive(svc, "build"))
      continue;
    if (!svc->string ||
        rc_role_of_path(svc->string, NULL, 0) != RC_ROLE_DEVELOPMENT)
      return NULL;
    if (!first)
      first = svc->string;
  }
  return first;
}

/* What a production-named compose file says of itself: a template line a
 * tool renders, a header that calls it development or runs it with a
 * development overlay, a project name or service names for development.
 * The first that applies sets f's role and why. */
static void role_from_text(struct build *b, struct rc_compose_file *f,
                           const char *data)
{
  const char *tpl = f->error ? template_line(b->a, data) : NULL;
  if (tpl && f->role == RC_ROLE_PRODUCTION) {
    f->role = RC_ROLE_NONPROD;
    f->why = rc_arena_printf(b->a, "a template a tool renders: '%.100s'", tpl);
  }
  const char *header =
      f->role == RC_ROLE_PRODUCTION ? mb_dev_header(b->a, data) : NULL;
  if (header) {
    f->role = RC_ROLE_DEVELOPMENT;
    f->why = rc_arena_printf(b->a, "its header says so: '%.100s'", header);
  }
  const char *with_dev = f->role == RC_ROLE_PRODUCTION
                             ? header_line(b->a, data, runs_dev_overlay)
                             : NULL;
  if (with_dev) {
    f->role = RC_ROLE_DEVELOPMENT;
    f->why = rc_arena_printf(
        b->a, "its header runs it with a development overlay: '%.100s'",
        with_dev);
  }
  /* `name: cnpmcore_dev_services_es`: the project name's words say what
   * the stack is for, like a file name's */
  const cJSON *pname =
      f->root ? cJSON_GetObjectItemCaseSensitive(f->root, "name") : NULL;
  if (f->role == RC_ROLE_PRODUCTION && cJSON_IsString(pname) &&
      !strchr(pname->valuestring, '$')) {
    enum rc_role r = rc_role_of_path(pname->valuestring, NULL, 0);
    if (r != RC_ROLE_PRODUCTION) {
      f->role = r;
      f->why = rc_arena_printf(b->a, "its project name says so: 'name: %.80s'",
                               pname->valuestring);
    }
  }
  const char *named = f->role == RC_ROLE_PRODUCTION && f->services
                          ? services_named_dev(f->services)
                          : NULL;
  if (named) {
    f->role = RC_ROLE_DEVELOPMENT;
    f->why = rc_arena_printf(
        b->a, "every service is named for development ('%.60s')", named);
  }
}

/* What the README of the file's folder, or a parent's, says: a demo, or
 * a retired version kept for reference. */
static void role_from_readmes(struct build *b, struct rc_compose_file *f)
{
  /* the folder's README, or a parent's (docker/compose/README.md: "Local
   * development" over drone-gitea/ and drone-github/), as Kubernetes
   * folders are read */
  const char *demo = NULL, *demo_dir = NULL;
  for (const char *d = f->dir; f->role == RC_ROLE_PRODUCTION && !demo && *d;
       d = rc_path_dir(b->a, d)) {
    demo = rc_readme_demo(b->m->index, b->a, d);
    demo_dir = d;
  }
  if (demo) {
    f->role = RC_ROLE_NONPROD;
    f->why = strcmp(demo_dir, f->dir) == 0
                 ? rc_arena_printf(
                       b->a, "its folder's README says so: '%.100s'", demo)
                 : rc_arena_printf(b->a, "%s/README says so: '%.100s'",
                                   demo_dir, demo);
  }
  /* the folder's README, a parent's or the repository's says it is no
   * longer maintained (a template for a retired version kept beside the
   * current ones): kept for reference, not deployed */
  const char *retired = NULL, *retired_dir = f->dir;
  for (const char *d = f->dir; f->role == RC_ROLE_PRODUCTION && !retired;
       d = rc_path_dir(b->a, d)) {
    retired = rc_readme_retired(b->m->index, b->a, d);
    retired_dir = d;
    if (!*d)
      break;
  }
  if (retired) {
    f->role = RC_ROLE_NONPROD;
    f->why = rc_arena_printf(b->a, "%s%sREADME says it is retired: '%.100s'",
                             retired_dir, *retired_dir ? "/" : "", retired);
  }
}

/* What the rest of the repository says: Visual Studio's container tools
 * run it, the README disowns it or calls it a sample, or Docker Hub's
 * test convention (a `sut` service). */
static void role_from_repository(struct build *b, struct rc_compose_file *f)
{
  const char *ide = f->role == RC_ROLE_PRODUCTION && f->services
                        ? ide_compose_project(b, f->path)
                        : NULL;
  if (ide) {
    f->role = RC_ROLE_DEVELOPMENT;
    f->why = rc_arena_printf(b->a,
                             "Visual Studio's container tools run it to "
                             "debug (%s)",
                             ide);
  }
  const char *disowned =
      f->role == RC_ROLE_PRODUCTION ? readme_disowns(b, f->path) : NULL;
  if (disowned) {
    f->role = RC_ROLE_DEVELOPMENT;
    f->why = rc_arena_printf(b->a, "the README says so: '%.100s'", disowned);
  }
  const char *samples = f->role == RC_ROLE_PRODUCTION
                            ? rc_model_collection_line(b->m, f->path)
                            : NULL;
  if (samples) {
    f->role = RC_ROLE_NONPROD;
    f->why =
        rc_arena_printf(b->a, "a README calls it a sample: '%.100s'", samples);
  }
  /* `sut`, the system under test: Docker Hub's automated-test convention
   * (a compose file whose sut service runs the checks against the others) */
  if (f->role == RC_ROLE_PRODUCTION && f->services &&
      cJSON_GetObjectItemCaseSensitive(f->services, "sut")) {
    f->role = RC_ROLE_NONPROD;
    f->why = "a test harness: its service 'sut' is the system-under-test "
             "runner";
  }
}

static void add_compose(struct build *b, const struct rc_entry *e)
{
  struct rc_model *m = b->m;
  const char *data;
  size_t len;
  if (m->n_compose >= MAX_COMPOSE ||
      !rc_index_read_text(m->index, e, MAX_FILE_BYTES, &data, &len))
    return;
  struct rc_compose_file f;
  rc_compose_file_load(&f, b->a, e->path, data, len);
  bool include = f.root && cJSON_GetObjectItemCaseSensitive(f.root, "include");
  /* a base-named file of networks only is the base its overlays name */
  bool shared = mb_is_base_compose_name(e->path) && f.root &&
                cJSON_GetObjectItemCaseSensitive(f.root, "networks");
  if (!f.error && !f.services && !include && !shared) {
    rc_compose_file_release(&f); /* some other YAML with "compose" in it */
    return;
  }
  char why[160];
  f.role = rc_role_of_path(e->path, why, sizeof(why));
  f.why = rc_arena_strdup(b->a, why);
  role_from_text(b, &f, data);
  role_from_readmes(b, &f);
  role_from_repository(b, &f);
  if (f.role == RC_ROLE_PRODUCTION && f.services)
    find_disowned_services(b->a, &f, data);
  rc_grow((void **)&m->compose, &b->cap_compose, m->n_compose,
          sizeof(*m->compose));
  m->compose[m->n_compose++] = f;
}

static void add_dockerfile(struct build *b, const struct rc_entry *e)
{
  struct rc_model *m = b->m;
  const char *data;
  size_t len;
  if (m->n_dockerfiles >= MAX_DOCKERFILES ||
      !rc_index_read_text(m->index, e, MAX_FILE_BYTES, &data, &len))
    return;
  rc_grow((void **)&m->dockerfiles, &b->cap_df, m->n_dockerfiles,
          sizeof(*m->dockerfiles));
  rc_dockerfile_parse(&m->dockerfiles[m->n_dockerfiles++], b->a, e->path, data,
                      len);
}

static int path_cmp(const void *pa, const void *pb)
{
  return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* A file a chain names is a compose file whatever it is called
 * (`docker compose -f quickstart.yml`, `-f src/main/docker/app.yml`):
 * each name as written from the chain's folder and from the root, sorted
 * for the walk over the index below. */
static void chained_names(struct build *b)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    for (size_t k = 0; k < c->n_files; k++) {
      const char *name = c->files[k];
      if (strchr(name, '$') || rc_compose_is_name(name))
        continue;
      const char *at[2] = {rc_path_join(b->a, c->dir, name),
                           rc_path_join(b->a, "", name)};
      for (size_t j = 0; j < 2; j++) {
        if (!at[j] || !*at[j])
          continue;
        rc_grow((void **)&b->chained, &b->cap_chained, b->n_chained,
                sizeof(*b->chained));
        b->chained[b->n_chained++] = at[j];
      }
    }
  }
  if (b->n_chained > 1)
    qsort(b->chained, b->n_chained, sizeof(*b->chained), path_cmp);
}

static bool is_chained(const struct build *b, const char *path)
{
  return b->n_chained && bsearch(&path, b->chained, b->n_chained,
                                 sizeof(*b->chained), path_cmp) != NULL;
}

/* A Swarm stack file by another name (`stack.yml`, `shop.stack.yml`):
 * read as a compose file when it has a top-level `services:` key, since
 * the same names serve other tools (Haskell's `stack.yaml`, CloudFormation
 * stacks). */
static bool stack_file(struct build *b, const struct rc_entry *e)
{
  const char *base = rc_path_base(e->path);
  size_t n = strlen(base);
  bool named = false;
  static const char *const ends[] = {".stack.yml", ".stack.yaml", NULL};
  for (size_t i = 0; ends[i] && !named; i++)
    named = n > strlen(ends[i]) &&
            strcasecmp(base + n - strlen(ends[i]), ends[i]) == 0;
  if (!named && strcasecmp(base, "stack.yml") != 0 &&
      strcasecmp(base, "stack.yaml") != 0)
    return false;
  const char *data;
  size_t len;
  char err[128];
  if (rc_entry_size(b->m->index, e) > MAX_FILE_BYTES ||
      rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return false;
  for (const char *p = data, *end = data + len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (ln >= 9 && strncmp(p, "services:", 9) == 0)
      return true;
    p += ln + 1;
  }
  return false;
}

void mb_collect(struct build *b)
{
  struct rc_index *idx = b->m->index;
  chained_names(b);
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    if (rc_compose_is_name(e->path) ||
        (rc_compose_is_yaml_name(e->path) && is_chained(b, e->path)) ||
        stack_file(b, e))
      add_compose(b, e);
    else if (rc_model_is_dockerfile_name(e->path))
      add_dockerfile(b, e);
  }
}

static int dockerfile_path_cmp(const void *pa, const void *pb)
{
  const struct rc_dockerfile *a = pa, *b = pb;
  return strcmp(a->path, b->path);
}

static void add_named(struct build *b, const char *path)
{
  if (!path || rc_model_dockerfile(b->m, path))
    return;
  const struct rc_entry *e = rc_index_find(b->m->index, path);
  if (e && e->kind == RC_ENTRY_FILE)
    add_dockerfile(b, e);
}

/* Files a build or a compose service names as its Dockerfile whatever
 * they are called (`file: apps/web/Dockerhubfile`): Dockerfiles too. */
void mb_named_dockerfiles(struct build *b)
{
  struct rc_model *m = b->m;
  size_t before = m->n_dockerfiles;
  for (size_t i = 0; i < m->entries.n_builds; i++)
    add_named(b, m->entries.builds[i].dockerfile);
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_services; k++)
      add_named(b, m->views[i].services[k].dockerfile);
  if (m->n_dockerfiles > before)
    qsort(m->dockerfiles, m->n_dockerfiles, sizeof(*m->dockerfiles),
          dockerfile_path_cmp);
}

/* A compose file under contrib/ is a setup someone contributed (Traefik
 * and Keycloak in front, another storage): when the project ships its own
 * production compose file elsewhere, that one is the deployment and the
 * contributed one an alternative users adapt. Alone, it may be the only
 * way the project deploys, and is judged. */
void mb_contributed_setups(struct build *b)
{
  struct rc_model *m = b->m;
  const char *own = NULL;
  for (size_t i = 0; i < m->n_compose && !own; i++)
    if (m->compose[i].role == RC_ROLE_PRODUCTION &&
        !rc_role_under(m->compose[i].path, "contrib"))
      own = m->compose[i].path;
  for (size_t i = 0; own && i < m->n_compose; i++) {
    struct rc_compose_file *f = &m->compose[i];
    if (f->role != RC_ROLE_PRODUCTION || !rc_role_under(f->path, "contrib"))
      continue;
    f->role = RC_ROLE_NONPROD;
    f->why = rc_arena_printf(
        b->a, "a contributed setup (contrib/) beside the project's own %s",
        own);
  }
}
