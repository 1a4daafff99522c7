/*
 * test_health_route.c - the health_route probe: health check paths of the
 * deployed services (compose, the image's HEALTHCHECK, Kubernetes probes),
 * looked up in the code each service runs (route strings of several
 * frameworks, file routes, server configs, built-in endpoints, router
 * middleware), messages naming the server and where the path is, services
 * without code, code that cannot be told, unreadable files.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_health_route;

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_health_route);
  rc_ph_strings(&f->ph, "file", "**/{docker-compose,compose}*.{yml,yaml}",
                "{docker-compose,compose}*.{yml,yaml}", "**/Dockerfile",
                "Dockerfile", "k8s/**/*.yaml", NULL);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_fixture_free(f);
  return 0;
}

static void put(struct rc_ph_fixture *f, const char *path, const char *text)
{
  rc_test_write(f->repo.root, path, text);
}

static enum rc_outcome run(struct rc_ph_fixture *f)
{
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_non_null(f->c.message);
  return f->c.outcome;
}

static const char compose_api[] =
    "services:\n"
    "  api:\n"
    "    build: ./services/api\n"
    "    healthcheck:\n"
    "      test: [\"CMD-SHELL\", \"curl -fsS http://localhost:8080/healthz "
    "|| exit 1\"]\n"
    "  db:\n"
    "    image: postgres:16\n"
    "    healthcheck:\n"
    "      test: [\"CMD\", \"wget\", \"-q\", \"http://localhost:5432/up\"]\n";

/* One route per framework, each must make /healthz served. */
static void test_route_styles(void **state)
{
  struct rc_ph_fixture *f = *state;
  static const struct {
    const char *file, *text;
  } served[] = {
      {"services/api/src/server.js", "app.get('/healthz', (req, res) => "
                                     "res.send('ok'))\n"},
      {"services/api/main.py", "@app.get(\"/healthz\")\ndef h(): pass\n"},
      {"services/api/main.go",
       "http.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r "
       "*http.Request) {})\n"},
      {"services/api/src/main/java/Health.java",
       "@RequestMapping(\"/api\")\nclass H {\n  @GetMapping(\"healthz\")\n  "
       "String h() { return \"ok\"; }\n}\n"},
      {"services/api/src/routes.ts", "router.get(`/v1/healthz/`, h);\n"},
      {"services/api/app/api/healthz/route.ts",
       "export function GET() { return Response.json({}) }\n"},
      {"services/api/pages/api/healthz.ts",
       "export default function h(req, res) {}\n"},
      {"services/api/nginx/default.conf",
       "server { location = /healthz { return 200; } }\n"},
  };
  put(f, "docker-compose.yml", compose_api);
  put(f, "services/api/lib/util.js", "module.exports = {}\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
  for (size_t i = 0; i < sizeof(served) / sizeof(served[0]); i++) {
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", f->repo.root, served[i].file);
    put(f, served[i].file, served[i].text);
    if (run(f) != RC_OUT_OK)
      fail_msg("%s: %s", served[i].file, f->c.message);
    assert_string_equal(f->c.message,
                        "1 health check path served by the service's code");
    assert_int_equal(remove(path), 0);
  }
}

static void test_missing_route(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "docker-compose.yml", compose_api);
  put(f, "services/api/src/server.js",
      "const health = require('./healthz')\n" /* a module, not a route */
      "app.get('/health', h)\n"
      "log('healthz')\n");              /* bare string, no route keyword */
  put(f, "services/api/test/h.test.js", /* tests do not serve */
      "request(app).get('/healthz')\n");
  put(f, "web/server.js", "app.get('/healthz', h)\n"); /* another service */
  assert_int_equal(run(f), RC_OUT_FAIL);
  assert_string_equal(
      f->c.message, "docker-compose.yml: services.api healthcheck GET "
                    "/healthz — not served by service 'api': no route "
                    "'/healthz' in its whole folder services/api (imports not "
                    "followed); '/healthz' is "
                    "only in web/server.js, which no deployed service runs");
  assert_int_equal(f->c.n_ev, 1);
  assert_int_equal(f->c.ev[0].line, 5);
  /* postgres has no code here: its check is not judged. */
  rc_ph_assert_absent(&f->c, "/up");
}

static void test_dockerfile_and_builtins(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "api/Dockerfile",
      "FROM eclipse-temurin:21\n"
      "# HEALTHCHECK CMD curl http://localhost/commented\n"
      "HEALTHCHECK --interval=30s \\\n"
      "  CMD wget -qO- localhost:${PORT}/actuator/health || exit 1\n");
  put(f, "api/src/App.java", "class App {}\n");
  put(f, "api/pom.xml", "<artifactId>spring-boot-starter-web</artifactId>\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "api/Dockerfile", 3,
                           "Dockerfile HEALTHCHECK GET /actuator/health"));
  rc_ph_assert_absent(&f->c, "commented");

  put(f, "api/pom.xml",
      "<artifactId>spring-boot-starter-actuator</artifactId>\n");
  assert_int_equal(run(f), RC_OUT_OK);

  /* /metrics and allowed paths need no route; only the last HEALTHCHECK
   * of the stage counts, as in Docker. */
  put(f, "api/Dockerfile",
      "FROM node:20\nHEALTHCHECK CMD curl -f "
      "http://127.0.0.1:9090/status/live\n"
      "HEALTHCHECK CMD curl -f http://127.0.0.1:9090/metrics\n");
  assert_int_equal(run(f), RC_OUT_OK);
  put(f, "api/Dockerfile",
      "FROM node:20\nHEALTHCHECK CMD curl -f http://127.0.0.1:9090/metrics\n"
      "HEALTHCHECK CMD curl -f http://127.0.0.1:9090/status/live\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
  rc_ph_strings(&f->ph, "allow", "status/*", NULL);
  assert_int_equal(run(f), RC_OUT_OK);
  assert_string_equal(f->c.message,
                      "1 health check path served by the service's code");
}

static void test_no_code_is_not_checked(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "docker-compose.yml",
      "services:\n"
      "  proxy:\n"
      "    image: nginx:1.25\n"
      "    healthcheck: {test: \"curl -f http://localhost/nginx-health\"}\n"
      "  keycloak:\n"
      "    build: ./keycloak\n"
      "    healthcheck: {test: \"curl -f http://localhost:8080/q/ready\"}\n"
      "  remote:\n"
      "    build: https://github.com/x/y.git\n"
      "    healthcheck: {test: \"curl -f http://localhost/ping\"}\n"
      "  other:\n"
      "    build: ./other\n"
      "    healthcheck: {test: \"curl -f http://api:8080/ping\"}\n");
  put(f, "keycloak/Dockerfile", "FROM quay.io/keycloak/keycloak:24\n");
  put(f, "other/index.js", "x()\n");
  /* nothing here could serve or miss them: not judged, so not a pass */
  assert_int_equal(run(f), RC_OUT_SKIP);
  assert_string_equal(f->c.message, "3 health check paths, none on a service "
                                    "whose code is in the repository");
  assert_int_equal(f->c.n_ev, 0);

  /* Nothing to look at: the probe does not apply. rc_ph_check() takes
   * SKIP for "no outcome", so call the probe itself. */
  put(f, "docker-compose.yml", "services: {db: {image: postgres}}\n");
  rc_ph_repo_index(&f->repo);
  memset(&f->c, 0, sizeof(f->c));
  f->c.outcome = RC_OUT_OK;
  rc_probe_health_route.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_SKIP);
  assert_string_equal(f->c.message,
                      "no HTTP health check path on a deployed service");
}

/* bash's /dev/tcp/HOST/PORT is not a URL: the path is the request the
 * check writes itself. A build directory holding only example config
 * (a Dockerfile FROM an upstream application image) has no code. */
static void test_dev_tcp_and_examples(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "docker-compose.yml",
      "services:\n"
      "  web:\n"
      "    build: ./web\n"
      "    healthcheck:\n"
      "      test: [\"CMD\", \"/bin/bash\", \"-c\", 'exec "
      "3<>/dev/tcp/127.0.0.1/9000 && echo -e \"GET /_health/ "
      "HTTP/1.1\\r\\nhost: 127.0.0.1\\r\\n\\r\\n\" >&3 && grep ok "
      "<&3']\n");
  put(f, "web/Dockerfile", "ARG IMAGE\nFROM ${IMAGE}\nCOPY . /src\n");
  put(f, "web/app.py", "x = 1\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "docker-compose.yml: services.web healthcheck GET "
                      "/_health/ — not served by service 'web': no route "
                      "'/_health' in its whole folder web (imports not "
                      "followed); no code in the "
                      "repository serves it");
  rc_ph_assert_absent(&f->c, "/9000");

  put(f, "web/app.py", "urls = [path('_health/', health)]\n");
  assert_int_equal(run(f), RC_OUT_OK);

  char app[512];
  snprintf(app, sizeof(app), "%s/web/app.py", f->repo.root);
  assert_int_equal(remove(app), 0);
  put(f, "web/settings.example.py", "SECRET_KEY = 'x'\n");
  assert_int_equal(run(f), RC_OUT_SKIP);
  assert_string_equal(f->c.message, "1 health check path, none on a service "
                                    "whose code is in the repository");
}

static void test_kubernetes_probes(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "k8s/app.yaml",
      "apiVersion: v1\nkind: Service\nmetadata: {name: cart}\n"
      "spec: {selector: {app: cart}}\n---\n"
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart}\n"
      "spec:\n"
      "  template:\n"
      "    metadata: {labels: {app: cart}}\n"
      "    spec:\n"
      "      containers:\n"
      "        - name: cart\n"
      "          image: gcr.io/demo/cartservice:v1\n"
      "          readinessProbe: {httpGet: {path: /_healthz, port: 8080}}\n"
      "        - name: redis\n"
      "          image: redis:7\n"
      "          livenessProbe: {httpGet: {path: /nope, port: 6379}}\n");
  put(f, "src/cartservice/Dockerfile", "FROM golang:1.22\n");
  put(f, "src/cartservice/main.go", "func main() {}\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "k8s/app.yaml", 16,
                           "container cart readinessProbe GET /_healthz — not "
                           "served by service 'cartservice': no route "
                           "'/_healthz' in its whole folder src/cartservice "
                           "(imports not followed)"));
  rc_ph_assert_absent(&f->c, "/nope");
  put(f, "src/cartservice/main.go",
      "func main() { mux.HandleFunc(\"/_healthz\", ok) }\n");
  assert_int_equal(run(f), RC_OUT_OK);
}

static void test_bad_files(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "docker-compose.yml", "services: [\n");
  put(f, "k8s/notes.yaml", "{{ template }}: [\n"); /* not a manifest */
  assert_int_equal(run(f), RC_OUT_ERROR);
  assert_non_null(strstr(f->c.message, "cannot read docker-compose.yml: "));
  /* A failure found elsewhere still decides. */
  put(f, "compose.yaml", compose_api);
  put(f, "services/api/a.py", "x = 1\n");
  assert_int_equal(run(f), RC_OUT_FAIL);

  char msg[256];
  rc_ph_strings(&f->ph, "exclude", "x/[a", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(msg, "invalid glob 'x/[a': unterminated '['");
}

/* A service whose build context is computed runs code nobody can tell:
 * the check is not a pass. A failure elsewhere still decides. */
static void test_unknown_code(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "docker-compose.yml",
      "services:\n"
      "  app:\n"
      "    build: ${APP_DIR}\n"
      "    healthcheck: {test: \"curl -f http://localhost:8080/healthz\"}\n");
  put(f, "app/main.py", "x = 1\n");
  assert_int_equal(run(f), RC_OUT_ERROR);
  assert_string_equal(f->c.message,
                      "cannot tell which code serves services.app healthcheck "
                      "GET /healthz: its build context '${APP_DIR}' is "
                      "computed");
  assert_true(rc_ph_has_ev(&f->c, "docker-compose.yml", 4,
                           "cannot tell which code serves it"));

  put(f, "docker-compose.yml",
      "services:\n"
      "  app:\n"
      "    build: ${APP_DIR}\n"
      "    healthcheck: {test: \"curl -f http://localhost:8080/healthz\"}\n"
      "  api:\n"
      "    build: ./app\n"
      "    healthcheck: {test: \"curl -f http://localhost:8080/ready\"}\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
}

/* The JavaScript a service's entry points reach is what runs: a route in
 * a file nothing imports, or in another service's code, is not served. */
static void test_reached_code_and_other_services(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "docker-compose.yml",
      "services:\n"
      "  api:\n"
      "    build: ./api\n"
      "    healthcheck: {test: \"wget -qO- http://localhost:3000/healthz\"}\n"
      "  admin:\n"
      "    build: ./admin\n");
  put(f, "api/package.json",
      "{\"name\": \"api\", \"main\": \"server.js\", \"dependencies\": "
      "{\"express\": \"4\"}}\n");
  put(f, "api/Dockerfile", "FROM node:20\nCMD [\"node\", \"server.js\"]\n");
  put(f, "api/server.js",
      "const app = require('express')()\n"
      "app.use(require('./items'))\n");
  put(f, "api/items.js", "router.get('/items', list)\n");
  put(f, "api/old/health.js", "router.get('/healthz', ok)\n");
  put(f, "admin/Dockerfile", "FROM python:3.12\n");
  put(f, "admin/app.py", "x = 1\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
  assert_string_equal(
      f->c.message,
      "docker-compose.yml: services.api healthcheck GET /healthz — not served "
      "by service 'api' (runs [\"node\", \"server.js\"]): no route '/healthz' "
      "in the 2 files its entry points reach in api; '/healthz' is only in "
      "api/old/health.js, which nothing the service runs reaches");

  char old[512];
  snprintf(old, sizeof(old), "%s/api/old/health.js", f->repo.root);
  assert_int_equal(remove(old), 0);
  put(f, "admin/app.py", "@app.get('/healthz')\ndef h(): pass\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message,
                         "'/healthz' is served by admin/app.py, the code of "
                         "service 'admin', not of this one"));

  put(f, "api/server.js",
      "const app = require('express')()\n"
      "app.use(require('./items'))\n"
      "app.use(require('./health'))\n");
  put(f, "api/health.js", "router.get('/healthz', ok)\n");
  assert_int_equal(run(f), RC_OUT_OK);
}

/* Router middleware answers its path without a route string; a call of a
 * method of the same name (a database ping) does not. */
static void test_middleware(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "Dockerfile",
      "FROM golang:1.22\n"
      "HEALTHCHECK CMD curl -f http://localhost:8080/ping\n");
  put(f, "main.go",
      "import \"github.com/go-pkgz/rest\"\n"
      "func main() { db.Ping(); r.Use(rest.RealIP) }\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
  put(f, "main.go",
      "import R \"github.com/go-pkgz/rest\"\n"
      "func main() { r.Use(R.RealIP, R.Ping) }\n");
  assert_int_equal(run(f), RC_OUT_OK);
  put(f, "Dockerfile",
      "FROM node:20\n"
      "HEALTHCHECK CMD curl -f http://localhost:3000/health\n");
  put(f, "main.go", "package main\n");
  put(f, "server.js", "fastify.register(require('fastify-healthcheck'))\n");
  assert_int_equal(run(f), RC_OUT_OK);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_route_styles, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_route, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dockerfile_and_builtins, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_no_code_is_not_checked, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_dev_tcp_and_examples, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_kubernetes_probes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_code, setup, teardown),
      cmocka_unit_test_setup_teardown(test_reached_code_and_other_services,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_middleware, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
