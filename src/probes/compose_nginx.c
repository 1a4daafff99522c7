/*
 * compose_nginx.c - the compose probe's nginx_config: which services are
 * stock nginx (an image that starts with the configuration it is given),
 * what delivers them their configuration (a mount into /etc/nginx, a bind
 * volume, a Compose config, static files for the default site, another
 * container or the command writing it at start), and which mounted
 * configuration the repository shows missing.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"

#include "compose_probe.h"

/* compose.c's two cJSON accessors, kept private here so that the move
 * leaves compose.c's callers as they were. */
static const char *str(const cJSON *node)
{
  return cJSON_IsString(node) ? node->valuestring : NULL;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
  return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
                             : NULL;
}

/* Whether the image's namespace (what precedes its name: `bitnami` in
 * `docker.io/bitnami/nginx`) publishes the stock server: none, the
 * official library, nginx's and OpenResty's own, Bitnami's, Chainguard's.
 * Another namespace's `nginx` (`redash/nginx`) is that project's image,
 * built with its configuration inside. */
static bool stock_publisher(const char *image, const char *name)
{
  static const char *const publishers[] = {"library", "nginxinc",  "nginx",
                                           "bitnami", "openresty", "chainguard",
                                           NULL};
  if (name == image)
    return true;
  const char *end = name - 1, *ns = end;
  while (ns > image && ns[-1] != '/')
    ns--;
  size_t n = (size_t)(end - ns);
  if (ns == image && (memchr(ns, '.', n) || memchr(ns, ':', n) ||
                      (n == 9 && strncmp(ns, "localhost", 9) == 0)))
    return true; /* a registry and the name alone: docker.io/nginx */
  for (size_t i = 0; publishers[i]; i++)
    if (strlen(publishers[i]) == n && strncasecmp(ns, publishers[i], n) == 0)
      return true;
  return false;
}

/* Stock nginx images, which start with the configuration they are given,
 * and nginx built here; not nginx-proxy, nginx-proxy-manager or SWAG,
 * which generate their own, nor another project's image named nginx. */
bool compose_is_nginx(const struct rc_compose_service *s)
{
  const char *image = s->image;
  static const char *const names[] = {"nginx", "nginx-unprivileged",
                                      "openresty", NULL};
  if (!image)
    return false;
  const char *name = rc_path_base(image);
  size_t n = strcspn(name, ":@");
  for (size_t i = 0; names[i]; i++)
    if (strlen(names[i]) == n && strncasecmp(name, names[i], n) == 0)
      return s->context || stock_publisher(image, name);
  return false;
}

/* A mounted file that is nginx configuration wherever it is mounted (a
 * template the command copies into /etc/nginx with envsubst). */
static bool nginx_file(const char *source)
{
  const char *base = rc_path_base(source);
  size_t n = strlen(base);
  return rc_str_find_ci(source, "nginx") ||
         (n > 5 && strcmp(base + n - 5, ".conf") == 0) ||
         (n > 9 && strcmp(base + n - 9, ".template") == 0);
}

/* A log file mounted into the server (error_log.log) is what it writes,
 * not what configures it. */
static bool log_file(const char *source)
{
  const char *base = rc_path_base(source);
  size_t n = strlen(base);
  return n > 4 && strcmp(base + n - 4, ".log") == 0;
}

static bool config_target(const char *t)
{
  static const char *const dirs[] = {"/etc/nginx", "/usr/local/openresty",
                                     "/opt/bitnami/nginx/conf",
                                     "/usr/share/nginx/html", NULL};
  for (size_t i = 0; t && dirs[i]; i++)
    if (strncmp(t, dirs[i], strlen(dirs[i])) == 0)
      return true;
  return false;
}

/* The local driver's mount options ("bind", "ro,bind", "rbind") name a
 * bind of the device folder. */
static bool bind_option(const char *o)
{
  while (*o) {
    size_t len = strcspn(o, ",");
    if ((len == 4 && strncmp(o, "bind", 4) == 0) ||
        (len == 5 && strncmp(o, "rbind", 5) == 0))
      return true;
    o += len;
    if (*o == ',')
      o++;
  }
  return false;
}

/* A named volume declared as a bind of a host folder (`driver_opts: {type:
 * none, o: bind, device: ./conf}`) mounts that folder: it is then a bind
 * mount whose source is the device, resolved from the project directory. */
static void resolve_bind_volume(struct run *r,
                                const struct rc_compose_service *s,
                                struct rc_mount *m)
{
  if (m->bind || !m->source)
    return;
  for (size_t i = s->n_layers; i > 0; i--) {
    const cJSON *vols = get(s->layers[i - 1].file->root, "volumes");
    const cJSON *opts = get(get(vols, m->source), "driver_opts");
    const cJSON *o = get(opts, "o"), *dev = get(opts, "device");
    if (!cJSON_IsString(o) || !cJSON_IsString(dev) ||
        !bind_option(o->valuestring))
      continue;
    m->bind = true;
    m->source = dev->valuestring;
    m->path = rc_path_join(r->a, s->project ? s->project : "", m->source);
    return;
  }
}

/* nginx needs its configuration from here: a mount into /etc/nginx whose
 * source exists (or static files for the default site), or an image built
 * from the repository, which carries it. */
/* The image's default document root: its default server block serves
 * what is mounted there (Bitnami's image serves /app). */
static bool default_docroot(const char *image, const char *target)
{
  const char *root = image && rc_str_find_ci(image, "bitnami/")
                         ? "/app"
                         : "/usr/share/nginx/html";
  size_t n = strlen(root);
  return target && strncmp(target, root, n) == 0 &&
         (target[n] == '\0' || target[n] == '/');
}

/* A Compose config (`configs: [{source: site, target:
 * /etc/nginx/conf.d/default.conf}]`, the top level's `site: {file:
 * ./site.conf}`) delivers nginx its configuration as a mount does; so do
 * one written inline (`content:`), one from the environment, and one the
 * Swarm operator creates (`external: true`). 1 when one is delivered, 0
 * when its file is missing and nothing of the setup makes it (*lost names
 * it), -1 with none. */
static int nginx_configs(struct run *r, const struct rc_compose_service *s,
                         const char **lost)
{
  int found = -1;
  for (size_t i = 0; i < s->n_layers; i++) {
    const cJSON *c;
    cJSON_ArrayForEach(c, get(s->layers[i].node, "configs")) {
      const cJSON *src = get(c, "source"), *tgt = get(c, "target");
      if (!cJSON_IsString(src) || !cJSON_IsString(tgt) ||
          !config_target(tgt->valuestring))
        continue;
      const char *path;
      const cJSON *def =
          rc_compose_delivered(r->view, s, r->a, "configs", src, &path);
      const cJSON *file = get(def, "file");
      if (get(def, "content") || get(def, "environment") ||
          cJSON_IsTrue(get(def, "external")))
        return 1;
      if (!cJSON_IsString(file))
        continue;
      struct rc_mount m = {.source = file->valuestring,
                           .path = path,
                           .target = tgt->valuestring,
                           .bind = true,
                           .at = s->at};
      /* !path: one the repository cannot hold (absolute, a variable) */
      if (!path || compose_exists(r, path) != 0 ||
          compose_mount_provided(r, s, &m))
        return 1;
      *lost = file->valuestring;
      found = 0;
    }
  }
  return found;
}

/* Another service of the stack mounts the named volume too: that service
 * (a config generator, the app image shipping its site) fills what nginx
 * reads, and the repository cannot show it missing. */
static bool volume_shared(const struct run *r,
                          const struct rc_compose_service *s,
                          const char *volume)
{
  for (size_t i = 0; i < r->view->n_services; i++) {
    const struct rc_compose_service *o = &r->view->services[i];
    if (o == s)
      continue;
    struct rc_mount *m;
    size_t n = rc_compose_mounts(o, r->a, &m);
    for (size_t k = 0; k < n; k++)
      if (!m[k].bind && m[k].source && strcmp(m[k].source, volume) == 0)
        return true;
  }
  return false;
}

/* The command or entrypoint writes nginx's configuration as the container
 * starts (`sh -c "envsubst < /tmpl > /etc/nginx/conf.d/default.conf &&
 * nginx -g ..."`, `cat > /etc/nginx/nginx.conf <<EOF`). */
static bool written_at_start(const struct rc_compose_service *s)
{
  static const char *const keys[] = {"command", "entrypoint"};
  for (size_t k = 0; k < 2; k++) {
    const cJSON *c = rc_compose_get(s, keys[k], NULL);
    const cJSON *w = cJSON_IsArray(c) ? c->child : c;
    for (; w; w = cJSON_IsArray(c) ? w->next : NULL) {
      const char *t = str(w);
      const char *at = t ? strstr(t, "/etc/nginx/") : NULL;
      if (at &&
          (memchr(t, '>', (size_t)(at - t)) || strstr(t, "tee /etc/nginx/")))
        return true;
    }
  }
  return false;
}

/* nginx's configuration comes from another container: `volumes_from` (an
 * app image exporting its site), a named volume another service writes
 * into /etc/nginx, or the command writing it at start. The repository
 * cannot show such a configuration missing, so it is not a BLOCK. */
static bool config_from_elsewhere(const struct run *r,
                                  const struct rc_compose_service *s,
                                  const struct rc_mount *m, size_t n)
{
  const cJSON *from = rc_compose_get(s, "volumes_from", NULL);
  if (cJSON_IsArray(from) && cJSON_GetArraySize(from) > 0)
    return true;
  for (size_t i = 0; i < n; i++)
    if (!m[i].bind && m[i].source && config_target(m[i].target) &&
        volume_shared(r, s, m[i].source))
      return true;
  return written_at_start(s);
}

/* What reaches nginx from the compose file. */
struct nginx_seen {
  bool config;        /* a configuration that exists (or static files) */
  bool missing;       /* a mounted configuration file the repository lacks */
  const char *absent; /* a mounted folder the repository does not hold */
};

/* nginx's own configuration is missing as the repository shows it
 * (refs: deployed, the BLOCK): a file mounted into /etc/nginx (or a
 * Compose config's file) that is not committed and that nothing of the
 * setup makes. What the compose file leaves to something else - no mount
 * at all, a folder the operator fills - is refs: presumed (INFO). */
void compose_req_nginx_config(struct run *r, const struct rc_compose_service *s)
{
  if (s->context) {
    r->n_examined++; /* its image, built here, carries the configuration */
    return;
  }
  bool shown = r->cfg->refs != REFS_PRESUMED;
  bool presumed = r->cfg->refs != REFS_DEPLOYED;
  struct rc_mount *m;
  size_t n = rc_compose_mounts(s, r->a, &m);
  const char *lost = NULL;
  int configs = nginx_configs(r, s, &lost);
  struct nginx_seen seen = {.config = configs == 1, .missing = configs == 0};
  if (configs == 0 && shown)
    compose_problem(r, s, NULL,
                    "its Compose config delivers '%s' into /etc/nginx, which "
                    "the repository does not have: nginx starts without it",
                    lost);
  for (size_t i = 0; i < n; i++) {
    /* static files mounted into the default document root are served by
     * the image's own configuration */
    if (default_docroot(s->image, m[i].target))
      seen.config = true;
    resolve_bind_volume(r, s, &m[i]);
    if (!m[i].bind || !m[i].source || log_file(m[i].source) ||
        compose_key_material(m[i].source) ||
        (!config_target(m[i].target) && !nginx_file(m[i].source)))
      continue;
    int st = m[i].path ? compose_exists(r, m[i].path) : -1;
    if (st != 0 || compose_mount_provided(r, s, &m[i])) {
      seen.config = true;
      continue;
    }
    if (!compose_file_like(m[i].source) && !compose_file_like(m[i].target)) {
      seen.absent = m[i].source;
      continue;
    }
    seen.missing = true;
    if (shown)
      compose_problem(r, s, &m[i].at,
                      "mounts '%s' as its configuration, but the repository "
                      "has no such file and nothing of its setup makes it "
                      "(git does not ignore it, no template beside it): "
                      "nginx starts without it",
                      m[i].source);
  }
  bool elsewhere = config_from_elsewhere(r, s, m, n);
  if (seen.config || seen.missing || elsewhere || presumed)
    r->n_examined++;
  if (!presumed || seen.config || seen.missing || elsewhere)
    return;
  if (seen.absent)
    compose_problem(r, s, NULL,
                    "mounts '%s' into /etc/nginx, a folder the repository "
                    "does not hold: nginx runs with what the operator puts "
                    "there",
                    seen.absent);
  else
    compose_problem(r, s, NULL,
                    "the compose file gives nginx no configuration (no mount "
                    "into /etc/nginx, no Compose config, no command writing "
                    "one): it serves the image's default site unless the "
                    "configuration reaches the container another way");
}
