/*
 * test_helm.c - Helm templates rendered with values.yaml defaults: values
 * and Chart fields, toYaml/nindent, with/if/range, define/include, trim
 * markers, the unknown marker for what is not evaluated, and the rendered
 * line map back to the template.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/doc.h"
#include "readycheck/helm.h"
#include "readycheck/helmset.h"
#include "readycheck/mem.h"

struct fx {
  struct rc_arena *a;
  struct rc_docs values, chart;
  struct rc_helm *h;
};

static void parse_yaml(struct rc_docs *d, const char *text)
{
  char err[256];
  if (rc_docs_parse(d, text, strlen(text), "x.yaml", RC_DOC_YAML, err,
                    sizeof(err)) != 0)
    fail_msg("bad test YAML: %s", err);
}

static struct fx *fx_new(const char *values)
{
  struct fx *f = calloc(1, sizeof(*f));
  f->a = rc_arena_new();
  parse_yaml(&f->values, values);
  parse_yaml(&f->chart, "name: api\nversion: 0.3.0\nappVersion: \"1.2.3\"\n");
  f->h = rc_helm_new(f->a, f->values.n ? f->values.docs[0] : NULL,
                     f->chart.docs[0]);
  return f;
}

static void fx_free(struct fx *f)
{
  rc_helm_free(f->h);
  rc_docs_release(&f->values);
  rc_docs_release(&f->chart);
  rc_arena_free(f->a);
  free(f);
}

static const char *render(struct fx *f, const char *tmpl,
                          const unsigned **lines, size_t *n)
{
  const unsigned *l;
  size_t nl;
  const char *out = rc_helm_render(f->h, "templates/t.yaml", tmpl, strlen(tmpl),
                                   lines ? lines : &l, n ? n : &nl);
  return out;
}

static void test_values_and_chart(void **state)
{
  (void)state;
  struct fx *f = fx_new("image: {repository: ghcr.io/acme/api, tag: \"\"}\n"
                        "replicas: 3\n");
  const char *out =
      render(f,
             "replicas: {{ .Values.replicas }}\n"
             "image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | "
             "default .Chart.AppVersion }}\"\n"
             "name: {{ .Release.Name }}-{{ .Chart.Name }}\n"
             "missing: '{{ .Values.nope }}'\n",
             NULL, NULL);
  assert_string_equal(out, "replicas: 3\n"
                           "image: \"ghcr.io/acme/api:1.2.3\"\n"
                           "name: release-name-api\n"
                           "missing: ''\n");
  fx_free(f);
}

static void test_to_yaml_nindent_and_with(void **state)
{
  (void)state;
  struct fx *f = fx_new("resources:\n"
                        "  limits: {memory: 256Mi}\n"
                        "  requests: {cpu: 100m}\n"
                        "podSecurityContext: {}\n"
                        "args: [--a, --b]\n");
  const char *out = render(f,
                           "spec:\n"
                           "  {{- with .Values.podSecurityContext }}\n"
                           "  securityContext:\n"
                           "    {{- toYaml . | nindent 4 }}\n"
                           "  {{- end }}\n"
                           "  resources:\n"
                           "    {{- toYaml .Values.resources | nindent 4 }}\n"
                           "  args: {{ toYaml .Values.args | nindent 4 }}\n",
                           NULL, NULL);
  /* an empty mapping is false for `with`: no securityContext at all */
  assert_null(strstr(out, "securityContext"));
  struct rc_docs d;
  parse_yaml(&d, out);
  const cJSON *spec = cJSON_GetObjectItemCaseSensitive(d.docs[0], "spec");
  const cJSON *lim = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(spec, "resources"), "limits");
  assert_string_equal(
      cJSON_GetObjectItemCaseSensitive(lim, "memory")->valuestring, "256Mi");
  assert_int_equal(
      cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(spec, "args")), 2);
  rc_docs_release(&d);
  fx_free(f);
}

static void test_if_else_range_and_vars(void **state)
{
  (void)state;
  struct fx *f = fx_new("hpa: {enabled: false}\n"
                        "env: {A: \"1\", B: two}\n"
                        "mode: remote\n");
  const char *out = render(f,
                           "{{- $m := .Values.mode }}\n"
                           "{{- if not .Values.hpa.enabled }}\n"
                           "replicas: 2\n"
                           "{{- else }}\n"
                           "replicas: 0\n"
                           "{{- end }}\n"
                           "remote: {{ eq $m \"remote\" }}\n"
                           "env:\n"
                           "{{- range $k, $v := .Values.env }}\n"
                           "  - name: {{ $k }}\n"
                           "    value: {{ $v | quote }}\n"
                           "{{- end }}\n",
                           NULL, NULL);
  assert_string_equal(out, "\nreplicas: 2\n"
                           "remote: true\n"
                           "env:\n"
                           "  - name: A\n"
                           "    value: \"1\"\n"
                           "  - name: B\n"
                           "    value: \"two\"\n");
  fx_free(f);
}

static void test_define_include(void **state)
{
  (void)state;
  struct fx *f = fx_new("nameOverride: \"\"\n");
  const char *helpers = "{{- define \"api.name\" -}}\n"
                        "{{- default .Chart.Name .Values.nameOverride | trunc "
                        "63 | trimSuffix \"-\" -}}\n"
                        "{{- end }}\n"
                        "{{- define \"api.labels\" -}}\n"
                        "app: {{ include \"api.name\" . }}\n"
                        "tier: web\n"
                        "{{- end }}\n";
  rc_helm_add_defines(f->h, "templates/_helpers.tpl", helpers, strlen(helpers));
  const char *out = render(f,
                           "metadata:\n"
                           "  labels:\n"
                           "    {{- include \"api.labels\" . | nindent 4 }}\n",
                           NULL, NULL);
  assert_string_equal(out, "metadata:\n"
                           "  labels:\n"
                           "    app: api\n"
                           "    tier: web\n");
  fx_free(f);
}

/* What depends on the cluster or on helpers not evaluated stays marked:
 * a scalar, or a whole block, never silently empty. */
static void test_unknown_marked(void **state)
{
  (void)state;
  struct fx *f = fx_new("x: 1\n");
  const char *out =
      render(f,
             "kind: Deployment\n"
             "apiVersion: {{ .Capabilities.APIVersions.Has \"x\" }}\n"
             "spec:\n"
             "  securityContext:\n"
             "    {{- include \"no.such.helper\" . | nindent 4 }}\n"
             "  {{- if .Capabilities.KubeVersion }}\n"
             "  first: true\n"
             "  {{- else }}\n"
             "  second: true\n"
             "  {{- end }}\n",
             NULL, NULL);
  struct rc_docs d;
  parse_yaml(&d, out);
  const cJSON *doc = d.docs[0];
  assert_true(
      rc_helm_unknown(cJSON_GetObjectItemCaseSensitive(doc, "apiVersion")));
  const cJSON *spec = cJSON_GetObjectItemCaseSensitive(doc, "spec");
  assert_true(rc_helm_unknown(
      cJSON_GetObjectItemCaseSensitive(spec, "securityContext")));
  /* an unknown condition takes its first branch only */
  assert_non_null(cJSON_GetObjectItemCaseSensitive(spec, "first"));
  assert_null(cJSON_GetObjectItemCaseSensitive(spec, "second"));
  assert_false(rc_helm_unknown(cJSON_GetObjectItemCaseSensitive(doc, "kind")));
  rc_docs_release(&d);
  fx_free(f);
}

/* Functions called without their arguments give the unknown marker, not
 * a read of an argument that is not there. */
static void test_missing_arguments(void **state)
{
  (void)state;
  struct fx *f = fx_new("a: {b: 1}\n");
  const char *out = render(f,
                           "g: {{ get }}\n"
                           "i: {{ index }}\n"
                           "d: {{ default }}\n",
                           NULL, NULL);
  struct rc_docs d;
  parse_yaml(&d, out);
  const cJSON *doc = d.docs[0];
  assert_true(rc_helm_unknown(cJSON_GetObjectItemCaseSensitive(doc, "g")));
  assert_true(rc_helm_unknown(cJSON_GetObjectItemCaseSensitive(doc, "i")));
  assert_true(rc_helm_unknown(cJSON_GetObjectItemCaseSensitive(doc, "d")));
  rc_docs_release(&d);
  fx_free(f);
}

/* One known false argument decides `and`, whatever the others. */
static void test_and_or_decide(void **state)
{
  (void)state;
  struct fx *f = fx_new("a: {enabled: false}\n");
  const char *out = render(
      f,
      "{{- if and (.Capabilities.APIVersions.Has \"x\") .Values.a.enabled }}\n"
      "on: 1\n"
      "{{- end }}\n"
      "{{- if or .Values.a.enabled true }}\n"
      "or: 1\n"
      "{{- end }}\n",
      NULL, NULL);
  assert_string_equal(out, "\nor: 1\n");
  fx_free(f);
}

/* Every rendered line maps back to the template line it came from. */
static void test_line_map(void **state)
{
  (void)state;
  struct fx *f = fx_new("resources: {limits: {memory: 1Gi}}\n");
  const unsigned *lines;
  size_t n;
  const char *out = render(f,
                           "kind: Deployment\n" /* 1 */
                           "{{- if true }}\n"   /* 2 */
                           "spec:\n"            /* 3 */
                           "  resources:\n"     /* 4 */
                           "    {{- toYaml .Values.resources | nindent 4 }}\n"
                           "  name: x\n" /* 6 */
                           "{{- end }}\n",
                           &lines, &n);
  assert_string_equal(out, "kind: Deployment\n"
                           "spec:\n"
                           "  resources:\n"
                           "    limits:\n"
                           "      memory: \"1Gi\"\n"
                           "  name: x\n");
  assert_true(n >= 7);
  assert_int_equal(lines[1], 1);
  assert_int_equal(lines[2], 3);
  assert_int_equal(lines[3], 4);
  assert_int_equal(lines[4], 5); /* toYaml output: the action's line */
  assert_int_equal(lines[5], 5);
  assert_int_equal(lines[6], 6);
  fx_free(f);
}

/* A define that includes itself stops at the depth limit, marked. */
static void test_recursion_bounded(void **state)
{
  (void)state;
  struct fx *f = fx_new("x: 1\n");
  const char *helpers = "{{- define \"loop\" -}}\n"
                        "a{{ include \"loop\" . }}\n"
                        "{{- end }}\n";
  rc_helm_add_defines(f->h, "templates/_h.tpl", helpers, strlen(helpers));
  const char *out = render(f, "v: {{ include \"loop\" . }}\n", NULL, NULL);
  assert_non_null(strstr(out, RC_HELM_UNKNOWN));
  fx_free(f);
}

/* tpl renders a values string with the context given; dig walks a map
 * with a fallback; merge lets dst win unless it holds a zero value; omit
 * drops keys. */
static void test_tpl_dig_merge_omit(void **state)
{
  (void)state;
  struct fx *f = fx_new("port: 8080\n"
                        "probe: \"port: '{{ .Values.port }}'\"\n"
                        "jobs: {migrate: {tag: \"2.0\"}}\n"
                        "shared: {repository: acme/api, tag: \"1.0\"}\n"
                        "worker: {repository: \"\", tag: \"\"}\n"
                        "web: {repository: acme/web, tag: \"\"}\n"
                        "live: {enabled: true, periodSeconds: 5}\n");
  const char *helpers = "{{- define \"api.img\" -}}\n"
                        "{{ .img.repository }}:{{ .img.tag }}\n"
                        "{{- end }}\n";
  rc_helm_add_defines(f->h, "templates/_helpers.tpl", helpers, strlen(helpers));
  assert_string_equal(render(f, "{{ tpl .Values.probe $ }}", NULL, NULL),
                      "port: '8080'");
  assert_string_equal(
      render(f, "{{ dig \"migrate\" \"tag\" \"x\" .Values.jobs }}", NULL, NULL),
      "2.0");
  assert_string_equal(
      render(f, "{{ dig \"seed\" \"tag\" \"x\" .Values.jobs }}", NULL, NULL),
      "x");
  assert_string_equal(
      render(f,
             "{{ include \"api.img\" (dict \"img\" (merge .Values.worker "
             ".Values.shared)) }} {{ include \"api.img\" (dict \"img\" "
             "(merge .Values.web .Values.shared)) }}",
             NULL, NULL),
      "acme/api:1.0 acme/web:1.0");
  assert_string_equal(
      render(f, "{{ (merge (dict \"job\" \"a\") .).Values.port }}", NULL, NULL),
      "8080");
  assert_string_equal(
      render(f, "{{ toYaml (omit .Values.live \"enabled\") }}", NULL, NULL),
      "periodSeconds: 5");
  /* tpl with no context cannot be known */
  assert_non_null(strstr(render(f, "{{ tpl .Values.probe }}", NULL, NULL),
                         RC_HELM_UNKNOWN));
  fx_free(f);
}

/* One set as compact JSON ("" when it sets nothing readable). */
static char *set_json(enum rc_helm_set_kind kind, const char *text)
{
  struct rc_helm_set s = {kind, text};
  cJSON *v = rc_helm_set_values(&s);
  char *out = v ? cJSON_PrintUnformatted(v) : strdup("");
  cJSON_Delete(v);
  return out;
}

static void expect_set(enum rc_helm_set_kind kind, const char *text,
                       const char *json)
{
  char *got = set_json(kind, text);
  assert_string_equal(got, json);
  free(got);
}

/* --set as Helm's strvals reads it: dotted keys nest, values typed,
 * --set-string keeps strings, comma lists and {a,b} lists, escapes;
 * variables stay as written; indexes are not read. */
static void test_set_values(void **state)
{
  (void)state;
  expect_set(RC_HELM_SET, "image.tag=2.0.1", "{\"image\":{\"tag\":\"2.0.1\"}}");
  expect_set(RC_HELM_SET, "replicas=3,debug=false,x=null,v=010",
             "{\"replicas\":3,\"debug\":false,\"x\":null,\"v\":\"010\"}");
  expect_set(RC_HELM_SET_STRING, "replicas=3", "{\"replicas\":\"3\"}");
  expect_set(RC_HELM_SET, "hosts={a.example,b.example}",
             "{\"hosts\":[\"a.example\",\"b.example\"]}");
  expect_set(RC_HELM_SET, "a\\.b=1\\,2", "{\"a.b\":\"1,2\"}");
  expect_set(RC_HELM_SET, "image.tag=${{ github.sha }}",
             "{\"image\":{\"tag\":\"${{ github.sha }}\"}}");
  expect_set(RC_HELM_SET, "list[0].name=x", "");
  expect_set(RC_HELM_SET, "novalue", "");
  expect_set(RC_HELM_INLINE, "{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1}}");
  expect_set(RC_HELM_INLINE, "[1]", "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_values_and_chart),
      cmocka_unit_test(test_to_yaml_nindent_and_with),
      cmocka_unit_test(test_missing_arguments),
      cmocka_unit_test(test_if_else_range_and_vars),
      cmocka_unit_test(test_define_include),
      cmocka_unit_test(test_unknown_marked),
      cmocka_unit_test(test_and_or_decide),
      cmocka_unit_test(test_line_map),
      cmocka_unit_test(test_recursion_bounded),
      cmocka_unit_test(test_tpl_dig_merge_omit),
      cmocka_unit_test(test_set_values),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
