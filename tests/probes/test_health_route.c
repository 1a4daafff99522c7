/*
 * test_health_route.c - the health_route probe: health check paths from
 * compose, Dockerfiles and Kubernetes probes, looked up in the code of the
 * same service (route strings of several frameworks, file routes, server
 * configs, built-in endpoints), services without code, unreadable files.
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
  assert_string_equal(f->c.message,
                      "docker-compose.yml: services.api healthcheck GET "
                      "/healthz — no route '/healthz' found in services/api");
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

  /* /metrics and allowed paths need no route. */
  put(f, "api/Dockerfile",
      "FROM node:20\nHEALTHCHECK CMD curl -f http://127.0.0.1:9090/metrics\n"
      "HEALTHCHECK CMD curl -f http://127.0.0.1:9090/status/live\n");
  assert_int_equal(run(f), RC_OUT_FAIL);
  rc_ph_strings(&f->ph, "allow", "status/*", NULL);
  assert_int_equal(run(f), RC_OUT_OK);
  assert_string_equal(f->c.message,
                      "2 health check paths served by the service's code");
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
  assert_int_equal(run(f), RC_OUT_OK);
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
  assert_string_equal(f->c.message, "no HTTP health check path found");
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
                      "/_health/ — no route '/_health/' found in web");
  rc_ph_assert_absent(&f->c, "/9000");

  put(f, "web/app.py", "urls = [path('_health/', health)]\n");
  assert_int_equal(run(f), RC_OUT_OK);

  char app[512];
  snprintf(app, sizeof(app), "%s/web/app.py", f->repo.root);
  assert_int_equal(remove(app), 0);
  put(f, "web/settings.example.py", "SECRET_KEY = 'x'\n");
  assert_int_equal(run(f), RC_OUT_OK);
  assert_string_equal(f->c.message, "1 health check path, none on a service "
                                    "whose code is in the repository");
}

static void test_kubernetes_probes(void **state)
{
  struct rc_ph_fixture *f = *state;
  put(f, "k8s/app.yaml",
      "kind: Service\nmetadata: {name: cart}\n---\n"
      "kind: Deployment\n"
      "spec:\n"
      "  template:\n"
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
  assert_true(rc_ph_has_ev(&f->c, "k8s/app.yaml", 11,
                           "container cart readinessProbe GET /_healthz — no "
                           "route '/_healthz' found in src/cartservice"));
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
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
