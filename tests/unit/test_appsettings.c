/*
 * test_appsettings.c - the Flask and Rails settings a deployment runs
 * (appsettings.h): which config class production selects, what a base
 * class contributes, which Rails environment file production loads, and
 * which lines of those files count; and where a Spring Boot application's
 * actuator answers. Each case is a small tree.
 */
#include "model_fixture.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/appsettings.h"
#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/model.h"
#include "readycheck/role.h"
#include "readycheck/spring.h"

/* The scope of the class or environment name in path that no production
 * class inherits (its own). */
static const struct rc_app_settings *own(const struct rc_model *m,
                                         const char *path, const char *name)
{
  for (size_t i = 0; i < m->n_app_settings; i++) {
    const struct rc_app_settings *s = &m->app_settings[i];
    if (strcmp(s->path, path) == 0 && strcmp(s->name, name) == 0 &&
        !s->inherited_by)
      return s;
  }
  return NULL;
}

static const char CONFIG_PY[] =
    "import os\n"                              /* 1 */
    "\n"                                       /* 2 */
    "class Config:\n"                          /* 3 */
    "    DEBUG = True\n"                       /* 4 */
    "    SECRET_KEY = os.environ.get('KEY')\n" /* 5 */
    "\n"                                       /* 6 */
    "class DevelopmentConfig(Config):\n"       /* 7 */
    "    SQLALCHEMY_ECHO = True\n"             /* 8 */
    "\n"                                       /* 9 */
    "class TestingConfig(Config):\n"           /* 10 */
    "    TESTING = True\n"                     /* 11 */
    "\n"                                       /* 12 */
    "class LiveConfig(Config):\n"              /* 13 */
    "    DEBUG = False\n"                      /* 14 */
    "    # DEBUG = True\n"                     /* 15 */
    "\n"                                       /* 16 */
    "class DockerConfig(LiveConfig):\n"        /* 17 */
    "    LOG_TO_STDOUT = True\n"               /* 18 */
    "\n"                                       /* 19 */
    "config = {\n"                             /* 20 */
    "    'development': DevelopmentConfig,\n"  /* 21 */
    "    'testing': TestingConfig,\n"          /* 22 */
    "    'live': LiveConfig,\n"                /* 23 */
    "    'docker': DockerConfig,\n"            /* 24 */
    "}\n";                                     /* 25 */

/* FLASK_CONFIG=live in a production image names LiveConfig through the
 * module's table; its variant DockerConfig is production too; the
 * development and testing classes are not; the base Config runs in
 * production but for DEBUG, which LiveConfig sets again. */
static void test_flask_classes(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "config.py", CONFIG_PY);
  rc_test_write(f->root, "app/__init__.py",
                "from flask import Flask\nfrom config import config\n\n"
                "def create_app(name):\n    app = Flask(__name__)\n"
                "    app.config.from_object(config[name])\n    return app\n");
  rc_test_write(
      f->root, "wsgi.py",
      "import os\nfrom app import create_app\n"
      "app = create_app(os.getenv('FLASK_CONFIG') or 'development')\n");
  rc_test_write(f->root, "tests/test_app.py",
                "from app import create_app\napp = create_app('testing')\n");
  rc_test_write(f->root, "Dockerfile",
                "FROM python:3.12\nENV FLASK_CONFIG=live\nCOPY . .\n"
                "CMD [\"gunicorn\", \"wsgi:app\"]\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_app_settings *live = own(m, "config.py", "LiveConfig");
  assert_non_null(live);
  assert_int_equal(live->role, RC_ROLE_PRODUCTION);
  assert_string_equal(live->at.path, "Dockerfile");
  assert_int_equal(live->at.line, 2);
  assert_int_equal(live->first, 13);
  assert_int_equal(live->last, 14); /* its last statement */
  assert_int_equal(own(m, "config.py", "DockerConfig")->role,
                   RC_ROLE_PRODUCTION);
  assert_int_equal(own(m, "config.py", "DevelopmentConfig")->role,
                   RC_ROLE_DEVELOPMENT);
  assert_int_equal(own(m, "config.py", "TestingConfig")->role, RC_ROLE_NONPROD);
  assert_int_equal(own(m, "config.py", "Config")->role, RC_ROLE_UNUSED);
  assert_true(rc_model_app_settings_file(m, "config.py"));
  assert_false(rc_model_app_settings_file(m, "wsgi.py"));
  /* the base's DEBUG = True: LiveConfig sets DEBUG again */
  assert_false(
      rc_model_app_settings_line(m, "config.py", 4, "    DEBUG = True", 16));
  assert_true(rc_model_app_settings_line(
      m, "config.py", 5, "    SECRET_KEY = os.environ.get('KEY')", 38));
  assert_false(rc_model_app_settings_line(m, "config.py", 8,
                                          "    SQLALCHEMY_ECHO = True", 26));
  assert_true(
      rc_model_app_settings_line(m, "config.py", 14, "    DEBUG = False", 17));
  /* a comment runs nothing; a line outside every class neither */
  assert_false(
      rc_model_app_settings_line(m, "config.py", 15, "    # DEBUG = True", 18));
  assert_false(rc_model_app_settings_line(m, "config.py", 21,
                                          "    'development': Dev...", 24));
  /* a file the model holds no scope of is judged whole */
  assert_true(rc_model_app_settings_line(m, "wsgi.py", 1, "import os", 9));
}

/* A from_object string names the one class a small app loads; a class of
 * another module nothing loads is no config class. */
static void test_flask_from_object_string(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "project/__init__.py",
                "from flask import Flask\napp = Flask(__name__)\n"
                "app.config.from_object(\"project.config.Config\")\n");
  rc_test_write(f->root, "project/config.py",
                "import os\n\nclass Config(object):\n"
                "    SQLALCHEMY_DATABASE_URI = os.getenv('DATABASE_URL')\n"
                "\nclass DEVConfig(Config):\n    DEBUG = True\n");
  rc_test_write(f->root, "project/models.py",
                "class UserConfig:\n    LIMIT = 3\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_app_settings *c = own(m, "project/config.py", "Config");
  assert_non_null(c);
  assert_int_equal(c->role, RC_ROLE_PRODUCTION);
  assert_string_equal(c->at.path, "project/__init__.py");
  assert_int_equal(c->at.line, 3);
  assert_false(rc_model_app_settings_file(m, "project/models.py"));
  /* an all-capitals word is a word: DEV */
  assert_int_equal(own(m, "project/config.py", "DEVConfig")->role,
                   RC_ROLE_DEVELOPMENT);
}

/* RAILS_ENV from a production image's ARG default selects the environment
 * file; development.rb and test.rb are not production; an environment
 * nothing selects is unused. */
static void test_rails_environments(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "config/application.rb",
                "module Shop\n  class Application < Rails::Application\n"
                "  end\nend\n");
  rc_test_write(f->root, "config/environments/production.rb",
                "Rails.application.configure do\nend\n");
  rc_test_write(f->root, "config/environments/staging.rb",
                "Rails.application.configure do\nend\n");
  rc_test_write(f->root, "config/environments/development.rb",
                "Rails.application.configure do\nend\n");
  rc_test_write(f->root, "config/environments/test.rb",
                "Rails.application.configure do\nend\n");
  rc_test_write(f->root, "Dockerfile",
                "FROM ruby:3.3\nARG RAILS_ENV=\"staging\"\n"
                "ENV RAILS_ENV=\"${RAILS_ENV}\"\nCOPY . .\n"
                "CMD [\"bin/rails\", \"server\"]\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_app_settings *staging =
      own(m, "config/environments/staging.rb", "staging");
  assert_non_null(staging);
  assert_int_equal(staging->role, RC_ROLE_PRODUCTION);
  assert_string_equal(staging->at.path, "Dockerfile");
  assert_int_equal(staging->at.line, 2);
  assert_int_equal(
      own(m, "config/environments/production.rb", "production")->role,
      RC_ROLE_UNUSED);
  assert_int_equal(
      own(m, "config/environments/development.rb", "development")->role,
      RC_ROLE_DEVELOPMENT);
  assert_int_equal(own(m, "config/environments/test.rb", "test")->role,
                   RC_ROLE_NONPROD);
  assert_true(rc_model_app_settings_line(m, "config/environments/staging.rb", 1,
                                         "Rails.application", 17));
  assert_false(rc_model_app_settings_line(
      m, "config/environments/production.rb", 1, "Rails.application", 17));
}

/* Nothing sets RAILS_ENV: a deployment runs production. Environment
 * files with no config/application.rb beside them are no Rails app's. */
static void test_rails_default_production(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "web/config/application.rb", "module Web\nend\n");
  rc_test_write(f->root, "web/config/environments/production.rb", "x\n");
  rc_test_write(f->root, "other/config/environments/production.rb", "x\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_app_settings *p =
      own(m, "web/config/environments/production.rb", "production");
  assert_non_null(p);
  assert_int_equal(p->role, RC_ROLE_PRODUCTION);
  assert_null(p->at.path);
  assert_false(
      rc_model_app_settings_file(m, "other/config/environments/production.rb"));
}

/* Spring Boot's actuator base: the context path then the management base
 * path, YAML keys nested by indentation or properties; a production
 * profile's file over the default one; a placeholder is not read. */
static void test_spring_actuator_base(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "api/src/main/resources/application.yml",
                "server:\n  port: 8080\n  servlet:\n"
                "    context-path: /api/ # the API's prefix\n"
                "---\nmanagement:\n  endpoints:\n    web:\n"
                "      exposure:\n        include: health\n"
                "      base-path: /manage\n");
  rc_test_write(f->root, "web/src/main/resources/application.properties",
                "management.endpoints.web.base-path=/admin\n");
  rc_test_write(f->root,
                "web/src/main/resources/application-production.properties",
                "server.servlet.context-path=/web\n");
  rc_test_write(f->root, "web/src/test/resources/application.properties",
                "server.servlet.context-path=/test\n");
  rc_test_write(f->root, "env/src/main/resources/application.properties",
                "server.servlet.context-path=${CONTEXT:/x}\n");
  rc_test_model_build(f);
  assert_string_equal(rc_spring_actuator_base(f->idx, f->m->arena, "api"),
                      "/api/manage");
  assert_string_equal(rc_spring_actuator_base(f->idx, f->m->arena, "web"),
                      "/web/admin");
  assert_string_equal(rc_spring_actuator_base(f->idx, f->m->arena, "env"),
                      "/actuator");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_flask_classes, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_flask_from_object_string,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(
          test_rails_environments, rc_test_model_setup, rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_rails_default_production,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_spring_actuator_base,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
