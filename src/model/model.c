/*
 * model.c - the deployment model builder: the order of its decisions.
 * One pass over the index for the files that decide what deploys
 * (collect.c), then which compose files form production views (views.c,
 * devstacks.c, evidence.c), which Dockerfiles are production images
 * (images.c), which folders are services (services.c); then the
 * Kubernetes, reachability and settings passes. Parsing is compose.c's,
 * dockerfile.c's and entry.c's; the deciders write down why, so that
 * `readycheck model` can show its reasoning.
 */
#include "readycheck/model.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/appsettings.h"
#include "readycheck/mem.h"

#include "build.h"
#include "collect.h"
#include "devstacks.h"
#include "evidence.h"
#include "images.h"
#include "lookup.h"
#include "services.h"
#include "views.h"

static int view_rank(const void *pa, const void *pb)
{
  const struct rc_compose_view *a = pa, *b = pb;
  if ((a->role == RC_ROLE_PRODUCTION) != (b->role == RC_ROLE_PRODUCTION))
    return a->role == RC_ROLE_PRODUCTION ? -1 : 1;
  return strcmp(a->files[0]->path, b->files[0]->path);
}

static void build_views(struct build *b)
{
  mb_views_from_chains(b);
  mb_views_from_folders(b);
  mb_views_from_leftovers(b);
  mb_demote_dev_stacks(b);
  mb_find_deploy_evidence(b);
  mb_mark_swarm_views(b);
  if (b->m->n_views > 1)
    qsort(b->m->views, b->m->n_views, sizeof(*b->m->views), view_rank);
}

/* ---- lifetime ---------------------------------------------------------------
 */

struct rc_model *rc_model_new(struct rc_index *idx)
{
  struct rc_model *m = rc_xcalloc(1, sizeof(*m));
  m->arena = rc_arena_new();
  m->index = idx;
  rc_k8s_prefetch(m); /* the manifests parse meanwhile, on other threads */
  struct build b = {.m = m, .a = m->arena};
  mb_find_collections(&b);
  rc_entries_scan(&m->entries, idx, m->arena);
  mb_collect(&b);
  free(b.chained);
  mb_contributed_setups(&b);
  build_views(&b);
  rc_buildvars_resolve(m);
  mb_named_dockerfiles(&b);
  mb_build_images(&b);
  mb_services_from_views(&b);
  mb_services_from_images(&b);
  mb_services_from_folders(&b);
  mb_index_images(m);
  rc_k8s_build(m);
  rc_reach_build(m);
  rc_pyreach_build(m);
  rc_goreach_build(m);
  rc_settings_build(m);
  rc_flask_settings_build(m);
  rc_rails_settings_build(m);
  return m;
}

void rc_model_free(struct rc_model *m)
{
  if (!m)
    return;
  for (size_t i = 0; i < m->n_compose; i++)
    rc_compose_file_release(&m->compose[i]);
  for (size_t i = 0; i < m->n_extra_compose; i++)
    rc_compose_file_release(m->extra_compose[i]);
  free(m->extra_compose);
  for (size_t i = 0; i < m->n_dockerfiles; i++)
    rc_dockerfile_release(&m->dockerfiles[i]);
  free(m->compose);
  free(m->dockerfiles);
  free(m->views);
  free(m->images);
  free(m->images_by_df);
  free(m->services);
  free(m->collections);
  rc_reach_release(m);
  rc_settings_release(m);
  rc_app_settings_release(m);
  rc_k8s_release(&m->k8s);
  rc_entries_release(&m->entries);
  rc_arena_free(m->arena);
  free(m);
}
