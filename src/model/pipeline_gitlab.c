/*
 * pipeline_gitlab.c - GitLab CI: jobs, extends and default keys, and the
 * included (local and remote) files of a pipeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/pipeline.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "pipeline_scan.h"

/* ---- GitLab CI ------------------------------------------------------------
 */

struct gl_doc {
  struct rc_docs docs;
  const char *path;
  const char *raw;
};

struct gl_unit {
  struct gl_doc docs[MAX_INCLUDES];
  size_t n;
};

static bool gl_reserved(const char *k)
{
  static const char *const words[] = {
      "stages",       "variables", "default", "include",       "workflow",
      "image",        "services",  "cache",   "before_script", "after_script",
      "pages:deploy", "types",     NULL};
  for (size_t i = 0; words[i]; i++)
    if (strcmp(k, words[i]) == 0)
      return true;
  return false;
}

bool pl_already_read(struct rc_pipeline_scan *s, const char *path)
{
  for (size_t i = 0; i < s->n_read; i++)
    if (strcmp(s->read[i], path) == 0)
      return true;
  return false;
}

void pl_mark_read(struct rc_pipeline_scan *s, const char *path)
{
  rc_grow((void **)&s->read, &s->cap_read, s->n_read, sizeof(*s->read));
  s->read[s->n_read++] = rc_arena_strdup(s->a, path);
}

/* The items of a GitLab file's `include:` (one, or a list), at most max. */
static size_t gl_includes(const struct gl_doc *d, const cJSON **list,
                          size_t max)
{
  const cJSON *inc = d->docs.n ? pl_get(d->docs.docs[0], "include") : NULL;
  size_t n = 0;
  if (cJSON_IsArray(inc)) {
    const cJSON *it;
    cJSON_ArrayForEach(it, inc)
      if (n < max)
        list[n++] = it;
  } else if (inc && max) {
    list[n++] = inc;
  }
  return n;
}

/* What an include of another repository's configuration names: the file
 * of a `project:` (`mautrix/ci` `/go.yml`), a `template:`
 * (`Security/SAST.gitlab-ci.yml`), a `component:` (`.../go/test@1`) or a
 * `remote:` URL; NULL for a local include. The file names the jobs it
 * brings, as a remote reusable workflow of GitHub does. */
static const char *gl_remote_ref(struct rc_pipeline_scan *s, const cJSON *it)
{
  if (cJSON_IsString(it))
    return strstr(it->valuestring, "://") ? it->valuestring : NULL;
  static const char *const keys[] = {"component", "template", "remote", NULL};
  for (size_t i = 0; keys[i]; i++)
    if (pl_str(it, keys[i]))
      return pl_str(it, keys[i]);
  if (!pl_str(it, "project"))
    return NULL;
  const cJSON *file = pl_get(it, "file");
  const char *f = cJSON_IsArray(file) && cJSON_IsString(file->child)
                      ? file->child->valuestring
                      : pl_str(it, "file");
  return f ? rc_arena_printf(s->a, "%s:%s%s", pl_str(it, "project"),
                             f[0] == '/' ? "" : "/", f)
           : pl_str(it, "project");
}

/* The name a remote configuration's reference is judged by: its file or
 * component without folders, version and YAML suffixes
 * ("Security/SAST.gitlab-ci.yml" "SAST", ".../go/test@1" "test"). */
static const char *gl_ref_name(struct rc_pipeline_scan *s, const char *ref)
{
  char buf[160];
  snprintf(buf, sizeof(buf), "%s", ref);
  buf[strcspn(buf, "@?#")] = '\0';
  const char *base = rc_path_base(buf);
  char name[160];
  snprintf(name, sizeof(name), "%s", base);
  static const char *const suffixes[] = {".gitlab-ci.yml", ".gitlab-ci.yaml",
                                         ".yml", ".yaml", NULL};
  size_t n = strlen(name);
  for (size_t i = 0; suffixes[i]; i++) {
    size_t m = strlen(suffixes[i]);
    if (n > m && strcasecmp(name + n - m, suffixes[i]) == 0) {
      name[n - m] = '\0';
      break;
    }
  }
  return rc_arena_strdup(s->a, name);
}

/* A step for a job that is another repository's configuration: opaque,
 * judged by its name. */
void pl_remote_step(struct rc_pipeline_scan *s, const char *path, unsigned line,
                    const char *job, const char *name, const char *uses)
{
  size_t i = s->p->n_steps;
  struct rc_ci_step *st = pl_add_step(s, path, line);
  st->job = pl_keep(s, job);
  st->name = pl_keep(s, name);
  st->uses = pl_keep(s, uses);
  st->opaque = true;
  st->remote = true;
  pl_end_step(s, i);
  pl_step_name_gates(&s->p->steps[i], s->p->steps[i].name);
}

/* Each include of another repository's configuration as a step (the jobs
 * it brings run for pushes unless they say otherwise); true when the unit
 * has one. */
static bool gl_remote_steps(struct rc_pipeline_scan *s, const struct gl_unit *u)
{
  bool any = false;
  for (size_t di = 0; di < u->n; di++) {
    const cJSON *list[64];
    size_t nl = gl_includes(&u->docs[di], list, 64);
    for (size_t i = 0; i < nl; i++) {
      const char *ref = gl_remote_ref(s, list[i]);
      if (!ref)
        continue;
      pl_remote_step(s, u->docs[di].path,
                     rc_docs_line(&u->docs[di].docs, list[i]), NULL,
                     gl_ref_name(s, ref), ref);
      any = true;
    }
  }
  return any;
}

static void gl_load(struct rc_pipeline_scan *s, struct gl_unit *u,
                    const char *path, const char *data, size_t len)
{
  if (u->n >= MAX_INCLUDES || pl_already_read(s, path))
    return;
  pl_mark_read(s, path);
  struct gl_doc *d = &u->docs[u->n];
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(s->idx), &d->docs, data, len, path,
                         RC_DOC_YAML, err, sizeof(err)) != 0) {
    pl_add_error(s, path, err);
    return;
  }
  d->path = rc_arena_strdup(s->a, path);
  d->raw = data;
  u->n++;
  const cJSON *list[64];
  size_t nl = gl_includes(d, list, 64);
  for (size_t i = 0; i < nl; i++) {
    const char *local = cJSON_IsString(list[i]) ? list[i]->valuestring
                                                : pl_str(list[i], "local");
    if (!local || strstr(local, "://") || strchr(local, '$') ||
        strchr(local, '*'))
      continue;
    while (*local == '/')
      local++;
    const char *p = rc_path_join(s->a, "", local);
    size_t n;
    const char *bytes = p ? pl_repo_file(s, p, &n) : NULL;
    if (bytes)
      gl_load(s, u, p, bytes, n);
  }
}

/* A job by name across the unit's files, with its file. */
static const cJSON *gl_job(const struct gl_unit *u, const char *name,
                           const struct gl_doc **in)
{
  for (size_t i = u->n; i-- > 0;) {
    const cJSON *j =
        u->docs[i].docs.n ? pl_get(u->docs[i].docs.docs[0], name) : NULL;
    if (cJSON_IsObject(j)) {
      *in = &u->docs[i];
      return j;
    }
  }
  return NULL;
}

/* key of job, or of what it extends (the last extended wins). */
static const cJSON *gl_key(const struct gl_unit *u, const cJSON *job,
                           const struct gl_doc *jd, const char *key,
                           const struct gl_doc **in, unsigned depth)
{
  const cJSON *v = pl_get(job, key);
  if (v) {
    *in = jd;
    return v;
  }
  const cJSON *ext = pl_get(job, "extends");
  if (!ext || depth > 8)
    return NULL;
  const cJSON *names[16];
  size_t n = 0;
  if (cJSON_IsString(ext))
    names[n++] = ext;
  else {
    const cJSON *it;
    cJSON_ArrayForEach(it, ext)
      if (n < 16 && cJSON_IsString(it))
        names[n++] = it;
  }
  for (size_t i = n; i-- > 0;) {
    const struct gl_doc *ed = NULL;
    const cJSON *e = gl_job(u, names[i]->valuestring, &ed);
    if (e && (v = gl_key(u, e, ed, key, in, depth + 1)))
      return v;
  }
  return NULL;
}

/* The job runs only when someone opts in (pl_gitlab_opt_in), judged with
 * the `variables:` of every file of the unit and of the job. */
static bool gl_opt_in(const struct gl_unit *u, const cJSON *job,
                      const struct gl_doc *d)
{
  const struct gl_doc *rd = d, *od = d, *vd = d;
  const cJSON *rules = gl_key(u, job, d, "rules", &rd, 0);
  const cJSON *only = gl_key(u, job, d, "only", &od, 0);
  if (!rules && !only)
    return false;
  const cJSON *vars[MAX_INCLUDES + 1];
  size_t n = 0;
  for (size_t i = 0; i < u->n; i++) {
    const cJSON *v =
        u->docs[i].docs.n ? pl_get(u->docs[i].docs.docs[0], "variables") : NULL;
    if (cJSON_IsObject(v))
      vars[n++] = v;
  }
  const cJSON *jv = gl_key(u, job, d, "variables", &vd, 0);
  if (cJSON_IsObject(jv))
    vars[n++] = jv;
  return pl_gitlab_opt_in(rules, only, vars, n);
}

static void gl_run_script(struct ctx *c, const struct gl_doc *d, const cJSON *v)
{
  struct yaml_src y = {&d->docs, d->raw, d->path};
  if (cJSON_IsString(v)) {
    pl_run_node_text(c, &y, v, v->valuestring);
  } else if (cJSON_IsArray(v)) {
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
      gl_run_script(c, d, it);
  }
}

void pl_read_gitlab(struct rc_pipeline_scan *s, const char *path,
                    const char *data, size_t len)
{
  struct gl_unit *u = rc_xcalloc(1, sizeof(*u));
  gl_load(s, u, path, data, len);
  size_t first_remote = s->p->n_steps;
  bool remote = gl_remote_steps(s, u);
  bool own = false; /* a job of the unit runs a script of its own */
  for (size_t di = 0; di < u->n; di++) {
    const struct gl_doc *d = &u->docs[di];
    const cJSON *root = d->docs.n ? d->docs.docs[0] : NULL;
    const cJSON *deflt = pl_get(root, "default");
    const cJSON *job;
    cJSON_ArrayForEach(job, root) {
      const char *name = job->string;
      /* a document that is a list, not a mapping, has no named jobs */
      if (!name || !cJSON_IsObject(job) || name[0] == '.' ||
          gl_reserved(name) || pl_get(job, "trigger"))
        continue;
      const struct gl_doc *sd = d, *bd = d, *ad = d, *fd = d, *wd = d;
      const cJSON *script = gl_key(u, job, d, "script", &sd, 0);
      /* a job that extends a remote include's template (`test: extends:
       * .go-test`) runs what that template says: its name tells */
      if (!script && remote && pl_get(job, "extends"))
        pl_remote_step(s, d->path, rc_docs_line(&d->docs, job), name, name,
                       NULL);
      if (!script)
        continue;
      const cJSON *before = gl_key(u, job, d, "before_script", &bd, 0);
      if (!before && (before = pl_get(deflt, "before_script")) == NULL)
        before = pl_get(root, "before_script");
      const cJSON *after = gl_key(u, job, d, "after_script", &ad, 0);
      if (!after && (after = pl_get(deflt, "after_script")) == NULL)
        after = pl_get(root, "after_script");
      const cJSON *allow = gl_key(u, job, d, "allow_failure", &fd, 0);
      const cJSON *when = gl_key(u, job, d, "when", &wd, 0);
      bool manual =
          cJSON_IsString(when) && strcmp(when->valuestring, "manual") == 0;
      if (!manual)
        manual = gl_opt_in(u, job, d);
      size_t i = s->p->n_steps;
      struct rc_ci_step *st =
          pl_add_step(s, d->path, rc_docs_line(&d->docs, job));
      st->job = pl_keep(s, name);
      st->name = st->job;
      st->gating = !manual;
      if (pl_is_true(allow)) {
        st->soft = true;
        st->soft_key = "allow_failure";
        st->soft_at =
            (struct rc_where){fd->path, rc_docs_line(&fd->docs, allow)};
      }
      struct ctx c = {s,    "",   -1,   NULL, 0, NULL,
                      NULL, NULL, NULL, NULL, 0, false};
      if (before)
        gl_run_script(&c, bd, before);
      gl_run_script(&c, sd, script);
      pl_end_step(s, i);
      own = true;
      if (s->p->steps[i].opaque)
        pl_step_name_gates(&s->p->steps[i], s->p->steps[i].name);
      if (after) {
        size_t k = s->p->n_steps;
        struct rc_ci_step *as =
            pl_add_step(s, d->path, rc_docs_line(&ad->docs, after));
        as->job = pl_keep(s, name);
        as->name = rc_arena_printf(s->a, "%s (after_script)", name);
        as->after = true;
        as->gating = !manual;
        gl_run_script(&c, ad, after);
        pl_end_step(s, k);
      }
    }
  }
  /* beside jobs of its own, an include is one more job judged by its
   * name, not the whole pipeline */
  for (size_t i = first_remote; own && i < s->p->n_steps; i++)
    s->p->steps[i].remote = false;
  for (size_t i = 0; i < u->n; i++)
    rc_docs_release(&u->docs[i].docs);
  free(u);
}
