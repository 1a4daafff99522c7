/*
 * rails.c - which environment file of a Rails application a deployment
 * loads (appsettings.h, docs/model.md "Flask and Rails settings").
 *
 * Rails runs config/application.rb and then config/environments/
 * <RAILS_ENV>.rb. RAILS_ENV (or RACK_ENV) is what a production image's
 * ENV or ARG default, a production compose file (`${RAILS_ENV:-production}`
 * too), env file or manifest sets; when none sets it, a deployment runs
 * `production`, Rails' convention. development.rb and test.rb are what
 * developers and the test suite load; an environment no production file
 * selects (staging.rb) is not judged as production.
 */
#include <stdbool.h>
#include <string.h>

#include "readycheck/appsettings.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/role.h"

enum { MAX_ENVS = 16 };

struct chosen {
  const char *env, *why;
  struct rc_where at;
};

struct rb {
  struct rc_model *m;
  struct chosen envs[MAX_ENVS];
  size_t n_envs;
};

static void on_env(const struct rc_env_value *v, void *arg)
{
  struct rb *b = arg;
  /* an environment named for development or tests is never production,
   * whatever sets it (as for Django settings modules) */
  if (v->role != RC_ROLE_PRODUCTION || b->n_envs >= MAX_ENVS ||
      rc_role_of_path(rc_arena_printf(b->m->arena, "%s.rb", v->value), NULL,
                      0) != RC_ROLE_PRODUCTION)
    return;
  for (size_t i = 0; i < b->n_envs; i++)
    if (strcmp(b->envs[i].env, v->value) == 0)
      return;
  b->envs[b->n_envs++] = (struct chosen){
      v->value,
      rc_arena_printf(b->m->arena, "%s=%s in %s", v->var, v->value, v->why),
      v->at};
}

static int on_environment(const struct rc_entry *e, void *arg)
{
  struct rb *b = arg;
  struct rc_arena *a = b->m->arena;
  size_t n = strlen(e->name);
  if (n < 4 || strcmp(e->name + n - 3, ".rb") != 0)
    return 0;
  /* config/environments/x.rb beside config/application.rb */
  const char *config = rc_path_dir(a, rc_path_dir(a, e->path));
  const char *app = rc_path_join(a, config, "application.rb");
  if (!app || !rc_index_find(b->m->index, app))
    return 0;
  const char *env = rc_arena_strndup(a, e->name, n - 3);
  struct rc_app_settings s = {
      .framework = "rails",
      .path = e->path,
      .name = env,
      .role = RC_ROLE_UNUSED,
      .why = "an environment no production file selects",
  };
  for (size_t i = 0; i < b->n_envs; i++)
    if (strcmp(b->envs[i].env, env) == 0) {
      s.role = RC_ROLE_PRODUCTION;
      s.why = b->envs[i].why;
      s.at = b->envs[i].at;
    }
  if (!b->n_envs && strcmp(env, "production") == 0) {
    s.role = RC_ROLE_PRODUCTION;
    s.why = "what a deployment runs when nothing sets RAILS_ENV";
  }
  enum rc_role place = rc_role_of_path(e->path, NULL, 0);
  if (place != RC_ROLE_PRODUCTION) {
    s.role = place;
    s.why = place == RC_ROLE_DEVELOPMENT
                ? "the development environment (what developers run)"
                : "the test environment, or in a folder that is not production";
  }
  rc_app_settings_add(b->m, &s);
  return 0;
}

static int count(const struct rc_entry *e, void *arg)
{
  (void)e;
  ++*(size_t *)arg;
  return 0;
}

void rc_rails_settings_build(struct rc_model *m)
{
  static const char *const glob = "**/config/environments/*.rb";
  size_t n = 0;
  rc_index_glob(m->index, glob, RC_ENTRY_FILE, count, &n);
  if (!n)
    return; /* no Rails application: no file need be read for RAILS_ENV */
  struct rb b = {.m = m};
  static const char *const vars[] = {"RAILS_ENV", "RACK_ENV", NULL};
  rc_app_env_values(m, vars, on_env, &b);
  rc_index_glob(m->index, glob, RC_ENTRY_FILE, on_environment, &b);
}
