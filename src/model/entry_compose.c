/*
 * entry_compose.c - compose file chains: `docker compose -f a -f b`,
 * `docker stack deploy -c`, COMPOSE_FILE, and whether the chain deploys.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <string.h>

#include "readycheck/entry.h"
#include "readycheck/mem.h"

#include "entry_scan.h"

static void add_chain(struct scan *sc, const char **files, size_t n,
                      bool unresolved)
{
  struct rc_entries *e = sc->out;
  if (sc->cwd == en_OUTSIDE)
    return; /* another checkout's compose files */
  rc_grow((void **)&e->chains, &e->cap_chains, e->n_chains, sizeof(*e->chains));
  const char **copy = rc_arena_alloc(sc->a, (n ? n : 1) * sizeof(*copy));
  /* a name the script computed from its own location ("$SCRIPT_DIR/../
   * docker-compose.yml") is root-relative: so are the others then */
  bool rooted = false;
  for (size_t i = 0; i < n; i++)
    rooted = rooted || strncmp(files[i], ROOT_MARK, strlen(ROOT_MARK)) == 0;
  for (size_t i = 0; i < n; i++) {
    const char *f = rooted ? en_resolve(sc, sc->cwd, files[i]) : files[i];
    copy[i] = rc_arena_strdup(sc->a, f ? f : files[i]);
    if (!f)
      unresolved = true;
  }
  e->chains[e->n_chains++] =
      (struct rc_chain){copy,
                        n,
                        rooted ? "" : sc->cwd,
                        {sc->path, sc->line},
                        sc->role,
                        unresolved,
                        sc->mk_file && sc->indent > 0 ? sc->mk_shortcut : NULL,
                        false,
                        false};
}

static void add_up(struct scan *sc, const char *file)
{
  struct rc_entries *e = sc->out;
  if (sc->cwd == en_OUTSIDE)
    return;
  rc_grow((void **)&e->ups, &e->cap_ups, e->n_ups, sizeof(*e->ups));
  e->ups[e->n_ups++] = (struct rc_up){
      sc->cwd,
      file ? rc_arena_strdup(sc->a, file) : NULL,
      {sc->path, sc->line},
      sc->role,
      sc->markdown && sc->section_deploys,
      sc->markdown && sc->section_local,
      sc->markdown && !sc->section_offers_file ? sc->section_pulls : NULL,
      sc->markdown && !sc->doc_local && !sc->section_dev_prose &&
          rc_role_path_says_deploy(sc->path)};
}

/* The chain being added says it deploys: `docker stack deploy`, a
 * Makefile rule named for deploying or production, a document's section
 * about deploying or installing. */
static bool chain_deploys(const struct scan *sc, bool stack)
{
  if (stack)
    return true;
  if (sc->markdown)
    return sc->section_deploys;
  if (!sc->mk_file || sc->indent == 0 || !sc->mk_rule)
    return false;
  char *targets = rc_arena_strdup(sc->tmp, sc->mk_rule);
  for (char *save = NULL, *t = strtok_r(targets, " \t", &save); t;
       t = strtok_r(NULL, " \t", &save))
    if (rc_role_name_is_production(t))
      return true;
  return false;
}

/* Compose's global options that take a value; the first other word is the
 * subcommand, whose own -f means --force. */
static bool compose_valued_option(const char *w)
{
  static const char *const opts[] = {
      "-p",         "--project-name", "--project-directory",
      "--env-file", "--profile",      "--ansi",
      "--progress", "--parallel",     NULL};
  for (size_t i = 0; opts[i]; i++)
    if (strcmp(w, opts[i]) == 0)
      return true;
  return false;
}

/* docker compose [global options] COMMAND, or docker stack deploy -c FILE
 * ... NAME (its options come anywhere). */
size_t en_compose_args(struct scan *sc, const char **w, size_t n, size_t i,
                       bool stack)
{
  const char *files[64];
  size_t nf = 0;
  bool unresolved = false;
  const char *short_f = stack ? "-c" : "-f";
  const char *long_f = stack ? "--compose-file" : "--file";
  size_t ll = strlen(long_f);
  for (; i < n && !en_is_op(w[i]); i++) {
    const char *v = NULL;
    if ((strcmp(w[i], short_f) == 0 || strcmp(w[i], long_f) == 0) && i + 1 < n)
      v = w[++i];
    else if (strncmp(w[i], long_f, ll) == 0 && w[i][ll] == '=')
      v = w[i] + ll + 1;
    else if (!stack && compose_valued_option(w[i]))
      i++;
    else if (!stack && w[i][0] != '-')
      break; /* the subcommand */
    if (!v)
      continue;
    if (en_has_var(en_strip_workspace(v)))
      unresolved = true;
    else if (nf < 64)
      files[nf++] = en_strip_workspace(v);
  }
  const char *sub = i < n && !en_is_op(w[i]) ? w[i] : NULL;
  for (; i < n && !en_is_op(w[i]); i++)
    ;
  /* a document's `up` of one file under a development heading says how a
   * developer runs it; whether that file is also the deployment is the
   * model's to weigh (devstacks.c, documented local runs) */
  bool up = !stack && sc->markdown && !unresolved && nf <= 1 && sub &&
            strcmp(sub, "up") == 0;
  /* a deploy, install or setup script's plain `docker compose up -d`
   * (`setup.sh`, `deploy/run.sh`) runs its folder's compose file for real */
  bool script_up =
      !stack && !sc->markdown && !sc->mk_file && nf == 0 && !unresolved &&
      sub && strcmp(sub, "up") == 0 && sc->role == RC_ROLE_PRODUCTION &&
      !rc_pipeline_is_ci(sc->path) && rc_role_path_says_deploy(sc->path);
  if (script_up) {
    size_t before = sc->out->n_ups;
    add_up(sc, NULL);
    if (sc->out->n_ups > before)
      sc->out->ups[before].deploys = true;
  } else if (up && (nf == 0 || sc->role != RC_ROLE_PRODUCTION)) {
    add_up(sc, nf ? files[0] : NULL);
  } else if (nf || unresolved) {
    size_t before = sc->out->n_chains;
    add_chain(sc, files, nf, unresolved);
    if (sc->out->n_chains > before) {
      sc->out->chains[before].deploys = chain_deploys(sc, stack);
      sc->out->chains[before].stack = stack;
    }
  }
  return i;
}

/* v starts with a compose command: `docker compose`, `docker-compose`,
 * `podman compose`, `podman-compose`, behind an optional `sudo`. */
bool en_compose_command(const char *v)
{
  static const char *const cmds[] = {"docker compose",  "docker-compose",
                                     "podman compose",  "podman-compose",
                                     "nerdctl compose", NULL};
  if (strncmp(v, "sudo ", 5) == 0)
    v += 5 + strspn(v + 5, " ");
  for (size_t i = 0; cmds[i]; i++) {
    size_t n = strlen(cmds[i]);
    if (strncmp(v, cmds[i], n) == 0 &&
        (v[n] == '\0' || v[n] == ' ' || v[n] == '\t'))
      return true;
  }
  return false;
}

/* A script keeps the compose command in a variable and runs it through
 * the variable (`docker_compose="docker compose"; $docker_compose -f
 * x.yml up`, `COMPOSE="docker-compose -f deploy.yml"; ${COMPOSE} up -d`):
 * raw is an assignment's value as written. The command it holds (quotes
 * taken off, known variables filled in) when it is a compose command,
 * else NULL. The variable then stands for it in later lines, and the
 * value is read as the command it is: a script that builds its command
 * in steps (`command="$docker_compose -f docker-compose.yml"`) runs the
 * files it names. */
const char *en_compose_value(struct scan *sc, const char *raw)
{
  if (!strstr(raw, "compose") && !strchr(raw, '$'))
    return NULL;
  const char *v = en_substitute(sc, raw);
  size_t len;
  if (v[0] == '"' || v[0] == '\'') {
    const char *close = strchr(v + 1, v[0]);
    if (!close)
      return NULL;
    len = (size_t)(close - v - 1);
    v++;
  } else {
    len = strcspn(v, " \t;&|");
  }
  const char *cmd = rc_arena_strndup(sc->tmp, v, len);
  if (!en_compose_command(cmd) || strchr(cmd, '`') || strstr(cmd, "$("))
    return NULL;
  return cmd;
}

/* COMPOSE_FILE=a.yml:b.yml (or `COMPOSE_FILE: a:b` in YAML). */
/* The file being read tests whether the file a variable names exists
 * (`[ ! -f "$COMPOSE_FILE" ]`, `test -e ${COMPOSE_FILE}`): the script
 * picks among candidates or stops with its own message, so the first
 * value is not a path it must find. */
static bool tests_existence(const struct scan *sc, const char *var)
{
  static const char *const opens[] = {"[ ", "[[ ", "test ", NULL};
  static const char *const nots[] = {"", "! ", NULL};
  static const char *const ops[] = {"-f ", "-e ", "-s ", "-r ", NULL};
  static const char *const quotes[] = {"\"", "", NULL};
  if (!sc->text)
    return false;
  for (size_t o = 0; opens[o]; o++)
    for (size_t n = 0; nots[n]; n++)
      for (size_t k = 0; ops[k]; k++)
        for (size_t q = 0; quotes[q]; q++)
          for (int braced = 0; braced < 2; braced++) {
            char pat[160];
            int len = snprintf(pat, sizeof(pat), "%s%s%s%s$%s%s%s", opens[o],
                               nots[n], ops[k], quotes[q], braced ? "{" : "",
                               var, braced ? "}" : "");
            if (len > 0 && (size_t)len < sizeof(pat) &&
                memmem(sc->text, sc->text_len, pat, (size_t)len))
              return true;
          }
  return false;
}

void en_scan_compose_file_var(struct scan *sc, const char *line)
{
  const char *p = strstr(line, "COMPOSE_FILE");
  if (!p || (p > line && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
    return;
  p += 12;
  while (*p == ' ' || *p == '"' || *p == '\'')
    p++;
  /* `=`, YAML's `:`, and make's and just's `:=`, `?=` */
  if (*p == '?' && p[1] == '=')
    p++;
  if (*p != '=' && *p != ':')
    return;
  p += p[0] == ':' && p[1] == '=' ? 2 : 1;
  while (*p == ' ' || *p == '"' || *p == '\'')
    p++;
  size_t len = strcspn(p, " \t\"'\r\n#");
  if (!len)
    return;
  char *val = rc_arena_strndup(sc->tmp, p, len);
  const char *files[64];
  size_t nf = 0;
  bool unresolved = en_has_var(val);
  for (char *save = NULL, *tok = strtok_r(val, ":;", &save); tok && nf < 64;
       tok = strtok_r(NULL, ":;", &save))
    files[nf++] = tok;
  if (nf && !unresolved && !tests_existence(sc, "COMPOSE_FILE"))
    add_chain(sc, files, nf, false);
}
