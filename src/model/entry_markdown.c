/*
 * entry_markdown.c - Markdown documents: fences, inline code spans, and
 * the role a section's heading and text give the commands under it.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/imageref.h"
#include "readycheck/buf.h"
#include "readycheck/mem.h"

#include "entry_scan.h"

/* The role a Markdown heading's words give the section under it: a
 * README's "Development", "Contributing", "Running locally" or "Running
 * the tests" runs a developer's stack, not the deployment. */
static bool starts_word(const char *text, const char *const *words)
{
  for (size_t i = 0; words[i]; i++)
    for (const char *at = rc_str_find_ci(text, words[i]); at;
         at = rc_str_find_ci(at + 1, words[i]))
      if (at == text || !isalnum((unsigned char)at[-1]))
        return true;
  return false;
}

/* A heading about running the project for real: "Deployment",
 * "Installation", "Self-hosting", "Production", "Hosting", or with Docker
 * ("### Using docker compose") when no development or test word says it
 * is the developers'. */
static bool heading_deploys(const char *text)
{
  static const char *const words[] = {
      "deploy",  "install", "self-host", "selfhost", "self host", "production",
      "hosting", "upgrad",  "docker",    "compose",  NULL};
  return starts_word(text, words);
}

static enum rc_role heading_role(const char *text)
{
  static const char *const dev[] = {"develop", "contribut",   "hacking",
                                    "locally", "local setup", NULL};
  static const char *const test[] = {"test", NULL};
  if (starts_word(text, test))
    return RC_ROLE_NONPROD;
  if (starts_word(text, dev))
    return RC_ROLE_DEVELOPMENT;
  return RC_ROLE_PRODUCTION;
}

/* A section's own text says the setup it walks through is a developer's or
 * runs on the reader's machine ("For development purposes, continue here",
 * "The main compose file for running the app locally", "a functional
 * environment in your local computer"): whatever its heading says about
 * installing or Docker, its commands are no evidence of a deployment. */
static bool prose_for_development(const char *text)
{
  static const char *const words[] = {"locally",
                                      "local machine",
                                      "local computer",
                                      "local environment",
                                      "for development",
                                      "development purpose",
                                      "tests and development",
                                      "testing and development",
                                      NULL};
  return starts_word(text, words);
}

/* The opening of a document (its title's section) says the compose stack
 * it documents is a developer's or a test's ("We include a compose stack
 * for development and CI purposes"): the sections after it walk through
 * that stack, whatever their headings say about Docker. */
static bool opening_compose_for_development(const struct scan *sc,
                                            const char *text)
{
  static const char *const stack[] = {"compose", NULL};
  return sc->section_level <= 1 && starts_word(text, stack) &&
         prose_for_development(text);
}

/* A prose line that offers the repository's own compose file beside the
 * one it writes out ("Use the provided `docker-compose.yml` or create
 * your own", a link to ./docker-compose.yml): the section's `up` may run
 * either, so the committed file stays the one it runs. */
static bool offers_committed_compose(const char *text)
{
  static const char *const offers[] = {
      "provided", "included", "in this repo", "in the repo", "](./", NULL};
  if (!rc_str_find_ci(text, "compose"))
    return false;
  for (size_t i = 0; offers[i]; i++)
    if (rc_str_find_ci(text, offers[i]))
      return true;
  return false;
}

/* The service of the fenced compose file just read: one it runs from an
 * image without building it joins the section's list. */
static void snippet_service_done(struct scan *sc)
{
  if (sc->snip_name && sc->snip_image && !sc->snip_build)
    sc->section_pulls = rc_arena_printf(
        sc->a, "%s%s ", sc->section_pulls ? sc->section_pulls : "",
        sc->snip_name);
  if (sc->snip_name)
    sc->snip_all =
        rc_arena_printf(sc->a, "%s%s=%s ", sc->snip_all ? sc->snip_all : "",
                        sc->snip_name, sc->snip_build ? "" : sc->snip_repo);
  sc->snip_name = NULL;
}

/* A fence that held a compose file's services is a snippet of the
 * document's, with the role of the section it is written under. */
static void snippet_done(struct scan *sc)
{
  snippet_service_done(sc);
  if (sc->snip_all) {
    struct rc_entries *e = sc->out;
    rc_grow((void **)&e->snippets, &e->cap_snippets, e->n_snippets,
            sizeof(*e->snippets));
    e->snippets[e->n_snippets++] = (struct rc_snippet){
        {sc->path, sc->snip_line},
        sc->role == RC_ROLE_PRODUCTION ? sc->section_role : sc->role,
        sc->snip_all};
  }
  sc->snip_all = NULL;
  sc->snip_services = false;
}

/* One line of a code fence, read as a compose file's YAML: the services
 * under a top-level `services:` and whether each names an `image:` or a
 * `build:`. Text that is no compose file has no `services:` at its left
 * edge and leaves nothing. */
static void snippet_line(struct scan *sc, const char *line)
{
  size_t ind = strspn(line, " ");
  const char *p = line + ind;
  size_t n = strcspn(p, "\r\n");
  while (n && p[n - 1] == ' ')
    n--;
  if (!n || *p == '#')
    return;
  ind = ind > sc->snip_fence ? ind - sc->snip_fence : 0;
  if (ind == 0) {
    snippet_service_done(sc);
    sc->snip_services = n == 9 && strncmp(p, "services:", 9) == 0;
    sc->snip_indent = 0;
    return;
  }
  if (!sc->snip_services)
    return;
  if (!sc->snip_indent)
    sc->snip_indent = ind;
  if (ind == sc->snip_indent) {
    snippet_service_done(sc);
    if (p[n - 1] == ':') {
      sc->snip_name = rc_arena_strndup(sc->a, p, n - 1);
      sc->snip_repo = "";
      sc->snip_image = sc->snip_build = false;
    }
  } else if (ind > sc->snip_indent && sc->snip_name) {
    if (strncmp(p, "image:", 6) == 0 && !sc->snip_image) {
      const char *img = p + 6 + strspn(p + 6, " \"'");
      size_t len = rc_image_repo_len(img, strcspn(img, " \"'\r\n"));
      sc->snip_repo = rc_arena_strndup(sc->a, img, len);
    }
    sc->snip_image = sc->snip_image || strncmp(p, "image:", 6) == 0;
    sc->snip_build = sc->snip_build || strncmp(p, "build:", 6) == 0;
  }
}

/* Follows a Markdown document's fences and ATX headings (`## Development`):
 * a heading at or above the level of the section it is in starts a new one;
 * a deeper heading stays within a development or test section. */
void en_markdown_line(struct scan *sc, const char *line)
{
  const char *p = line + strspn(line, " ");
  if (strncmp(p, "```", 3) == 0 || strncmp(p, "~~~", 3) == 0) {
    sc->in_fence = !sc->in_fence;
    snippet_done(sc);
    sc->snip_fence = (size_t)(p - line);
    sc->snip_line = sc->line;
    return;
  }
  if (sc->in_fence)
    snippet_line(sc, line);
  if (!sc->in_fence && *p != '#' && opening_compose_for_development(sc, p))
    sc->doc_local = true;
  if (!sc->in_fence && *p != '#' && offers_committed_compose(p))
    sc->section_offers_file = true;
  if (!sc->in_fence && *p != '#' && prose_for_development(p))
    sc->section_dev_prose = true;
  if (!sc->in_fence && sc->section_deploys && *p != '#' &&
      (sc->doc_local || prose_for_development(p))) {
    sc->section_deploys = false;
    sc->section_local = true;
  }
  if (sc->in_fence || p != line || *p != '#')
    return;
  int level = (int)strspn(p, "#");
  if (level > 6 || (p[level] != ' ' && p[level] != '\t'))
    return;
  if (sc->section_role != RC_ROLE_PRODUCTION && level > sc->section_level)
    return;
  /* "## Deployment" / "### With Docker Compose": the deeper heading stays
   * in the deployment section, and so do its siblings ("### Step 1:
   * Clone", "### Step 2: Start"), down to the heading that began it */
  bool within = sc->section_deploys && level > sc->deploy_level;
  bool own = !within && level > 1 && heading_deploys(p + level) &&
             heading_role(p + level) == RC_ROLE_PRODUCTION;
  sc->section_deploys = within || own;
  if (own)
    sc->deploy_level = level;
  sc->section_level = level;
  sc->section_pulls = NULL; /* a compose file written out above is another
                               section's */
  sc->section_offers_file = false;
  sc->section_dev_prose = false;
  sc->section_local = sc->doc_local && sc->section_deploys;
  sc->section_deploys = sc->section_deploys && !sc->doc_local;
  /* a level-1 heading is the document's title: a project named for what
   * it is (`# DataLake`, `# TestKit`) says nothing about its sections */
  sc->section_role = level == 1 ? RC_ROLE_PRODUCTION : heading_role(p + level);
}

/* A Markdown line that is one inline code span (`` `docker compose up` ``,
 * a list item's `- `docker compose up``): the command inside, as a fenced
 * block would hold it; otherwise the line itself. */
const char *en_code_span_line(struct scan *sc, const char *line)
{
  const char *p = line + strspn(line, " \t");
  if ((p[0] == '-' || p[0] == '*') && p[1] == ' ')
    p += 2 + strspn(p + 2, " ");
  size_t n = strlen(p);
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\r'))
    n--;
  if (n < 3 || p[0] != '`' || p[1] == '`' || p[n - 1] != '`' ||
      memchr(p + 1, '`', n - 2))
    return line;
  return rc_arena_strndup(sc->tmp, p + 1, n - 2);
}
