/*
 * entry_make.c - Makefiles: plain variable assignments, and the rule
 * being read (named for development or tests, run by CI or not).
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/vars.h"

#include "entry_scan.h"

static bool word_char(char c)
{
  return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* A CI file names the make target as a word (`make build-on-debian-dev`):
 * CI runs it, so what it builds is published, whatever its name says.
 * Also a script's path (`bash ./docker/push.sh`). */
static bool ci_names_target(struct scan *sc, const char *target)
{
  size_t n = strlen(target);
  for (size_t i = 0; sc->ci_files && i < sc->ci_files->n; i++) {
    const struct rc_entry *e = sc->ci_files->at[i];
    const char *data;
    size_t len;
    char err[128];
    if (rc_entry_size(sc->idx, e) > MAX_FILE_BYTES ||
        rc_index_read(sc->idx, e, &data, &len, err, sizeof(err)) != 0)
      continue;
    for (const char *p = data, *end = data + len;
         (p = memmem(p, (size_t)(end - p), target, n)) != NULL; p += n) {
      bool starts = p == data || !word_char(p[-1]);
      bool ends = p + n == end || !word_char(p[n]);
      if (starts && ends)
        return true;
    }
  }
  return false;
}

bool en_ci_runs_file(struct scan *sc)
{
  for (size_t i = 0; sc->ci_files && i < sc->ci_files->n; i++)
    if (strcmp(sc->ci_files->at[i]->path, sc->path) == 0)
      return true;
  return ci_names_target(sc, sc->path);
}

/* Another line of the Makefile than the rule's own and `.PHONY:` names
 * the target as a word: a prerequisite, `$(MAKE) target`, a variable. */
static bool named_in_makefile(struct scan *sc, const char *target)
{
  size_t n = strlen(target);
  const char *data = sc->text, *end = sc->text ? sc->text + sc->text_len : NULL;
  for (const char *p = data;
       p && (p = memmem(p, (size_t)(end - p), target, n)) != NULL; p += n) {
    if ((p > data && word_char(p[-1])) || (p + n < end && word_char(p[n])))
      continue;
    const char *line = p;
    while (line > data && line[-1] != '\n')
      line--;
    if (strncmp(line, ".PHONY", 6) == 0 || line[0] == '#' ||
        (line == p && p + n < end && p[n] == ':'))
      continue;
    return true;
  }
  return false;
}

/* A rule name's words, in each of its `/` parts (`test/server`,
 * `docker-test`). */
static bool rule_named(struct scan *sc, const char *rule,
                       const char *const *words)
{
  char *copy = rc_arena_strdup(sc->tmp, rule);
  for (char *save = NULL, *part = strtok_r(copy, "/", &save); part;
       part = strtok_r(NULL, "/", &save))
    if (rc_role_name_word(part, words))
      return true;
  return false;
}

/* A Makefile rule line (`build-dev: deps`, not `X := y`) starts a rule:
 * its target named for development (build-dev, run-local, debug) that no
 * CI file runs, kept for the builds of its recipe (images.c's build_role
 * weighs it with the Dockerfile's own name). */
void en_mk_rule_line(struct scan *sc, const char *line)
{
  static const char *const words[] = {"dev",   "develop", "development",
                                      "local", "debug",   NULL};
  const char *colon = strchr(line, ':');
  const char *eq = strchr(line, '=');
  if (!colon || colon[1] == '=' || (eq && eq < colon) || line[0] == '#' ||
      line[0] == '.')
    return;
  char *targets = rc_arena_strndup(sc->tmp, line, (size_t)(colon - line));
  sc->mk_rule =
      strpbrk(targets, "%$") ? NULL : rc_arena_strdup(sc->tmp, targets);
  static const char *const test_words[] = {"test", "tests", "e2e", NULL};
  static const char *const clusters[] = {"kind", "k3d", "minikube", NULL};
  /* `helm: --ensure-kind-cluster --kind-load-images`: what it installs
   * goes into a throwaway cluster on the developer's machine */
  sc->mk_local_cluster = false;
  char *all = rc_arena_strdup(sc->tmp, line);
  for (char *save = NULL, *t = strtok_r(all, " \t:", &save);
       t && !sc->mk_local_cluster; t = strtok_r(NULL, " \t:", &save))
    sc->mk_local_cluster = rc_role_name_word(t, clusters) != NULL;
  sc->mk_dev_rule = NULL;
  sc->mk_shortcut = NULL;
  /* the rule's first target, run by hand only: what it builds is the
   * developer's unless nothing else builds the project's image (images.c) */
  char *rest = NULL;
  const char *first = strtok_r(rc_arena_strdup(sc->tmp, targets), " \t", &rest);
  sc->mk_local_rule = first && !strpbrk(first, "%$") &&
                              !ci_names_target(sc, first) &&
                              !named_in_makefile(sc, first)
                          ? rc_arena_strdup(sc->a, first)
                          : NULL;
  for (char *save = NULL, *t = strtok_r(targets, " \t", &save);
       t && !sc->mk_dev_rule; t = strtok_r(NULL, " \t", &save)) {
    bool dev = rc_role_name_word(t, words);
    if ((!dev && (sc->mk_shortcut || !rule_named(sc, t, test_words))) ||
        ci_names_target(sc, t))
      continue;
    if (dev)
      sc->mk_dev_rule = rc_arena_strdup(sc->a, t);
    if (!sc->mk_shortcut)
      sc->mk_shortcut = rc_arena_strdup(sc->a, t);
  }
}

bool en_is_makefile(const char *name)
{
  size_t n = strlen(name);
  return strcmp(name, "Makefile") == 0 || strcmp(name, "makefile") == 0 ||
         strcmp(name, "GNUmakefile") == 0 ||
         (n > 3 && strcmp(name + n - 3, ".mk") == 0);
}

/* A value without variables, or an image whose variables are only in its
 * tag (`TAG ?= "acme/operator:$(VERSION)"`): the repository is what names
 * the image the deployment runs. */
static bool literal_value(const char *q, size_t v)
{
  const char *dollar = memchr(q, '$', v);
  if (!dollar)
    return true;
  const char *colon = NULL;
  for (const char *p = q; p < dollar; p++)
    if (*p == ':')
      colon = p;
  return colon && memchr(q, '/', (size_t)(colon - q)) != NULL;
}

/* `COMPOSE := docker compose -f deploy/docker-compose.yml`: the compose
 * command the recipes run as `$(COMPOSE) up -d`, with no variable left in
 * it (one that is stays unresolved in the recipe, as it was). Cuts q at a
 * trailing comment and blanks. */
static bool compose_command_value(char *q)
{
  if (!en_compose_command(q) || strchr(q, '$'))
    return false;
  size_t v = strcspn(q, "#\r");
  while (v && (q[v - 1] == ' ' || q[v - 1] == '\t'))
    v--;
  q[v] = '\0';
  return true;
}

/* A Makefile's plain assignments at the start of a line, `FRONTEND_DIR ?=
 * frontend`, `TAG := v1` (one word, no variable in it), or a compose
 * command: what its recipes' `$(FRONTEND_DIR)` stands for. The last assignment
 * wins, as make reads them before any recipe runs. */
void en_make_vars(struct scan *sc, const char *data, size_t len)
{
  for (const char *p = data; p < data + len;) {
    const char *end = memchr(p, '\n', (size_t)(data + len - p));
    size_t n = end ? (size_t)(end - p) : (size_t)(data + len - p);
    char *line = rc_arena_strndup(sc->tmp, p, n);
    p = end ? end + 1 : data + len;
    if (strncmp(line, "export ", 7) == 0)
      line += 7;
    size_t k = 0;
    while (isalnum((unsigned char)line[k]) || line[k] == '_')
      k++;
    if (!k)
      continue;
    char *q = line + k;
    while (*q == ' ' || *q == '\t')
      q++;
    if ((q[0] == '?' || q[0] == ':') && q[1] == '=')
      q++;
    else if (q[0] == ':' && q[1] == ':' && q[2] == '=')
      q += 2;
    if (*q != '=')
      continue;
    q++;
    while (*q == ' ' || *q == '\t')
      q++;
    size_t v = strcspn(q, " \t\r#");
    if (compose_command_value(q)) {
      line[k] = '\0';
      rc_vars_set(&sc->mk, line, q);
      continue;
    }
    if (!v || q[v + strspn(q + v, " \t\r")] != '\0' || !literal_value(q, v))
      continue;
    line[k] = '\0';
    q[v] = '\0';
    rc_vars_set(&sc->mk, line, q);
  }
}
