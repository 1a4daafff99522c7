/*
 * detect.c - stack and service detection from file names in the index (and,
 * for Kubernetes manifests, the first lines of small YAML files). It only
 * reports what is there; which rules apply is decided by the run.
 */
#include "readycheck/detect.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/compose.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"

const char *const rc_stack_names[] = {
    "node",   "python",  "go",    "java", "ruby", "rust",
    "docker", "compose", "nginx", "k8s",  "ci",   NULL,
};

/* Bounds on the content scan for Kubernetes manifests. */
enum { MAX_YAML_SCANNED = 400, MAX_YAML_BYTES = 256 * 1024 };

int rc_stack_parse(const char *name, enum rc_stack *out)
{
  for (int i = 0; rc_stack_names[i]; i++) {
    if (strcmp(rc_stack_names[i], name) == 0) {
      *out = (enum rc_stack)i;
      return 0;
    }
  }
  return -1;
}

static bool has_prefix(const char *s, const char *p)
{
  return strncmp(s, p, strlen(p)) == 0;
}

static bool has_suffix(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

static bool is_yaml(const char *name)
{
  return has_suffix(name, ".yml") || has_suffix(name, ".yaml");
}

/* Directories whose files belong to somebody else's code. */
static bool is_dependency_dir(const char *seg, size_t len)
{
  static const char *const names[] = {
      "node_modules", "bower_components", "vendor", "third_party", ".venv",
      "venv",         "site-packages",    NULL};
  for (size_t i = 0; names[i]; i++)
    if (strlen(names[i]) == len && strncmp(seg, names[i], len) == 0)
      return true;
  return false;
}

/* True when a directory segment of path (not its last one) satisfies fn. */
static bool dir_segment(const char *path, bool (*fn)(const char *, size_t))
{
  for (const char *seg = path;;) {
    const char *slash = strchr(seg, '/');
    if (!slash)
      return false;
    if (fn(seg, (size_t)(slash - seg)))
      return true;
    seg = slash + 1;
  }
}

static bool is_dockerfile(const char *name)
{
  return strcmp(name, "Dockerfile") == 0 || has_prefix(name, "Dockerfile.") ||
         has_suffix(name, ".Dockerfile") || strcmp(name, "Containerfile") == 0;
}

/* The names the deployment model reads as compose files (stack files
 * included). */
static bool is_compose(const char *name)
{
  return rc_compose_is_name(name);
}

static bool in_dir_named(const char *path, const char *dir)
{
  size_t n = strlen(dir);
  for (const char *p = path; (p = strstr(p, dir)) != NULL; p += n)
    if ((p == path || p[-1] == '/') && p[n] == '/')
      return true;
  return false;
}

static bool is_nginx(const char *path, const char *name)
{
  return (has_prefix(name, "nginx") && has_suffix(name, ".conf")) ||
         (has_suffix(name, ".conf") && in_dir_named(path, "nginx"));
}

static bool is_ci(const char *path)
{
  static const char *const files[] = {".gitlab-ci.yml",
                                      ".circleci/config.yml",
                                      "Jenkinsfile",
                                      "azure-pipelines.yml",
                                      ".travis.yml",
                                      "bitbucket-pipelines.yml",
                                      NULL};
  for (size_t i = 0; files[i]; i++)
    if (strcmp(path, files[i]) == 0)
      return true;
  return has_prefix(path, ".github/workflows/") && is_yaml(path);
}

static bool is_python(const char *name)
{
  return strcmp(name, "pyproject.toml") == 0 || strcmp(name, "setup.py") == 0 ||
         strcmp(name, "Pipfile") == 0 ||
         (has_prefix(name, "requirements") && has_suffix(name, ".txt"));
}

static bool is_k8s_name(const char *path, const char *name)
{
  return strcmp(name, "kustomization.yaml") == 0 ||
         strcmp(name, "kustomization.yml") == 0 ||
         strcmp(name, "Chart.yaml") == 0 ||
         (is_yaml(name) &&
          (in_dir_named(path, "k8s") || in_dir_named(path, "kubernetes")));
}

/* The stack a file name alone shows, or RC_STACK_COUNT. */
static enum rc_stack stack_of(const char *path, const char *name)
{
  if (strcmp(name, "package.json") == 0)
    return RC_STACK_NODE;
  if (is_python(name))
    return RC_STACK_PYTHON;
  if (strcmp(name, "go.mod") == 0)
    return RC_STACK_GO;
  if (strcmp(name, "pom.xml") == 0 || strcmp(name, "build.gradle") == 0 ||
      strcmp(name, "build.gradle.kts") == 0)
    return RC_STACK_JAVA;
  if (strcmp(name, "Gemfile") == 0)
    return RC_STACK_RUBY;
  if (strcmp(name, "Cargo.toml") == 0)
    return RC_STACK_RUST;
  if (is_dockerfile(name))
    return RC_STACK_DOCKER;
  if (is_compose(name))
    return RC_STACK_COMPOSE;
  if (is_nginx(path, name))
    return RC_STACK_NGINX;
  if (is_ci(path))
    return RC_STACK_CI;
  if (is_k8s_name(path, name))
    return RC_STACK_K8S;
  return RC_STACK_COUNT;
}

/* True when a line of text starts with key (at column 0). */
static bool line_starts(const char *data, const char *key)
{
  size_t n = strlen(key);
  for (const char *p = data; p; p = strchr(p, '\n')) {
    if (*p == '\n')
      p++;
    if (strncmp(p, key, n) == 0)
      return true;
  }
  return false;
}

/* A workload or service manifest: apiVersion plus a well-known kind. */
static bool is_k8s_manifest(const char *data)
{
  static const char *const kinds[] = {
      "kind: Deployment", "kind: StatefulSet", "kind: DaemonSet",
      "kind: CronJob",    "kind: Job",         "kind: Pod",
      "kind: Ingress",    "kind: Service",     NULL};
  if (!line_starts(data, "apiVersion:"))
    return false;
  for (size_t i = 0; kinds[i]; i++)
    if (line_starts(data, kinds[i]))
      return true;
  return false;
}

static void mark(struct rc_detection *out, enum rc_stack s, const char *path)
{
  if (out->present[s])
    return;
  out->present[s] = true;
  out->why[s] = path;
}

void rc_detect_stacks(struct rc_index *idx, struct rc_detection *out)
{
  memset(out, 0, sizeof(*out));
  size_t scanned = 0;
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind != RC_ENTRY_FILE || dir_segment(e->path, is_dependency_dir))
      continue;
    enum rc_stack s = stack_of(e->path, e->name);
    if (s != RC_STACK_COUNT) {
      mark(out, s, e->path);
      continue;
    }
    if (out->present[RC_STACK_K8S] || !is_yaml(e->name) ||
        scanned >= MAX_YAML_SCANNED || rc_entry_size(idx, e) > MAX_YAML_BYTES)
      continue;
    const char *data;
    size_t len;
    scanned++;
    if (rc_index_read_text(idx, e, MAX_YAML_BYTES, &data, &len) &&
        is_k8s_manifest(data))
      mark(out, RC_STACK_K8S, e->path);
  }
}

size_t rc_detection_names(const struct rc_detection *det, const char **names)
{
  size_t n = 0;
  for (int i = 0; i < RC_STACK_COUNT; i++)
    if (det->present[i])
      names[n++] = rc_stack_names[i];
  return n;
}

bool rc_detection_any(const struct rc_detection *det, const char *const *names,
                      size_t n)
{
  for (size_t i = 0; i < n; i++) {
    enum rc_stack s;
    if (rc_stack_parse(names[i], &s) == 0 && det->present[s])
      return true;
  }
  return false;
}

void rc_detect_from_model(struct rc_detection *det, const struct rc_model *m)
{
  for (size_t i = 0; m && !det->present[RC_STACK_COMPOSE] && i < m->n_compose;
       i++)
    if (m->compose[i].services && !m->compose[i].error) {
      det->present[RC_STACK_COMPOSE] = true;
      det->why[RC_STACK_COMPOSE] = m->compose[i].path;
    }
}
