/*
 * entry_platforms.c - hosting platforms' files: fly.toml's Dockerfile,
 * and the builds the other platform files name (platform.c).
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/platform.h"
#include "readycheck/tomltable.h"

#include "entry_scan.h"

/* ---- fly.toml ------------------------------------------------------------
 */

bool en_is_fly(const char *name)
{
  return strcmp(name, "fly.toml") == 0 ||
         (strncmp(name, "fly.", 4) == 0 && strlen(name) > 9 &&
          strcmp(name + strlen(name) - 5, ".toml") == 0);
}

/* `fly deploy` builds the Dockerfile beside fly.toml, or the one its
 * [build] section names (`dockerfile = "./Dockerfile"`); `image = ...`
 * deploys an image built elsewhere. */
struct fly {
  struct rc_arena *tmp;
  const char *df;
  bool image;
  unsigned at;
};

static void fly_key(const char *k, size_t kl, const char *v, size_t vl,
                    unsigned line, void *arg)
{
  struct fly *f = arg;
  if (kl == 10 && strncmp(k, "dockerfile", 10) == 0) {
    f->df = rc_arena_strndup(f->tmp, v, vl);
    f->at = line;
  } else if (kl == 5 && strncmp(k, "image", 5) == 0) {
    f->image = true;
  }
}

void en_scan_fly(struct scan *sc, const char *data, size_t len)
{
  struct fly f = {sc->tmp, NULL, false, 1};
  rc_toml_table_each(data, len, "[build]", fly_key, &f);
  if (f.image && !f.df)
    return;
  /* no Dockerfile named and none beside the file: `fly deploy --image`
   * (a prebuilt image) or a builder the command line picks; nothing says
   * this file builds one */
  if (!f.df && sc->idx &&
      !rc_index_find(
          sc->idx,
          rc_path_join(sc->tmp, rc_path_dir(sc->tmp, sc->path), "Dockerfile")))
    return;
  sc->line = f.at;
  en_add_build(sc, f.df ? f.df : "Dockerfile", ".", NULL,
               en_has_var(f.df ? f.df : ""), NULL, NULL);
}

/* ---- hosting platforms' files -------------------------------------------
 */

/* A platform builds what its file names (platform.c): production unless the
 * file's folder says otherwise - its name is the platform's, not a word
 * about the deployment (`.do/deploy.template.yaml` is the one-click app).
 * A path the platform reads from the root that only exists beside a file
 * in a subfolder is read from there. */
void en_scan_platform(struct scan *sc, const char *data, size_t len)
{
  struct rc_platform_builds pb = {0};
  rc_platform_scan(&pb, sc->a, sc->docs, sc->path, data, len);
  const char *dir = rc_path_dir(sc->tmp, sc->path);
  enum rc_role role =
      rc_role_of_path(rc_path_join(sc->tmp, dir, "Dockerfile"), NULL, 0);
  for (size_t i = 0; i < pb.n; i++) {
    const struct rc_platform_build *b = &pb.v[i];
    const char *ctx = b->context ? b->context : ".";
    const char *df = b->dockerfile ? b->dockerfile
                                   : rc_path_join(sc->tmp, ctx, "Dockerfile");
    sc->cwd = b->beside ? dir : "";
    if (!b->beside && *dir && !rc_index_find(sc->idx, df) &&
        rc_index_find(sc->idx, rc_path_join(sc->tmp, dir, df)))
      sc->cwd = dir;
    sc->role = role;
    sc->line = b->line;
    sc->via = b->via;
    en_add_build(sc, df, ctx, b->target, en_has_var(df) || en_has_var(ctx),
                 NULL, NULL);
  }
  sc->via = NULL;
  free(pb.v);
}
