/*
 * compose_services.c - what a compose service is, as the requirements
 * ask it: a cache or a broker, a one-shot job or a command runner, an
 * interactive shell, an idle base image, a service scaled to zero, and the
 * image the repository builds for it (with its own HEALTHCHECK).
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/execform.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/installer.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/probe.h"
#include "readycheck/readme.h"
#include "readycheck/submodule.h"
#include "readycheck/role.h"
#include "readycheck/shellwords.h"

#include "compose_probe.h"

const char *compose_str(const cJSON *node)
{
  return cJSON_IsString(node) ? node->valuestring : NULL;
}

const cJSON *compose_get(const cJSON *obj, const char *key)
{
  return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
                             : NULL;
}

bool compose_is_cache(const char *image)
{
  static const char *const caches[] = {"redis",     "valkey",    "keydb",
                                       "memcached", "dragonfly", NULL};
  if (!image)
    return false;
  const char *slash = strrchr(image, '/');
  const char *name = slash ? slash + 1 : image;
  for (size_t i = 0; caches[i]; i++)
    if (rc_str_find_ci(name, caches[i]))
      return true;
  return false;
}

/* A message broker carries messages between services: what it holds is in
 * flight, not data of record, and a restart with empty queues loses no
 * state the application keeps. */
bool compose_is_broker(const char *image)
{
  static const char *const brokers[] = {"rabbitmq", "activemq", "mosquitto",
                                        NULL};
  if (!image)
    return false;
  const char *slash = strrchr(image, '/');
  const char *name = slash ? slash + 1 : image;
  for (size_t i = 0; brokers[i]; i++)
    if (rc_str_find_ci(name, brokers[i]))
      return true;
  return false;
}

/* `true`, `["/bin/true"]`, `exit 0`: a program that does nothing. */
static bool does_nothing(const cJSON *c)
{
  static const char *const cmds[] = {"true", "/bin/true", "/usr/bin/true",
                                     "exit 0", NULL};
  if (cJSON_IsArray(c) && cJSON_GetArraySize(c) >= 1)
    c = cJSON_GetArrayItem(c, 0);
  const char *text = compose_str(c);
  for (size_t i = 0; text && cmds[i]; i++)
    if (strcmp(text, cmds[i]) == 0)
      return true;
  return false;
}

/* A data-only container (`command: /bin/true`, or an entrypoint that
 * ignores its command: `entrypoint: ["/bin/true"]`): it exits at once by
 * design, its volumes or its image are what the other services use. */
bool compose_exits_at_once(const struct rc_compose_service *s)
{
  const cJSON *c = rc_compose_get(s, "command", NULL);
  if (cJSON_IsArray(c) && cJSON_GetArraySize(c) != 1)
    c = NULL;
  return does_nothing(c) || does_nothing(rc_compose_get(s, "entrypoint", NULL));
}

/* `deploy: replicas: 0`: Compose creates no container for it (a service
 * declared so that `docker compose pull` fetches an image the others
 * start themselves); nothing of it runs. */
bool compose_scaled_to_zero(const struct rc_compose_service *s)
{
  const cJSON *n = rc_compose_get(s, "deploy.replicas", NULL);
  return (cJSON_IsNumber(n) && n->valuedouble == 0) ||
         (compose_str(n) && strcmp(compose_str(n), "0") == 0);
}

/* `image: busybox` with volumes and nothing to run: a base image whose
 * default command is a shell exits at once without a terminal - a
 * data-only container, like `command: /bin/true`. */
static bool idle_base_image(const struct rc_compose_service *s)
{
  static const char *const bases[] = {"busybox", "alpine", "debian", "ubuntu",
                                      NULL};
  static const char *const keys[] = {"command",    "entrypoint", "tty",
                                     "stdin_open", "ports",      NULL};
  const char *image = rc_compose_str(s, "image", NULL);
  if (!image || rc_compose_get(s, "build", NULL))
    return false;
  for (size_t i = 0; keys[i]; i++)
    if (rc_compose_get(s, keys[i], NULL))
      return false;
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  for (size_t i = 0; bases[i]; i++)
    if (strcmp(name, bases[i]) == 0)
      return true;
  return false;
}

/* The entrypoint is a management command-line tool and no command is
 * given (`entrypoint: python manage.py`): the service only runs what
 * `docker compose run --rm svc createsuperuser` passes it, and exits. */
static bool command_runner(const struct rc_compose_service *s)
{
  static const char *const tools[] = {"manage.py", "artisan", "bin/console",
                                      "bin/rails", "rake",    NULL};
  if (rc_compose_get(s, "command", NULL))
    return false;
  const cJSON *e = rc_compose_get(s, "entrypoint", NULL);
  const cJSON *last =
      cJSON_IsArray(e) ? cJSON_GetArrayItem(e, cJSON_GetArraySize(e) - 1) : e;
  const char *text = compose_str(last);
  if (!text)
    return false;
  size_t n = strlen(text);
  while (n && text[n - 1] == ' ')
    n--;
  for (size_t i = 0; tools[i]; i++) {
    size_t k = strlen(tools[i]);
    if (n >= k && strncmp(text + n - k, tools[i], k) == 0 &&
        (n == k || text[n - k - 1] == ' ' || text[n - k - 1] == '/'))
      return true;
  }
  return false;
}

/* `command: /bin/bash` with no port: a shell container an operator enters
 * with `docker compose run --rm shell`; nothing keeps it running. */
static bool interactive_shell(const struct rc_compose_service *s)
{
  static const char *const shells[] = {"bash", "/bin/bash", "sh",  "/bin/sh",
                                       "zsh",  "/bin/zsh",  "ash", NULL};
  if (rc_compose_get(s, "ports", NULL) || rc_compose_get(s, "expose", NULL))
    return false;
  /* `stdin_open: true` and `tty: true`: a terminal to attach to
   * (`docker compose exec admin-tools tctl ...`), an operator's tool */
  if (cJSON_IsTrue(rc_compose_get(s, "stdin_open", NULL)) &&
      cJSON_IsTrue(rc_compose_get(s, "tty", NULL)))
    return true;
  const cJSON *c = rc_compose_get(s, "command", NULL);
  if (cJSON_IsArray(c) && cJSON_GetArraySize(c) == 1)
    c = cJSON_GetArrayItem(c, 0);
  const char *text = compose_str(c);
  for (size_t i = 0; text && shells[i]; i++)
    if (strcmp(text, shells[i]) == 0)
      return true;
  return false;
}

/* The script the service runs ends by exiting (`mc mb minio/uploads;
 * exit 0;`): a job that prepares the others and is done. */
static bool ends_with_exit(const cJSON *c)
{
  if (cJSON_IsArray(c))
    c = cJSON_GetArrayItem(c, cJSON_GetArraySize(c) - 1);
  const char *text = compose_str(c);
  if (!text)
    return false;
  size_t n = strlen(text);
  while (n && strchr(" \t\r\n;\"'", text[n - 1]))
    n--;
  if (n && text[n - 1] == '0') /* `exit 0`, not `exit 1` */
    for (n--; n && text[n - 1] == ' ';)
      n--;
  return n >= 4 && strncmp(text + n - 4, "exit", 4) == 0 &&
         (n == 4 || strchr(" \t\n;&|", text[n - 5]));
}

/* The certbot image asked for a certificate once (`command: certonly
 * --webroot ...`, the image's entrypoint being certbot): it obtains the
 * certificate and exits; a restart policy would request it again at every
 * exit, against the CA's rate limits. A renewal loop (`entrypoint: ...
 * while :; do certbot renew; sleep 12h; done`) overrides the entrypoint
 * and stays a long-running service. */
static bool certificate_request(const struct rc_compose_service *s)
{
  const char *image = rc_compose_str(s, "image", NULL);
  if (!image || rc_compose_get(s, "entrypoint", NULL))
    return false;
  const char *slash = strrchr(image, '/');
  const char *owner = slash ? slash : image;
  while (owner > image && owner[-1] != '/')
    owner--;
  if (!slash || slash - owner != 7 || strncasecmp(owner, "certbot", 7) != 0)
    return false; /* certbot/certbot, certbot/dns-cloudflare */
  const cJSON *c = rc_compose_get(s, "command", NULL);
  if (cJSON_IsArray(c))
    c = cJSON_GetArrayItem(c, 0);
  const char *text = compose_str(c);
  if (!text)
    return false;
  text += strspn(text, " \t");
  return strncmp(text, "certonly", 8) == 0 &&
         (!text[8] || text[8] == ' ' || text[8] == '\n');
}

/* A service named for a job that prepares the others (`createbuckets`,
 * `db-migrate`, `minio-init`, `setup`, a database's major-version
 * `db_upgrade`) that publishes and exposes no port: it runs once and
 * exits, and a restart policy would run it again and again. */
static bool job_name(const struct rc_compose_service *s)
{
  static const char *const words[] = {
      "init",        "setup",   "migrate", "migration", "migrations",
      "migrator",    "seed",    "seeder",  "bootstrap", "provision",
      "provisioner", "upgrade", "update",  NULL};
  if (rc_compose_get(s, "ports", NULL) || rc_compose_get(s, "expose", NULL))
    return false;
  return rc_role_name_word(s->name, words) ||
         (strncasecmp(s->name, "create", 6) == 0 &&
          isalpha((unsigned char)s->name[6]));
}

bool compose_one_shot(const struct run *r, const struct rc_compose_service *s)
{
  const char *rs = rc_compose_str(s, "restart", NULL);
  return (rs && strcmp(rs, "no") == 0) ||
         rc_compose_awaited(r->view, s->name) || compose_exits_at_once(s) ||
         idle_base_image(s) || command_runner(s) || interactive_shell(s) ||
         ends_with_exit(rc_compose_get(s, "command", NULL)) ||
         ends_with_exit(rc_compose_get(s, "entrypoint", NULL)) || job_name(s) ||
         certificate_request(s);
}

/* The production image the service builds - or runs, when CI builds and
 * tags it from this repository - with its stage. */
const struct rc_image *compose_built_image(const struct run *r,
                                           const struct rc_compose_service *s)
{
  if (!r->ctx->model)
    return NULL;
  const struct rc_service *svc = rc_model_service_of(r->ctx->model, s);
  if (svc && svc->built && svc->built->df)
    return svc->built;
  if (!s->dockerfile)
    return NULL;
  for (size_t i = 0; i < r->ctx->model->n_images; i++) {
    const struct rc_image *im = &r->ctx->model->images[i];
    if (strcmp(im->dockerfile, s->dockerfile) == 0 && im->df)
      return im;
  }
  return NULL;
}

bool compose_image_healthcheck(const struct run *r,
                               const struct rc_compose_service *s)
{
  const struct rc_image *im = compose_built_image(r, s);
  long stage = !im          ? -1
               : s->context ? rc_dockerfile_target(im->df, s->target)
                            : im->stage;
  if (stage < 0)
    return false;
  const struct rc_df_instr *hc =
      rc_dockerfile_inherited(im->df, (size_t)stage, "HEALTHCHECK");
  return hc && strncasecmp(hc->args, "NONE", 4) != 0;
}
