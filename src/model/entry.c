/*
 * entry.c - the repository's own automation says what deploys: which
 * compose files are chained together and which Dockerfiles are built. We
 * read it as text, one logical shell line at a time, because the same
 * commands appear in workflows, Makefiles, scripts and READMEs alike; the
 * only YAML read is GitHub's build-push-action, which has no command line.
 *
 * This file: which files are read, and the scan's driver. Each kind of
 * command or file is an entry_*.c file; entry_scan.h is what they share.
 */
#include "readycheck/entry.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/platform.h"
#include "readycheck/shellwords.h"
#include "readycheck/vars.h"

#include "entry_scan.h"

/* ---- which files ------------------------------------------------------- */

static bool ends_with(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcasecmp(s + n - m, suf) == 0;
}

bool en_is_yaml(const char *name)
{
  return ends_with(name, ".yml") || ends_with(name, ".yaml");
}

/* CI configuration: relative names in it start at the repository root. */
static bool is_ci(const char *path, const char *name)
{
  return rc_pipeline_is_ci_name(name) || rc_pipeline_is_ci(path);
}

/* A README, or a Markdown page named for deploying or installing, or in a
 * folder named so (docs/install/kubernetes.md). */
static bool is_doc(const char *path, const char *name)
{
  static const char *const words[] = {"deploy",    "production", "install",
                                      "self-host", "selfhost",   "hosting",
                                      NULL};
  if (strncasecmp(name, "README", 6) == 0)
    return true;
  if (!rc_path_is_markdown(name))
    return false;
  if (rc_str_find_any_ci(name, words))
    return true;
  size_t dir = (size_t)(name - path);
  if (dir < 2)
    return false;
  size_t from = dir - 1;
  while (from > 0 && path[from - 1] != '/')
    from--;
  char folder[128];
  size_t n = dir - 1 - from;
  if (n == 0 || n >= sizeof(folder))
    return false;
  memcpy(folder, path + from, n);
  folder[n] = '\0';
  return rc_str_find_any_ci(folder, words);
}

static bool is_automation(const char *name)
{
  static const char *const files[] = {
      "Makefile",  "makefile",     "GNUmakefile",   "justfile",     "Justfile",
      ".justfile", "Taskfile.yml", "Taskfile.yaml", "package.json", "Procfile",
      NULL};
  for (size_t i = 0; files[i]; i++)
    if (strcmp(name, files[i]) == 0)
      return true;
  return ends_with(name, ".sh") || ends_with(name, ".bash") ||
         ends_with(name, ".mk") || strcmp(name, ".env") == 0 ||
         strncmp(name, ".env.", 5) == 0;
}

bool en_is_op(const char *w)
{
  return rc_shell_is_op(w) || strcmp(w, "(") == 0 || strcmp(w, ")") == 0;
}

bool en_has_var(const char *s)
{
  return strchr(s, '$') != NULL || strstr(s, "{{") != NULL;
}

bool en_word_is(const char *const *w, size_t n, size_t i, const char *s)
{
  return i < n && strcmp(w[i], s) == 0;
}

/* ---- driver ------------------------------------------------------------- */

/* Task runs an included Taskfile's tasks in the including Taskfile's
 * folder unless the include names a `dir:`: `common: ./build/Taskfile.yml`
 * in client/ui/Taskfile.yml runs client/ui/build/Taskfile.yml's commands
 * from client/ui. The folder they run in: the includer's, when a Taskfile
 * of a folder above includes path in that short form; else path's own. */
static const char *taskfile_dir(struct rc_index *idx, struct rc_arena *a,
                                const char *path)
{
  const char *own = rc_path_dir(a, path);
  for (const char *dir = own; *dir;) {
    const char *slash = strrchr(dir, '/');
    dir = slash ? rc_arena_strndup(a, dir, (size_t)(slash - dir)) : "";
    static const char *const names[] = {"Taskfile.yml", "Taskfile.yaml", NULL};
    for (size_t k = 0; names[k]; k++) {
      const struct rc_entry *e =
          rc_index_find(idx, rc_path_join(a, dir, names[k]));
      const char *data;
      size_t len;
      char err[128];
      if (!e || rc_index_read(idx, e, &data, &len, err, sizeof(err)) != 0)
        continue;
      const char *rel = path + (*dir ? strlen(dir) + 1 : 0);
      size_t rn = strlen(rel);
      for (const char *p = data, *end = data + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *c = memchr(p, ':', (size_t)(le - p));
        const char *key = p;
        while (key < le && (*key == ' ' || *key == '\t'))
          key++;
        /* the long form (`taskfile:` beside a possible `dir:`) is left
         * to its own folder */
        bool long_form = c && c - key == 8 && strncmp(key, "taskfile", 8) == 0;
        if (c && p < le && key > p && !long_form) {
          const char *v = c + 1;
          while (v < le && (*v == ' ' || *v == '"' || *v == '\''))
            v++;
          if (le - v >= 2 && v[0] == '.' && v[1] == '/')
            v += 2;
          const char *ve = le;
          while (ve > v && (ve[-1] == ' ' || ve[-1] == '\r' || ve[-1] == '"' ||
                            ve[-1] == '\''))
            ve--;
          if ((size_t)(ve - v) == rn && strncmp(v, rel, rn) == 0)
            return dir;
        }
        p = nl ? nl + 1 : end;
      }
    }
  }
  return own;
}

static int cd_scope_of(const char *name, bool ci)
{
  if (ends_with(name, ".sh") || ends_with(name, ".bash") ||
      rc_path_is_markdown(name) || strncasecmp(name, "README", 6) == 0 ||
      strcmp(name, "Jenkinsfile") == 0)
    return CD_FILE;
  return ci || en_is_yaml(name) ? CD_BLOCK : CD_LINE;
}

void rc_entries_scan(struct rc_entries *out, struct rc_index *idx,
                     struct rc_arena *a)
{
  memset(out, 0, sizeof(*out));
  struct rc_pipeline_scan *ps = rc_pipeline_scan_new(&out->pipeline, idx, a);
  struct rc_ci_files ci_files = {0};
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind == RC_ENTRY_FILE && is_ci(e->path, e->name)) {
      rc_grow((void **)&ci_files.at, &ci_files.cap, ci_files.n,
              sizeof(*ci_files.at));
      ci_files.at[ci_files.n++] = e;
    }
  }
  size_t total = 0;
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    bool ci = is_ci(e->path, e->name);
    if (!ci && !is_automation(e->name) && !is_doc(e->path, e->name) &&
        !en_is_skaffold(e->name) && !en_is_helmfile(e->name) &&
        !en_is_fly(e->name) && !rc_platform_file(e->path))
      continue;
    if (rc_entry_size(idx, e) > MAX_FILE_BYTES)
      continue;
    if (out->files_scanned >= MAX_FILES ||
        total + rc_entry_size(idx, e) > MAX_TOTAL_BYTES)
      break;
    const char *data;
    size_t len;
    if (!rc_index_read_text(idx, e, MAX_FILE_BYTES, &data, &len))
      continue;
    out->files_scanned++;
    total += len;
    struct scan sc = {.out = out,
                      .a = a,
                      .tmp = rc_arena_new(),
                      .path = e->path,
                      .docs = rc_index_docs(idx),
                      .idx = idx,
                      .ci_files = &ci_files};
    rc_vars_init(&sc.sh);
    rc_vars_init(&sc.mk);
    sc.mk_file = en_is_makefile(e->name);
    sc.just_file = en_is_justfile(e->name);
    if (sc.mk_file)
      en_make_vars(&sc, data, len);
    sc.markdown =
        !ci && is_doc(e->path, e->name) &&
        (rc_path_is_markdown(e->name) || strcasecmp(e->name, "README") == 0);
    sc.role = ci            ? RC_ROLE_PRODUCTION
              : sc.markdown ? rc_role_of_document(a, e->path)
                            : rc_role_of_path(e->path, NULL, 0);
    sc.in_fence = false;
    sc.section_level = 0;
    sc.section_role = RC_ROLE_PRODUCTION;
    sc.section_deploys = false;
    sc.deploy_level = 0;
    sc.section_local = false;
    sc.section_dev_prose = false;
    sc.doc_local = false;
    sc.section_pulls = NULL;
    sc.section_offers_file = false;
    sc.snip_all = NULL;
    sc.snip_services = false;
    sc.snip_name = NULL;
    sc.cloned = NULL;
    sc.cwd = ci ? ""
             : strncmp(e->name, "Taskfile.y", 10) == 0
                 ? taskfile_dir(idx, a, e->path)
                 : rc_path_dir(a, e->path);
    sc.base = sc.cwd;
    sc.cd_scope = cd_scope_of(e->name, ci);
    sc.cd_indent = (size_t)-1;
    if (en_is_skaffold(e->name))
      en_scan_skaffold(&sc, data, len);
    else if (en_is_helmfile(e->name))
      en_scan_helmfile(&sc, data, len);
    else if (en_is_fly(e->name))
      en_scan_fly(&sc, data, len);
    else if (rc_platform_file(e->path))
      en_scan_platform(&sc, data, len);
    else if (strcmp(e->name, "package.json") == 0) {
      if (!en_in_package_source(idx, sc.tmp, e->path))
        en_scan_package_json(&sc, data, len);
    } else
      en_scan_text(&sc, data, len);
    if (ci && strncmp(e->path, ".github/workflows/", 18) == 0)
      en_scan_workflow_yaml(&sc, data, len);
    if (rc_pipeline_is_ci(e->path))
      rc_pipeline_scan_file(ps, e->path, data, len);
    rc_vars_release(&sc.sh);
    rc_vars_release(&sc.mk);
    rc_arena_free(sc.tmp);
  }
  rc_pipeline_finish(ps);
  free(ci_files.at);
}

void rc_entries_release(struct rc_entries *e)
{
  if (!e)
    return;
  free(e->chains);
  free(e->builds);
  free(e->applies);
  free(e->runs);
  free(e->made);
  free(e->copies);
  free(e->retags);
  free(e->set_images);
  free(e->ups);
  free(e->snippets);
  rc_pipeline_release(&e->pipeline);
  e->chains = NULL;
  e->builds = NULL;
  e->applies = NULL;
  e->runs = NULL;
  e->made = NULL;
  e->copies = NULL;
  e->n_copies = 0;
  e->retags = NULL;
  e->n_retags = 0;
  e->set_images = NULL;
  e->n_set_images = 0;
  e->ups = NULL;
  e->n_ups = 0;
  e->snippets = NULL;
  e->n_snippets = 0;
  e->n_runs = 0;
  e->n_chains = e->n_builds = e->n_applies = 0;
}
