/*
 * appsettings.h - which parts of a Flask or Rails application's settings
 * a deployment runs (docs/model.md "Flask and Rails settings").
 *
 * A Flask application loads one class of its config module
 * (`app.config.from_object(...)`); the module usually holds a class per
 * environment (DevelopmentConfig, TestingConfig, ProductionConfig) and the
 * deployment chooses one (FLASK_CONFIG=production, create_app('production'),
 * a class named for production). A Rails application loads
 * config/environments/<RAILS_ENV>.rb. Each is a *scope*: a class's lines
 * (and, for a base class a production class inherits, its lines but the
 * names the production class sets again) or an environment file. Rules
 * that judge production settings judge the production scopes' lines and
 * not the others' (DEBUG = True in DevelopmentConfig is development's).
 */
#ifndef READYCHECK_APPSETTINGS_H
#define READYCHECK_APPSETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/compose.h"
#include "readycheck/model.h"
#include "readycheck/role.h"

struct rc_app_settings {
  const char *framework; /* "flask" or "rails" */
  const char *path;      /* the file */
  const char *name;      /* "ProductionConfig", "production" */
  enum rc_role role;     /* RC_ROLE_UNUSED: nothing selects it */
  const char *why;       /* how the role was decided */
  struct rc_where at;    /* what selects it; .path NULL when its name does */
  unsigned first, last;  /* its lines, inclusive; 0, 0: the whole file */
  /* a base class's scope: the production class inheriting it and the
   * names set again below it ("\nDEBUG\nSECRET_KEY\n"); NULL otherwise */
  const char *inherited_by;
  const char *shadowed;
};

/* One literal value a deployment file gives an environment variable. */
struct rc_env_value {
  const char *var, *value; /* arena strings */
  enum rc_role role;       /* of the file that writes it */
  const char *why;         /* "the ENV of a production image", ... */
  struct rc_where at;
};

/* Calls fn for each literal value the repository's Dockerfiles (ENV and
 * ARG defaults), compose files, env files, Procfiles, manifests and
 * scripts give one of vars (`VAR=x`, `VAR: x`, `ENV VAR x`,
 * `${VAR:-x}`, a manifest's `- name: VAR` / `value: x`), with the role of
 * the file writing it. A value written with a variable is not one. */
void rc_app_env_values(struct rc_model *m, const char *const *vars,
                       void (*fn)(const struct rc_env_value *v, void *arg),
                       void *arg);

/* Fill m->app_settings (flask.c, rails.c), and release it (appsettings.c). */
void rc_flask_settings_build(struct rc_model *m);
void rc_rails_settings_build(struct rc_model *m);
void rc_app_settings_release(struct rc_model *m);
void rc_app_settings_add(struct rc_model *m, const struct rc_app_settings *s);

/* True when the file at path holds a scope the model knows. */
bool rc_model_app_settings_file(const struct rc_model *m, const char *path);

/* Whether a production deployment runs the line (line number, text of n
 * bytes) of the file at path: true when the file holds no known scope;
 * otherwise only for a line of a production scope that is no comment and
 * that no inheriting class sets again. */
bool rc_model_app_settings_line(const struct rc_model *m, const char *path,
                                unsigned line, const char *text, size_t n);

#endif
