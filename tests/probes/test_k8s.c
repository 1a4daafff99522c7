/*
 * test_k8s.c - the k8s probe over the deployment model: evidence at the
 * line that decides (a patch's, a chart template's), failing items first,
 * "cannot tell" for chart helpers and unreadable manifests (ERROR when
 * nothing fails, never a pass), one-shot workloads, and labels that the
 * evidence masker leaves alone.
 */
#include "testutil.h"

#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_k8s;

static int setup(void **state)
{
  *state = rc_ph_fixture_new(&rc_probe_k8s);
  return 0;
}

static int teardown(void **state)
{
  rc_ph_fixture_free(*state);
  return 0;
}

static const char *deployment(const char *name, const char *image,
                              const char *more)
{
  static char buf[2048];
  snprintf(buf, sizeof(buf),
           "apiVersion: apps/v1\n"
           "kind: Deployment\n"
           "metadata: {name: %s}\n"
           "spec:\n"
           "  template:\n"
           "    metadata: {labels: {app: %s}}\n"
           "    spec:\n"
           "      containers:\n"
           "        - name: %s\n"
           "          image: %s\n"
           "          ports: [{containerPort: 8080}]\n"
           "%s"
           "---\n"
           "apiVersion: v1\n"
           "kind: Service\n"
           "metadata: {name: %s}\n"
           "spec: {selector: {app: %s}}\n",
           name, name, name, image, more, name, name);
  return buf;
}

/* A failing container is named with its file and line, failures first. */
static void test_fail_names_file_and_line(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "k8s/api.yaml",
                deployment("api", "acme/api:1",
                           "          readinessProbe: {tcpSocket: {port: "
                           "8080}}\n"));
  rc_test_write(f->repo.root, "k8s/web.yaml",
                deployment("web", "acme/web:1", ""));
  rc_ph_enum(&f->ph, "require", "probes");
  rc_ph_fixture_expect(f, RC_OUT_FAIL, NULL);
  assert_non_null(strstr(f->c.message, "Deployment/web, container web"));
  assert_true(rc_ph_has_ev(&f->c, "k8s/web.yaml", 9, "no readinessProbe"));
  assert_int_equal(f->c.ev[0].mark, RC_EV_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "k8s/api.yaml", 12, "ok: "));
}

/* The value a patch sets is judged, at the patch's line. */
static void test_patch_line(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "base/kustomization.yaml",
                "resources: [api.yaml]\n");
  rc_test_write(f->repo.root, "base/api.yaml",
                deployment("api", "acme/api:latest", ""));
  rc_test_write(f->repo.root, "prod/kustomization.yaml",
                "resources: [../base]\npatches: [{path: tag.yaml}]\n");
  rc_test_write(f->repo.root, "prod/tag.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n"
                "spec:\n  template:\n    spec:\n      containers:\n"
                "        - name: api\n          image: acme/api:2.4.0\n");
  rc_ph_enum(&f->ph, "require", "pinned_image");
  rc_ph_fixture_expect(f, RC_OUT_OK, NULL);
  assert_non_null(strstr(f->c.message, "1 container checked"));
  assert_true(rc_ph_has_ev(&f->c, "prod/tag.yaml", 9, "acme/api:2.4.0"));
}

/* A minimal chart (Chart.yaml, values.yaml) for the template tests. */
static void write_chart(struct rc_ph_fixture *f)
{
  rc_test_write(f->repo.root, "chart/Chart.yaml",
                "apiVersion: v2\nname: x\nversion: 1.0.0\n");
  rc_test_write(f->repo.root, "chart/values.yaml", "image: acme/x:1\n");
}

/* A securityContext from a chart helper readycheck does not evaluate is
 * "cannot tell": ERROR alone, counted beside a failure, never a pass. */
static void test_cannot_tell(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_chart(f);
  rc_test_write(f->repo.root, "chart/templates/d.yaml",
                "apiVersion: apps/v1\n"
                "kind: Deployment\n"
                "metadata: {name: x}\n"
                "spec:\n"
                "  template:\n"
                "    spec:\n"
                "      securityContext:\n"
                "        {{- include \"common.podSecurity\" . | nindent 8 }}\n"
                "      containers:\n"
                "        - name: x\n"
                "          image: {{ .Values.image }}\n");
  rc_ph_enum(&f->ph, "require", "non_root");
  rc_ph_fixture_expect(f, RC_OUT_ERROR, NULL);
  assert_non_null(strstr(f->c.message, "cannot tell for 1 of 1"));
  assert_true(rc_ph_has_ev(&f->c, "chart/templates/d.yaml", 0, "chart helper"));

  rc_test_write(f->repo.root, "k8s/web.yaml",
                deployment("web", "acme/web:1", ""));
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_FAIL, NULL);
  assert_non_null(strstr(f->c.message, "1 more cannot be told"));
  for (size_t i = 0; i < f->c.n_ev; i++)
    assert_null(strstr(f->c.ev[i].text, "cannot tell"));
}

/* A production manifest that is not YAML may hide a workload. */
static void test_unreadable_manifest(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "k8s/broken.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nspec:\n  x: [\n");
  rc_ph_enum(&f->ph, "require", "pinned_image");
  rc_ph_fixture_expect(f, RC_OUT_ERROR, NULL);
  assert_non_null(strstr(f->c.message, "k8s/broken.yaml (a manifest)"));
  assert_true(rc_ph_has_ev(&f->c, "k8s/broken.yaml", 0, "cannot tell"));
}

/* A chart template that does not render to YAML here is Helm's to judge:
 * alone it is SKIP, never ERROR; beside a broken plain manifest the
 * manifest still cannot be told, so the gate fails closed. */
static void test_unrendered_template(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_chart(f);
  rc_test_write(f->repo.root, "chart/templates/cm.yaml",
                "apiVersion: v1\n"
                "kind: ConfigMap\n"
                "data:\n"
                "{{- tpl (toYaml .Values.extra) $ | nindent 2 }}\n"
                "  {{ .Values.key }}:\n"
                "    - x\n"
                "  nested: {\n");
  rc_ph_enum(&f->ph, "require", "pinned_image");
  rc_ph_fixture_expect(f, RC_OUT_SKIP, NULL);
  assert_non_null(strstr(f->c.message, "judged after rendering"));

  /* a chart's own file with template actions is Helm's input too */
  rc_test_write(f->repo.root, "chart/files/extra.yaml",
                "{{- if .Values.extra }}\napiVersion: v1\nkind: ConfigMap\n"
                "{{- end }}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_SKIP, NULL);

  rc_test_write(f->repo.root, "k8s/broken.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nspec:\n  x: [\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_ERROR, NULL);
  assert_non_null(strstr(f->c.message, "cannot tell for 1 of 1"));
  assert_non_null(strstr(f->c.message, "k8s/broken.yaml (a manifest)"));
}

/* A chart's file that does not parse and holds no template action is
 * broken YAML, not Helm's input: the check still cannot tell. */
static void test_chart_file_without_actions(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_chart(f);
  rc_test_write(f->repo.root, "chart/files/extra.yaml",
                "apiVersion: v1\nkind: ConfigMap\ndata: {\n");
  rc_ph_enum(&f->ph, "require", "pinned_image");
  rc_ph_fixture_expect(f, RC_OUT_ERROR, NULL);
  assert_non_null(strstr(f->c.message, "chart/files/extra.yaml"));
}

/* Only one-shot workloads: probes and resources do not apply (SKIP), the
 * image still does. */
static void test_one_shot_only(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "k8s/job.yaml",
                "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\n"
                "spec:\n  template:\n    spec:\n      restartPolicy: Never\n"
                "      containers:\n        - name: migrate\n"
                "          image: acme/api\n");
  rc_ph_enum(&f->ph, "require", "resources");
  rc_ph_fixture_expect(f, RC_OUT_SKIP, NULL);
  assert_non_null(strstr(f->c.message, "only one-shot workloads"));
  rc_ph_enum(&f->ph, "require", "pinned_image");
  rc_ph_fixture_expect(f, RC_OUT_FAIL, NULL);
  assert_non_null(strstr(f->c.message, "'acme/api' has no tag"));
}

/* A container named like a secret is not masked out of its own label. */
static void test_label_not_masked(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "k8s/job.yaml",
                deployment("create-secret", "bitnami/kubectl", ""));
  rc_ph_enum(&f->ph, "require", "pinned_image");
  rc_ph_fixture_expect(f, RC_OUT_FAIL, NULL);
  assert_true(rc_ph_has_ev(&f->c, "k8s/job.yaml", 10, "'bitnami/kubectl'"));
}

/* Examples and unused manifests are not judged: nothing left is SKIP. */
static void test_nothing_deployed(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "examples/api.yaml",
                deployment("api", "acme/api:latest", ""));
  rc_ph_enum(&f->ph, "require", "pinned_image");
  rc_ph_fixture_expect(f, RC_OUT_SKIP, NULL);
  assert_non_null(strstr(f->c.message, "no production Kubernetes workload"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_fail_names_file_and_line, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_patch_line, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cannot_tell, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unreadable_manifest, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_unrendered_template, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_chart_file_without_actions, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_one_shot_only, setup, teardown),
      cmocka_unit_test_setup_teardown(test_label_not_masked, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nothing_deployed, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
