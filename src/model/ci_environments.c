/*
 * ci_environments.c - images CI jobs run in: a GitHub workflow job's
 * `container:` (or `container.image`) and its `services.*.image`, and
 * whether anything other than CI names such an image.
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/imageref.h"
#include "readycheck/index.h"
#include "readycheck/pipeline.h"

#include "images.h"

/* ref, tag or digest aside, is repo (a registry host aside too). */
static bool ref_is(const char *ref, const char *repo)
{
  size_t n = rc_image_repo_len(ref, strcspn(ref, " \t"));
  size_t r = strlen(repo);
  if (n < r || strncmp(ref + n - r, repo, r) != 0)
    return false;
  return n == r || ref[n - r - 1] == '/';
}

static bool job_image_is(const cJSON *node, const char *repo)
{
  if (cJSON_IsObject(node))
    node = cJSON_GetObjectItemCaseSensitive(node, "image");
  return cJSON_IsString(node) && ref_is(node->valuestring, repo);
}

/* A job of the workflow runs in the image, or beside it as a service. */
static bool workflow_runs_in(const cJSON *doc, const char *repo)
{
  const cJSON *jobs = cJSON_GetObjectItemCaseSensitive(doc, "jobs");
  const cJSON *job;
  cJSON_ArrayForEach(job, jobs) {
    if (job_image_is(cJSON_GetObjectItemCaseSensitive(job, "container"), repo))
      return true;
    const cJSON *svc;
    cJSON_ArrayForEach(svc, cJSON_GetObjectItemCaseSensitive(job, "services")) {
      if (job_image_is(svc, repo))
        return true;
    }
  }
  return false;
}

const char *mb_ci_job_image(struct build *b, const char *repo)
{
  struct rc_index *idx = b->m->index;
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *data;
    size_t len;
    struct rc_docs docs;
    char err[128];
    if (e->kind != RC_ENTRY_FILE ||
        strncmp(e->path, ".github/workflows/", 18) != 0 ||
        !rc_index_read_text(idx, e, MAX_FILE_BYTES, &data, &len) ||
        !memmem(data, len, repo, strlen(repo)) ||
        rc_doc_cache_parse(rc_index_docs(idx), &docs, data, len, e->path,
                           RC_DOC_YAML, err, sizeof(err)) != 0)
      continue;
    bool runs = false;
    for (size_t k = 0; k < docs.n && !runs; k++)
      runs = workflow_runs_in(docs.docs[k], repo);
    rc_docs_release(&docs);
    if (runs)
      return e->path;
  }
  return NULL;
}

const char *mb_image_named_outside_ci(struct build *b, const char *repo,
                                      const char *dockerfile)
{
  struct rc_index *idx = b->m->index;
  const char *slash = strrchr(dockerfile, '/');
  size_t dir = slash ? (size_t)(slash - dockerfile) + 1 : 0;
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *data;
    size_t len;
    /* CI files and the image's own folder (its Dockerfile, its README's
     * release steps) are where it is built, not where it is used */
    if (e->kind != RC_ENTRY_FILE || rc_pipeline_is_ci(e->path) ||
        (dir && strncmp(e->path, dockerfile, dir) == 0 &&
         !strchr(e->path + dir, '/')) ||
        !rc_index_read_text(idx, e, MAX_FILE_BYTES, &data, &len))
      continue;
    if (mb_names_whole(data, len, repo, "/"))
      return e->path;
  }
  return NULL;
}
