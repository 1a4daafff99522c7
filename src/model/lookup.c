/*
 * lookup.c - a compose file, Dockerfile or image of the model by path,
 * and the role a path has on the model (rc_model_file_role()). Probes ask
 * for every file a rule selects, so the lookups are binary searches over
 * arrays kept in path order.
 */
#include "lookup.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/model.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "build.h"

/* The compose files are in path order (the index's byte order): a
 * binary search, as rc_model_file_role() asks for every file a rule
 * selects (200,000 on a big tree). */
struct rc_compose_file *mb_compose_at(const struct rc_model *m,
                                      const char *path)
{
  size_t lo = 0, hi = path ? m->n_compose : 0;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(m->compose[mid].path, path);
    if (c == 0)
      return &m->compose[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* A Dockerfile is what its builds make of it: production when one
 * deployment builds it; development when only development stacks build it
 * (a UI's dev-server image a development compose file builds); unused when
 * the repository builds images and never this one (the image rules skip
 * it, and so do the rules that read it as a file). Any other use - the
 * base of a production image's build stage - or none keeps the role its
 * path gives. */
static bool image_role(const struct rc_model *m, const char *path,
                       enum rc_role *role)
{
  /* the images of this Dockerfile: a range of the sorted index, or all of
   * them while the model is being built */
  size_t lo = 0, hi = m->n_images;
  if (m->images_by_df) {
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (strcmp(m->images_by_df[mid]->dockerfile, path) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    hi = m->n_images;
  }
  bool dev = false, unused = false;
  for (size_t i = lo; i < hi; i++) {
    const struct rc_image *im =
        m->images_by_df ? m->images_by_df[i] : &m->images[i];
    int c = strcmp(im->dockerfile, path);
    if (c != 0 && m->images_by_df)
      break;
    if (c != 0)
      continue;
    if (im->role == RC_ROLE_UNUSED) {
      unused = true;
      continue;
    }
    if (im->role != RC_ROLE_DEVELOPMENT)
      return false;
    dev = true;
  }
  if (dev || unused)
    *role = dev ? RC_ROLE_DEVELOPMENT : RC_ROLE_UNUSED;
  return dev || unused;
}

static int image_df_cmp(const void *pa, const void *pb)
{
  const struct rc_image *a = *(const struct rc_image *const *)pa;
  const struct rc_image *b = *(const struct rc_image *const *)pb;
  return strcmp(a->dockerfile, b->dockerfile);
}

/* The images sorted by Dockerfile, once they are final. */
void mb_index_images(struct rc_model *m)
{
  if (!m->n_images)
    return;
  m->images_by_df = rc_xcalloc(m->n_images, sizeof(*m->images_by_df));
  for (size_t i = 0; i < m->n_images; i++)
    m->images_by_df[i] = &m->images[i];
  qsort(m->images_by_df, m->n_images, sizeof(*m->images_by_df), image_df_cmp);
}

enum rc_role rc_model_file_role(const struct rc_model *m, const char *path)
{
  const struct rc_compose_file *f = mb_compose_at(m, path);
  if (f)
    return f->role;
  enum rc_role role;
  if (image_role(m, path, &role))
    return role;
  return rc_role_of_path(path, NULL, 0);
}

const struct rc_dockerfile *rc_model_dockerfile(const struct rc_model *m,
                                                const char *path)
{
  for (size_t i = 0; path && i < m->n_dockerfiles; i++)
    if (strcmp(m->dockerfiles[i].path, path) == 0)
      return &m->dockerfiles[i];
  return NULL;
}

const struct rc_image *rc_model_image(const struct rc_model *m,
                                      const char *dockerfile)
{
  for (size_t i = 0; dockerfile && i < m->n_images; i++)
    if (m->images[i].role == RC_ROLE_PRODUCTION &&
        strcmp(m->images[i].dockerfile, dockerfile) == 0)
      return &m->images[i];
  return NULL;
}

/* A name as a chain writes it: from the chain's folder, from the root, or
 * the one compose file whose path ends with it. */
struct rc_compose_file *mb_resolve_name(struct build *b, const char *dir,
                                        const char *name)
{
  struct rc_compose_file *f =
      mb_compose_at(b->m, rc_path_join(b->a, dir, name));
  if (!f)
    f = mb_compose_at(b->m, rc_path_join(b->a, "", name));
  if (f)
    return f;
  const char *norm = rc_path_join(b->a, "", name);
  if (!norm || !*norm)
    return NULL;
  struct rc_compose_file *hit = NULL;
  size_t nl = strlen(norm);
  for (size_t i = 0; i < b->m->n_compose; i++) {
    const char *p = b->m->compose[i].path;
    size_t pl = strlen(p);
    if (pl > nl && p[pl - nl - 1] == '/' && strcmp(p + pl - nl, norm) == 0) {
      if (hit)
        return NULL; /* ambiguous */
      hit = &b->m->compose[i];
    }
  }
  return hit;
}
