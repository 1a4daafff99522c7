/*
 * dockerfile_service.c - images that run no service, which
 * non_root_user sets aside: build inputs, development servers, idle,
 * test, tool and data images, judged by the command the stage runs.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/role.h"

#include "dockerfile_probe.h"

/* A base whose default command is a shell or a language's REPL (an
 * official OS or language image): a stage on it with no CMD or
 * ENTRYPOINT of its own starts no service. */
static bool shell_base(struct rc_arena *a, const char *image)
{
  static const char *const names[] = {"alpine",
                                      "debian",
                                      "ubuntu",
                                      "busybox",
                                      "centos",
                                      "fedora",
                                      "rockylinux",
                                      "almalinux",
                                      "amazonlinux",
                                      "oraclelinux",
                                      "archlinux",
                                      "python",
                                      "node",
                                      "golang",
                                      "rust",
                                      "ruby",
                                      "openjdk",
                                      "eclipse-temurin",
                                      "amazoncorretto",
                                      "buildpack-deps",
                                      "gcc",
                                      NULL};
  if (!image)
    return false;
  const char *repo = df_repo_name(a, image);
  for (size_t i = 0; names[i]; i++)
    if (strcmp(repo, names[i]) == 0)
      return true;
  return false;
}

/* The stage's base when it is a shell or REPL image that no compose
 * service or Kubernetes workload runs (neither names a user for it): the
 * start of every "a tool, not a service" reading below. NULL otherwise. */
static const char *unrun_shell_base(struct run *r, const struct target *t)
{
  const char *base = rc_dockerfile_base_image(t->df, r->a, t->stage);
  if (!shell_base(r->a, base))
    return NULL;
  const char *cu = df_compose_user(r, t), *ku = df_k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  return base;
}

/* The build tags nothing (`docker build --target mocks .`): it checks
 * that the stage builds, and no image comes of it for anyone to run. */
bool df_untagged(const struct rc_image *im)
{
  return !im->tag && !im->tag_glob && (!im->tag_refs || !*im->tag_refs);
}

/* A name that says an image is built for other builds: the file's
 * (Dockerfile.base, Dockerfile-base, deps.Dockerfile), a folder's
 * (docker/base/, builder/, docker/compiler/), or the built stage's (`AS
 * base`) when the build tags nothing or tags it with that word too (a
 * stage published as `acme/server-edge` is a product, whatever the stage
 * is called). A folder of a compiler or cross-compiling toolchain holds
 * such an image: builds run in it, with the work tree mounted, and
 * nothing serves; a file name alone (toolchain.Dockerfile) says less. */
static const char *build_input_name(struct run *r, const struct target *t)
{
  static const char *const words[] = {
      "base", "builder", "build", "deps", "dependencies", "buildbase", NULL};
  static const char *const folders[] = {
      "base",      "builder",      "build-base",    "buildbase",
      "deps",      "dependencies", "toolchain",     "compiler",
      "compilers", "cross",        "cross-compile", NULL};
  const char *w = rc_role_name_word(t->df->path, words);
  if (w)
    return w;
  for (size_t i = 0; folders[i]; i++)
    if (rc_role_under(t->df->path, folders[i]))
      return folders[i];
  const char *stage = t->df->st[t->stage].name;
  for (size_t i = 0; stage && words[i]; i++) {
    if (strcmp(stage, words[i]) != 0)
      continue;
    const char *tag = t->im->tag ? t->im->tag : t->im->tag_glob;
    if (df_untagged(t->im) ||
        (tag && rc_str_find_ci(df_repo_name(r->a, tag), words[i])))
      return words[i];
  }
  return NULL;
}

/* Another build of the same Dockerfile produces its last stage, which
 * this target's stage is not, and this build tags nothing: a CI check
 * that an intermediate stage builds (generated code, cross-compiling). */
static bool intermediate_target(const struct rc_model *m,
                                const struct target *t)
{
  if (!m || t->stage + 1 >= t->df->ns || !df_untagged(t->im))
    return false;
  for (size_t i = 0; i < m->n_images; i++)
    if (m->images[i].role == RC_ROLE_PRODUCTION &&
        strcmp(m->images[i].dockerfile, t->df->path) == 0 &&
        m->images[i].stage == (long)t->df->ns - 1)
      return true;
  return false;
}

/* The image runs no service: its stage has no CMD or ENTRYPOINT over a
 * shell or REPL base, no production compose service or Kubernetes
 * workload runs it, and either its name says it is built for other
 * builds or it is an intermediate target. Says why, or NULL. A second
 * signal is required: an application image may leave its command to the
 * platform that runs it. */
const char *df_build_input(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  if (!t->im || rc_dockerfile_inherited(f, t->stage, "CMD") ||
      rc_dockerfile_inherited(f, t->stage, "ENTRYPOINT"))
    return NULL;
  const char *base = unrun_shell_base(r, t);
  if (!base)
    return NULL;
  const char *name = build_input_name(r, t);
  if (name)
    return rc_arena_printf(r->a,
                           "not a service: no CMD or ENTRYPOINT over '%s' "
                           "and named '%s', an image other builds use",
                           base, name);
  if (intermediate_target(r->ctx->model, t))
    return rc_arena_printf(r->a,
                           "not a service: stage '%s' has no CMD or "
                           "ENTRYPOINT over '%s'; the image that runs is "
                           "the last stage, built too",
                           f->st[t->stage].name ? f->st[t->stage].name : "?",
                           base);
  return NULL;
}

/* A command that starts a development server: file watchers and dev
 * servers that rebuild on change (`npm run dev`, `nodemon`, `next dev`,
 * `manage.py runserver`). */
/* The exec form's words as the shell form writes them (["npm", "run",
 * "dev"] -> `npm run dev`), single spaces, none at the end; arena. */
static char *shell_words_of(struct rc_arena *a, const char *raw)
{
  char *args = rc_arena_strdup(a, raw ? raw : "");
  size_t w = 0;
  for (size_t i = 0; args[i]; i++) {
    char c = strchr("[]\",", args[i]) ? ' ' : args[i];
    if (c != ' ' || (w && args[w - 1] != ' '))
      args[w++] = c;
  }
  while (w && args[w - 1] == ' ')
    w--;
  args[w] = '\0';
  return args;
}

static bool dev_server_command(struct rc_arena *a, const char *raw)
{
  const char *args = shell_words_of(a, raw);
  static const char *const words[] = {"run dev",
                                      "yarn dev",
                                      "pnpm dev",
                                      "bun dev",
                                      "nodemon",
                                      "next dev",
                                      "ng serve",
                                      "webpack serve",
                                      "webpack-dev-server",
                                      "runserver",
                                      "run watch",
                                      "yarn watch",
                                      "start:dev",
                                      NULL};
  for (size_t i = 0; words[i]; i++) {
    const char *p = strstr(args, words[i]);
    size_t n = strlen(words[i]);
    if (p && (p == args || !isalnum((unsigned char)p[-1])) &&
        !isalnum((unsigned char)p[n]) && p[n] != ':' && p[n] != '-')
      return true;
  }
  return false;
}

/* A development image: its file or folder says development and its command
 * starts a development server. Either alone is common in a published
 * image (a `dev/` build folder; a product image that runs `npm run dev`);
 * together they are the developers' image, whatever builds it. */
const char *df_dev_image(struct run *r, const struct target *t)
{
  if (rc_role_of_path(t->df->path, NULL, 0) != RC_ROLE_DEVELOPMENT)
    return NULL;
  const char *kws[] = {"CMD", "ENTRYPOINT"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in =
        rc_dockerfile_inherited(t->df, t->stage, kws[k]);
    if (in && dev_server_command(r->a, in->args))
      return rc_arena_printf(r->a,
                             "a development image: named for development, "
                             "and its %s starts a development server (%s)",
                             kws[k], in->args);
  }
  return NULL;
}

/* A command that only keeps the container alive, and does nothing else:
 * `sleep infinity`, `tail -f /dev/null`, `while true; do sleep 60; done`,
 * in shell or exec form, through `sh -c` or not. */
static bool idle_command(struct rc_arena *a, const char *raw)
{
  const char *args = shell_words_of(a, raw);
  static const char *const shells[] = {"/bin/sh -c ", "sh -c ", "/bin/bash -c ",
                                       "bash -c ", NULL};
  const char *p = args;
  for (size_t i = 0; shells[i]; i++)
    if (strncmp(p, shells[i], strlen(shells[i])) == 0)
      p += strlen(shells[i]);
  p += strspn(p, "'");
  static const char *const idle[] = {"sleep infinity", "tail -f /dev/null",
                                     NULL};
  for (size_t i = 0; idle[i]; i++) {
    size_t n = strlen(idle[i]);
    if (strncmp(p, idle[i], n) == 0 && strspn(p + n, "'") == strlen(p + n))
      return true;
  }
  if (strncmp(p, "while true; do sleep ", 21) != 0 &&
      strncmp(p, "while :; do sleep ", 18) != 0)
    return false;
  p = strstr(p, "sleep ") + 6;
  p += strspn(p, "0123456789smhd");
  return strncmp(p, "; done", 6) == 0 && strspn(p + 6, "' ") == strlen(p + 6);
}

/* A command that only prints a message and exits (`printf 'this image is
 * deprecated, use ...' && exit 1`, `echo "use the api image"`): echo or
 * printf, its quoted words, and at most an `exit` after. */
static bool notice_command(struct rc_arena *a, const char *raw)
{
  const char *p = shell_words_of(a, raw);
  static const char *const shells[] = {"/bin/sh -c ", "sh -c ", "/bin/bash -c ",
                                       "bash -c ", NULL};
  for (size_t i = 0; shells[i]; i++)
    if (strncmp(p, shells[i], strlen(shells[i])) == 0)
      p += strlen(shells[i]);
  if (strncmp(p, "echo ", 5) == 0)
    p += 5;
  else if (strncmp(p, "printf ", 7) == 0)
    p += 7;
  else
    return false;
  char quote = 0;
  for (; *p; p++) {
    if (quote) {
      quote = *p == quote ? 0 : quote;
      continue;
    }
    if (*p == '\'' || *p == '"')
      quote = *p;
    else if (strchr(";&|<>`$", *p))
      break;
  }
  if (quote)
    return false;
  p += strspn(p, "&; ");
  if (strncmp(p, "exit", 4) == 0)
    p += 4 + strspn(p + 4, " 0123456789");
  return *p == '\0';
}

/* The image's command keeps an idle container alive for someone to exec
 * into (a profiling or debugging toolbox), or only prints a notice (a
 * deprecated image's pointer to its successor), and nothing the
 * repository deploys runs it: it serves nothing. Says why, or NULL. */
const char *df_idle_image(struct run *r, const struct target *t)
{
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(t->df, t->stage, "ENTRYPOINT");
  const struct rc_df_instr *cmd =
      rc_dockerfile_inherited(t->df, t->stage, "CMD");
  /* with an entrypoint of its own, CMD is that program's argument */
  const struct rc_df_instr *in = ep ? ep : cmd;
  bool notice = in && notice_command(r->a, in->args);
  if (!in || (!notice && !idle_command(r->a, in->args)))
    return NULL;
  const char *cu = df_compose_user(r, t), *ku = df_k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it, perhaps with a command of its own */
  if (notice)
    return rc_arena_printf(r->a,
                           "not a service: its %s only prints a message and "
                           "exits, and nothing runs it",
                           in->kw);
  return rc_arena_printf(r->a,
                         "not a service: its %s only keeps the container "
                         "idle (%s) and nothing runs it",
                         in->kw, in->args);
}

/* What in a CMD or ENTRYPOINT runs a test suite: a script named for
 * tests (`./test_run.sh`, `run-tests.sh`, `e2e.py`), pytest or nosetests, or a
 * tool's test command (`npm test`, `go test`, `cargo test`). NULL when nothing.
 */
static const char *test_runner(struct rc_arena *a, const char *args)
{
  static const char *const words[] = {"test", "tests", "e2e", "testsuite",
                                      NULL};
  static const char *const tools[] = {"npm",   "yarn", "pnpm", "go",
                                      "cargo", "make", "mvn",  NULL};
  char *buf = rc_arena_strdup(a, args), *save = NULL;
  const char *prev = NULL;
  for (char *w = strtok_r(buf, " \t\"',[]", &save); w;
       w = strtok_r(NULL, " \t\"',[]", &save)) {
    const char *base = rc_path_base(w);
    if (strcmp(base, "pytest") == 0 || strcmp(base, "nosetests") == 0)
      return base;
    if (strchr(base, '.') && rc_role_name_word(base, words))
      return w;
    for (size_t i = 0; prev && tools[i]; i++)
      if (strcmp(prev, tools[i]) == 0 && strcmp(w, "test") == 0)
        return rc_arena_printf(a, "%s test", prev);
    prev = base;
  }
  return NULL;
}

/* The image's command runs a test suite (test_runner) and nothing the
 * repository deploys runs it: CI's test image, not a service. Says why,
 * or NULL. */
const char *df_test_image(struct run *r, const struct target *t)
{
  const struct rc_df_instr *in =
      rc_dockerfile_inherited(t->df, t->stage, "ENTRYPOINT");
  const char *runner = in ? test_runner(r->a, in->args) : NULL;
  /* under an entrypoint such as `bash -c`, CMD is the command run */
  if (!runner) {
    in = rc_dockerfile_inherited(t->df, t->stage, "CMD");
    runner = in ? test_runner(r->a, in->args) : NULL;
  }
  if (!runner)
    return NULL;
  const char *cu = df_compose_user(r, t), *ku = df_k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  return rc_arena_printf(r->a,
                         "not a service: its %s runs a test suite (%s) and "
                         "nothing runs it",
                         in->kw, runner);
}

/* Whether name stands in line as a value: after a space, a quote or `=`
 * (`IMAGE=app-test:latest go test`), before a tag, a quote or a space. */
static bool names_image(const char *line, const char *name)
{
  size_t n = strlen(name);
  for (const char *p = strstr(line, name); p; p = strstr(p + 1, name))
    if ((p == line || strchr(" \t\"'=", p[-1])) &&
        (!p[n] || strchr(" \t\"':", p[n])))
      return true;
  return false;
}

/* The file that builds the image under a local name (no registry or
 * namespace: nothing can pull it) hands that name to a test run
 * (`COMPLEMENT_BASE_IMAGE=app-test:latest go test ./tests`), never
 * re-tags, pushes or ships it, and nothing runs it as a service: the
 * image a test suite starts and tests against. Says why, or NULL. */
const char *df_test_harness_image(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  const char *tag = t->im ? t->im->tag : NULL;
  if (!m || !tag || !*tag || strchr(tag, '/') || !t->im->at.path)
    return NULL;
  const char *cu = df_compose_user(r, t), *ku = df_k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  for (size_t i = 0; i < m->entries.n_retags; i++)
    if (m->entries.retags[i].from &&
        strcmp(df_repo_name(r->a, m->entries.retags[i].from), tag) == 0)
      return NULL;
  for (size_t i = 0; i < m->entries.n_runs; i++)
    if (strcmp(m->entries.runs[i].image, tag) == 0 &&
        !m->entries.runs[i].one_shot)
      return NULL; /* a script runs it as a service */
  const char *path = t->im->at.path;
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) ||
      df_may_publish(r, t, data, tag))
    return NULL;
  unsigned line = 1;
  for (const char *p = data, *end = data + len; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    char *text = rc_arena_strndup(r->a, p, (size_t)(eol - p));
    const char *runner = line != t->im->at.line && names_image(text, tag) &&
                                 !strstr(text, "docker build") &&
                                 !strstr(text, "docker run")
                             ? test_runner(r->a, text)
                             : NULL;
    if (runner)
      return rc_arena_printf(r->a,
                             "not a service: %s builds it under the local "
                             "name '%s' and hands it to a test run (%s:%u: "
                             "%s), and nothing runs it as a service",
                             path, tag, path, line, runner);
    p = nl ? nl + 1 : end;
  }
  return NULL;
}

/* The script a command starts, past a shell and its options (`sh -x
 * ./build.sh`, ["/usr/local/bin/build.sh"]): its file name holds a word
 * for building (build.sh, cross-compile.sh) and none for serving, and an
 * extension says it is a script. NULL when not. */
static const char *build_script(struct rc_arena *a, const char *args)
{
  static const char *const builds[] = {"build", "compile", "crossbuild", NULL};
  static const char *const serves[] = {"run",    "start",      "serve",
                                       "server", "entrypoint", NULL};
  static const char *const shells[] = {"sh", "bash", "ash", "dash", NULL};
  char *buf = rc_arena_strdup(a, args), *save = NULL;
  for (char *w = strtok_r(buf, " \t\"',[]", &save); w;
       w = strtok_r(NULL, " \t\"',[]", &save)) {
    const char *base = rc_path_base(w);
    bool shell = false;
    for (size_t i = 0; shells[i] && !shell; i++)
      shell = strcmp(base, shells[i]) == 0;
    if (shell || w[0] == '-')
      continue;
    return strchr(base, '.') && rc_role_name_word(base, builds) &&
                   !rc_role_name_word(base, serves)
               ? w
               : NULL;
  }
  return NULL;
}

/* The image's command is a build script (build_script: a cross-compiling
 * toolchain's `ENTRYPOINT ["/usr/local/bin/build.sh"]`, run with the work
 * tree mounted to write binaries into it) and nothing the repository
 * deploys runs it: a tool that builds things, not a service. Says why, or
 * NULL. */
const char *df_build_tool_image(struct run *r, const struct target *t)
{
  const struct rc_df_instr *in =
      rc_dockerfile_inherited(t->df, t->stage, "ENTRYPOINT");
  if (!in)
    in = rc_dockerfile_inherited(t->df, t->stage, "CMD");
  const char *script = in ? build_script(r->a, in->args) : NULL;
  if (!script)
    return NULL;
  const char *cu = df_compose_user(r, t), *ku = df_k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  return rc_arena_printf(r->a,
                         "not a service: its %s runs a build script (%s) "
                         "and nothing runs it",
                         in->kw, script);
}

/* The image has no CMD or ENTRYPOINT over a shell or REPL base, nothing
 * the repository deploys runs it, and the script that builds it runs it,
 * under the name it gives it, only as a one-shot command (`docker build
 * -t "$1-protoc" ... && docker run --rm -v $(pwd):/build "$1-protoc"
 * protoc ...`; `docker run -ti acme/toolchain:build bash`) under a name
 * the repository never publishes (a local one, or one no CI builds or
 * pushes): a tool the maintainers run, not a service. The model's local
 * tools are those with a literal name; a computed one is matched as
 * written. Says why, or NULL. */
const char *df_script_tool(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  if (!t->im || !t->im->at.path ||
      rc_dockerfile_inherited(f, t->stage, "CMD") ||
      rc_dockerfile_inherited(f, t->stage, "ENTRYPOINT"))
    return NULL;
  const char *base = unrun_shell_base(r, t);
  if (!base)
    return NULL;
  const char *path = t->im->at.path;
  const char *tag =
      df_build_tag_word(r->a, df_command_at(r, path, t->im->at.line));
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!tag || !e ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  /* a name with a namespace may be pushed: then not when anything could */
  if (strchr(tag, '/') && df_may_publish(r, t, data, df_repo_name(r->a, tag)))
    return NULL;
  unsigned first = 0, line = 1;
  for (const char *p = data, *end = data + len; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    const char *cmd = df_line_has(p, eol, "docker run ")
                          ? df_command_at(r, path, line)
                          : NULL;
    const char *at = cmd ? strstr(cmd, "docker run ") : NULL;
    if (at && df_find_word(at, tag)) {
      if (!df_one_shot_run(at))
        return NULL; /* it also runs as a service */
      if (!first)
        first = line;
    }
    p = nl ? nl + 1 : end;
  }
  return first ? rc_arena_printf(r->a,
                                 "not a service: no CMD or ENTRYPOINT over "
                                 "'%s', and %s, which builds it, runs it "
                                 "only as a one-shot command (%s:%u: docker "
                                 "run %s ...)",
                                 base, path, path, first, tag)
               : NULL;
}

/* The image has no CMD, ENTRYPOINT or EXPOSE over a shell or REPL base,
 * and its build tags it with a local name (no registry or namespace: it
 * cannot be pulled from anywhere) that nothing in the repository runs,
 * re-tags, pushes or deploys (`docker build -t app-build
 * ./scripts/build-image`): a toolbox the maintainers keep, not a
 * service. Says why, or NULL. */
const char *df_unrun_local_tool(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  const struct rc_dockerfile *f = t->df;
  if (!m || !t->im || !t->im->tag || !t->im->at.path ||
      strpbrk(t->im->tag, "/$") ||
      rc_dockerfile_inherited(f, t->stage, "CMD") ||
      rc_dockerfile_inherited(f, t->stage, "ENTRYPOINT") ||
      rc_dockerfile_inherited(f, t->stage, "EXPOSE"))
    return NULL;
  const char *base = unrun_shell_base(r, t);
  if (!base)
    return NULL;
  const char *repo = df_repo_name(r->a, t->im->tag);
  for (size_t i = 0; i < m->entries.n_runs; i++)
    if (m->entries.runs[i].image &&
        strcmp(df_repo_name(r->a, m->entries.runs[i].image), repo) == 0)
      return NULL;
  for (size_t i = 0; i < m->entries.n_retags; i++)
    if (m->entries.retags[i].from &&
        strcmp(df_repo_name(r->a, m->entries.retags[i].from), repo) == 0)
      return NULL;
  const struct rc_entry *e = rc_index_find(r->ctx->index, t->im->at.path);
  const char *data;
  size_t len;
  char err[128];
  if (!e ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0 ||
      df_may_publish(r, t, data, repo))
    return NULL;
  return rc_arena_printf(r->a,
                         "not a service: no CMD, ENTRYPOINT or EXPOSE over "
                         "'%s', and %s:%u builds it under the local name "
                         "'%s', which nothing runs, re-tags or pushes: a "
                         "tool image",
                         base, t->im->at.path, t->im->at.line, t->im->tag);
}

/* A compose service that runs this Dockerfile gives it a command or an
 * entrypoint of its own. */
static bool compose_gives_command(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t i = 0; m && i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->compose && s->dockerfile &&
        strcmp(s->dockerfile, t->df->path) == 0 &&
        (rc_compose_get(s->compose, "command", NULL) ||
         rc_compose_get(s->compose, "entrypoint", NULL)))
      return true;
  }
  return false;
}

/* A build of the Dockerfile pushes its image from a file named for
 * releasing (release.yml, publish.yml): the project ships that image. */
static bool released(const struct rc_model *m, const char *dockerfile)
{
  for (size_t i = 0; m && i < m->entries.n_builds; i++) {
    const struct rc_build *b = &m->entries.builds[i];
    if (b->published && b->at.path && rc_workflow_deploy_named(b->at.path) &&
        (!b->dockerfile || strcmp(b->dockerfile, dockerfile) == 0))
      return true;
  }
  return false;
}

/* The Dockerfile's own name says it packages a tool for the code
 * (Dockerfile-formatter, lint.Dockerfile), it exposes no port, nothing
 * the repository deploys runs it, and no release pipeline pushes it: the
 * maintainers' tool, not a service. Says why, or NULL. */
const char *df_code_tool_image(struct run *r, const struct target *t)
{
  static const char *const words[] = {"formatter", "lint", "linter", "linters",
                                      NULL};
  const char *w = rc_role_name_word(t->df->path, words);
  if (!w || rc_dockerfile_inherited(t->df, t->stage, "EXPOSE") ||
      released(r->ctx->model, t->df->path))
    return NULL;
  const char *cu = df_compose_user(r, t), *ku = df_k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  return rc_arena_printf(r->a,
                         "not a service: its name says it is a tool for the "
                         "code ('%s'), it exposes no port, no release "
                         "pushes it and nothing runs it",
                         w);
}

/* The compose service gives no command or entrypoint, publishes no port,
 * and bind-mounts the repository itself (`../:/app` from .buildkite/).
 * The mount, or NULL. */
static const struct rc_mount *worktree_run(struct run *r,
                                           const struct rc_service *s)
{
  if (rc_compose_get(s->compose, "command", NULL) ||
      rc_compose_get(s->compose, "entrypoint", NULL) ||
      rc_compose_get(s->compose, "ports", NULL))
    return NULL;
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(s->compose, r->a, &mounts);
  for (size_t i = 0; i < n; i++)
    if (mounts[i].bind && mounts[i].path &&
        (!*mounts[i].path || strcmp(mounts[i].path, ".") == 0))
      return &mounts[i];
  return NULL;
}

/* The image has no CMD or ENTRYPOINT over a shell or REPL base, no
 * Kubernetes workload runs it, and every compose service that builds it
 * gives it no command, publishes no port and mounts the repository
 * itself (worktree_run): `compose up` would start the base's shell, which
 * exits at once, so the service is there for `compose run SERVICE CMD` to
 * run commands on the work tree (a CI step's container: packaging, a
 * release upload). Says why, or NULL. */
const char *df_worktree_container(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  const struct rc_dockerfile *f = t->df;
  if (!m || rc_dockerfile_inherited(f, t->stage, "CMD") ||
      rc_dockerfile_inherited(f, t->stage, "ENTRYPOINT"))
    return NULL;
  const char *base = rc_dockerfile_base_image(f, r->a, t->stage);
  const char *ku = df_k8s_user(r, t, true);
  if (!shell_base(r->a, base) || !ku || *ku)
    return NULL;
  const struct rc_service *first = NULL;
  const struct rc_mount *mount = NULL;
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (!s->compose || !s->dockerfile || strcmp(s->dockerfile, f->path) != 0)
      continue;
    const struct rc_mount *w = worktree_run(r, s);
    if (!w)
      return NULL; /* a service that may run as one */
    if (!first) {
      first = s;
      mount = w;
    }
  }
  if (!first)
    return NULL;
  return rc_arena_printf(r->a,
                         "not a service: no CMD or ENTRYPOINT over '%s', and "
                         "compose service '%s' gives none, publishes no port "
                         "and mounts the repository itself (%s:%u): it is "
                         "there for `compose run` to run commands on the "
                         "work tree",
                         base, first->name, mount->at.path, mount->at.line);
}

/* A RUN that only lays files out: each command (split at `&&` and `;`) is
 * mkdir, chmod, chown, ln, touch, cp, mv or rm. */
static bool files_only_run(struct rc_arena *a, const char *args)
{
  static const char *const tools[] = {"mkdir", "chmod", "chown", "ln", "touch",
                                      "cp",    "mv",    "rm",    NULL};
  char *buf = rc_arena_strdup(a, args), *save = NULL;
  for (char *c = strtok_r(buf, "&;", &save); c;
       c = strtok_r(NULL, "&;", &save)) {
    c += strspn(c, " \t\\\n");
    if (!*c)
      continue;
    size_t n = strcspn(c, " \t");
    bool known = false;
    for (size_t i = 0; tools[i] && !known; i++)
      known = strlen(tools[i]) == n && strncmp(c, tools[i], n) == 0;
    if (!known)
      return false;
  }
  return true;
}

/* The stage only carries files over a bare OS base: COPY, ADD and RUNs
 * that lay files out (files_only_run), with no CMD, ENTRYPOINT, EXPOSE,
 * HEALTHCHECK or USER of its own or inherited, and no compose service or
 * Kubernetes workload gives it a command. A data image: its container
 * (the base's shell, which exits at once without a terminal) only fills
 * the volume mounted over what it carries. No process runs in it to
 * judge. Says why, or NULL. */
const char *df_data_image(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  static const char *const kws[] = {"CMD",  "ENTRYPOINT", "HEALTHCHECK",
                                    "USER", "EXPOSE",     NULL};
  for (size_t i = 0; kws[i]; i++)
    if (rc_dockerfile_inherited(f, t->stage, kws[i]))
      return NULL;
  const char *base = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!base || !df_os_base(r->a, base))
    return NULL;
  bool carries = false;
  for (size_t i = f->st[t->stage].first; i < f->st[t->stage].end; i++) {
    const struct rc_df_instr *in = &f->in[i];
    if (strcmp(in->kw, "COPY") == 0 || strcmp(in->kw, "ADD") == 0)
      carries = true;
    else if (strcmp(in->kw, "RUN") == 0 && !files_only_run(r->a, in->args))
      return NULL;
    else if (strcmp(in->kw, "RUN") != 0 && strcmp(in->kw, "FROM") != 0 &&
             strcmp(in->kw, "ARG") != 0 && strcmp(in->kw, "LABEL") != 0 &&
             strcmp(in->kw, "ENV") != 0 && strcmp(in->kw, "WORKDIR") != 0 &&
             strcmp(in->kw, "VOLUME") != 0)
      return NULL;
  }
  const char *ku = df_k8s_user(r, t, true);
  if (!carries || !ku || *ku || compose_gives_command(r, t))
    return NULL; /* something runs it with a command of its own */
  return rc_arena_printf(r->a,
                         "not a service: a data image - it only carries "
                         "files over '%s', with no CMD, ENTRYPOINT or "
                         "EXPOSE, and nothing runs it with a command: its "
                         "container starts the base's shell, which exits at "
                         "once",
                         base);
}
