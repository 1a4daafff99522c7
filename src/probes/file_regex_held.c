/*
 * file_regex_held.c - the matched files held back until every file is
 * searched (skip_test_only, deployment_use, skip_non_secret_keys): what
 * else uses each one, whether an image bakes it, what kind of key it
 * holds, and so whether it counts.
 */
#define _GNU_SOURCE /* memrchr */

#include <ctype.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/appsettings.h"
#include "readycheck/buf.h"
#include "readycheck/codeloads.h"
#include "readycheck/compose.h"
#include "readycheck/disown.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/keyfile.h"
#include "readycheck/mask.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/probe.h"
#include "readycheck/readme.h"
#include "readycheck/referrers.h"
#include "readycheck/regex.h"
#include "readycheck/scan.h"
#include "readycheck/tokencheck.h"
#include "readycheck/vars.h"

#include "file_regex_parts.h"

/* True when the walk could not read some directory: a compose file or
 * Dockerfile there could use any file, so the model cannot say "unused". */
static bool model_unsure(const struct rc_ctx *ctx)
{
  const struct rc_skip *skips;
  size_t n = rc_index_skips(ctx->index, &skips);
  for (size_t i = 0; i < n; i++)
    if (skips[i].kind == RC_SKIP_DIR)
      return true;
  return !ctx->model;
}

/* A file that runs as it is: a shell script (an install script writing
 * a deploy key) or a CI file. What is written in it is used whenever it
 * runs. */
static bool runs_itself(const char *path)
{
  static const char *const exts[] = {".sh", ".bash", ".zsh", ".ps1", NULL};
  const char *dot = strrchr(rc_path_base(path), '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return rc_pipeline_is_ci(path);
}

/* How the deployment uses the file at path other than through an image
 * or a deploy job (deployment_use: baked, unbaked): a production compose
 * service's mount, a deployment file it is written in, a script or CI
 * file holding it, or an incomplete model. NULL when none does. */
static const char *other_use(struct rc_ctx *ctx, const char *path)
{
  if (model_unsure(ctx))
    return "the deployment model is incomplete (a directory could not be "
           "read), so whether an image holds it is unknown";
  const struct rc_service *user = rc_model_ships(ctx->model, path);
  if (user)
    return rc_arena_printf(ctx->arena,
                           "production compose service '%s' mounts it: a "
                           "stack started from the committed compose file "
                           "serves this public key until the operator "
                           "replaces it",
                           user->name);
  const struct rc_compose_service *cs =
      rc_model_view_mount(ctx->model, path, true);
  if (cs)
    return rc_arena_printf(
        ctx->arena,
        "compose service '%s' of production compose file "
        "%s mounts it: a stack started from the committed compose "
        "file serves this public key until the operator "
        "replaces it",
        cs->name, cs->at.path);
  const char *in_deploy = rc_model_deploy_file(ctx->model, path);
  if (in_deploy)
    return rc_arena_printf(ctx->arena,
                           "%s: whoever applies that file as committed uses "
                           "this public key",
                           in_deploy);
  if (runs_itself(path))
    return "it is written in a script or CI file that runs wherever "
           "somebody runs it";
  return NULL;
}

/* deployment_use baked and unbaked: a key a production image holds is
 * everybody's who runs that image, and one a CI deploy job names is the
 * deployment's own credential; a compose mount, a manifest or a script
 * may be a quick start's, a demo's or a default the docs have the
 * operator replace, which the repository cannot tell apart. */
static bool bake_verdict(const struct cfg *cfg, struct rc_ctx *ctx,
                         const char *path, const char *deployer,
                         const char **note)
{
  /* unsure counts as held: a Dockerfile in the unread directory may
   * copy the key */
  const struct rc_service *im =
      model_unsure(ctx) ? NULL : rc_model_bakes(ctx->model, path);
  bool certain = im || deployer || model_unsure(ctx);
  const char *other = certain ? NULL : other_use(ctx, path);
  if (cfg->deployment_use == USE_BAKED) {
    *note = certain ? NULL
            : other ? rc_arena_printf(ctx->arena,
                                      "no production image holds it and no "
                                      "deploy job names it (%s): "
                                      "secrets.private-keys-unused warns "
                                      "of it",
                                      other)
                    : "no deployment file uses it: no production image "
                      "copies it, no production compose service mounts "
                      "it, no CI deploy job names it";
    return certain;
  }
  if (certain) {
    *note = !im && !deployer
                ? "the deployment model is incomplete (a directory could not "
                  "be read): secrets.private-keys judges it as used"
            : im ? rc_arena_printf(ctx->arena,
                                   "the production image of service '%s' "
                                   "holds it: secrets.private-keys judges it",
                                   im->name)
                 : rc_arena_printf(ctx->arena,
                                   "a deploy job of '%s' names it: "
                                   "secrets.private-keys judges it",
                                   deployer);
    return false;
  }
  *note = other ? rc_arena_printf(ctx->arena,
                                  "a private key no production image holds; "
                                  "%s",
                                  other)
                : NULL;
  return true;
}

/* limited_keys count, for a key certified for localhost only: how a
 * deployment serves it (a production image holds it, a deploy job names
 * it, a production compose service mounts it, a deployment file or a
 * script holds it), or NULL when nothing that deploys does. */
static const char *local_key_served(struct rc_ctx *ctx, const char *path,
                                    const char *deployer)
{
  if (deployer)
    return rc_arena_printf(ctx->arena, "a deploy job of '%s' names it",
                           deployer);
  const struct rc_service *im =
      model_unsure(ctx) ? NULL : rc_model_bakes(ctx->model, path);
  if (im)
    return rc_arena_printf(
        ctx->arena, "the production image of service '%s' holds it", im->name);
  return other_use(ctx, path);
}

/* deployment_use: NULL when the held file at path counts, else why it
 * does not (a passing evidence item). The deployment uses a file that a
 * production image copies (by name, its folder's, or through a build
 * stage), a production compose service mounts, a CI deploy, release or
 * publish job names (deployer, from referrers.h), or that runs itself
 * (a script, a CI file). Unsure is "used": a key stays a finding of the
 * `used` rule when the model could not see every file. */
static const char *use_verdict(const struct cfg *cfg, struct rc_ctx *ctx,
                               const char *path, const char *deployer)
{
  if (cfg->deployment_use == USE_ANY)
    return NULL;
  const struct rc_service *user =
      model_unsure(ctx) ? NULL : rc_model_ships(ctx->model, path);
  const struct rc_compose_service *mount =
      model_unsure(ctx) || user ? NULL
                                : rc_model_view_mount(ctx->model, path, true);
  const char *in_deploy =
      model_unsure(ctx) ? NULL : rc_model_deploy_file(ctx->model, path);
  bool used = model_unsure(ctx) || user || mount || in_deploy || deployer ||
              runs_itself(path);
  if (cfg->deployment_use == USE_USED)
    return used ? NULL
                : "no deployment file uses it: no production image copies "
                  "it, no production compose service mounts it, no CI "
                  "deploy job names it";
  if (!used)
    return NULL;
  if (model_unsure(ctx))
    return "the deployment model is incomplete (a directory could not be "
           "read): judged as used";
  if (user)
    return rc_arena_printf(ctx->arena,
                           "the deployment uses it: service '%s' mounts or "
                           "copies it",
                           user->name);
  if (mount)
    return rc_arena_printf(ctx->arena,
                           "the deployment uses it: compose service '%s' of "
                           "production compose file %s mounts it",
                           mount->name, mount->at.path);
  if (in_deploy)
    return rc_arena_printf(ctx->arena, "the deployment uses it: %s", in_deploy);
  if (deployer)
    return rc_arena_printf(ctx->arena,
                           "the deployment uses it: a deploy job of '%s' "
                           "names it",
                           deployer);
  return "the deployment uses it: it is written in a script or CI file that "
         "runs";
}

/* skip_non_secret_keys: what the keys matched in a held file are, as
 * the most secret of them (keyfile.h), with why for a file that holds
 * no secret; a file some of whose matched lines were only counted (their
 * keys unread) may hold one. */
static enum rc_key_kind held_keys(struct rc_ctx *ctx, const struct held *h,
                                  const char **why)
{
  *why = NULL;
  if (h->f.n_more)
    return RC_KEY_SECRET;
  if (!h->f.n_lines)
    return rc_key_judge(ctx->index, ctx->arena, h->path, h->f.first_line, why);
  enum rc_key_kind most = RC_KEY_NO_SECRET;
  for (size_t i = 0; i < h->f.n_lines; i++) {
    const char *w;
    enum rc_key_kind k =
        rc_key_judge(ctx->index, ctx->arena, h->path, h->f.lines[i].line, &w);
    if (k == RC_KEY_SECRET) {
      *why = NULL;
      return k;
    }
    if (!*why || k < most)
      *why = w;
    if (k < most)
      most = k;
  }
  return most;
}

/* The held files something other than tests uses - or a deployed
 * service mounts or copies - count as matched; the others are noted as
 * passing, with a test that uses them. */
void fr_release_held(struct scan *s, struct rc_ctx *ctx, struct rc_check *out)
{
  if (!s->n_held)
    return;
  const char **paths = rc_xcalloc(s->n_held, sizeof(*paths));
  const char **why = rc_xcalloc(s->n_held, sizeof(*why));
  const char **deployer = rc_xcalloc(s->n_held, sizeof(*deployer));
  const char **loader = rc_xcalloc(s->n_held, sizeof(*loader));
  for (size_t i = 0; i < s->n_held; i++)
    paths[i] = s->held[i].path;
  if (s->cfg->skip_code_loaded)
    rc_code_loads(ctx->index, ctx->arena, paths, s->n_held, loader);
  if (s->cfg->skip_test_only)
    rc_referrers_judge(ctx->index,
                       ctx->model ? &ctx->model->entries.pipeline : NULL,
                       ctx->arena, paths, s->n_held, why,
                       s->cfg->deployment_use != USE_ANY ? deployer : NULL);
  for (size_t i = 0; i < s->n_held; i++) {
    const struct held *h = &s->held[i];
    if (s->cfg->set_aside_folders && fr_in_aside_dir(s, ctx, h->path)) {
      if (!s->n_set_aside++)
        s->first_set_aside = h->path;
      continue;
    }
    /* a deployed service that mounts or copies it (or a folder holding
     * it) ships it, whatever else names it */
    if (why[i] && ctx->model &&
        (rc_model_user_of(ctx->model, h->path) ||
         rc_model_view_mount(ctx->model, h->path, true)))
      why[i] = NULL;
    if (why[i]) {
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                             "a test's file: %s", why[i]);
      continue;
    }
    if (loader[i]) {
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                             "the application's code loads it: %s", loader[i]);
      continue;
    }
    /* before what uses it: a test fixture's key stays one wherever it is
     * mounted, and an encrypted or truncated one is no key to anybody */
    const char *key_why = NULL;
    enum rc_key_kind key = s->cfg->skip_non_secret_keys
                               ? held_keys(ctx, h, &key_why)
                               : RC_KEY_SECRET;
    bool limited = key == RC_KEY_LIMITED || key == RC_KEY_LOCAL;
    if (key == RC_KEY_NO_SECRET ||
        (limited && s->cfg->limited_keys == LIMITED_PASS)) {
      rc_check_evidence_mark(
          out, ctx, RC_EV_PASS, h->path, h->f.first_line, "%s%s",
          key == RC_KEY_NO_SECRET ? "no secret, " : "", key_why);
      continue;
    }
    if (limited && s->cfg->limited_keys == LIMITED_COUNT) {
      /* a localhost certificate's key impersonates no host: it matters
       * only where a deployment serves it */
      const char *served = key == RC_KEY_LOCAL
                               ? local_key_served(ctx, h->path, deployer[i])
                               : NULL;
      if (key == RC_KEY_LOCAL && !served) {
        rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                               "%s; nothing that deploys uses it", key_why);
        continue;
      }
      rc_check_evidence(out, ctx, h->path, h->f.first_line, "%s%s%s", key_why,
                        served ? "; " : "", served ? served : "");
      fr_note_first(s, h->path, h->f.first_line);
      s->n_matched++;
      continue;
    }
    if (s->cfg->deployment_use == USE_BAKED ||
        s->cfg->deployment_use == USE_UNBAKED) {
      const char *note = NULL;
      if (!bake_verdict(s->cfg, ctx, h->path, deployer[i], &note)) {
        rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                               "%s", note);
        continue;
      }
      if (note) {
        rc_check_evidence(out, ctx, h->path, h->f.first_line, "%s", note);
        fr_note_first(s, h->path, h->f.first_line);
      } else
        fr_take_lines(s, ctx, out, h->path, &h->f);
      s->n_matched++;
      continue;
    }
    const char *use = use_verdict(s->cfg, ctx, h->path, deployer[i]);
    if (use) {
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                             "%s", use);
      continue;
    }
    fr_take_lines(s, ctx, out, h->path, &h->f);
    s->n_matched++;
  }
  free(paths);
  free(why);
  free(deployer);
  free(loader);
  free(s->held);
  s->held = NULL;
}
