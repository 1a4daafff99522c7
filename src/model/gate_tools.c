/*
 * gate_tools.c - the tool families whose subcommand says what they gate
 * (go test, cargo clippy, make lint, docker build, terraform validate...):
 * one handler per family, looked up by the command's name.
 */
#include "readycheck/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/path.h"

#include "gate_parts.h"

bool gt_is(const char *s, const char *want)
{
  return s && strcmp(s, want) == 0;
}

static void go_words(const char *t, const char *const *w, size_t n,
                     struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  /* `go test -c -o /dev/null` compiles the test binary and throws it away
   * (a step that warms the build cache): no test. A binary kept (`-c -o
   * e2e.test`) may run later, and counts. */
  bool compile = false, discarded = false;
  for (size_t i = 2; i < n && !gt_is_op(w[i]); i++) {
    compile = compile || strcmp(w[i], "-c") == 0;
    discarded = discarded || strcmp(w[i], "-o=/dev/null") == 0 ||
                (strcmp(w[i], "-o") == 0 && i + 1 < n &&
                 strcmp(w[i + 1], "/dev/null") == 0);
  }
  bool compile_only = compile && discarded;
  if (gt_is(s, "test"))
    gt_hit(out, compile_only ? 0 : T, "go test");
  else if (gt_is(s, "vet"))
    gt_hit(out, L, "go vet");
  else if (gt_is(s, "build"))
    gt_hit(out, B, "go build");
}

/* cargo's subcommand, after a toolchain selector (`cargo +nightly clippy`,
 * `cargo +${{ steps.toolchain.outputs.name }} fmt`) and options. */
static const char *cargo_sub(const char *const *w, size_t n)
{
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++)
    if (w[i][0] != '-' && w[i][0] != '+')
      return w[i];
  return NULL;
}

/* Crystal: `crystal spec` tests, `crystal tool format --check` checks the
 * format (without --check it rewrites), `crystal build` builds. */
static void crystal_words(const char *t, const char *const *w, size_t n,
                          struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "spec"))
    gt_hit(out, T, "crystal spec");
  else if (gt_is(s, "tool") && gt_is(gt_sub(w, n, 2), "format") &&
           gt_checks(w, n))
    gt_hit(out, L, "crystal tool format --check");
  else if (gt_is(s, "build"))
    gt_hit(out, B, "crystal build");
}

static void cargo_words(const char *t, const char *const *w, size_t n,
                        struct rc_gate_hit *out)
{
  (void)t;
  const char *s = cargo_sub(w, n);
  if (gt_is(s, "test") || gt_is(s, "nextest"))
    gt_hit(out, T, "cargo test");
  else if (gt_is(s, "clippy"))
    gt_hit(out, gt_fixes(w, n) ? 0 : L, "cargo clippy");
  else if (gt_is(s, "fmt") && gt_checks(w, n))
    gt_hit(out, L, "cargo fmt --check");
  else if (gt_is(s, "audit") || gt_is(s, "deny"))
    gt_hit(out, S, "cargo audit");
  else if (gt_is(s, "build"))
    gt_hit(out, B, "cargo build");
  else if (gt_is(s, "tauri") && gt_has_word(w, n, "build"))
    gt_hit(out, B, "tauri build");
}

static void dotnet_words(const char *t, const char *const *w, size_t n,
                         struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "test"))
    gt_hit(out, T, "dotnet test");
  else if (s &&
           gt_in(s, (const char *const[]){"build", "publish", "pack", NULL}))
    gt_hit(out, B, "dotnet build");
  else if (gt_is(s, "format") && gt_checks(w, n))
    gt_hit(out, L, "dotnet format");
}

static void mix_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "test"))
    gt_hit(out, T, "mix test");
  else if ((gt_is(s, "format") && gt_checks(w, n)) || gt_is(s, "credo") ||
           gt_is(s, "dialyzer"))
    gt_hit(out, L, "mix format --check-formatted");
  else if (gt_is(s, "hex.audit") || gt_is(s, "deps.audit") ||
           gt_is(s, "sobelow"))
    gt_hit(out, S, "mix deps.audit");
  else if (gt_is(s, "release") || gt_is(s, "compile"))
    gt_hit(out, B, "mix release");
  else if (gt_is(s, "check"))
    /* ex_check's task (or an alias named for it): by default the
     * compiler, the formatter check, credo and the ExUnit suite */
    gt_hit(out, T | L, "mix check");
  else if (s && s[0] != '-') {
    /* a task or alias named for what it checks: `mix lint.all` (an alias
     * of credo in mix.exs), `mix test.unit` */
    struct rc_gate_hit h;
    rc_gate_of_name(s, &h);
    if (!h.fixer)
      gt_hit(out, h.gates, h.tool);
  }
}

static void rails_words(const char *t, const char *const *w, size_t n,
                        struct rc_gate_hit *out)
{
  const char *s = gt_sub(w, n, 1);
  if (s && (strncmp(s, "test", 4) == 0 || strncmp(s, "spec", 4) == 0))
    gt_hit(out, T, "rails test");
  else if (s && strstr(s, "assets:precompile"))
    gt_hit(out, B, "rails assets:precompile");
  else if (strcmp(t, "rake") == 0 && !s)
    gt_hit(out, T, "rake");
  else if (s) {
    /* a task named for what it checks: `rake lint:rb`, `rails rubocop`,
     * `rake bundle:audit` */
    struct rc_gate_hit h;
    rc_gate_of_name(s, &h);
    if (!h.fixer)
      gt_hit(out, h.gates, h.tool);
  }
}

/* Tools whose one subcommand gates: `manage.py test`, `composer audit`. */
static void one_sub_words(const char *t, const char *const *w, size_t n,
                          struct rc_gate_hit *out)
{
  static const struct {
    const char *tool, *sub, *shown;
    unsigned gates;
  } subs[] = {
      {"manage.py", "test", "manage.py test", T},
      {"artisan", "test", "artisan test", T},
      /* a Flask app's own CLI command (`@app.cli.command() def test()`,
       * which calls pytest): CI fails if the app defines none */
      {"flask", "test", "flask test", T},
      {"composer", "audit", "composer audit", S},
      {"bundle", "audit", "bundle audit", S},
      {"safety", "check", "safety check", S},
      {"safety", "scan", "safety check", S},
      {"setup.py", "test", "setup.py test", T},
      {"setup.py", "pytest", "setup.py test", T},
      {"pip", "wheel", "pip wheel", B},
      {"pip3", "wheel", "pip wheel", B},
  };
  const char *s = gt_sub(w, n, 1);
  for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
    if (strcmp(t, subs[i].tool) == 0 && gt_is(s, subs[i].sub))
      gt_hit(out, subs[i].gates, subs[i].shown);
}

static void ruff_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  bool format = gt_is(gt_sub(w, n, 1), "format");
  if (gt_fixes(w, n) || (format && !gt_checks(w, n)))
    out->fixer = true;
  else
    gt_hit(out, L, "ruff");
}

static void biome_words(const char *t, const char *const *w, size_t n,
                        struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  if (!s)
    return;
  if (gt_fixes(w, n) || (gt_is(s, "format") && !gt_checks(w, n)))
    out->fixer = true;
  else if (gt_in(s,
                 (const char *const[]){"check", "lint", "ci", "format", NULL}))
    gt_hit(out, L, "biome");
}

static void deno_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "test"))
    gt_hit(out, T, "deno test");
  else if (gt_is(s, "lint") || gt_is(s, "check") ||
           (gt_is(s, "fmt") && gt_checks(w, n)))
    gt_hit(out, L, "deno lint");
}

static void terraform_words(const char *t, const char *const *w, size_t n,
                            struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "validate") ||
      (gt_is(s, "fmt") && gt_has_prefix_word(w, n, "-check")))
    gt_hit(out, L, "terraform validate");
  else if (gt_is(s, "test"))
    gt_hit(out, T, "terraform test");
}

static void helm_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "lint"))
    gt_hit(out, L, "helm lint");
  else if (gt_is(s, "test") || gt_is(s, "unittest"))
    gt_hit(out, T, "helm test");
  else if (gt_is(s, "package"))
    gt_hit(out, B, "helm package");
  else if (gt_is(s, "template")) /* a chart's build is its rendering */
    gt_hit(out, B, "helm template");
}

static void ct_words(const char *t, const char *const *w, size_t n,
                     struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "lint"))
    gt_hit(out, L, "ct lint");
  else if (gt_is(s, "install") || gt_is(s, "lint-and-install"))
    gt_hit(out, T | L | B, "ct install"); /* packages and installs the charts */
}

static void pre_commit_words(const char *t, const char *const *w, size_t n,
                             struct rc_gate_hit *out)
{
  (void)t;
  if (gt_is(gt_sub(w, n, 1), "run"))
    gt_hit(out, L, "pre-commit run");
}

/* turbo run build: the task names what runs in every package */
static void monorepo_words(const char *t, const char *const *w, size_t n,
                           struct rc_gate_hit *out)
{
  (void)t;
  if (!gt_sub(w, n, 1))
    return;
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
    if (w[i][0] == '-' || strcmp(w[i], "run") == 0 ||
        strcmp(w[i], "run-many") == 0 || strcmp(w[i], "affected") == 0)
      continue;
    struct rc_gate_hit h = {0};
    rc_gate_of_name(w[i], &h);
    gt_hit(out, h.gates, h.tool);
  }
}

/* A tox or nox environment named for an interpreter runs the default
 * test environment: `py` (the Python tox runs on), `py3`, `py312`,
 * `pypy3`, `py311-django42` (factors after a dash). */
static bool python_env(const char *e)
{
  if (strncmp(e, "pypy", 4) == 0)
    e += 4;
  else if (strncmp(e, "py", 2) == 0)
    e += 2;
  else
    return false;
  while (isdigit((unsigned char)*e) || *e == '.')
    e++;
  return *e == '\0' || *e == '-';
}

/* tox -e lint,py312 / nox -s tests: the environments' names; none named
 * runs the default list, the tests */
static void tox_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  /* t is the caller's buffer: the hit keeps a name that outlives it */
  const char *tool = strcmp(t, "nox") == 0 ? "nox" : "tox";
  bool named = false;
  for (size_t i = 1; i + 1 < n && !gt_is_op(w[i]); i++) {
    if (strcmp(w[i], "-e") != 0 && strcmp(w[i], "-s") != 0 &&
        strcmp(w[i], "--sessions") != 0 && strcmp(w[i], "--session") != 0)
      continue;
    named = true;
    char envs[256];
    snprintf(envs, sizeof(envs), "%s", w[i + 1]);
    for (char *save = NULL, *tok = strtok_r(envs, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
      struct rc_gate_hit h = {0};
      rc_gate_of_name(tok, &h);
      bool py = python_env(tok);
      gt_hit(out, h.gates ? h.gates : py ? T : 0, tool);
    }
  }
  if (!named)
    gt_hit(out, T, tool);
}

static void node_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  if (gt_has_word(w, n, "--test"))
    gt_hit(out, T, "node --test");
}

/* unresolved make: the targets' names; no target builds */
static void make_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  bool any = false;
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
    if (w[i][0] == '-' || strchr(w[i], '=')) {
      if (strcmp(w[i], "-C") == 0 || strcmp(w[i], "-f") == 0 ||
          strcmp(w[i], "-j") == 0)
        i++;
      continue;
    }
    struct rc_gate_hit h = {0};
    rc_gate_of_name(w[i], &h);
    if (!h.gates && strcmp(w[i], "check") == 0)
      h.gates = T, h.tool = "make check";
    gt_hit(out, h.gates, h.tool);
    any = true;
  }
  if (!any)
    gt_hit(out, B, "make");
}

/* Task runners whose arguments are task names, like make's: `npx grunt
 * lint`, `gulp test`, `task lint` (go-task), `just test`, `mage lint`,
 * `inv test` (Python's invoke). */
static void task_runner_words(const char *t, const char *const *w, size_t n,
                              struct rc_gate_hit *out)
{
  (void)t;
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
    if (w[i][0] == '-' || strchr(w[i], '='))
      continue;
    struct rc_gate_hit h = {0};
    rc_gate_of_name(w[i], &h);
    gt_hit(out, h.gates, h.tool);
  }
}

/* earthly +test / earthly ./svc+lint: each target named after its `+`
 * says what it gates, as a task runner's names do; a target that says
 * nothing builds (an image, an artifact). */
static void earthly_words(const char *t, const char *const *w, size_t n,
                          struct rc_gate_hit *out)
{
  (void)t;
  unsigned before = out->gates;
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
    const char *plus = w[i][0] == '-' ? NULL : strrchr(w[i], '+');
    if (!plus || !plus[1])
      continue;
    struct rc_gate_hit h = {0};
    rc_gate_of_name(plus + 1, &h);
    gt_hit(out, h.gates, h.tool);
  }
  if (out->gates == before)
    gt_hit(out, B, "earthly");
}

/* dagger call test / dagger -m ./ci call lint: the module function named
 * says what it gates; `dagger run CMD` runs CMD with an engine at hand. */
static void dagger_words(const char *t, const char *const *w, size_t n,
                         struct rc_gate_hit *out)
{
  (void)t;
  static const char *const valued[] = {"-m", "--mod",    "--progress",
                                       "-o", "--output", NULL};
  bool called = false;
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
    if (gt_in(w[i], valued)) {
      i++;
      continue;
    }
    if (w[i][0] == '-')
      continue;
    if (!called && strcmp(w[i], "run") == 0) {
      if (i + 1 < n)
        rc_gate_of_command(w + i + 1, n - i - 1, out);
      return;
    }
    if (!called && (strcmp(w[i], "call") == 0 || strcmp(w[i], "do") == 0)) {
      called = true;
      continue;
    }
    if (called) {
      struct rc_gate_hit h = {0};
      rc_gate_of_name(w[i], &h);
      gt_hit(out, h.gates, h.tool);
      return;
    }
  }
}

static void cmake_words(const char *t, const char *const *w, size_t n,
                        struct rc_gate_hit *out)
{
  (void)t;
  if (gt_has_word(w, n, "--build"))
    gt_hit(out, B, "cmake --build");
}

/* Build tools whose subcommands share names: bazel test, sbt assembly. */
static void build_tool_words(const char *t, const char *const *w, size_t n,
                             struct rc_gate_hit *out)
{
  (void)t;
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "test") || gt_is(s, "check"))
    gt_hit(out, T, "test");
  else if (s && gt_in(s, (const char *const[]){"build", "package", "assembly",
                                               "uberjar", "compile", NULL}))
    gt_hit(out, B, "build");
  else if (gt_is(s, "lint"))
    gt_hit(out, L, "lint");
}

/* Flutter and Dart: `flutter analyze` / `dart analyze` run Dart's static
 * analyser with the lints of analysis_options.yaml (the project's linter,
 * failing on errors and, by default, warnings); `dart format
 * --set-exit-if-changed` checks the format, plain `dart format` rewrites.
 * The rest is a build tool's: test, build. */
static void dart_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "analyze"))
    gt_hit(out, L, strcmp(t, "dart") == 0 ? "dart analyze" : "flutter analyze");
  else if (gt_is(s, "format")) {
    if (gt_has_word(w, n, "--set-exit-if-changed"))
      gt_hit(out, L, "dart format");
    else
      out->fixer = true;
  } else
    build_tool_words(t, w, n, out);
}

/* sbt runs every task it is given, in turn (`sbt scalafmtCheckAll test
 * doc`, `sbt core/test`): each says what it gates. */
static void sbt_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  (void)t;
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
    const char *task = strrchr(w[i], '/') ? strrchr(w[i], '/') + 1 : w[i];
    if (w[i][0] == '-' || w[i][0] == '+')
      continue;
    if (gt_is(task, "test") || gt_is(task, "check") || gt_is(task, "it:test"))
      gt_hit(out, T, "test");
    else if (strncmp(task, "scalafmtCheck", 13) == 0 ||
             strncmp(task, "scalafmtSbtCheck", 16) == 0 ||
             strncmp(task, "scalastyle", 10) == 0 || gt_is(task, "lint"))
      gt_hit(out, L, task);
    else if (gt_in(task, (const char *const[]){"package", "assembly", "compile",
                                               "executable", "dist", NULL}))
      gt_hit(out, B, "build");
  }
}

/* `nix flake check` runs every check of the flake; `nix build
 * .#checks.x86_64-linux.golangci-lint` runs one, named after what it
 * checks. */
static void nix_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  const char *s = gt_sub(w, n, 1);
  if (gt_is(s, "flake") && gt_is(gt_sub(w, n, 2), "check")) {
    gt_hit(out, T, "nix flake check");
    return;
  }
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
    const char *c = strstr(w[i], "#checks.");
    if (!c)
      continue;
    const char *name = strrchr(c, '.') + 1;
    rc_gate_of_name(name, out);
    if (!out->gates)
      gt_hit(out, T, "nix check");
    return;
  }
  build_tool_words(t, w, n, out);
}

static void python_words(const char *t, const char *const *w, size_t n,
                         struct rc_gate_hit *out)
{
  (void)t;
  gt_python_module(w, n, out);
}

static void python_build_words(const char *t, const char *const *w, size_t n,
                               struct rc_gate_hit *out)
{
  if (gt_is(gt_sub(w, n, 1), "build"))
    gt_hit(out, B, "python build");
  /* hatch test and rye test run the project's pytest suite */
  else if (gt_is(gt_sub(w, n, 1), "test") &&
           (strcmp(t, "hatch") == 0 || strcmp(t, "rye") == 0))
    gt_hit(out, T, strcmp(t, "hatch") == 0 ? "hatch test" : "rye test");
}

static void php_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  (void)t;
  if (gt_has_word(w, n, "-l"))
    gt_hit(out, L, "php -l");
}

static void container_words(const char *t, const char *const *w, size_t n,
                            struct rc_gate_hit *out)
{
  const char *s = gt_sub(w, n, 1);
  bool standalone = strstr(t, "compose") != NULL; /* docker-compose */
  bool compose = standalone || gt_is(s, "compose");
  size_t j = gt_skip_container_opts(w, n, compose && !standalone ? 2 : 1);
  const char *c = j < n ? w[j] : NULL;
  if (!c)
    return;
  if (compose && (strcmp(c, "build") == 0 ||
                  (strcmp(c, "up") == 0 && gt_has_word(w, n, "--build"))))
    gt_hit(out, B, "docker compose build");
  else if (!compose &&
           (strcmp(c, "build") == 0 ||
            ((strcmp(c, "buildx") == 0 || strcmp(c, "image") == 0) &&
             (gt_has_word(w, n, "build") || gt_has_word(w, n, "bake")))))
    gt_hit(out, B, "docker build");
  else if (!compose && strcmp(c, "scout") == 0)
    gt_hit(out, S, "docker scout");
}

static const struct {
  const char *const *names;
  tool_fn *fn;
} tool_table[] = {
    {(const char *const[]){"go", NULL}, go_words},
    {(const char *const[]){"crystal", NULL}, crystal_words},
    {(const char *const[]){"cargo", NULL}, cargo_words},
    {(const char *const[]){"dotnet", NULL}, dotnet_words},
    {(const char *const[]){"mix", NULL}, mix_words},
    {(const char *const[]){"rails", "rake", NULL}, rails_words},
    {(const char *const[]){"manage.py", "artisan", "composer", "bundle",
                           "safety", "setup.py", "pip", "pip3", "flask", NULL},
     one_sub_words},
    {(const char *const[]){"ruff", NULL}, ruff_words},
    {(const char *const[]){"biome", NULL}, biome_words},
    {(const char *const[]){"deno", NULL}, deno_words},
    {(const char *const[]){"terraform", "tofu", NULL}, terraform_words},
    {(const char *const[]){"helm", NULL}, helm_words},
    {(const char *const[]){"ct", NULL}, ct_words},
    {(const char *const[]){"pre-commit", "prek", NULL}, pre_commit_words},
    {(const char *const[]){"turbo", "nx", "lerna", NULL}, monorepo_words},
    {(const char *const[]){"tox", "nox", NULL}, tox_words},
    {(const char *const[]){"node", NULL}, node_words},
    {(const char *const[]){"make", "gmake", NULL}, make_words},
    {(const char *const[]){"grunt", "gulp", "task", "go-task", "just", "mage",
                           "jake", "inv", "invoke", NULL},
     task_runner_words},
    {(const char *const[]){"cmake", NULL}, cmake_words},
    {(const char *const[]){"earthly", NULL}, earthly_words},
    {(const char *const[]){"dagger", NULL}, dagger_words},
    {(const char *const[]){"sbt", NULL}, sbt_words},
    {(const char *const[]){"bazel", "bazelisk", "buck", "buck2", "pants",
                           "lein", "stack", "cabal", "zig", "meson", "swift",
                           NULL},
     build_tool_words},
    {(const char *const[]){"flutter", "dart", NULL}, dart_words},
    {(const char *const[]){"nix", NULL}, nix_words},
    {(const char *const[]){"python", "python3", "py", NULL}, python_words},
    {(const char *const[]){"poetry", "uv", "hatch", "pdm", "flit", "rye", NULL},
     python_build_words},
    {(const char *const[]){"php", NULL}, php_words},
    {(const char *const[]){"docker", "podman", "nerdctl", "docker-compose",
                           "podman-compose", NULL},
     container_words},
};

tool_fn *gt_tool_handler(const char *t)
{
  for (size_t i = 0; i < sizeof(tool_table) / sizeof(tool_table[0]); i++)
    if (gt_in(t, tool_table[i].names))
      return tool_table[i].fn;
  if (strncmp(t, "python3.", 8) == 0)
    return python_words;
  return NULL;
}
