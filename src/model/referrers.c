/*
 * referrers.c - the files that name a file, and whether only tests do.
 *
 * Name-based exclusions (test/, *_test.*) miss the fixtures a project
 * keeps beside its code: server/configs/certs/key.pem, loaded by
 * configurations only *_test.go files load. What uses a file says what it
 * is. The search is by base name, in the words of every text file, one
 * read of the tree per hop for all the files asked about at once: a
 * repository may hold many keys, and reading it once per key would cost
 * a read of the tree each.
 */
#include "readycheck/referrers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/role.h"

enum {
  MAX_FILE = 1 << 20, /* bytes: larger files are data, not configuration */
  MAX_NODES = 512,    /* files asked about, with the configurations between */
  MAX_EDGES = 16384,  /* (file, user) pairs */
  MAX_BYTES = 256 << 20, /* read in all: past it, no file is a test's */
};

/* How a user of a file uses it. */
enum use { USE_TEST, USE_CONFIG, USE_OTHER };

struct node {
  const char *path;
  const char *base;
  unsigned hop;
  bool scanned;    /* its users were looked for */
  bool incomplete; /* a bound left some of its users out */
  int verdict;     /* -1 not judged, 0 no, 1 only tests, 2 being judged */
  long first;      /* its first edge, -1 none */
  size_t n_users;
  size_t n_named; /* users naming it, not only its folder */
  long pair;      /* a file asked about: its certificate beside it, or -1 */
};

struct edge {
  size_t node;
  const char *user;
  enum use use;
  size_t user_node; /* USE_CONFIG: the user's own node */
  long next;        /* the node's next edge */
  bool folder;      /* the user names the node's folder, not the node */
  bool deploy;      /* a CI line of a job that deploys, releases or
                       publishes names it */
};

struct walk {
  struct rc_index *idx;
  const struct rc_pipeline *ci;
  struct rc_arena *a;
  struct node *nodes;
  size_t n_nodes, cap_nodes;
  struct edge *edges;
  size_t n_edges, cap_edges;
  size_t bytes;   /* read so far */
  bool truncated; /* MAX_BYTES reached: users may be missing */
};

/* A base name looked for, and the node it stands for. */
struct name {
  const char *base;
  size_t len;
  size_t node;
  bool folder; /* the last folder of the node's path, not its file name */
};

/* ---- what a path says ---- */

static bool word_in(const char *w, size_t n, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strlen(list[i]) == n && strncasecmp(w, list[i], n) == 0)
      return true;
  return false;
}

/* Any word of s[0..n) split at '-', '_' and '.' in list. */
static bool has_word(const char *s, size_t n, const char *const *list)
{
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && s[j] != '-' && s[j] != '_' && s[j] != '.')
      j++;
    if (j > i && word_in(s + i, j - i, list))
      return true;
    i = j + 1;
  }
  return false;
}

static bool test_folder(const char *s, size_t n)
{
  static const char *const whole[] = {
      "test", "tests", "testing", "testdata", "test-data", "test_data",
      "_testdata", "__tests__", "spec", "specs", "e2e", "fixtures",
      "__fixtures__", "testutil", "testutils", "testhelpers", "cypress",
      "playwright", "testresources", "smoke",
      /* the CI's folder: the service stacks and scripts its jobs start for
       * the test suites (.ci/docker-compose-file/) */
      ".ci", NULL};
  static const char *const words[] = {"test", "tests", "testing", "e2e", NULL};
  return word_in(s, n, whole) || has_word(s, n, words);
}

/* FooTest.java, FooTests.cs, FooIT.java: a test class by its name. */
static bool camel_test(const char *name)
{
  const char *dot = strrchr(name, '.');
  size_t n = dot ? (size_t)(dot - name) : strlen(name);
  static const char *const ends[] = {"Test", "Tests", "IT", NULL};
  for (size_t i = 0; ends[i]; i++) {
    size_t m = strlen(ends[i]);
    if (n > m && strncmp(name + n - m, ends[i], m) == 0 &&
        islower((unsigned char)name[n - m - 1]))
      return true;
  }
  return false;
}

/* x.spec.ts, x_spec.rb: a spec file of code (not an API spec document). */
static bool code_spec(const char *name)
{
  static const char *const exts[] = {".js",  ".jsx", ".ts", ".tsx",    ".mjs",
                                     ".cjs", ".rb",  ".py", ".coffee", NULL};
  const char *dot = strrchr(name, '.');
  if (!dot || dot - name < 5)
    return false;
  bool code = false;
  for (size_t i = 0; exts[i]; i++)
    code = code || strcmp(dot, exts[i]) == 0;
  return code && strncmp(dot - 4, "spec", 4) == 0 &&
         (dot[-5] == '.' || dot[-5] == '_' || dot[-5] == '-');
}

bool rc_referrers_is_test_path(const char *path)
{
  const char *name = strrchr(path, '/');
  name = name ? name + 1 : path;
  for (const char *p = path; p < name;) {
    const char *slash = strchr(p, '/');
    if (test_folder(p, (size_t)(slash - p)))
      return true;
    p = slash + 1;
  }
  static const char *const words[] = {"test", "tests", "testing", "e2e", NULL};
  return has_word(name, strlen(name), words) || camel_test(name) ||
         code_spec(name) || strcmp(name, "conftest.py") == 0;
}

/* A configuration file another file loads: what it names is used by
 * whatever loads it. Compose files and project manifests are not: they
 * are what runs, not what something runs with. */
static bool config_file(const char *path)
{
  static const char *const exts[] = {
      "conf", "cfg",   "cnf",        "ini", "toml", "yaml", "yml",
      "json", "json5", "properties", "xml", "hcl",  "env",  NULL};
  static const char *const manifests[] = {
      "package.json",      "composer.json",
      "cargo.toml",        "pyproject.toml",
      "app.json",          "kustomization.yaml",
      "kustomization.yml", NULL};
  const char *name = strrchr(path, '/');
  name = name ? name + 1 : path;
  const char *dot = strrchr(name, '.');
  if (!dot || word_in(name, strlen(name), manifests) ||
      strstr(name, "compose") || rc_pipeline_is_ci(path))
    return false;
  return word_in(dot + 1, strlen(dot + 1), exts);
}

/* A list of paths for a tool to leave alone (.gitignore, .dockerignore,
 * .gitattributes): naming a file there is not using it. */
static bool path_list(const char *path)
{
  const char *name = strrchr(path, '/');
  name = name ? name + 1 : path;
  size_t n = strlen(name);
  return (name[0] == '.' && n > 7 && strcmp(name + n - 6, "ignore") == 0) ||
         strcmp(name, ".gitattributes") == 0;
}

/* ---- CI ---- */

static bool says_deploy(const char *job)
{
  static const char *const words[] = {"deploy", "release", "publish", NULL};
  for (size_t i = 0; words[i]; i++)
    if (rc_str_find_ci(job, words[i]))
      return true;
  return false;
}

/* The start of line n (1-based) of data, or len. */
static size_t line_at(const char *data, size_t len, unsigned n)
{
  size_t i = 0;
  for (unsigned k = 1; k < n && i < len; k++) {
    const char *nl = memchr(data + i, '\n', len - i);
    i = nl ? (size_t)(nl - data) + 1 : len;
  }
  return i;
}

static size_t indent_of(const char *data, size_t len, size_t i)
{
  size_t n = 0;
  while (i + n < len && (data[i + n] == ' ' || data[i + n] == '\t'))
    n++;
  return n;
}

/* Lines (from, to] are all inside the block that starts on line from:
 * more indented than it, blank lines aside. A job's `env:` above its
 * first step is not in the step before it (the last of another job). */
static bool in_block(const char *data, size_t len, unsigned from, unsigned to)
{
  size_t i = line_at(data, len, from);
  size_t base = indent_of(data, len, i);
  for (unsigned k = from + 1; k <= to && i < len; k++) {
    const char *nl = memchr(data + i, '\n', len - i);
    i = nl ? (size_t)(nl - data) + 1 : len;
    size_t n = indent_of(data, len, i);
    bool blank = i + n >= len || data[i + n] == '\n' || data[i + n] == '\r';
    if (!blank && n <= base)
      return false;
  }
  return true;
}

/* Line `line` of CI file `path` (data) lies in a step of a job that runs
 * tests and does not say it deploys. */
static bool ci_test_line(const struct rc_pipeline *p, const char *path,
                         const char *data, size_t len, unsigned line)
{
  const struct rc_ci_step *best = NULL;
  for (size_t i = 0; p && i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (st->at.path && strcmp(st->at.path, path) == 0 && st->at.line <= line &&
        (!best || st->at.line > best->at.line))
      best = st;
  }
  if (!best || !best->job || says_deploy(best->job) ||
      !in_block(data, len, best->at.line, line))
    return false;
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (st->at.path && strcmp(st->at.path, path) == 0 && st->job &&
        strcmp(st->job, best->job) == 0 && (st->gates & RC_GATE_TESTS))
      return true;
  }
  return false;
}

/* Line `line` of CI file `path` (data) belongs to a job that says it
 * deploys, releases or publishes: the job of the step whose block holds
 * the line, else (a job's `env:` above its first step) the job of the
 * next step. */
static bool ci_deploy_line(const struct rc_pipeline *p, const char *path,
                           const char *data, size_t len, unsigned line)
{
  const struct rc_ci_step *before = NULL, *after = NULL;
  for (size_t i = 0; p && i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (!st->at.path || strcmp(st->at.path, path) != 0)
      continue;
    if (st->at.line <= line && (!before || st->at.line > before->at.line))
      before = st;
    if (st->at.line > line && (!after || st->at.line < after->at.line))
      after = st;
  }
  const struct rc_ci_step *st =
      before && in_block(data, len, before->at.line, line) ? before : after;
  return st && st->job && says_deploy(st->job);
}

/* ---- the graph ---- */

static long add_node(struct walk *w, const char *path, unsigned hop)
{
  for (size_t i = 0; i < w->n_nodes; i++)
    if (strcmp(w->nodes[i].path, path) == 0)
      return (long)i;
  if (w->n_nodes >= MAX_NODES)
    return -1;
  rc_grow((void **)&w->nodes, &w->cap_nodes, w->n_nodes, sizeof(*w->nodes));
  const char *copy = rc_arena_strdup(w->a, path);
  const char *base = strrchr(copy, '/');
  w->nodes[w->n_nodes] = (struct node){
      copy, base ? base + 1 : copy, hop, false, false, -1, -1, 0, 0, -1};
  return (long)w->n_nodes++;
}

/* Records that user uses node k; the same user again keeps the weaker
 * use (a CI file naming it in a test job and in a deploy job deploys
 * it). from: the edges made while reading this user. */
static void add_use(struct walk *w, size_t k, const char *user, enum use use,
                    bool folder, bool deploy, size_t from)
{
  for (size_t i = from; i < w->n_edges; i++)
    if (w->edges[i].node == k) {
      if (use == USE_OTHER)
        w->edges[i].use = USE_OTHER;
      w->edges[i].deploy = w->edges[i].deploy || (deploy && !folder);
      if (w->edges[i].folder && !folder) {
        w->edges[i].folder = false;
        w->nodes[k].n_named++;
      }
      return;
    }
  if (w->n_edges >= MAX_EDGES) {
    w->nodes[k].incomplete = true;
    return;
  }
  size_t user_node = 0;
  if (use == USE_CONFIG) {
    long u = add_node(w, user, w->nodes[k].hop + 1);
    if (u < 0) {
      w->nodes[k].incomplete = true;
      return;
    }
    user_node = (size_t)u;
  }
  rc_grow((void **)&w->edges, &w->cap_edges, w->n_edges, sizeof(*w->edges));
  struct node *nd = &w->nodes[k];
  w->edges[w->n_edges] = (struct edge){
      k, user, use, user_node, nd->first, folder, deploy && !folder};
  nd->first = (long)w->n_edges++;
  nd->n_users++;
  nd->n_named += !folder;
}

/* ---- reading ---- */

static bool name_char(char c)
{
  return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-';
}

static int by_base(const void *x, const void *y)
{
  const struct name *a = x, *b = y;
  return strcmp(a->base, b->base);
}

/* The written path ending at the name (`./configs/certs/key.pem`,
 * `${DIR}/key.pem`), and the file's path, agree on every folder both
 * name, counted from the file: `test/certs/key.pem` is another key. */
static bool agrees(const char *path, size_t plen, const char *ref, size_t rlen)
{
  while (plen && rlen) {
    size_t ps = plen, rs = rlen;
    while (ps && path[ps - 1] != '/')
      ps--;
    while (rs && ref[rs - 1] != '/')
      rs--;
    /* a written `.` or `..` says nothing more */
    size_t rn = rlen - rs;
    if ((rn == 1 && ref[rs] == '.') ||
        (rn == 2 && ref[rs] == '.' && ref[rs + 1] == '.') || rn == 0)
      return true;
    if (plen - ps != rn || strncmp(path + ps, ref + rs, rn) != 0)
      return false;
    plen = ps ? ps - 1 : 0;
    rlen = rs ? rs - 1 : 0;
    if (!ps || !rs)
      return true;
  }
  return true;
}

/* Folders in a written path, after `./`, `../` and a leading `/`. */
static size_t written_depth(const char *ref, size_t n)
{
  size_t depth = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && ref[j] != '/')
      j++;
    bool dots = (j - i == 1 && ref[i] == '.') ||
                (j - i == 2 && ref[i] == '.' && ref[i + 1] == '.');
    depth += j > i && !dots;
    i = j + 1;
  }
  return depth;
}

/* The written path is the folder itself (`./configs/tls`, `configs/tls/`),
 * not a file in it, and names at least two folders: one word (`tls`,
 * `etc`) is every other word of a program. */
static bool names_folder(const char *data, size_t len, size_t rstart,
                         size_t end)
{
  if (end < len && data[end] == '/' && end + 1 < len &&
      name_char(data[end + 1]))
    return false;
  return written_depth(data + rstart, end - rstart) >= 2;
}

/* The name at data[start] lies on a comment line: one whose first
 * characters are `#` or `//` (`# DKIM_KEY_PATH=local_data/dkim.key` in
 * an env template, `// ctx.load_cert_chain("key.pem")` left over from a
 * developer's run, `/// key = "/path/to/key.pem"`). A line put out of use
 * names a file without using it; a Markdown heading is prose anyway. */
static bool on_comment_line(const char *data, size_t start)
{
  size_t i = start;
  while (i > 0 && data[i - 1] != '\n')
    i--;
  while (i < start && (data[i] == ' ' || data[i] == '\t'))
    i++;
  return data[i] == '#' || (data[i] == '/' && data[i + 1] == '/');
}

/* A compose file of a development or test setup by its path
 * (docker-compose.dev.yml, .devcontainer/compose.yaml, e2e/compose.yml):
 * what it mounts serves the developers, as what tests load does. */
static bool dev_compose(const char *path)
{
  const char *name = strrchr(path, '/');
  name = name ? name + 1 : path;
  const char *dot = strrchr(name, '.');
  if (!strstr(name, "compose") || !dot ||
      (strcmp(dot, ".yml") != 0 && strcmp(dot, ".yaml") != 0))
    return false;
  enum rc_role r = rc_role_of_path(path, NULL, 0);
  return r == RC_ROLE_DEVELOPMENT || r == RC_ROLE_NONPROD;
}

/* A configuration file of a development setup by its path
 * (config/development_tls.yaml, settings.dev.json): what it names
 * serves the developers' own runs, as a development compose file's
 * mounts do; production is configured by other files. */
static bool dev_config(const char *path)
{
  return config_file(path) &&
         rc_role_of_path(path, NULL, 0) == RC_ROLE_DEVELOPMENT;
}

/* One user file: its words that are a base name looked for. */
static void read_user(struct walk *w, const char *user, const char *data,
                      size_t len, const struct name *names, size_t n_names,
                      size_t minlen, size_t maxlen)
{
  bool ci = rc_pipeline_is_ci(user);
  enum use kind = ci                                      ? USE_OTHER
                  : rc_referrers_is_test_path(user)       ? USE_TEST
                  : dev_compose(user) || dev_config(user) ? USE_TEST
                  : config_file(user)                     ? USE_CONFIG
                                                          : USE_OTHER;
  size_t from = w->n_edges;
  unsigned line = 1;
  size_t counted = 0;
  for (size_t i = 0; i < len;) {
    if (!name_char(data[i])) {
      i++;
      continue;
    }
    size_t start = i;
    while (i < len && name_char(data[i]))
      i++;
    size_t end = i;
    while (end > start && data[end - 1] == '.')
      end--; /* a sentence's full stop */
    size_t n = end - start;
    char word[256];
    if (n < minlen || n > maxlen || n >= sizeof(word))
      continue;
    memcpy(word, data + start, n);
    word[n] = '\0';
    struct name key = {word, n, 0, false};
    const struct name *hit =
        bsearch(&key, names, n_names, sizeof(*names), by_base);
    if (!hit || on_comment_line(data, start))
      continue;
    while (hit > names && strcmp(hit[-1].base, key.base) == 0)
      hit--;
    size_t rstart = start;
    while (rstart > 0 &&
           (name_char(data[rstart - 1]) || data[rstart - 1] == '/'))
      rstart--;
    for (; hit < names + n_names && strcmp(hit->base, key.base) == 0; hit++) {
      const struct node *nd = &w->nodes[hit->node];
      size_t plen =
          hit->folder ? (size_t)(nd->base - 1 - nd->path) : strlen(nd->path);
      if (strcmp(nd->path, user) == 0 ||
          (hit->folder && !names_folder(data, len, rstart, end)) ||
          !agrees(nd->path, plen, data + rstart, end - rstart))
        continue;
      enum use use = kind;
      bool deploy = false;
      if (ci) {
        for (; counted < start; counted++)
          line += data[counted] == '\n';
        use = w->ci && ci_test_line(w->ci, user, data, len, line) ? USE_TEST
                                                                  : USE_OTHER;
        deploy = use == USE_OTHER && w->ci &&
                 ci_deploy_line(w->ci, user, data, len, line);
      }
      add_use(w, hit->node, user, use, hit->folder, deploy, from);
    }
  }
}

/* Something other than tests uses node k already. */
static bool doomed(const struct walk *w, size_t k)
{
  if (w->nodes[k].incomplete)
    return true;
  for (long e = w->nodes[k].first; e >= 0; e = w->edges[e].next)
    if (w->edges[e].use == USE_OTHER)
      return true;
  return false;
}

/* Whether the users of configuration k could still decide a file asked
 * about: some file it names is not doomed, nor is what that file is
 * named by, up to a file asked about. Saves reading the tree for users
 * of configurations whose files ship anyway. */
static bool needed(const struct walk *w, size_t k, unsigned depth)
{
  if (w->nodes[k].hop == 0)
    return !doomed(w, k);
  if (depth > RC_REFERRERS_HOPS || doomed(w, k))
    return false;
  for (size_t i = 0; i < w->n_edges; i++) {
    const struct edge *ed = &w->edges[i];
    if (ed->use == USE_CONFIG && ed->user_node == k &&
        needed(w, ed->node, depth + 1))
      return true;
  }
  return false;
}

/* Looks for the users of nodes [first, last) in every text file. */
static void scan_hop(struct walk *w, size_t first, size_t last)
{
  size_t n_names = 0, minlen = SIZE_MAX, maxlen = 0;
  struct name *names = rc_xcalloc(2 * (last - first), sizeof(*names));
  for (size_t i = first; i < last; i++) {
    struct node *nd = &w->nodes[i];
    if (nd->hop > 0 && !needed(w, i, 0))
      continue; /* not scanned: judged as used by others */
    nd->scanned = true;
    names[n_names++] = (struct name){nd->base, strlen(nd->base), i, false};
    /* what names its folder uses it too: a deploy script that copies
     * the folder, a test that loads a configuration by a computed name
     * (`fmt.Sprintf("%s/tls-%s.conf", "./configs/tls", kind)`) */
    const char *dir_end = nd->base > nd->path ? nd->base - 1 : NULL;
    if (dir_end && memchr(nd->path, '/', (size_t)(dir_end - nd->path))) {
      const char *d = dir_end;
      while (d > nd->path && d[-1] != '/')
        d--;
      const char *folder = rc_arena_strndup(w->a, d, (size_t)(dir_end - d));
      names[n_names++] = (struct name){folder, strlen(folder), i, true};
    }
  }
  if (!n_names) {
    free(names);
    return;
  }
  for (size_t i = 0; i < n_names; i++) {
    minlen = names[i].len < minlen ? names[i].len : minlen;
    maxlen = names[i].len > maxlen ? names[i].len : maxlen;
  }
  qsort(names, n_names, sizeof(*names), by_base);
  struct rc_buf buf;
  rc_buf_init(&buf);
  struct rc_index_dir *dir = rc_index_dir_new();
  for (size_t i = 0, n = rc_index_count(w->idx); i < n; i++) {
    const struct rc_entry *e = rc_index_at(w->idx, i);
    char err[128];
    if (e->kind != RC_ENTRY_FILE || rc_entry_size(w->idx, e) > MAX_FILE ||
        rc_entry_size(w->idx, e) == 0 ||
        rc_index_load_in(w->idx, e, NULL, &buf, dir, err, sizeof(err)) != 0 ||
        rc_index_is_binary(buf.data, buf.len) || path_list(e->path))
      continue;
    w->bytes += buf.len;
    if (w->bytes > MAX_BYTES) {
      w->truncated = true;
      break;
    }
    read_user(w, e->path, buf.data, buf.len, names, n_names, minlen, maxlen);
  }
  rc_index_dir_free(dir);
  rc_buf_release(&buf);
  free(names);
}

/* ---- judging ---- */

static bool in_ci_dir(const char *path)
{
  static const char *const dirs[] = {".github/", ".gitlab/", ".circleci/",
                                     ".buildkite/", NULL};
  for (size_t i = 0; dirs[i]; i++)
    if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
      return true;
  return false;
}

/* A file asked about, kept among the CI configuration (.github/,
 * .gitlab/, .circleci/, .buildkite/), that only CI files (naming its
 * folder: `.github/workflows/run-mint.sh` in a workflow) and
 * documentation name: CI services read only their own YAML and scripts
 * there, so a key left beside the workflows is a CI job's test material
 * (a job since removed), never something a deployment loads. */
static bool ci_kept(const struct walk *w, const struct node *nd)
{
  if (nd->hop != 0 || !nd->scanned || nd->incomplete || !in_ci_dir(nd->path))
    return false;
  for (long e = nd->first; e >= 0; e = w->edges[e].next) {
    const struct edge *ed = &w->edges[e];
    /* prose: documentation names a file to tell a reader about it (a
     * quick start's `curl -O .../root.key`), never loads it */
    if (!rc_path_is_doc(ed->user) && !(ed->folder && in_ci_dir(ed->user)))
      return false;
  }
  return true;
}

static bool test_only(struct walk *w, size_t k)
{
  struct node *nd = &w->nodes[k];
  if (nd->verdict >= 0)
    return nd->verdict == 1;
  if (ci_kept(w, nd)) {
    nd->verdict = 1;
    return true;
  }
  /* a key nothing names is judged by its certificate, which is what
   * configurations name (a test CA's key signs and is never loaded) */
  if (nd->hop == 0 && nd->n_named == 0 && nd->pair >= 0 && !nd->incomplete) {
    nd->verdict = test_only(w, (size_t)nd->pair) ? 1 : 0;
    return nd->verdict == 1;
  }
  if (!nd->scanned || nd->incomplete || nd->first < 0) {
    nd->verdict = 0;
    return false;
  }
  /* a file asked about must be named itself: that tests load every
   * file of its folder is not enough */
  if (nd->hop == 0 && nd->n_named == 0) {
    nd->verdict = 0;
    return false;
  }
  nd->verdict = 2; /* a configuration naming itself through others */
  bool only = true;
  for (long e = nd->first; only && e >= 0; e = w->edges[e].next) {
    const struct edge *ed = &w->edges[e];
    only = ed->use == USE_TEST ||
           (ed->use == USE_CONFIG && test_only(w, ed->user_node));
  }
  w->nodes[k].verdict = only ? 1 : 0;
  return only;
}

/* The first edge that judges k: one naming it, or - when nothing names
 * it - one naming its folder. */
static const struct edge *judging_edge(const struct walk *w, size_t k)
{
  bool by_folder = w->nodes[k].n_named == 0;
  for (long e = w->nodes[k].first; e >= 0; e = w->edges[e].next)
    if (w->edges[e].folder == by_folder)
      return &w->edges[e];
  return NULL;
}

/* The test file at the end of k's first use, for the reason. */
static const char *why_of(struct walk *w, size_t k)
{
  const struct node *key = &w->nodes[k];
  if (ci_kept(w, key))
    return "kept among the CI files; only CI files and documentation name it "
           "or its folder";
  if (key->n_named == 0 && key->pair >= 0)
    return rc_arena_printf(w->a, "its certificate '%s' is %s",
                           w->nodes[key->pair].path,
                           why_of(w, (size_t)key->pair));
  const struct edge *ed = judging_edge(w, k);
  const char *through = NULL;
  for (unsigned hop = 0; ed && ed->use == USE_CONFIG && hop < RC_REFERRERS_HOPS;
       hop++) {
    through = through ? through : ed->user;
    ed = judging_edge(w, ed->user_node);
  }
  const struct node *nd = &w->nodes[k];
  size_t users = nd->n_named ? nd->n_named : nd->n_users;
  size_t more = users ? users - 1 : 0;
  return rc_arena_printf(
      w->a, "named only by tests: '%s'%s%s%s%s", ed ? ed->user : "?",
      through ? " (through '" : "", through ? through : "", through ? "')" : "",
      more ? rc_arena_printf(w->a, " and %zu more", more) : "");
}

/* The certificate beside a key, by the names tools give the two:
 * benchmark-ca-key.pem and benchmark-ca-cert.pem, server.key and
 * server.crt, cfssl's ca-key.pem and ca.pem. -1 when there is none. */
static long pair_of(struct walk *w, size_t k)
{
  const char *path = w->nodes[k].path, *base = w->nodes[k].base;
  size_t dir = (size_t)(base - path);
  const char *key = NULL;
  for (const char *p = base; (p = strstr(p, "key")) != NULL; p++)
    key = p; /* the last "key" of the name */
  if (!key || (key > base && name_char(key[-1]) && key[-1] != '-' &&
               key[-1] != '_' && key[-1] != '.'))
    return -1;
  size_t at = (size_t)(key - base);
  static const char *const certs[] = {"cert", "crt", NULL};
  char cand[512];
  for (size_t i = 0; certs[i]; i++) {
    snprintf(cand, sizeof(cand), "%.*s%.*s%s%s", (int)dir, path, (int)at, base,
             certs[i], base + at + 3);
    if (rc_index_find(w->idx, cand))
      return add_node(w, cand, 0);
  }
  /* ca-key.pem -> ca.pem: the key's word and its separator dropped */
  if (at > 0 && (base[at - 1] == '-' || base[at - 1] == '_') &&
      base[at + 3] == '.') {
    snprintf(cand, sizeof(cand), "%.*s%.*s%s", (int)dir, path, (int)at - 1,
             base, base + at + 3);
    if (strcmp(cand + dir, base) != 0 && rc_index_find(w->idx, cand))
      return add_node(w, cand, 0);
  }
  return -1;
}

/* The CI file of k's first edge from a deploy job, or NULL. */
static const char *deployer_of(const struct walk *w, size_t k)
{
  for (long e = w->nodes[k].first; e >= 0; e = w->edges[e].next)
    if (w->edges[e].deploy)
      return w->edges[e].user;
  return NULL;
}

void rc_referrers_test_only(struct rc_index *idx, const struct rc_pipeline *ci,
                            struct rc_arena *a, const char *const *paths,
                            size_t n, const char **why)
{
  rc_referrers_judge(idx, ci, a, paths, n, why, NULL);
}

void rc_referrers_judge(struct rc_index *idx, const struct rc_pipeline *ci,
                        struct rc_arena *a, const char *const *paths, size_t n,
                        const char **why, const char **deployer)
{
  struct walk w = {idx, ci, a, NULL, 0, 0, NULL, 0, 0, 0, false};
  long *asked = rc_xcalloc(n + 1, sizeof(*asked));
  for (size_t i = 0; i < n; i++) {
    why[i] = NULL;
    if (deployer)
      deployer[i] = NULL;
    asked[i] = add_node(&w, paths[i], 0);
  }
  for (size_t i = 0; i < n; i++)
    if (asked[i] >= 0) {
      long pair = pair_of(&w, (size_t)asked[i]);
      w.nodes[asked[i]].pair = pair;
    }
  size_t first = 0;
  for (unsigned hop = 0; hop < RC_REFERRERS_HOPS && first < w.n_nodes; hop++) {
    size_t last = w.n_nodes;
    scan_hop(&w, first, last);
    first = last;
  }
  for (size_t i = 0; i < n && !w.truncated; i++)
    if (asked[i] >= 0 && test_only(&w, (size_t)asked[i]))
      why[i] = why_of(&w, (size_t)asked[i]);
  for (size_t i = 0; i < n && deployer; i++)
    if (asked[i] >= 0)
      deployer[i] = deployer_of(&w, (size_t)asked[i]);
  free(asked);
  free(w.nodes);
  free(w.edges);
}
