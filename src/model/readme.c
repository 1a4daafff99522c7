/*
 * readme.c - READMEs as evidence of intent. Only the opening lines count:
 * that is where a folder or a repository says what it is, and deeper
 * sections mention "demo" and "example" for every reason.
 */
#include "readycheck/readme.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/user.h"

enum { MAX_README_BYTES = 4 << 20 };

static const char *readme_text(struct rc_index *idx, struct rc_arena *a,
                               const char *dir, const char *name)
{
  const char *path = *dir ? rc_arena_printf(a, "%s/%s", dir, name) : name;
  const struct rc_entry *e = rc_index_find(idx, path);
  const char *data;
  size_t len;
  if (!e || !rc_index_read_text(idx, e, MAX_README_BYTES, &data, &len))
    return NULL;
  return data;
}

/* The line without link targets, URLs and inline code:
 * "[x](https://.../demo)" and "`acme/x-demo`" name other things. */
static char *prose(struct rc_arena *a, const char *p, size_t n)
{
  char *line = rc_arena_strndup(a, p, n);
  char *out = line;
  for (const char *q = line; *q;) {
    if (q[0] == ']' && q[1] == '(') {
      const char *close = strchr(q, ')');
      *out++ = ']';
      q = close ? close + 1 : q + strlen(q);
      continue;
    }
    if (*q == '`') { /* inline code names things, it does not describe */
      const char *close = strchr(q + 1, '`');
      q = close ? close + 1 : q + strlen(q);
      continue;
    }
    if (strncmp(q, "http://", 7) == 0 || strncmp(q, "https://", 8) == 0) {
      while (*q && *q != ' ' && *q != ')' && *q != '>')
        q++;
      continue;
    }
    *out++ = *q++;
  }
  *out = '\0';
  return line;
}

static bool word_char(char c)
{
  return isalnum((unsigned char)c);
}

/* word (or phrase) in line as a whole word, ignoring case; a trailing '*'
 * makes it a word start ("demo*": demo, demos, demonstrates, not
 * "pseudemo"). */
static bool has_word(const char *line, const char *word)
{
  size_t n = strlen(word);
  bool prefix = n && word[n - 1] == '*';
  if (prefix)
    n--;
  for (const char *p = line; *p; p++)
    if (strncasecmp(p, word, n) == 0 && (p == line || !word_char(p[-1])) &&
        (prefix || !word_char(p[n])))
      return true;
  return false;
}

/* The first of the first max_lines lines of text holding one of words. */
static const char *line_with(struct rc_arena *a, const char *text,
                             const char *const *words, int max_lines)
{
  const char *p = text;
  for (int lines = 0; p && *p && lines < max_lines; lines++) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    char *line = prose(a, p, n);
    for (size_t i = 0; words[i]; i++)
      if (has_word(line, words[i]))
        return rc_arena_strndup(a, p, n);
    p = end ? end + 1 : NULL;
  }
  return NULL;
}

const char *rc_readme_demo(struct rc_index *idx, struct rc_arena *a,
                           const char *dir)
{
  static const char *const words[] = {
      "demo*", "tutorial*", "playground*", "try it", "local development", NULL};
  /* "Would not consider this production quality, but a good starting
   * point": said a little further down, after the overview. Not "not
   * production ready": that is a project's maturity (a chart's status),
   * and its deployment is still the deployment. */
  static const char *const disclaimers[] = {
      "not production quality",      "not consider this production",
      "not intended for production", "not meant for production",
      "not for production use",      NULL};
  static const char *const names[] = {"README.md", "readme.md", "README", NULL};
  if (!*dir)
    return NULL;
  for (size_t k = 0; names[k]; k++) {
    const char *text = readme_text(idx, a, dir, names[k]);
    const char *line = text ? line_with(a, text, words, 6) : NULL;
    if (!line && text)
      line = line_with(a, text, disclaimers, 12);
    if (line)
      return line;
  }
  return NULL;
}

/* A title that is only a retirement notice: "# Deprecated", "ARCHIVED". */
static bool retired_title(struct rc_arena *a, const char *text)
{
  static const char *const words[] = {"deprecated", "archived", "unmaintained",
                                      NULL};
  size_t n = strcspn(text, "\n");
  const char *t = rc_arena_strndup(a, text, n);
  t += strspn(t, "# \t");
  size_t len = strcspn(t, " \t\r");
  for (size_t i = 0; words[i]; i++)
    if (len == strlen(words[i]) && strncasecmp(t, words[i], len) == 0 &&
        t[len + strspn(t + len, " \t\r")] == '\0')
      return true;
  return false;
}

const char *rc_readme_retired(struct rc_index *idx, struct rc_arena *a,
                              const char *dir)
{
  /* of what the folder holds; a folder README is about that folder */
  static const char *const folder[] = {"no longer maintained",
                                       "not maintained anymore",
                                       "no longer supported", NULL};
  /* the root README speaks of many things: only of the repository */
  static const char *const repo[] = {"this repository is no longer maintained",
                                     "this repo is no longer maintained",
                                     "this project is no longer maintained",
                                     "this repository is deprecated",
                                     "this repository has been archived",
                                     "this project is deprecated",
                                     NULL};
  static const char *const names[] = {"README.md", "readme.md", "README", NULL};
  for (size_t k = 0; names[k]; k++) {
    const char *text = readme_text(idx, a, dir, names[k]);
    if (!text)
      continue;
    if (retired_title(a, text))
      return rc_arena_strndup(a, text, strcspn(text, "\n"));
    const char *line = line_with(a, text, *dir ? folder : repo, 6);
    if (line)
      return line;
  }
  return NULL;
}

const char *rc_readme_examples_repo(struct rc_index *idx, struct rc_arena *a)
{
  static const char *const phrases[] = {"example applications",
                                        "example apps",
                                        "examples of how",
                                        "collection of examples",
                                        "collection of samples",
                                        "list of docker compose samples",
                                        "for demoing",
                                        "for demonstration purposes",
                                        "for demo purposes",
                                        "must not be deployed in production",
                                        "not intended for production",
                                        "not for production use",
                                        NULL};
  static const char *const names[] = {"README.md", "readme.md", "README", NULL};
  for (size_t k = 0; names[k]; k++) {
    const char *text = readme_text(idx, a, "", names[k]);
    const char *line = text ? line_with(a, text, phrases, 15) : NULL;
    if (line)
      return line;
  }
  return NULL;
}

/* A line calling the folder's files samples or defaults to replace:
 * what they are for ("for testing", "development only", "example
 * certificates") or that the operator brings their own ("replace them
 * with your own", "must be replaced in production"). */
static bool says_sample(const char *line)
{
  static const char *const purposes[] = {"for testing",
                                         "for test",
                                         "for tests",
                                         "testing only",
                                         "test only",
                                         "for development",
                                         "development only",
                                         "for local development",
                                         "for local use",
                                         "local testing",
                                         "development and testing",
                                         "testing and development",
                                         "test purposes",
                                         "testing purposes",
                                         "development purposes",
                                         "demo purposes",
                                         "demonstration purposes",
                                         "example certificate*",
                                         "sample certificate*",
                                         "example key*",
                                         "sample key*",
                                         NULL};
  static const char *const replaces[] = {"replace*", "generate your own",
                                         "use your own", NULL};
  static const char *const whose[] = {"your own", "production", "real", NULL};
  for (size_t i = 0; purposes[i]; i++)
    if (has_word(line, purposes[i]))
      return true;
  bool replace = false, own = false;
  for (size_t i = 0; replaces[i]; i++)
    replace = replace || has_word(line, replaces[i]);
  for (size_t i = 0; whose[i]; i++)
    own = own || has_word(line, whose[i]);
  return replace && own;
}

/* The first of the opening 12 lines of dir's README files (each name of
 * names in turn) for which says holds, copied; NULL when none does or dir
 * is the root (""). */
static const char *first_line_saying(struct rc_index *idx, struct rc_arena *a,
                                     const char *dir, const char *const *names,
                                     bool (*says)(const char *line))
{
  if (!*dir)
    return NULL;
  for (size_t k = 0; names[k]; k++) {
    const char *p = readme_text(idx, a, dir, names[k]);
    for (int lines = 0; p && *p && lines < 12; lines++) {
      const char *end = strchr(p, '\n');
      size_t n = end ? (size_t)(end - p) : strlen(p);
      if (says(prose(a, p, n)))
        return rc_arena_strndup(a, p, n);
      p = end ? end + 1 : NULL;
    }
  }
  return NULL;
}

const char *rc_readme_sample_keys(struct rc_index *idx, struct rc_arena *a,
                                  const char *dir)
{
  static const char *const names[] = {"README.md", "readme.md", "README",
                                      "README.txt", NULL};
  return first_line_saying(idx, a, dir, names, says_sample);
}

/* A line that both forbids and names a deployment: "Do NOT use these in
 * any real deployments", "never use this key in production". */
static bool forbids_deploying(const char *line)
{
  static const char *const bans[] = {"do not use",         "don't use",
                                     "never use",          "must not be used",
                                     "should not be used", NULL};
  static const char *const uses[] = {"production", "deployment*", "real world",
                                     NULL};
  bool ban = false, use = false;
  for (size_t i = 0; !ban && bans[i]; i++)
    ban = has_word(line, bans[i]);
  for (size_t i = 0; !use && uses[i]; i++)
    use = has_word(line, uses[i]);
  return ban && use;
}

const char *rc_readme_test_keys(struct rc_index *idx, struct rc_arena *a,
                                const char *dir)
{
  static const char *const names[] = {"README.md", "readme.md", "README", NULL};
  return first_line_saying(idx, a, dir, names, forbids_deploying);
}

/* A line naming `name` (as a whole file name) beside one of verbs; with
 * redirect, a shell redirect writing it counts too. */
static bool names_file_with(const char *line, const char *name,
                            const char *const *verbs, bool redirect)
{
  size_t n = strlen(name);
  for (const char *at = strstr(line, name); at; at = strstr(at + 1, name)) {
    bool starts = at == line || !(word_char(at[-1]) || at[-1] == '.' ||
                                  at[-1] == '/' || at[-1] == '-');
    if (!starts || word_char(at[n]) || at[n] == '.')
      continue;
    const char *q = at;
    while (q > line && q[-1] == ' ')
      q--;
    if (redirect && q > line && q[-1] == '>')
      return true;
    for (size_t i = 0; verbs[i]; i++)
      if (has_word(line, verbs[i]))
        return true;
  }
  return false;
}

/* A line that makes the file: "create a `prometheus.yml`", `> x.yml`. */
static bool creates_line(const char *line, const char *name)
{
  static const char *const verbs[] = {"create*",  "add",       "copy", "write",
                                      "provide*", "generate*", NULL};
  return names_file_with(line, name, verbs, true);
}

/* A line that has the operator edit the file before use ("open the .env
 * file and update ...", "review its content"); not one about keeping it out
 * of git ("never commit your .env, edit .env.local"). */
static bool edits_line(const char *line, const char *name)
{
  static const char *const verbs[] = {
      "edit*",   "open",  "update", "review",   "adjust*", "modify",
      "change*", "fill*", "set up", "customi*", NULL};
  return !has_word(line, "commit*") && !has_word(line, "gitignore") &&
         names_file_with(line, name, verbs, false);
}

/* A line that has the operator fetch the file to run it: "Download
 * `docker-compose.yml`", `wget https://.../docker-compose.yml`, "Just copy
 * docker-compose.yml". A URL's path counts as the name. */
static bool fetches_line(const char *line, const char *name)
{
  static const char *const verbs[] = {"download*", "wget",  "curl",
                                      "copy",      "fetch", NULL};
  size_t n = strlen(name);
  for (const char *at = strstr(line, name); at; at = strstr(at + 1, name)) {
    if ((at > line && (word_char(at[-1]) || at[-1] == '.' || at[-1] == '-')) ||
        word_char(at[n]) || at[n] == '.')
      continue;
    for (size_t i = 0; verbs[i]; i++)
      if (has_word(line, verbs[i]))
        return true;
  }
  return false;
}

/* The first line of dir's README or the root README that `wanted`
 * accepts for name; NULL when none. */
/* The first line of dir's own README wanted() says is about name. */
static const char *
folder_readme_line(struct rc_index *idx, struct rc_arena *a, const char *dir,
                   const char *name, bool (*wanted)(const char *, const char *))
{
  static const char *const names[] = {"README.md", "readme.md", "README", NULL};
  for (size_t k = 0; names[k]; k++) {
    const char *text = readme_text(idx, a, dir, names[k]);
    for (const char *p = text; p && *p;) {
      const char *end = strchr(p, '\n');
      size_t len = end ? (size_t)(end - p) : strlen(p);
      char *line = rc_arena_strndup(a, p, len);
      if (wanted(line, name))
        return line;
      p = end ? end + 1 : NULL;
    }
  }
  return NULL;
}

/* The same in dir's README, then in the root README. */
static const char *readme_line(struct rc_index *idx, struct rc_arena *a,
                               const char *dir, const char *name,
                               bool (*wanted)(const char *, const char *))
{
  const char *line = folder_readme_line(idx, a, dir, name, wanted);
  if (!line && *dir) /* dir is not the root, already read */
    line = folder_readme_line(idx, a, "", name, wanted);
  return line;
}

const char *rc_readme_creates(struct rc_index *idx, struct rc_arena *a,
                              const char *dir, const char *name)
{
  return readme_line(idx, a, dir, name, creates_line);
}

/* A command line writing the key file: `openssl genrsa -out key.pem`,
 * `openssl req -x509 -keyout server.key`, `ssh-keygen -f id_ed25519`. */
static bool makes_key_line(const char *line, const char *name)
{
  static const char *const outputs[] = {"-out", "-keyout", NULL};
  static const char *const tools[] = {"openssl", "ssh-keygen", "mkcert", NULL};
  bool tool = false;
  for (size_t i = 0; !tool && tools[i]; i++)
    tool = has_word(line, tools[i]);
  return tool && (names_file_with(line, name, outputs, false) ||
                  (has_word(line, "ssh-keygen") && has_word(line, "-f") &&
                   names_file_with(line, name, tools, false)));
}

const char *rc_readme_makes_key(struct rc_index *idx, struct rc_arena *a,
                                const char *dir, const char *name)
{
  return *dir ? folder_readme_line(idx, a, dir, name, makes_key_line) : NULL;
}

const char *rc_readme_edits(struct rc_index *idx, struct rc_arena *a,
                            const char *dir, const char *name)
{
  return readme_line(idx, a, dir, name, edits_line);
}

const char *rc_readme_fetches(struct rc_index *idx, struct rc_arena *a,
                              const char *dir, const char *name)
{
  return readme_line(idx, a, dir, name, fetches_line);
}

/* ---- raw downloads in documents ------------------------------------------
 */

enum { MAX_DOCS_READ = 2000 };

static bool doc_name(const char *name)
{
  size_t n = strlen(name);
  return (n > 3 && strcasecmp(name + n - 3, ".md") == 0) ||
         (n > 4 && strcasecmp(name + n - 4, ".mdx") == 0);
}

/* Whether the URL segment at p (up to the next '/') is want; any
 * segment when want is NULL. */
static bool segment_is(const char *p, const char *end, const char *want)
{
  const char *slash = memchr(p, '/', (size_t)(end - p));
  if (!slash)
    return false;
  return !want || ((size_t)(slash - p) == strlen(want) &&
                   strncasecmp(p, want, (size_t)(slash - p)) == 0);
}

static const char *after_segment(const char *p, const char *end)
{
  const char *slash = memchr(p, '/', (size_t)(end - p));
  return slash ? slash + 1 : end;
}

/* The line downloads what it names (a link in a reference page, "the
 * standard [compose file](https://raw...)", only points at it). */
static bool downloads(const char *line)
{
  static const char *const verbs[] = {"wget", "curl", "download*",
                                      "Invoke-WebRequest", NULL};
  for (size_t i = 0; verbs[i]; i++)
    if (has_word(line, verbs[i]))
      return true;
  return false;
}

/* The line of text holding a raw URL OWNER/NAME/REF/path whose path ends
 * the URL (a quote, a blank, a bracket or the line's end follows) and
 * that downloads it. */
static const char *raw_url_line(struct rc_arena *a, const char *text,
                                const char *owner, const char *name,
                                const char *path)
{
  static const char prefix[] = "raw.githubusercontent.com/";
  size_t n = strlen(path);
  for (const char *at = strstr(text, prefix); at; at = strstr(at + 1, prefix)) {
    const char *p = at + sizeof(prefix) - 1;
    const char *end = p + strcspn(p, " \t\r\n\"'`)<>]");
    if (!segment_is(p, end, owner))
      continue;
    p = after_segment(p, end);
    if (!segment_is(p, end, name))
      continue;
    p = after_segment(p, end);
    if (!segment_is(p, end, NULL))
      continue;
    p = after_segment(p, end);
    if ((size_t)(end - p) != n || strncmp(p, path, n) != 0)
      continue;
    const char *ls = at, *le = strchr(at, '\n');
    while (ls > text && ls[-1] != '\n')
      ls--;
    char *line = rc_arena_strndup(a, ls, le ? (size_t)(le - ls) : strlen(ls));
    if (downloads(line))
      return line;
  }
  return NULL;
}

const char *rc_docs_fetch_raw(struct rc_index *idx, struct rc_arena *a,
                              const char *owner, const char *name,
                              const char *path)
{
  size_t read = 0;
  for (size_t i = 0; i < rc_index_count(idx) && read < MAX_DOCS_READ; i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind != RC_ENTRY_FILE || !doc_name(e->name))
      continue;
    read++;
    const char *dir =
        strrchr(e->path, '/')
            ? rc_arena_strndup(a, e->path, (size_t)(e->name - e->path - 1))
            : "";
    const char *text = readme_text(idx, a, dir, e->name);
    const char *line = text ? raw_url_line(a, text, owner, name, path) : NULL;
    if (line)
      return rc_arena_printf(a, "%s: '%.100s'", e->path, line);
  }
  return NULL;
}

/* ---- docker run ---------------------------------------------------------
 */

/* Options of `docker run` that take the next word as their value: the
 * short ones listed, and every long one but the switches
 * (`--health-interval 30s`, `--stop-timeout 10`). */
static bool run_valued(const char *w)
{
  static const char *const switches[] = {"--rm",
                                         "--detach",
                                         "--interactive",
                                         "--tty",
                                         "--privileged",
                                         "--init",
                                         "--publish-all",
                                         "--read-only",
                                         "--quiet",
                                         "--no-healthcheck",
                                         "--oom-kill-disable",
                                         "--disable-content-trust",
                                         "--help",
                                         NULL};
  if (strncmp(w, "--", 2) == 0 && w[2]) {
    for (size_t i = 0; switches[i]; i++)
      if (strcmp(w, switches[i]) == 0)
        return false;
    return true;
  }
  static const char *const opts[] = {"-v",
                                     "--volume",
                                     "-e",
                                     "--env",
                                     "-p",
                                     "--publish",
                                     "--name",
                                     "--network",
                                     "--net",
                                     "--restart",
                                     "--cap-add",
                                     "--cap-drop",
                                     "--device",
                                     "-w",
                                     "--workdir",
                                     "--env-file",
                                     "--mount",
                                     "-h",
                                     "--hostname",
                                     "-u",
                                     "--user",
                                     "--entrypoint",
                                     "-l",
                                     "--label",
                                     "--log-driver",
                                     "--log-opt",
                                     "-m",
                                     "--memory",
                                     "--cpus",
                                     "--sysctl",
                                     "--dns",
                                     "--add-host",
                                     "--tmpfs",
                                     "--ulimit",
                                     "--security-opt",
                                     "--pid",
                                     "--ipc",
                                     "--platform",
                                     "--shm-size",
                                     "--group-add",
                                     "--health-cmd",
                                     "--stop-signal",
                                     "--pull",
                                     NULL};
  for (size_t i = 0; opts[i]; i++)
    if (strcmp(w, opts[i]) == 0)
      return true;
  return false;
}

static const char *root_cap(struct rc_arena *a, const char *cap)
{
  const char *name = rc_cap_needs_root(cap);
  return name ? rc_arena_printf(a, "--cap-add %s", name) : NULL;
}

/* The grant of one `docker run` line's words, and its image. A quoted
 * value is one word (`--health-cmd "app healthcheck"`): its blanks are
 * masked before the line is split. */
static const char *run_words(struct rc_arena *a, char *line, const char **image)
{
  const char *grant = NULL;
  *image = NULL;
  char quote = 0;
  for (char *q = line; *q; q++) {
    if (quote && *q == quote)
      quote = 0;
    else if (!quote && (*q == '"' || *q == '\''))
      quote = *q;
    else if (quote && (*q == ' ' || *q == '\t'))
      *q = '\x1f';
  }
  char *save = NULL;
  char *w = strtok_r(line, " \t", &save);
  while (w && strcmp(w, "run") != 0)
    w = strtok_r(NULL, " \t", &save);
  for (w = w ? strtok_r(NULL, " \t", &save) : NULL; w && !*image;
       w = strtok_r(NULL, " \t", &save)) {
    char *eq = w[0] == '-' ? strchr(w, '=') : NULL;
    const char *val = NULL;
    if (eq) {
      *eq = '\0';
      val = eq + 1;
    } else if (run_valued(w)) {
      val = strtok_r(NULL, " \t", &save);
    }
    if (w[0] != '-') {
      *image = rc_arena_strdup(a, w);
      break;
    }
    if (!grant && strcmp(w, "--privileged") == 0)
      grant = "--privileged";
    else if (!grant && strcmp(w, "--cap-add") == 0 && val)
      grant = root_cap(a, val);
    else if (!grant && strcmp(w, "--device") == 0 && val)
      grant = "--device";
    else if (!grant && (!strcmp(w, "-v") || !strcmp(w, "--volume")) && val &&
             strstr(val, "/docker.sock"))
      grant = "the Docker socket";
  }
  return grant;
}

/* One line of a Dockerfile's comment block, the comment marker and the
 * indentation of a quoted command dropped; NULL for a line of code. */
static const char *comment_body(const char *p, size_t *n)
{
  size_t ws = strspn(p, " \t");
  if (ws >= *n || p[ws] != '#')
    return NULL;
  ws++;
  ws += strspn(p + ws, " \t");
  *n = *n > ws ? *n - ws : 0;
  return p + ws;
}

const char *rc_docker_run_grant(struct rc_arena *a, const char *text,
                                bool comments, const char **image)
{
  struct rc_buf cur;
  rc_buf_init(&cur);
  *image = NULL;
  for (const char *p = text; p && *p;) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    const char *body = comments ? comment_body(p, &n) : p;
    p = end ? end + 1 : NULL;
    if (!body) {
      rc_buf_reset(&cur);
      continue;
    }
    while (n && (body[n - 1] == '\r' || body[n - 1] == ' '))
      n--;
    bool cont = n && body[n - 1] == '\\';
    rc_buf_printf(&cur, "%.*s ", (int)(cont ? n - 1 : n), body);
    if (cont && cur.len < 4096)
      continue;
    const char *grant = NULL;
    /* `docker run` and its long form `docker container run` */
    if (strstr(cur.data, "docker run ") ||
        strstr(cur.data, "docker container run ")) {
      char *line = rc_arena_strdup(a, cur.data);
      grant = run_words(a, line, image);
    }
    rc_buf_reset(&cur);
    if (grant) {
      rc_buf_release(&cur);
      return grant;
    }
  }
  rc_buf_release(&cur);
  *image = NULL;
  return NULL;
}

/* One `docker run` line's image, and whether it runs a command once: it
 * removes the container (--rm), stays in the foreground (no -d) and
 * publishes no port and sets no restart policy. */
static const char *run_once_words(struct rc_arena *a, char *line, bool *once)
{
  bool rm = false, away = false;
  char *save = NULL;
  char *w = strtok_r(line, " \t", &save);
  while (w && strcmp(w, "run") != 0)
    w = strtok_r(NULL, " \t", &save);
  for (w = w ? strtok_r(NULL, " \t", &save) : NULL; w;
       w = strtok_r(NULL, " \t", &save)) {
    if (w[0] != '-') {
      *once = rm && !away;
      return rc_arena_strdup(a, w);
    }
    char *eq = strchr(w, '=');
    if (eq)
      *eq = '\0';
    if (strcmp(w, "--rm") == 0)
      rm = true;
    else if (!strcmp(w, "--detach") || !strcmp(w, "-p") ||
             !strcmp(w, "--publish") || !strcmp(w, "-P") ||
             !strcmp(w, "--publish-all") || !strcmp(w, "--restart"))
      away = true;
    else if (w[1] != '-' && strspn(w + 1, "itd") == strlen(w + 1) &&
             strchr(w + 1, 'd'))
      away = true; /* -d, -itd */
    if (!eq && run_valued(w))
      strtok_r(NULL, " \t", &save);
  }
  return NULL;
}

size_t rc_readme_docker_runs(struct rc_index *idx, struct rc_arena *a,
                             struct rc_docker_run **out)
{
  static const char *const names[] = {"README.md", "readme.md", "README", NULL};
  size_t n = 0, cap = 0;
  *out = NULL;
  for (size_t k = 0; names[k] && !n; k++) {
    const char *text = readme_text(idx, a, "", names[k]);
    struct rc_buf cur;
    rc_buf_init(&cur);
    for (const char *p = text; p && *p;) {
      const char *end = strchr(p, '\n');
      size_t len = end ? (size_t)(end - p) : strlen(p);
      const char *body = p;
      p = end ? end + 1 : NULL;
      while (len && (body[len - 1] == '\r' || body[len - 1] == ' '))
        len--;
      bool cont = len && body[len - 1] == '\\';
      rc_buf_printf(&cur, "%.*s ", (int)(cont ? len - 1 : len), body);
      if (cont && cur.len < 4096)
        continue;
      if (strstr(cur.data, "docker run ") ||
          strstr(cur.data, "docker container run ")) {
        bool once = false;
        const char *image =
            run_once_words(a, rc_arena_strdup(a, cur.data), &once);
        if (image && n < 64) {
          if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            struct rc_docker_run *grown =
                rc_arena_alloc(a, nc * sizeof(*grown));
            if (n)
              memcpy(grown, *out, n * sizeof(*grown));
            *out = grown;
            cap = nc;
          }
          (*out)[n++] = (struct rc_docker_run){image, once};
        }
      }
      rc_buf_reset(&cur);
    }
    rc_buf_release(&cur);
  }
  return n;
}

const char *rc_readme_run_grant(struct rc_index *idx, struct rc_arena *a,
                                const char **image)
{
  static const char *const names[] = {"README.md", "readme.md", "README", NULL};
  *image = NULL;
  for (size_t k = 0; names[k]; k++) {
    const char *text = readme_text(idx, a, "", names[k]);
    const char *grant =
        text ? rc_docker_run_grant(a, text, false, image) : NULL;
    if (grant)
      return grant;
  }
  *image = NULL;
  return NULL;
}
