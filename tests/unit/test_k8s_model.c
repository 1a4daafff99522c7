/*
 * test_k8s_model.c - the Kubernetes part of the deployment model: which entry
 * points deploy manifests (kustomization roots and components, charts,
 * kubectl/helm in automation, skaffold, Argo CD and Flux), what they reach
 * (patches as layers, image overrides, deletions), the roles that keep
 * examples, demos, tests and vendored charts out, and one-shot workloads.
 * Each case is a small tree.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/appset.h"
#include "readycheck/diag.h"
#include "readycheck/entry.h"
#include "readycheck/index.h"
#include "readycheck/k8s.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"

struct fixture {
  char *root;
  struct rc_index *idx;
  struct rc_model *m;
};

static int setup(void **state)
{
  struct fixture *f = calloc(1, sizeof(*f));
  f->root = rc_test_mkdtemp();
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fixture *f = *state;
  rc_model_free(f->m);
  rc_index_free(f->idx);
  rc_test_rmtree(f->root);
  free(f->root);
  free(f);
  return 0;
}

static const struct rc_k8s *build(struct fixture *f)
{
  rc_model_free(f->m);
  rc_index_free(f->idx);
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&f->idx, f->root, NULL, &d), 0);
  rc_diag_release(&d);
  f->m = rc_model_new(f->idx);
  return &f->m->k8s;
}

static const struct rc_k8s_workload *
workload(const struct rc_k8s *k, const char *path, const char *name)
{
  for (size_t i = 0; i < k->n_workloads; i++)
    if (strcmp(k->workloads[i].at.path, path) == 0 &&
        strcmp(k->workloads[i].name, name) == 0)
      return &k->workloads[i];
  fail_msg("no workload %s in %s", name, path);
  return NULL;
}

static const cJSON *first_container(const struct rc_k8s_workload *w)
{
  return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
                                rc_k8s_pod_spec(w->obj, w->kind), "containers"),
                            0);
}

static const char *deployment(const char *name, const char *image)
{
  static char buf[1024];
  snprintf(buf, sizeof(buf),
           "apiVersion: apps/v1\n"
           "kind: Deployment\n"
           "metadata: {name: %s}\n"
           "spec:\n"
           "  template:\n"
           "    spec:\n"
           "      containers:\n"
           "        - name: %s\n"
           "          image: %s\n",
           name, name, image);
  return buf;
}

/* A kustomization root deploys what it lists; a manifest beside it that
 * it does not list is unused. */
static void test_kustomize_root_and_unlisted(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "deploy/kustomization.yaml",
                "resources: [api.yaml]\n");
  rc_test_write(f->root, "deploy/api.yaml", deployment("api", "acme/api:1"));
  rc_test_write(f->root, "deploy/scratch.yaml",
                deployment("scratch", "acme/s:1"));
  const struct rc_k8s *k = build(f);
  const struct rc_k8s_workload *api = workload(k, "deploy/api.yaml", "api");
  assert_int_equal(api->role, RC_ROLE_PRODUCTION);
  assert_non_null(api->entry);
  assert_string_equal(api->entry->path, "deploy");
  assert_int_equal(api->at.line, 2); /* the kind: line */
  const struct rc_k8s_workload *scratch =
      workload(k, "deploy/scratch.yaml", "scratch");
  assert_int_equal(scratch->role, RC_ROLE_UNUSED);
  assert_non_null(strstr(scratch->why, "does not list it"));
}

/* Overlay patches are layers: the last that sets a field wins and keeps
 * its own file and line; `images:` changes the tag; `$patch: delete`
 * removes the object from that root. */
static void test_overlay_patches_images_delete(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "base/kustomization.yaml",
                "resources: [api.yaml, cache.yaml]\n");
  rc_test_write(f->root, "base/api.yaml", deployment("api", "acme/api:latest"));
  rc_test_write(f->root, "base/cache.yaml", deployment("cache", "redis:7"));
  rc_test_write(f->root, "prod/kustomization.yaml",
                "resources: [../base]\n"
                "patches:\n"
                "  - path: res.yaml\n"
                "  - patch: |-\n"
                "      apiVersion: apps/v1\n"
                "      kind: Deployment\n"
                "      metadata: {name: cache}\n"
                "      $patch: delete\n"
                "images:\n"
                "  - name: acme/api\n"
                "    newTag: 2.0.1\n");
  rc_test_write(f->root, "prod/res.yaml",
                "apiVersion: apps/v1\n"
                "kind: Deployment\n"
                "metadata: {name: api}\n"
                "spec:\n"
                "  template:\n"
                "    spec:\n"
                "      containers:\n"
                "        - name: api\n"
                "          resources:\n"
                "            limits: {memory: 1Gi}\n");
  const struct rc_k8s *k = build(f);
  const struct rc_k8s_workload *api = workload(k, "base/api.yaml", "api");
  assert_int_equal(api->role, RC_ROLE_PRODUCTION);
  assert_string_equal(api->entry->path, "prod");
  assert_int_equal(api->n_patches, 1);
  struct rc_where at;
  const cJSON *res =
      rc_k8s_container_get(api, first_container(api), "resources", &at);
  assert_non_null(res);
  assert_string_equal(at.path, "prod/res.yaml");
  assert_int_equal(at.line, 9);
  assert_string_equal(
      rc_k8s_container_image(f->m->arena, api, first_container(api)),
      "acme/api:2.0.1");
  /* deleted under prod, and base is listed by prod: not deployed */
  const struct rc_k8s_workload *cache = workload(k, "base/cache.yaml", "cache");
  assert_int_not_equal(cache->role, RC_ROLE_PRODUCTION);
}

/* A JSON 6902 `remove` deletes the field from the object as deployed (at
 * the operation's line); a strategic-merge null does the same; a field no
 * operation touches keeps the base's value. */
static void test_json6902_remove(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "base/kustomization.yaml", "resources: [api.yaml]\n");
  rc_test_write(f->root, "base/api.yaml",
                "apiVersion: apps/v1\n"
                "kind: Deployment\n"
                "metadata: {name: api}\n"
                "spec:\n"
                "  template:\n"
                "    spec:\n"
                "      hostNetwork: true\n"
                "      containers:\n"
                "        - name: api\n"
                "          image: acme/api:1\n"
                "          readinessProbe: {tcpSocket: {port: 80}}\n"
                "          livenessProbe: {tcpSocket: {port: 80}}\n");
  rc_test_write(
      f->root, "prod/kustomization.yaml",
      "resources: [../base]\n"
      "patches:\n"
      "  - target: {kind: Deployment, name: api}\n"
      "    patch: |-\n"
      "      - op: remove\n"
      "        path: /spec/template/spec/containers/0/readinessProbe\n"
      "  - patch: |-\n"
      "      apiVersion: apps/v1\n"
      "      kind: Deployment\n"
      "      metadata: {name: api}\n"
      "      spec:\n"
      "        template:\n"
      "          spec:\n"
      "            hostNetwork: null\n");
  const struct rc_k8s *k = build(f);
  const struct rc_k8s_workload *api = workload(k, "base/api.yaml", "api");
  assert_int_equal(api->role, RC_ROLE_PRODUCTION);
  struct rc_where at;
  assert_null(
      rc_k8s_container_get(api, first_container(api), "readinessProbe", &at));
  assert_string_equal(at.path, "prod/kustomization.yaml");
  assert_int_equal(at.line, 5);
  assert_non_null(
      rc_k8s_container_get(api, first_container(api), "livenessProbe", &at));
  assert_string_equal(at.path, "base/api.yaml");
  assert_null(rc_k8s_pod_get(api, "hostNetwork", &at));
  assert_string_equal(at.path, "prod/kustomization.yaml");
}

struct specs {
  char paths[8][64];
  size_t n;
};

static void on_spec(const cJSON *spec, void *arg)
{
  struct specs *s = arg;
  const cJSON *src = cJSON_GetObjectItemCaseSensitive(spec, "source");
  const cJSON *vf = cJSON_GetArrayItem(
      cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(src, "helm"), "valueFiles"),
      0);
  if (s->n < 8)
    snprintf(s->paths[s->n++], sizeof(s->paths[0]), "%s",
             cJSON_IsString(vf) ? vf->valuestring : "-");
}

/* An ApplicationSet's list elements fill its template in, the element
 * naming production first; an element leaving a placeholder is left out;
 * a template without placeholders and generators is one Application. */
static void test_applicationset_specs(void **state)
{
  (void)state;
  cJSON *set = cJSON_Parse(
      "{\"spec\":{\"generators\":[{\"list\":{\"elements\":["
      "{\"env\":\"dev\"},{\"env\":\"production\"},{\"other\":\"x\"},"
      "{\"env\":\"staging\",\"values\":{\"tier\":\"2\"}}]}}],"
      "\"template\":{\"spec\":{\"source\":{\"path\":\"charts/api\","
      "\"helm\":{\"valueFiles\":[\"values-{{ .env }}.yaml\"]}}}}}}");
  struct specs s = {0};
  assert_int_equal(rc_appset_specs(set, on_spec, &s), 3);
  assert_string_equal(s.paths[0], "values-production.yaml");
  assert_string_equal(s.paths[1], "values-dev.yaml");
  assert_string_equal(s.paths[2], "values-staging.yaml");
  cJSON_Delete(set);
  set = cJSON_Parse("{\"spec\":{\"template\":{\"spec\":{\"source\":{"
                    "\"path\":\"charts/api\",\"helm\":{\"valueFiles\":["
                    "\"values-{{values.tier}}.yaml\"]}}}}}}");
  memset(&s, 0, sizeof(s));
  assert_int_equal(rc_appset_specs(set, on_spec, &s), 0);
  cJSON_Delete(set);
  set = cJSON_Parse("{\"spec\":{\"template\":{\"spec\":{\"source\":{"
                    "\"path\":\"charts/api\",\"helm\":{\"valueFiles\":["
                    "\"values-prod.yaml\"]}}}}}}");
  assert_int_equal(rc_appset_specs(set, on_spec, &s), 1);
  assert_string_equal(s.paths[0], "values-prod.yaml");
  cJSON_Delete(set);
}

/* An optional component no deploying kustomization lists is an entry of
 * its own; a kustomization under tests/ deploys nothing to production. */
static void test_components_and_test_roots(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "kustomize/kustomization.yaml", "resources: [base]\n");
  rc_test_write(f->root, "kustomize/base/kustomization.yaml",
                "resources: [api.yaml]\n");
  rc_test_write(f->root, "kustomize/base/api.yaml",
                deployment("api", "acme/api:1"));
  rc_test_write(f->root, "kustomize/components/otel/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1alpha1\n"
                "kind: Component\n"
                "resources: [collector.yaml]\n");
  rc_test_write(f->root, "kustomize/components/otel/collector.yaml",
                deployment("collector", "otel/collector:0.9"));
  rc_test_write(
      f->root, "kustomize/tests/all/kustomization.yaml",
      "resources: [../../base]\ncomponents: [../../components/otel]\n");
  const struct rc_k8s *k = build(f);
  const struct rc_k8s_workload *c =
      workload(k, "kustomize/components/otel/collector.yaml", "collector");
  assert_int_equal(c->role, RC_ROLE_PRODUCTION);
  assert_non_null(strstr(c->why, "optional kustomize component"));
  const struct rc_k8s_workload *api =
      workload(k, "kustomize/base/api.yaml", "api");
  assert_int_equal(api->role, RC_ROLE_PRODUCTION);
  assert_string_equal(api->entry->path, "kustomize");
}

/* A chart's templates are read through values.yaml; the workload keeps
 * its template line. Test hooks are tests; a dependency vendored under
 * charts/ is not the project's own and is not rendered; a library chart
 * deploys nothing. */
static void test_charts(void **state)
{
  struct fixture *f = *state;
  rc_test_write(
      f->root, "chart/Chart.yaml",
      "apiVersion: v2\nname: api\nversion: 0.1.0\nappVersion: 1.0.0\n");
  rc_test_write(f->root, "chart/values.yaml",
                "securityContext: {runAsNonRoot: true}\n");
  rc_test_write(f->root, "chart/templates/deployment.yaml",
                "{{- if true }}\n"
                "apiVersion: apps/v1\n"
                "kind: Deployment\n"
                "metadata:\n"
                "  name: {{ .Release.Name }}-api\n"
                "spec:\n"
                "  template:\n"
                "    spec:\n"
                "      containers:\n"
                "        - name: api\n"
                "          image: \"acme/api:{{ .Chart.AppVersion }}\"\n"
                "          securityContext:\n"
                "            {{- toYaml .Values.securityContext | nindent 12 "
                "}}\n"
                "{{- end }}\n");
  rc_test_write(f->root, "chart/templates/tests/ping.yaml",
                "apiVersion: v1\n"
                "kind: Pod\n"
                "metadata:\n"
                "  name: ping\n"
                "  annotations: {\"helm.sh/hook\": test}\n"
                "spec:\n"
                "  restartPolicy: Never\n"
                "  containers: [{name: ping, image: busybox}]\n");
  rc_test_write(f->root, "chart/charts/redis/Chart.yaml",
                "apiVersion: v2\nname: redis\nversion: 9.0.0\n");
  rc_test_write(f->root, "chart/charts/redis/templates/sts.yaml",
                deployment("redis", "redis:7"));
  rc_test_write(
      f->root, "lib/Chart.yaml",
      "apiVersion: v2\nname: common\ntype: library\nversion: 1.0.0\n");
  const struct rc_k8s *k = build(f);
  const struct rc_k8s_workload *api =
      workload(k, "chart/templates/deployment.yaml", "release-name-api");
  assert_int_equal(api->role, RC_ROLE_PRODUCTION);
  assert_int_equal(api->at.line, 3);
  struct rc_where at;
  const cJSON *sc =
      rc_k8s_container_get(api, first_container(api), "securityContext", &at);
  assert_true(
      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sc, "runAsNonRoot")));
  assert_int_equal(at.line, 12); /* the template line of its key */
  const struct rc_k8s_workload *ping =
      workload(k, "chart/templates/tests/ping.yaml", "ping");
  assert_int_equal(ping->role, RC_ROLE_NONPROD);
  assert_true(ping->one_shot);
  size_t vendored = 0, library = 0;
  for (size_t i = 0; i < k->n_charts; i++) {
    vendored += k->charts[i].vendored && k->charts[i].role == RC_ROLE_NONPROD;
    library += k->charts[i].library;
  }
  assert_int_equal(vendored, 1);
  assert_int_equal(library, 1);
  for (size_t i = 0; i < k->n_workloads; i++)
    assert_null(strstr(k->workloads[i].at.path, "charts/redis"));
  for (size_t i = 0; i < k->n_entries; i++)
    assert_string_not_equal(k->entries[i].path, "lib");
}

/* kubectl apply in a README, after `cd` into a fresh clone, names what
 * deploys; a manifest nothing applies is then unused. With no entry point
 * at all, every manifest counts. */
static void test_kubectl_apply_in_readme(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "README.md",
                "# Shop\n\n```sh\ngit clone https://example.com/shop\ncd shop\n"
                "kubectl apply -f k8s/prod/\n```\n");
  rc_test_write(f->root, "k8s/prod/api.yaml", deployment("api", "acme/api:1"));
  rc_test_write(f->root, "k8s/legacy.yaml", deployment("legacy", "acme/x:1"));
  const struct rc_k8s *k = build(f);
  const struct rc_k8s_workload *api = workload(k, "k8s/prod/api.yaml", "api");
  assert_int_equal(api->role, RC_ROLE_PRODUCTION);
  assert_non_null(strstr(api->why, "README.md:6"));
  assert_int_equal(workload(k, "k8s/legacy.yaml", "legacy")->role,
                   RC_ROLE_UNUSED);

  rc_test_write(f->root, "README.md", "# Shop\n");
  k = build(f);
  assert_int_equal(workload(k, "k8s/legacy.yaml", "legacy")->role,
                   RC_ROLE_PRODUCTION);
  assert_non_null(
      strstr(workload(k, "k8s/legacy.yaml", "legacy")->why, "every manifest"));
}

/* The commands automation writes: kubectl -k with global options,
 * kustomize build piped to kubectl apply -f - (standard input is no
 * file), helm upgrade --install with values files, and variables. */
static void test_apply_commands(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "Makefile",
                "deploy:\n"
                "\tkubectl --context prod -n shop apply -k deploy/prod\n"
                "\tkustomize build deploy/staging | kubectl apply -f -\n"
                "\thelm upgrade --install api ./charts/api -n shop \\\n"
                "\t  -f charts/api/values-prod.yaml --wait\n"
                "\tkubectl apply -f $(MANIFESTS)\n");
  build(f);
  const struct rc_entries *e = &f->m->entries;
  assert_int_equal(e->n_applies, 4);
  assert_int_equal(e->applies[0].kind, RC_APPLY_KUSTOMIZE);
  assert_string_equal(e->applies[0].path, "deploy/prod");
  assert_int_equal(e->applies[1].kind, RC_APPLY_KUSTOMIZE);
  assert_string_equal(e->applies[1].path, "deploy/staging");
  assert_int_equal(e->applies[2].kind, RC_APPLY_CHART);
  assert_string_equal(e->applies[2].path, "charts/api");
  assert_int_equal(e->applies[2].n_values, 1);
  assert_string_equal(e->applies[2].values[0], "charts/api/values-prod.yaml");
  assert_int_equal(e->applies[2].at.line, 4);
  assert_true(e->applies[3].unresolved);
  assert_true(f->m->k8s.unresolved); /* nothing can be ruled out */
}

/* Roles: a folder whose README (here one level up) calls it a demo, and a
 * repository whose README says it holds example applications. */
static void test_demo_and_examples_readmes(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "deploy/README.md", "# Deploy demo webapp\n");
  rc_test_write(f->root, "deploy/webapp/api.yaml",
                deployment("api", "acme/api:1"));
  rc_test_write(f->root, "k8s/web.yaml", deployment("web", "acme/web:1"));
  const struct rc_k8s *k = build(f);
  const struct rc_k8s_workload *api =
      workload(k, "deploy/webapp/api.yaml", "api");
  assert_int_equal(api->role, RC_ROLE_NONPROD);
  assert_non_null(strstr(api->why, "deploy/README"));
  assert_int_equal(workload(k, "k8s/web.yaml", "web")->role,
                   RC_ROLE_PRODUCTION);

  /* "demo" inside a link's address is not the README saying so */
  rc_test_write(f->root, "deploy/README.md",
                "# Deploy\n\nSee [the docs](https://example.com/demo).\n");
  k = build(f);
  assert_int_equal(workload(k, "deploy/webapp/api.yaml", "api")->role,
                   RC_ROLE_PRODUCTION);

  rc_test_write(f->root, "README.md",
                "# Recipes\n\nThis repository contains example applications "
                "for demoing Argo CD.\n");
  k = build(f);
  assert_non_null(k->examples);
  assert_int_equal(workload(k, "k8s/web.yaml", "web")->role, RC_ROLE_NONPROD);
}

/* GitOps sources that name a path here are entry points; a Flux source
 * from another artifact is not. */
static void test_argo_and_flux(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "apps/api/api.yaml", deployment("api", "acme/api:1"));
  rc_test_write(f->root, "apps/web/kustomization.yaml",
                "resources: [web.yaml]\n");
  rc_test_write(f->root, "apps/web/web.yaml", deployment("web", "acme/web:1"));
  rc_test_write(f->root, "apps/kustomization.yaml", "resources: [web]\n");
  rc_test_write(f->root, "clusters/prod/api-app.yaml",
                "apiVersion: argoproj.io/v1alpha1\n"
                "kind: Application\n"
                "metadata: {name: api}\n"
                "spec:\n"
                "  source:\n"
                "    repoURL: https://example.com/acme/deploy.git\n"
                "    path: apps/api\n");
  rc_test_write(f->root, "clusters/prod/flux.yaml",
                "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
                "kind: Kustomization\n"
                "metadata: {name: remote}\n"
                "spec:\n"
                "  sourceRef: {kind: ExternalArtifact, name: x}\n"
                "  path: ./nowhere\n");
  const struct rc_k8s *k = build(f);
  const struct rc_k8s_workload *api = workload(k, "apps/api/api.yaml", "api");
  assert_int_equal(api->role, RC_ROLE_PRODUCTION);
  assert_non_null(strstr(api->why, "Argo CD Application"));
  assert_non_null(strstr(api->why, "clusters/prod/api-app.yaml:7"));
  for (size_t i = 0; i < k->n_entries; i++)
    assert_null(strstr(k->entries[i].path, "nowhere"));
}

/* skaffold.yaml: its artifacts are image builds (the manifests' image
 * names link to Dockerfiles), its manifests are applied. */
static void test_skaffold(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "skaffold.yaml",
                "apiVersion: skaffold/v4beta6\n"
                "kind: Config\n"
                "build:\n"
                "  artifacts:\n"
                "    - image: api\n"
                "      context: src/api\n"
                "manifests:\n"
                "  rawYaml: [k8s/*.yaml]\n");
  rc_test_write(f->root, "src/api/Dockerfile", "FROM alpine:3.19\nUSER app\n");
  rc_test_write(f->root, "k8s/api.yaml", deployment("api", "api"));
  rc_test_write(f->root, "other/x.yaml", deployment("x", "acme/x:1"));
  const struct rc_k8s *k = build(f);
  const struct rc_k8s_workload *api = workload(k, "k8s/api.yaml", "api");
  assert_int_equal(api->role, RC_ROLE_PRODUCTION);
  assert_non_null(strstr(api->why, "skaffold.yaml:8"));
  const struct rc_image *im = rc_model_image_named(f->m, "api");
  assert_non_null(im);
  assert_string_equal(im->dockerfile, "src/api/Dockerfile");
  assert_int_equal(workload(k, "other/x.yaml", "x")->role, RC_ROLE_UNUSED);
}

/* A skaffold profile named for production installs its chart with its
 * own values files; a development profile's releases are not read. */
static void test_skaffold_profile_helm(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "skaffold.yaml",
                "apiVersion: skaffold/v4beta6\n"
                "kind: Config\n"
                "profiles:\n"
                "  - name: dev\n"
                "    deploy:\n"
                "      helm:\n"
                "        releases:\n"
                "          - {name: api, chartPath: chart, valuesFiles: "
                "[chart/values-dev.yaml]}\n"
                "  - name: production\n"
                "    manifests:\n"
                "      helm:\n"
                "        releases:\n"
                "          - {name: api, chartPath: chart, valuesFiles: "
                "[chart/values-prod.yaml]}\n");
  rc_test_write(f->root, "chart/Chart.yaml", "apiVersion: v2\nname: api\n");
  rc_test_write(f->root, "chart/values.yaml", "tag: latest\n");
  rc_test_write(f->root, "chart/values-dev.yaml", "tag: latest\n");
  rc_test_write(f->root, "chart/values-prod.yaml", "tag: 1.2.3\n");
  rc_test_write(f->root, "chart/templates/d.yaml",
                deployment("api", "acme/api:{{ .Values.tag }}"));
  build(f);
  const struct rc_entries *en = &f->m->entries;
  size_t prod = 0;
  for (size_t i = 0; i < en->n_applies; i++) {
    const struct rc_apply *ap = &en->applies[i];
    if (ap->n_values != 1)
      continue;
    bool is_prod = strcmp(ap->values[0], "chart/values-prod.yaml") == 0;
    assert_int_equal(ap->role,
                     is_prod ? RC_ROLE_PRODUCTION : RC_ROLE_DEVELOPMENT);
    prod += is_prod;
  }
  assert_int_equal(prod, 1);
  const struct rc_k8s_workload *api =
      workload(&f->m->k8s, "chart/templates/d.yaml", "api");
  assert_string_equal(
      rc_k8s_container_image(f->m->arena, api, first_container(api)),
      "acme/api:1.2.3");
}

/* A workload takes traffic when a Service's selector matches its pod
 * labels; a label a chart helper makes counts as matching. */
static void test_served(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "k8s/app.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
                "spec:\n  template:\n    metadata: {labels: {app: web, tier: "
                "front}}\n    spec: {containers: [{name: web, image: a:1}]}\n"
                "---\n"
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ctl}\n"
                "spec:\n  template:\n    metadata: {labels: {app: ctl}}\n"
                "    spec: {containers: [{name: ctl, image: a:1}]}\n"
                "---\n"
                "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                "spec: {selector: {app: web}}\n"
                "---\n"
                "apiVersion: v1\nkind: Service\nmetadata: {name: other}\n"
                "spec: {selector: {app: ctl, tier: back}}\n");
  const struct rc_k8s *k = build(f);
  assert_true(workload(k, "k8s/app.yaml", "web")->served);
  assert_false(workload(k, "k8s/app.yaml", "ctl")->served);
}

/* Jobs, CronJobs, hooks and Pods that do not restart run once. */
static void test_one_shot(void **state)
{
  struct fixture *f = *state;
  rc_test_write(
      f->root, "k8s/jobs.yaml",
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\n"
      "spec: {template: {spec: {containers: [{name: m, image: a:1}]}}}\n"
      "---\n"
      "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\n"
      "spec: {jobTemplate: {spec: {template: {spec: {containers: "
      "[{name: n, image: a:1}]}}}}}\n"
      "---\n"
      "apiVersion: apps/v1\nkind: Deployment\n"
      "metadata:\n  name: pre\n  annotations: "
      "{\"argocd.argoproj.io/hook\": PreSync}\n"
      "spec: {template: {spec: {containers: [{name: p, image: a:1}]}}}\n"
      "---\n"
      "apiVersion: v1\nkind: Pod\nmetadata: {name: once}\n"
      "spec: {restartPolicy: Never, containers: [{name: o, image: "
      "a:1}]}\n"
      "---\n"
      "apiVersion: v1\nkind: Pod\nmetadata: {name: always}\n"
      "spec: {containers: [{name: a, image: a:1}]}\n");
  const struct rc_k8s *k = build(f);
  assert_true(workload(k, "k8s/jobs.yaml", "migrate")->one_shot);
  const struct rc_k8s_workload *cron = workload(k, "k8s/jobs.yaml", "nightly");
  assert_true(cron->one_shot);
  assert_non_null(first_container(cron)); /* the CronJob's pod spec */
  assert_true(workload(k, "k8s/jobs.yaml", "pre")->one_shot);
  assert_true(workload(k, "k8s/jobs.yaml", "once")->one_shot);
  assert_false(workload(k, "k8s/jobs.yaml", "always")->one_shot);
}

/* A manifest that is not YAML is kept with its error and role: never a
 * silent absence. */
static void test_unreadable_manifest(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "k8s/broken.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nspec: [\n");
  const struct rc_k8s *k = build(f);
  size_t bad = 0;
  for (size_t i = 0; i < k->n_docs; i++)
    if (k->docs[i].error && strcmp(k->docs[i].path, "k8s/broken.yaml") == 0) {
      bad++;
      assert_int_equal(k->docs[i].role, RC_ROLE_PRODUCTION);
    }
  assert_int_equal(bad, 1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_kustomize_root_and_unlisted, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_json6902_remove, setup, teardown),
      cmocka_unit_test(test_applicationset_specs),
      cmocka_unit_test_setup_teardown(test_skaffold_profile_helm, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_overlay_patches_images_delete, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_components_and_test_roots, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_charts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_kubectl_apply_in_readme, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_apply_commands, setup, teardown),
      cmocka_unit_test_setup_teardown(test_demo_and_examples_readmes, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_argo_and_flux, setup, teardown),
      cmocka_unit_test_setup_teardown(test_skaffold, setup, teardown),
      cmocka_unit_test_setup_teardown(test_served, setup, teardown),
      cmocka_unit_test_setup_teardown(test_one_shot, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unreadable_manifest, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
