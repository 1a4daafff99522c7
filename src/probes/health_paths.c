/*
 * health_paths.c - the paths health checks request: found in a command
 * (shared by the health_route probe, which checks the code serves them, and
 * the http probe, which asks the deployed endpoint for them) and collected
 * over the deployment model's services.
 */
#include "readycheck/health_paths.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"

enum { MAX_PATH_LEN = RC_HEALTH_PATH_MAX };

/* ---- URLs in a command ----------------------------------------------- */

/* Hosts a check inside the container itself talks to. */
static const char *const local_hosts[] = {"localhost", "127.0.0.1", "0.0.0.0",
                                          "[::1]", NULL};

/* After a host: ":port" (digits or a variable), then the path. Returns the
 * path's start, or NULL if no path follows. */
static const char *after_host(const char *p)
{
  if (*p == ':') {
    p++;
    if (*p == '$') {
      p++;
      if (*p == '{')
        p += strcspn(p, "}") + (p[strcspn(p, "}")] ? 1 : 0);
      else
        while (isalnum((unsigned char)*p) || *p == '_')
          p++;
    } else {
      while (isdigit((unsigned char)*p))
        p++;
    }
  }
  return *p == '/' ? p : NULL;
}

/* True when the host at p is bash's "/dev/tcp/HOST/PORT": the segment
 * after the host is a port, not an HTTP path. */
static bool dev_tcp_host(const char *cmd, const char *p)
{
  return (size_t)(p - cmd) >= 9 && (strncmp(p - 9, "/dev/tcp/", 9) == 0 ||
                                    strncmp(p - 9, "/dev/udp/", 9) == 0);
}

/* A check that opens /dev/tcp/localhost/PORT writes the request itself
 * ("GET /_health/ HTTP/1.1"): calls fn for each such request path. */
static void each_raw_request(const char *cmd,
                             void (*fn)(const char *path, void *arg), void *arg)
{
  for (const char *p = cmd; (p = strstr(p, "GET /")) != NULL; p += 4) {
    const char *path = p + 4;
    size_t len = strcspn(path, " \t\r\n'\"`?#\\");
    if (len < MAX_PATH_LEN && strncmp(path + len, " HTTP/", 6) == 0) {
      char buf[MAX_PATH_LEN];
      memcpy(buf, path, len);
      buf[len] = '\0';
      fn(buf, arg);
    }
  }
}

/* Calls fn for each local URL path in cmd: "http://localhost:8080/health",
 * "localhost:3000/healthz", "127.0.0.1/ping", and the request a check
 * writes to "/dev/tcp/127.0.0.1/9000" itself. */
void rc_health_cmd_paths(const char *cmd,
                         void (*fn)(const char *path, void *arg), void *arg)
{
  bool raw = false;
  for (const char *p = cmd; *p; p++) {
    if (p != cmd && (isalnum((unsigned char)p[-1]) || p[-1] == '.' ||
                     p[-1] == '-' || p[-1] == '@'))
      continue;
    if (dev_tcp_host(cmd, p)) {
      raw = true;
      continue;
    }
    for (size_t i = 0; local_hosts[i]; i++) {
      size_t n = strlen(local_hosts[i]);
      if (strncmp(p, local_hosts[i], n) != 0)
        continue;
      const char *path = after_host(p + n);
      if (!path)
        continue;
      size_t len = strcspn(path, " \t\r\n'\"`?#;|&)>,]\\");
      if (len < MAX_PATH_LEN) {
        char buf[MAX_PATH_LEN];
        memcpy(buf, path, len);
        buf[len] = '\0';
        fn(buf, arg);
      }
      p = path + len - 1;
      break;
    }
  }
  if (raw)
    each_raw_request(cmd, fn, arg);
}

/* ---- over the model ------------------------------------------------------ */

struct collect {
  struct rc_arena *a;
  struct rc_health_path *out;
  size_t n, cap;
  struct rc_health_path proto;
  bool per_service; /* a path is listed once per service, not once */
};

static void on_path(const char *path, void *arg)
{
  struct collect *c = arg;
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->out[i].path, path) == 0 &&
        (!c->per_service || c->out[i].svc == c->proto.svc))
      return;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 8;
    struct rc_health_path *grown = rc_arena_alloc(c->a, cap * sizeof(*grown));
    if (c->n)
      memcpy(grown, c->out, c->n * sizeof(*grown));
    c->out = grown;
    c->cap = cap;
  }
  c->out[c->n] = c->proto;
  c->out[c->n++].path = rc_arena_strdup(c->a, path);
}

/* The test as one command line: "CMD curl -f http://localhost/x" from a
 * list, the string as it is; NULL for NONE. */
static const char *test_command(struct rc_arena *a, const cJSON *test)
{
  if (cJSON_IsString(test))
    return test->valuestring;
  if (!cJSON_IsArray(test))
    return NULL;
  const cJSON *first = cJSON_GetArrayItem(test, 0);
  if (cJSON_IsString(first) && strcmp(first->valuestring, "NONE") == 0)
    return NULL;
  struct rc_buf b;
  rc_buf_init(&b);
  const cJSON *t;
  cJSON_ArrayForEach(t, test)
    if (cJSON_IsString(t)) {
      rc_buf_puts(&b, t->valuestring);
      rc_buf_putc(&b, ' ');
    }
  const char *out = rc_arena_strdup(a, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}

/* True when the service's compose healthcheck decided (a test, or turned
 * off); the paths of its test go to c. */
static bool from_compose(const struct rc_compose_service *cs, struct collect *c)
{
  struct rc_where at = {0};
  const cJSON *disable = rc_compose_get(cs, "healthcheck.disable", NULL);
  if (cJSON_IsTrue(disable))
    return true;
  const cJSON *test = rc_compose_get(cs, "healthcheck.test", &at);
  if (!test)
    return false;
  const char *cmd = test_command(c->a, test);
  c->proto.what = rc_arena_printf(c->a, "services.%s healthcheck", cs->name);
  c->proto.at = at;
  if (cmd)
    rc_health_cmd_paths(cmd, on_path, c);
  return true;
}

static void from_dockerfile(const struct rc_image *im, struct collect *c)
{
  if (!im || !im->df || im->stage < 0)
    return;
  const struct rc_df_instr *hc =
      rc_dockerfile_inherited(im->df, (size_t)im->stage, "HEALTHCHECK");
  if (!hc || strncasecmp(hc->args, "NONE", 4) == 0)
    return;
  c->proto.what = "Dockerfile HEALTHCHECK";
  c->proto.at = (struct rc_where){im->df->path, hc->line};
  rc_health_cmd_paths(hc->args, on_path, c);
}

static size_t collect(const struct rc_model *m, struct rc_arena *a,
                      struct rc_health_path **out, bool per_service)
{
  struct collect c = {.a = a, .per_service = per_service};
  for (size_t i = 0; m && i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    c.proto.service = s->name;
    c.proto.svc = s;
    if (s->compose && from_compose(s->compose, &c))
      continue;
    from_dockerfile(s->built, &c);
  }
  *out = c.out;
  return c.n;
}

size_t rc_health_paths(const struct rc_model *m, struct rc_arena *a,
                       struct rc_health_path **out)
{
  return collect(m, a, out, false);
}

size_t rc_health_checks(const struct rc_model *m, struct rc_arena *a,
                        struct rc_health_path **out)
{
  return collect(m, a, out, true);
}
