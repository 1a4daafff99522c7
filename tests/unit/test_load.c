/*
 * test_load.c - the rule-file loader against a registry of synthetic probes
 * defined here (linked instead of src/probes/registry.c), so every field type
 * and the validate hook are covered without depending on the real probes.
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/diag.h"
#include "readycheck/load.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/rule.h"

/* ---- the test registry --------------------------------------------------- */

struct exists_cfg {
  const char *path;
  struct rc_strlist paths;
  long min;
  double ratio;
  bool follow;
  int kind;
  struct rc_scalar equals;
  struct rc_opt_long limit;
};

struct regex_cfg {
  struct rc_pattern pattern;
  struct rc_strlist files;
};

struct clean_cfg {
  bool strict;
};

static const char *const kind_names[] = {"file", "dir", "any", NULL};

static const struct rc_field exists_fields[] = {
    {"path", RC_FIELD_STRING, offsetof(struct exists_cfg, path),
     RC_FIELD_REQUIRED, NULL, "a path"},
    {"paths", RC_FIELD_STRINGS, offsetof(struct exists_cfg, paths), 0, NULL,
     "more paths"},
    {"min", RC_FIELD_INT, offsetof(struct exists_cfg, min), 0, NULL, "a count"},
    {"ratio", RC_FIELD_NUMBER, offsetof(struct exists_cfg, ratio), 0, NULL,
     "a ratio"},
    {"follow", RC_FIELD_BOOL, offsetof(struct exists_cfg, follow), 0, NULL,
     "a flag"},
    {"kind", RC_FIELD_ENUM, offsetof(struct exists_cfg, kind), 0, kind_names,
     "a kind"},
    {"equals", RC_FIELD_SCALAR, offsetof(struct exists_cfg, equals), 0, NULL,
     "a value"},
    {"limit", RC_FIELD_OPT_INT, offsetof(struct exists_cfg, limit), 0, NULL,
     "0 means none, absent the default"},
    {NULL, RC_FIELD_STRING, 0, 0, NULL, NULL},
};

static const struct rc_field regex_fields[] = {
    {"pattern", RC_FIELD_REGEX, offsetof(struct regex_cfg, pattern),
     RC_FIELD_REQUIRED, NULL, "a regex"},
    {"files", RC_FIELD_STRINGS, offsetof(struct regex_cfg, files), 0, NULL,
     "globs"},
    {NULL, RC_FIELD_STRING, 0, 0, NULL, NULL},
};

static const struct rc_field clean_fields[] = {
    {"strict", RC_FIELD_BOOL, offsetof(struct clean_cfg, strict), 0, NULL,
     "a flag"},
    {NULL, RC_FIELD_STRING, 0, 0, NULL, NULL},
};

static int exists_validate(void *cfg, const struct rc_loc *loc,
                           struct rc_diag *d)
{
  const struct exists_cfg *c = cfg;
  if (c->min < 0)
    return rc_error(d, loc, "'min' must not be negative");
  return 0;
}

static void no_check(const void *cfg, struct rc_ctx *ctx, struct rc_check *out)
{
  (void)cfg;
  (void)ctx;
  out->outcome = RC_OUT_ERROR;
}

static const char *no_spaces(const void *value, char *buf, size_t buflen)
{
  (void)buf;
  (void)buflen;
  return strchr(value, ' ') ? "entries must not hold spaces" : NULL;
}

static const struct rc_value_rule exists_rules[] = {
    {.field = "ratio", .ranged = true, .min = 0, .max = 1},
    {.field = "limit", .ranged = true, .min = 0, .max = 20},
    {.field = "paths", .check = no_spaces},
    {.field = NULL},
};

static const struct rc_probe probe_exists = {
    .name = "file_exists",
    .summary = "test probe",
    .fields = exists_fields,
    .cfg_size = sizeof(struct exists_cfg),
    .validate = exists_validate,
    .check = no_check,
    .value_rules = exists_rules,
};
static const struct rc_probe probe_regex = {
    .name = "file_regex",
    .summary = "test probe",
    .fields = regex_fields,
    .cfg_size = sizeof(struct regex_cfg),
    .check = no_check,
};
static const struct rc_probe probe_clean = {
    .name = "git_clean",
    .summary = "test probe",
    .fields = clean_fields,
    .cfg_size = sizeof(struct clean_cfg),
    .check = no_check,
};

const struct rc_probe *const rc_probes[] = {&probe_exists, &probe_regex,
                                            &probe_clean, NULL};

const struct rc_probe *rc_probe_find(const char *name)
{
  for (size_t i = 0; rc_probes[i]; i++)
    if (strcmp(rc_probes[i]->name, name) == 0)
      return rc_probes[i];
  return NULL;
}

/* ---- helpers ------------------------------------------------------------- */

/* Everything rc_diag_print writes for d; caller frees. */
static char *diag_text(const struct rc_diag *d)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  assert_non_null(f);
  rc_diag_print(d, f, "readycheck");
  fclose(f);
  return text;
}

/* Loads text as "t.yaml" into a fresh ruleset; returns the diag output. */
static char *load_text(const char *text, size_t len, int *rc, size_t *n_rules)
{
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  *rc = rc_load_buffer(rs, "t.yaml", text, len, &d);
  *n_rules = rs->n;
  char *out = diag_text(&d);
  rc_diag_release(&d);
  rc_ruleset_free(rs);
  return out;
}

static const struct rc_rule *rule_at(const struct rc_ruleset *rs, size_t i)
{
  assert_true(i < rs->n);
  return rs->rules[i];
}

/* ---- a valid file -------------------------------------------------------- */

static const char valid_yaml[] =
    "version: 1\n"
    "description: test pack\n"
    "rules:\n"
    "  - id: docker.non-root-user\n"
    "    title: Containers run as a non-root user\n"
    "    category: security\n"
    "    severity: block\n"
    "    weight: 2.5\n"
    "    tags: [docker, security]\n"
    "    remediation: Add a USER instruction\n"
    "    rationale: Root in a container is root on the host\n"
    "    when:\n"
    "      git_clean: {}\n"
    "    for_each:\n"
    "      dirs: \"services/*\"\n"
    "    probe:\n"
    "      file_exists:\n"
    "        path: ${each}/Dockerfile\n"
    "        paths: [a, \"b\"]\n"
    "        min: +5\n"
    "        ratio: 0.75\n"
    "        follow: TRUE\n"
    "        kind: dir\n"
    "        equals: 3\n"
    "  - id: ci.has-regex\n"
    "    title: T2\n"
    "    category: ci\n"
    "    severity: warn\n"
    "    tags: solo\n"
    "    remediation: |\n"
    "      Two\n"
    "      lines\n"
    "    probe:\n"
    "      file_regex: {pattern: '^FROM\\s', files: \"**/Dockerfile\"}\n";

static void test_valid_file_round_trips(void **state)
{
  (void)state;
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_load_buffer(rs, "rules/docker.yaml", valid_yaml,
                                  strlen(valid_yaml), &d),
                   0);
  assert_int_equal(d.n, 0);
  assert_int_equal(rs->n, 2);

  const struct rc_rule *r = rule_at(rs, 0);
  assert_string_equal(r->id, "docker.non-root-user");
  assert_string_equal(r->title, "Containers run as a non-root user");
  assert_string_equal(r->category, "security");
  assert_int_equal(r->severity, RC_SEV_BLOCK);
  assert_true(r->weight == 2.5);
  assert_int_equal(r->n_tags, 2);
  assert_string_equal(r->tags[0], "docker");
  assert_string_equal(r->tags[1], "security");
  assert_string_equal(r->remediation, "Add a USER instruction");
  assert_string_equal(r->rationale, "Root in a container is root on the host");
  assert_string_equal(r->pack, "docker");
  assert_string_equal(r->loc.file, "rules/docker.yaml");
  assert_int_equal(r->loc.line, 4);
  assert_int_equal(r->loc.col, 5);

  assert_non_null(r->when);
  assert_int_equal(r->when->kind, RC_NODE_PROBE);
  assert_ptr_equal(r->when->probe, &probe_clean);
  assert_int_equal(r->when->loc.line, 13);
  assert_int_equal(r->when->loc.col, 7);
  assert_false(((const struct clean_cfg *)r->when->cfg)->strict);

  assert_int_equal(r->for_each.kind, RC_EACH_DIRS);
  assert_string_equal(r->for_each.glob, "services/*");
  assert_int_equal(r->for_each.n_exclude, 0);
  assert_int_equal(r->for_each.loc.line, 15);
  assert_int_equal(r->for_each.loc.col, 13);

  const struct rc_node *p = r->probe;
  assert_non_null(p);
  assert_int_equal(p->kind, RC_NODE_PROBE);
  assert_ptr_equal(p->probe, &probe_exists);
  assert_int_equal(p->loc.line, 17);
  assert_int_equal(p->loc.col, 7);
  const struct exists_cfg *c = p->cfg;
  assert_string_equal(c->path, "${each}/Dockerfile");
  assert_int_equal(c->paths.n, 2);
  assert_string_equal(c->paths.items[0], "a");
  assert_string_equal(c->paths.items[1], "b");
  assert_int_equal(c->min, 5);
  assert_true(c->ratio == 0.75);
  assert_true(c->follow);
  assert_int_equal(c->kind, 1);
  assert_int_equal(c->equals.kind, RC_SCALAR_NUMBER);
  assert_true(c->equals.number == 3);
  assert_string_equal(c->equals.text, "3");

  r = rule_at(rs, 1);
  assert_string_equal(r->id, "ci.has-regex");
  assert_int_equal(r->severity, RC_SEV_WARN);
  assert_true(r->weight == rc_severity_default_weight(RC_SEV_WARN));
  assert_int_equal(r->n_tags, 1);
  assert_string_equal(r->tags[0], "solo");
  assert_string_equal(r->remediation, "Two\nlines\n");
  assert_null(r->rationale);
  assert_null(r->when);
  assert_int_equal(r->for_each.kind, RC_EACH_NONE);
  const struct regex_cfg *rc = r->probe->cfg;
  assert_string_equal(rc->pattern.src, "^FROM\\s");
  assert_non_null(rc->pattern.re);
  assert_int_equal(rc->pattern.loc.line, 34);
  assert_int_equal(rc->pattern.loc.col, 29);
  assert_int_equal(rc->files.n, 1);
  assert_string_equal(rc->files.items[0], "**/Dockerfile");

  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

/* The head of a valid rule; a case appends its probe (line 8 on). */
#define HEAD                                                                   \
  "version: 1\nrules:\n  - id: a.b\n    title: T\n    category: security\n"    \
  "    severity: block\n    remediation: R\n"

static void test_scalar_field_typing(void **state)
{
  (void)state;
  static const struct {
    const char *value;
    enum rc_scalar_kind kind;
    const char *text;
    double number;
    bool boolean;
  } cases[] = {
      {"3", RC_SCALAR_NUMBER, "3", 3, false},
      {"-1.5e3", RC_SCALAR_NUMBER, "-1.5e3", -1500, false},
      {"\"3\"", RC_SCALAR_STRING, "3", 0, false},
      {"'true'", RC_SCALAR_STRING, "true", 0, false},
      {"true", RC_SCALAR_BOOL, "true", 0, true},
      {"False", RC_SCALAR_BOOL, "False", 0, false},
      {"~", RC_SCALAR_NULL, "~", 0, false},
      {"null", RC_SCALAR_NULL, "null", 0, false},
      {"", RC_SCALAR_NULL, "", 0, false},
      {"0x10", RC_SCALAR_STRING, "0x10", 0, false},
      {".inf", RC_SCALAR_STRING, ".inf", 0, false},
      {"hello world", RC_SCALAR_STRING, "hello world", 0, false},
      {"''", RC_SCALAR_STRING, "", 0, false},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct rc_buf b;
    rc_buf_init(&b);
    rc_buf_printf(&b,
                  HEAD "    probe:\n      file_exists:\n        path: x\n"
                       "        equals: %s\n",
                  cases[i].value);
    struct rc_ruleset *rs = rc_ruleset_new();
    struct rc_diag d;
    rc_diag_init(&d);
    assert_int_equal(rc_load_buffer(rs, "t.yaml", b.data, b.len, &d), 0);
    const struct exists_cfg *c = rule_at(rs, 0)->probe->cfg;
    assert_int_equal(c->equals.kind, cases[i].kind);
    assert_string_equal(c->equals.text, cases[i].text);
    if (cases[i].kind == RC_SCALAR_NUMBER)
      assert_true(c->equals.number == cases[i].number);
    if (cases[i].kind == RC_SCALAR_BOOL)
      assert_int_equal(c->equals.boolean, cases[i].boolean);
    rc_diag_release(&d);
    rc_ruleset_free(rs);
    rc_buf_release(&b);
  }
}

/* An optional int tells 0 from absent (max_redirects: 0 is "none"). */
static void test_optional_int_knows_it_was_given(void **state)
{
  (void)state;
  static const struct {
    const char *line; /* appended to the probe, or "" */
    bool set;
    long value;
  } cases[] = {
      {"", false, 0},
      {"        limit: 0\n", true, 0},
      {"        limit: 7\n", true, 7},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct rc_buf b;
    rc_buf_init(&b);
    rc_buf_printf(&b,
                  HEAD "    probe:\n      file_exists:\n        path: x\n%s",
                  cases[i].line);
    struct rc_ruleset *rs = rc_ruleset_new();
    struct rc_diag d;
    rc_diag_init(&d);
    assert_int_equal(rc_load_buffer(rs, "t.yaml", b.data, b.len, &d), 0);
    const struct exists_cfg *c = rule_at(rs, 0)->probe->cfg;
    assert_int_equal(c->limit.set, cases[i].set);
    assert_int_equal(c->limit.value, cases[i].value);
    rc_diag_release(&d);
    rc_ruleset_free(rs);
    rc_buf_release(&b);
  }
}

static void test_expression_nesting(void **state)
{
  (void)state;
  static const char yaml[] = HEAD "    probe:\n"
                                  "      all:\n"
                                  "        - git_clean: {strict: true}\n"
                                  "        - any:\n"
                                  "          - file_exists: {path: a}\n"
                                  "          - not:\n"
                                  "              file_regex: {pattern: x}\n"
                                  "        - not: {not: {git_clean: {}}}\n";
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_load_buffer(rs, "t.yaml", yaml, strlen(yaml), &d), 0);
  const struct rc_node *all = rule_at(rs, 0)->probe;
  assert_int_equal(all->kind, RC_NODE_ALL);
  assert_int_equal(all->loc.line, 9);
  assert_int_equal(all->n_kids, 3);

  const struct rc_node *clean = all->kids[0];
  assert_int_equal(clean->kind, RC_NODE_PROBE);
  assert_ptr_equal(clean->probe, &probe_clean);
  assert_true(((const struct clean_cfg *)clean->cfg)->strict);

  const struct rc_node *any = all->kids[1];
  assert_int_equal(any->kind, RC_NODE_ANY);
  assert_int_equal(any->loc.line, 11);
  assert_int_equal(any->loc.col, 11);
  assert_int_equal(any->n_kids, 2);
  assert_ptr_equal(any->kids[0]->probe, &probe_exists);
  assert_int_equal(any->kids[1]->kind, RC_NODE_NOT);
  assert_int_equal(any->kids[1]->n_kids, 1);
  assert_ptr_equal(any->kids[1]->kids[0]->probe, &probe_regex);
  assert_int_equal(any->kids[1]->kids[0]->loc.line, 14);
  assert_int_equal(any->kids[1]->kids[0]->loc.col, 15);

  const struct rc_node *nn = all->kids[2];
  assert_int_equal(nn->kind, RC_NODE_NOT);
  assert_int_equal(nn->kids[0]->kind, RC_NODE_NOT);
  assert_ptr_equal(nn->kids[0]->kids[0]->probe, &probe_clean);
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

/* ---- errors: exact text and position ------------------------------------- */

struct error_case {
  const char *yaml;
  const char *expect; /* rc_diag_print output */
};

static const struct error_case error_cases[] = {
    /* probe names and probe parameters */
    {HEAD "    probe:\n      file_exsts: {path: x}\n",
     "t.yaml:9:7: error: unknown probe 'file_exsts' (did you mean "
     "'file_exists'?)\n"},
    {HEAD "    probe: {alll: []}\n",
     "t.yaml:8:13: error: unknown probe 'alll' (did you mean 'all'?)\n"},
    {HEAD "    probe: {docker_thing: {}}\n",
     "t.yaml:8:13: error: unknown probe 'docker_thing'\n"},
    {HEAD "    probe: {file_exists: {pathh: x}}\n",
     "t.yaml:8:13: error: missing required key 'path' for probe "
     "'file_exists'\n"
     "t.yaml:8:27: error: unknown key 'pathh' for probe 'file_exists' (did "
     "you mean 'path'?)\n"},
    {HEAD "    probe: {file_exists: {}}\n",
     "t.yaml:8:13: error: missing required key 'path' for probe "
     "'file_exists'\n"},
    {HEAD "    probe: {file_exists: {path: a, path: b}}\n",
     "t.yaml:8:36: error: duplicate key 'path'\n"},
    {HEAD "    probe: {file_exists: {path: [a]}}\n",
     "t.yaml:8:33: error: expected a string for 'path'\n"},
    {HEAD "    probe: {file_exists: {path: }}\n",
     "t.yaml:8:33: error: empty value for 'path'\n"},
    {HEAD "    probe: {file_exists: {path: a, paths: {x: y}}}\n",
     "t.yaml:8:43: error: expected a string or a list of strings for "
     "'paths'\n"},
    {HEAD "    probe: {file_exists: {path: a, paths: [x, [y]]}}\n",
     "t.yaml:8:47: error: expected a string or a list of strings for "
     "'paths'\n"},
    {HEAD "    probe: {file_exists: {p\xD0\xB0th: a}}\n",
     "t.yaml:8:13: error: missing required key 'path' for probe "
     "'file_exists'\n"
     "t.yaml:8:27: error: unknown key 'p\\u0430th' for probe 'file_exists' "
     "(did you mean 'path'?)\n"},
    {HEAD "    probe: {file_exists: {path: a, min: 1.5}}\n",
     "t.yaml:8:41: error: expected an integer for 'min'\n"},
    {HEAD "    probe: {file_exists: {path: a, limit: '0'}}\n",
     "t.yaml:8:43: error: expected an integer for 'limit'\n"},
    /* Value rules point at the value (or the list item), and a probe's
     * errors come in file order whatever found them. */
    {HEAD "    probe: {file_exists: {path: a, limit: -2}}\n",
     "t.yaml:8:43: error: 'limit' must be between 0 and 20 (not -2)\n"},
    {HEAD "    probe: {file_exists: {ratio: 1.5, paths: [ok, 'no way'],\n"
          "                          path: a, bogus: 1}}\n",
     "t.yaml:8:34: error: 'ratio' must be between 0 and 1 (not 1.5)\n"
     "t.yaml:8:51: error: 'paths' entries must not hold spaces\n"
     "t.yaml:9:36: error: unknown key 'bogus' for probe 'file_exists'\n"},
    {HEAD "    probe: {file_exists: {path: a, min: '3'}}\n",
     "t.yaml:8:41: error: expected an integer for 'min'\n"},
    {HEAD "    probe: {file_exists: {path: a, min: 99999999999999999999}}\n",
     "t.yaml:8:41: error: expected an integer for 'min'\n"},
    {HEAD "    probe: {file_exists: {path: a, ratio: 0x10}}\n",
     "t.yaml:8:43: error: expected a number for 'ratio'\n"},
    {HEAD "    probe: {file_exists: {path: a, ratio: 1e999}}\n",
     "t.yaml:8:43: error: expected a number for 'ratio'\n"},
    {HEAD "    probe: {file_exists: {path: a, ratio: .nan}}\n",
     "t.yaml:8:43: error: expected a number for 'ratio'\n"},
    {HEAD "    probe: {file_exists: {path: a, follow: yes}}\n",
     "t.yaml:8:44: error: expected true or false for 'follow'\n"},
    {HEAD "    probe: {file_exists: {path: a, kind: fiel}}\n",
     "t.yaml:8:42: error: invalid value 'fiel' for 'kind' (did you mean "
     "'file'?)\n"},
    {HEAD "    probe: {file_exists: {path: a, kind: socket}}\n",
     "t.yaml:8:42: error: invalid value 'socket' for 'kind' (expected one "
     "of: file, dir, any)\n"},
    {HEAD "    probe: {file_exists: {path: a, equals: 1e999}}\n",
     "t.yaml:8:44: error: number out of range for 'equals'\n"},
    {HEAD "    probe: {file_exists: {path: a, equals: [1]}}\n",
     "t.yaml:8:44: error: expected a scalar value for 'equals'\n"},
    {HEAD "    probe: {file_exists: {path: a, min: -1}}\n",
     "t.yaml:8:13: error: 'min' must not be negative\n"},
    {HEAD "    probe:\n      file_exists:\n        path: ${HOME/x\n",
     "t.yaml:10:15: error: unterminated '${' in 'path'\n"},
    {HEAD "    probe:\n      file_exists:\n        path: a/${}/b\n",
     "t.yaml:10:15: error: empty variable name in 'path'\n"},
    {HEAD "    probe:\n      file_exists:\n        path: ${:-x}\n",
     "t.yaml:10:15: error: empty variable name in 'path'\n"},
    {HEAD "    probe: {git_clean: }\n",
     "t.yaml:8:24: error: expected a mapping of parameters for probe "
     "'git_clean'\n"},
    /* regexes: PCRE2's message at the failing character */
    {HEAD "    probe:\n      file_regex:\n        pattern: a)b\n",
     "t.yaml:10:19: error: invalid regex for 'pattern': unmatched closing "
     "parenthesis\n"},
    {HEAD "    probe:\n      file_regex:\n        pattern: 'xy)b'\n",
     "t.yaml:10:21: error: invalid regex for 'pattern': unmatched closing "
     "parenthesis\n"},
    {HEAD "    probe:\n      file_regex:\n        pattern: \"x)\"\n",
     "t.yaml:10:20: error: invalid regex for 'pattern': unmatched closing "
     "parenthesis\n"},
    {HEAD "    probe:\n      file_regex:\n        pattern: |\n"
          "          ab)\n",
     "t.yaml:10:18: error: invalid regex for 'pattern': unmatched closing "
     "parenthesis\n"},
    {HEAD "    probe:\n      file_regex:\n        pattern: \xc3\xa9)\n",
     "t.yaml:10:19: error: invalid regex for 'pattern': unmatched closing "
     "parenthesis\n"},
    /* probe expressions */
    {HEAD "    probe: {all: []}\n",
     "t.yaml:8:18: error: expected a non-empty list for 'all'\n"},
    {HEAD "    probe: {any: {git_clean: {}}}\n",
     "t.yaml:8:18: error: expected a non-empty list for 'any'\n"},
    {HEAD "    probe: file_exists\n",
     "t.yaml:8:12: error: expected a probe expression (a mapping with one "
     "key) for 'probe'\n"},
    {HEAD "    probe: {}\n",
     "t.yaml:8:12: error: expected a probe expression (a mapping with one "
     "key) for 'probe'\n"},
    {HEAD "    probe: {git_clean: {}, file_exists: {path: a}}\n",
     "t.yaml:8:28: error: more than one key in probe expression for "
     "'probe' (combine probes with 'all' or 'any')\n"},
    {HEAD "    probe: {not: [{git_clean: {}}]}\n",
     "t.yaml:8:18: error: expected a probe expression (a mapping with one "
     "key) for 'not'\n"},
    {HEAD "    probe: {all: [{git_clean: {}}, {file_exsts: {}}, x]}\n",
     "t.yaml:8:37: error: unknown probe 'file_exsts' (did you mean "
     "'file_exists'?)\n"
     "t.yaml:8:54: error: expected a probe expression (a mapping with one "
     "key) for 'all'\n"},
    {HEAD "    when: {git_clen: {}}\n    probe: {git_clean: {}}\n",
     "t.yaml:8:12: error: unknown probe 'git_clen' (did you mean "
     "'git_clean'?)\n"},
    /* rule keys */
    {"version: 1\nrules:\n  - id: a.b\n    title: T\n    category: x\n"
     "    severty: block\n    remediation: R\n    probe: {git_clean: {}}\n",
     "t.yaml:6:5: error: unknown key 'severty' in rule (did you mean "
     "'severity'?)\n"
     "t.yaml:3:5: error: missing required key 'severity' in rule\n"},
    {"version: 1\nrules:\n  - id: a.b\n    id: a.c\n",
     "t.yaml:4:5: error: duplicate key 'id'\n"
     "t.yaml:3:5: error: missing required key 'title' in rule\n"
     "t.yaml:3:5: error: missing required key 'category' in rule\n"
     "t.yaml:3:5: error: missing required key 'severity' in rule\n"
     "t.yaml:3:5: error: missing required key 'remediation' in rule\n"
     "t.yaml:3:5: error: missing required key 'probe' in rule\n"},
    {"version: 1\nrules:\n  - id: Docker.user\n    title: T\n"
     "    category: x\n    severity: info\n    remediation: R\n"
     "    probe: {git_clean: {}}\n",
     "t.yaml:3:9: error: invalid rule id 'Docker.user' (expected lowercase "
     "dotted words such as 'docker.non-root-user')\n"},
    {"version: 1\nrules:\n  - id: nodot\n    title: T\n"
     "    category: x\n    severity: info\n    remediation: R\n"
     "    probe: {git_clean: {}}\n",
     "t.yaml:3:9: error: invalid rule id 'nodot' (expected lowercase "
     "dotted words such as 'docker.non-root-user')\n"},
    {"version: 1\nrules:\n  - id: a..b\n    title: T\n"
     "    category: x\n    severity: info\n    remediation: R\n"
     "    probe: {git_clean: {}}\n",
     "t.yaml:3:9: error: invalid rule id 'a..b' (expected lowercase "
     "dotted words such as 'docker.non-root-user')\n"},
    {"version: 1\nrules:\n  - id: a.b\n    title: [T]\n"
     "    category: Sec\n    severity: blok\n    remediation: ''\n"
     "    probe: {git_clean: {}}\n",
     "t.yaml:4:12: error: expected a string for 'title'\n"
     "t.yaml:5:15: error: invalid category 'Sec' (expected lowercase "
     "letters, digits and '-')\n"
     "t.yaml:6:15: error: invalid value 'blok' for 'severity' (did you "
     "mean 'block'?)\n"
     "t.yaml:7:18: error: empty value for 'remediation'\n"},
    {"version: 1\nrules:\n  - id: a.b\n    title: T\n"
     "    category: x\n    severity: fatal\n    remediation: R\n"
     "    probe: {git_clean: {}}\n",
     "t.yaml:6:15: error: invalid value 'fatal' for 'severity' (expected "
     "one of: block, warn, info)\n"},
    {HEAD "    weight: 101\n    probe: {git_clean: {}}\n",
     "t.yaml:8:13: error: out of range value '101' for 'weight' (expected 0 "
     "to 100)\n"},
    {HEAD "    weight: heavy\n    probe: {git_clean: {}}\n",
     "t.yaml:8:13: error: expected a number for 'weight'\n"},
    {HEAD "    tags: {a: b}\n    probe: {git_clean: {}}\n",
     "t.yaml:8:11: error: expected a string or a list of strings for "
     "'tags'\n"},
    {HEAD "    tags: [a, [b]]\n    probe: {git_clean: {}}\n",
     "t.yaml:8:15: error: expected a string or a list of strings for "
     "'tags'\n"},
    {HEAD "    for_each: {dirs: 'services/['}\n    probe: {git_clean: {}}\n",
     "t.yaml:8:22: error: invalid glob for 'dirs': unterminated '['\n"},
    {HEAD "    for_each: {files: a, dirs: b}\n    probe: {git_clean: {}}\n",
     "t.yaml:8:26: error: for_each needs exactly one of 'files', "
     "'dirs' or 'services'\n"},
    {HEAD "    for_each: {dirs: a, exclude: [b, 'c/[']}\n    probe: "
          "{git_clean: {}}\n",
     "t.yaml:8:38: error: invalid glob for 'exclude': unterminated '['\n"},
    {HEAD "    for_each: {}\n    probe: {git_clean: {}}\n",
     "t.yaml:8:15: error: for_each needs exactly one of 'files', "
     "'dirs' or 'services'\n"},
    {HEAD "    for_each: {file: a}\n    probe: {git_clean: {}}\n",
     "t.yaml:8:16: error: unknown key 'file' in for_each (did you mean "
     "'files'?)\n"},
    {HEAD "    for_each: a/*\n    probe: {git_clean: {}}\n",
     "t.yaml:8:15: error: expected a mapping for 'for_each'\n"},
    {"version: 1\nrules:\n  - id: a.b\n    title: T\n    category: x\n"
     "    severity: warn\n    remediation: R\n    probe: {git_clean: {}}\n"
     "  - id: c.d\n    title: T\n    category: x\n"
     "    severity: warn\n    remediation: R\n    probe: {git_clean: {}}\n"
     "  - id: a.b\n    title: T\n    category: x\n"
     "    severity: warn\n    remediation: R\n    probe: {git_clean: {}}\n",
     "t.yaml:15:9: error: duplicate rule id 'a.b' (first defined at "
     "t.yaml:3:9)\n"},
    /* top level */
    {"", "t.yaml: error: rule file is empty\n"},
    {"# only a comment\n", "t.yaml: error: rule file is empty\n"},
    {"---\n", "t.yaml: error: rule file is empty\n"},
    {"- a\n", "t.yaml:1:1: error: expected a mapping at the top level of "
              "the rule file\n"},
    {"just text\n", "t.yaml:1:1: error: expected a mapping at the top "
                    "level of the rule file\n"},
    {"rules: []\n", "t.yaml:1:1: error: missing required key 'version'\n"},
    {"version: 1\nrules: []\n",
     "t.yaml:2:8: error: no rules in rule file (the 'rules' list is "
     "empty)\n"},
    {"version: 1\ndescription: d\nrules:\n",
     "t.yaml:3:7: error: expected a list of rules for 'rules'\n"},
    {"version: 2\nrules: []\n",
     "t.yaml:1:10: error: unsupported rule file version '2' (expected 1)\n"},
    {"rulez: []\nversion: 1.0\nbogus: 1\n",
     "t.yaml:2:10: error: unsupported rule file version '1.0' (expected "
     "1)\n"},
    {"version: '1'\nrules: []\n",
     "t.yaml:1:10: error: expected an integer for 'version'\n"},
    {"version: 1\nrulez: []\n",
     "t.yaml:2:1: error: unknown key 'rulez' at top level (did you mean "
     "'rules'?)\n"
     "t.yaml:1:1: error: missing required key 'rules'\n"},
    {"version: 1\nversion: 1\nrules: []\n",
     "t.yaml:2:1: error: duplicate key 'version'\n"},
    {"version: 1\nrules: {}\n",
     "t.yaml:2:8: error: expected a list of rules for 'rules'\n"},
    {"version: 1\nrules:\n",
     "t.yaml:2:7: error: expected a list of rules for 'rules'\n"},
    {"version: 1\nrules:\n  - just a string\n  - []\n",
     "t.yaml:3:5: error: expected a mapping for a rule\n"
     "t.yaml:4:5: error: expected a mapping for a rule\n"},
    {"version: 1\nrules: []\n[a]: b\n",
     "t.yaml:3:1: error: expected a string as key at top level\n"},
    {"version: 1\nrules: []\n"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     ": 1\n",
     "t.yaml:3:1: error: unknown key "
     "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' at "
     "top level\n"},
    {"version: 1\nrules: []\n\"a\\tb\": 1\n",
     "t.yaml:3:1: error: unknown key 'a\\x09b' at top level\n"},
    /* YAML features and syntax */
    {"version: 1\nrules: &r []\n",
     "t.yaml:2:8: error: YAML anchors and aliases are not supported in "
     "rule files\n"},
    {"version: 1\nrules: *r\n",
     "t.yaml:2:8: error: YAML anchors and aliases are not supported in "
     "rule files\n"},
    {"version: !!int 1\nrules: []\n",
     "t.yaml:1:10: error: YAML tags are not supported in rule files\n"},
    {"version: 1\nrules: []\n---\nversion: 1\nrules: []\n",
     "t.yaml:3:1: error: more than one YAML document in rule file\n"},
    {"version: 1\nrules: [a, b\n",
     "t.yaml:3:1: error: YAML syntax error: did not find expected ',' or "
     "']' while parsing a flow sequence opened at 2:8\n"},
    {"version: 1\n\trules: []\n",
     "t.yaml:2:1: error: YAML syntax error: found a tab character that "
     "violates indentation while scanning a plain scalar\n"},
    {"version: 1\nrules: []\ndescription: caf\xff\n",
     "t.yaml:3:17: error: YAML syntax error: invalid leading UTF-8 "
     "octet\n"},
    {"version: 1\r\nrules: []\r\ndescription: \xc3\xa9t\xc3\xa9 \xc3\n",
     "t.yaml:3:19: error: YAML syntax error: invalid trailing UTF-8 "
     "octet\n"},
    {"version: 1\nrules: []\ndescription: \"a\x01\"\n",
     "t.yaml:3:16: error: YAML syntax error: control characters are not "
     "allowed\n"},
};

/* looks_for: a string of at most 120 bytes. */
static const struct error_case looks_for_cases[] = {
    {"version: 1\nrules:\n  - id: a.b\n    title: T\n    category: ci\n"
     "    severity: info\n    looks_for: [a]\n    remediation: R\n"
     "    probe: {git_clean: {}}\n",
     "t.yaml:7:16: error: expected a string for 'looks_for'\n"},
    {"version: 1\nrules:\n  - id: a.b\n    title: T\n    category: ci\n"
     "    severity: info\n    looks_for: "
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "a"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n    remediation: "
     "R\n    probe: {git_clean: {}}\n",
     "t.yaml:7:16: error: 'looks_for' is longer than 120 bytes\n"},
};

/* Warnings only: the file still loads. */
static const struct error_case warning_cases[] = {
    {"version: 1\nrules:\n  - id: a.b\n    title: T\n    category: secuirty\n"
     "    severity: info\n    remediation: R\n    probe: {git_clean: {}}\n",
     "t.yaml:5:15: warning: unknown category 'secuirty' (did you mean "
     "'security'?)\n"},
    {"version: 1\nrules:\n  - id: a.b\n    title: T\n    category: ux\n"
     "    severity: info\n    remediation: R\n    probe: {git_clean: {}}\n",
     ""},
};

static void check_cases(const struct error_case *cases, size_t n_cases,
                        bool loads)
{
  for (size_t i = 0; i < n_cases; i++) {
    const struct error_case *c = &cases[i];
    int rc;
    size_t n;
    char *out = load_text(c->yaml, strlen(c->yaml), &rc, &n);
    if (strcmp(out, c->expect) != 0 || rc != (loads ? 0 : -1))
      fail_msg("case %zu:\n%s\nexpected:\n%s\ngot rc %d:\n%s", i, c->yaml,
               c->expect, rc, out);
    assert_int_equal(n, loads ? 1 : 0);
    free(out);
  }
}

static void test_error_messages(void **state)
{
  (void)state;
  check_cases(error_cases, sizeof(error_cases) / sizeof(error_cases[0]), false);
  check_cases(looks_for_cases,
              sizeof(looks_for_cases) / sizeof(looks_for_cases[0]), false);
}

static void test_warnings_still_load(void **state)
{
  (void)state;
  check_cases(warning_cases, sizeof(warning_cases) / sizeof(warning_cases[0]),
              true);
}

/* A rule file saved with a UTF-8 byte-order mark loads. */
static void test_bom_rule_file_loads(void **state)
{
  (void)state;
  static const char yaml[] =
      "\xEF\xBB\xBF" HEAD "    probe: {file_exists: {path: x}}\n";
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_load_buffer(rs, "t.yaml", yaml, strlen(yaml), &d), 0);
  assert_int_equal(rs->n, 1);
  assert_int_equal(rule_at(rs, 0)->loc.line, 3);
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

static void test_nul_byte_is_located(void **state)
{
  (void)state;
  static const char yaml[] = "version: 1\nrules: []\nx: a\0b\n";
  int rc;
  size_t n;
  char *out = load_text(yaml, sizeof(yaml) - 1, &rc, &n);
  assert_int_equal(rc, -1);
  assert_string_equal(out, "t.yaml:3:5: error: YAML syntax error: control "
                           "characters are not allowed\n");
  free(out);
}

static void test_many_errors_all_reported(void **state)
{
  (void)state;
  static const char yaml[] = "version: 1\n"
                             "rules:\n"
                             "  - id: a.b\n"
                             "    title: T\n"
                             "    category: x\n"
                             "    severity: warn\n"
                             "    remediation: R\n"
                             "    probe: {file_exists: {path: a, min: x}}\n"
                             "  - id: c.d\n"
                             "    titel: T\n"
                             "    category: x\n"
                             "    severity: warn\n"
                             "    remediation: R\n"
                             "    probe: {file_regex: {pattern: '('}}\n";
  int rc;
  size_t n;
  char *out = load_text(yaml, strlen(yaml), &rc, &n);
  assert_int_equal(rc, -1);
  assert_int_equal(n, 0);
  assert_string_equal(
      out, "t.yaml:8:41: error: expected an integer for 'min'\n"
           "t.yaml:10:5: error: unknown key 'titel' in rule (did you mean "
           "'title'?)\n"
           "t.yaml:14:37: error: invalid regex for 'pattern': missing closing "
           "parenthesis\n"
           "t.yaml:9:5: error: missing required key 'title' in rule\n");
  free(out);
}

static void test_stops_at_diag_cap(void **state)
{
  (void)state;
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "version: 1\nrules: []\n");
  for (int i = 0; i < 1000; i++)
    rc_buf_printf(&b, "bogus%d: 1\n", i);
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_load_buffer(rs, "t.yaml", b.data, b.len, &d), -1);
  assert_int_equal(d.n_errors, RC_DIAG_MAX_ERRORS);
  assert_int_equal(d.n, RC_DIAG_MAX_ERRORS);
  assert_string_equal(d.items[19].msg, "unknown key 'bogus19' at top level");
  rc_diag_release(&d);
  rc_ruleset_free(rs);
  rc_buf_release(&b);
}

/* ---- bounds -------------------------------------------------------------- */

static void test_deep_nesting_stops_at_64(void **state)
{
  (void)state;
  static const char *const prefixes[] = {"", "version: 1\nrules: "};
  static const char *const expect[] = {
      "t.yaml:1:65: error: nesting deeper than 64 levels\n",
      "t.yaml:2:71: error: nesting deeper than 64 levels\n"};
  for (size_t k = 0; k < 2; k++) {
    struct rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, prefixes[k]);
    for (int i = 0; i < 100000; i++)
      rc_buf_putc(&b, k ? '{' : '[');
    int rc;
    size_t n;
    char *out = load_text(b.data, b.len, &rc, &n);
    assert_int_equal(rc, -1);
    assert_string_equal(out, expect[k]);
    free(out);
    rc_buf_release(&b);
  }
  /* 64 levels are fine as far as the nesting goes. */
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "version: 1\nrules: []\ndescription: ");
  for (int i = 0; i < 63; i++)
    rc_buf_putc(&b, '[');
  for (int i = 0; i < 63; i++)
    rc_buf_putc(&b, ']');
  int rc;
  size_t n;
  char *out = load_text(b.data, b.len, &rc, &n);
  assert_string_equal(out, "t.yaml:3:14: error: expected a string for "
                           "'description'\n");
  free(out);
  rc_buf_release(&b);
}

static void test_node_count_bounded(void **state)
{
  (void)state;
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "version: 1\nrules: []\ndescription: [");
  for (int i = 0; i < 1100000; i++)
    rc_buf_puts(&b, "a,");
  rc_buf_puts(&b, "]\n");
  int rc;
  size_t n;
  char *out = load_text(b.data, b.len, &rc, &n);
  assert_int_equal(rc, -1);
  /* Before the items: the root, 3 keys, 2 values and the list itself; the
   * first item is at column 15, the one past 2^20 nodes fails. */
  size_t col = 15 + 2 * (1048576 - 7);
  char want[128];
  snprintf(want, sizeof(want),
           "t.yaml:3:%zu: error: rule file has too many YAML nodes\n", col);
  assert_string_equal(out, want);
  free(out);
  rc_buf_release(&b);
}

static void test_full_diag_refuses_more(void **state)
{
  (void)state;
  static const char bad[] = "version: 1\nrules: []\nx: 1\n";
  static const char good[] = HEAD "    probe: {git_clean: {}}\n";
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  d.max_errors = 1;
  assert_int_equal(rc_load_buffer(rs, "a.yaml", bad, strlen(bad), &d), -1);
  assert_true(rc_diag_full(&d));
  assert_int_equal(rc_load_buffer(rs, "b.yaml", good, strlen(good), &d), -1);
  assert_int_equal(rs->n, 0);
  assert_int_equal(d.n_errors, 1);
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

static void test_too_large_rejected(void **state)
{
  (void)state;
  size_t len = 4 * 1024 * 1024 + 1;
  char *big = rc_xmalloc(len);
  memset(big, '#', len);
  int rc;
  size_t n;
  char *out = load_text(big, len, &rc, &n);
  assert_int_equal(rc, -1);
  assert_string_equal(out, "t.yaml: error: rule file larger than 4 MiB\n");
  free(out);

  char *dir = rc_test_mkdtemp();
  big[len - 1] = '\0';
  rc_test_write(dir, "big.yaml", big); /* exactly 4 MiB of comment: fine */
  rc_test_write(dir, "bigger.yaml", "#");
  free(big);
  struct rc_buf path;
  rc_buf_init(&path);
  rc_buf_printf(&path, "%s/bigger.yaml", dir);
  assert_int_equal(truncate(path.data, (off_t)len), 0);
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_load_path(rs, path.data, &d), -1);
  assert_int_equal(d.n, 1);
  assert_string_equal(d.items[0].msg, "rule file larger than 4 MiB");
  assert_string_equal(d.items[0].file, path.data);
  rc_diag_release(&d);
  rc_diag_init(&d);
  rc_buf_reset(&path);
  rc_buf_printf(&path, "%s/big.yaml", dir);
  assert_int_equal(rc_load_path(rs, path.data, &d), -1);
  assert_string_equal(d.items[0].msg, "rule file is empty");
  rc_diag_release(&d);
  rc_ruleset_free(rs);
  rc_buf_release(&path);
  rc_test_rmtree(dir);
  free(dir);
}

/* ---- layers and directories ---------------------------------------------- */

static char *rule_file(const char *id, const char *title)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b,
                "version: 1\nrules:\n  - id: %s\n    title: %s\n"
                "    category: ci\n    severity: warn\n    remediation: R\n"
                "    probe: {git_clean: {}}\n",
                id, title);
  char *s = rc_buf_detach(&b);
  rc_buf_release(&b);
  return s;
}

static void test_layers_override_and_clash(void **state)
{
  (void)state;
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  char *a = rule_file("x.a", "first");
  char *b = rule_file("x.a", "second");
  char *c = rule_file("x.c", "third");
  assert_int_equal(rc_load_buffer(rs, "builtin:x.yaml", a, strlen(a), &d), 0);
  assert_int_equal(rc_load_buffer(rs, "c.yml", c, strlen(c), &d), 0);
  rc_ruleset_next_layer(rs);
  assert_int_equal(rc_load_buffer(rs, "local/y.yaml", b, strlen(b), &d), 0);
  assert_int_equal(d.n, 0);
  assert_int_equal(rs->n, 2);
  assert_string_equal(rule_at(rs, 0)->title, "second");
  assert_string_equal(rule_at(rs, 0)->pack, "y");
  assert_int_equal(rule_at(rs, 0)->layer, 1);
  assert_string_equal(rule_at(rs, 1)->pack, "c");

  /* Same layer: an error, and nothing of the clashing file is added. */
  static const char two[] =
      "version: 1\nrules:\n"
      "  - id: x.new\n    title: N\n    category: ci\n    severity: warn\n"
      "    remediation: R\n    probe: {git_clean: {}}\n"
      "  - id: x.a\n    title: T\n    category: ci\n    severity: warn\n"
      "    remediation: R\n    probe: {git_clean: {}}\n";
  assert_int_equal(rc_load_buffer(rs, "z.yaml", two, strlen(two), &d), -1);
  char *out = diag_text(&d);
  assert_string_equal(out, "z.yaml:9:5: error: duplicate rule id 'x.a' (first "
                           "defined at local/y.yaml:3)\n");
  free(out);
  assert_int_equal(rs->n, 2);
  assert_null(rc_ruleset_find(rs, "x.new"));
  free(a);
  free(b);
  free(c);
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

static void test_load_path_directory(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  char *a = rule_file("p.a", "A");
  char *b = rule_file("p.b", "B");
  rc_test_write(dir, "rules/b.yaml", b);
  rc_test_write(dir, "rules/a.yml", a);
  rc_test_write(dir, "rules/notes.txt", "not yaml: [");
  rc_test_write(dir, "rules/.hidden.yaml", "broken: [");
  rc_test_write(dir, "rules/sub.yaml/c.yaml", "broken: [");
  rc_test_mkdir(dir, "empty");

  struct rc_buf p;
  rc_buf_init(&p);
  rc_buf_printf(&p, "%s/rules", dir);
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_load_path(rs, p.data, &d), 0);
  assert_int_equal(d.n, 0);
  assert_int_equal(rs->n, 2);
  assert_string_equal(rule_at(rs, 0)->id, "p.a");
  assert_string_equal(rule_at(rs, 0)->pack, "a");
  assert_int_equal(strncmp(rule_at(rs, 0)->loc.file, p.data, p.len), 0);
  assert_string_equal(rule_at(rs, 0)->loc.file + p.len, "/a.yml");
  assert_string_equal(rule_at(rs, 1)->id, "p.b");
  rc_ruleset_free(rs);

  /* A single file; a trailing slash on a directory. */
  rs = rc_ruleset_new();
  rc_buf_puts(&p, "/b.yaml");
  assert_int_equal(rc_load_path(rs, p.data, &d), 0);
  assert_int_equal(rs->n, 1);
  assert_string_equal(rule_at(rs, 0)->id, "p.b");
  rc_buf_reset(&p);
  rc_buf_printf(&p, "%s/rules/", dir);
  assert_int_equal(rc_load_path(rs, p.data, &d), -1); /* p.b again */
  assert_int_equal(d.n, 1);
  rc_ruleset_free(rs);
  rc_diag_release(&d);

  /* No rule files; a missing path. */
  rs = rc_ruleset_new();
  rc_diag_init(&d);
  rc_buf_reset(&p);
  rc_buf_printf(&p, "%s/empty", dir);
  assert_int_equal(rc_load_path(rs, p.data, &d), -1);
  char *want = rc_xmalloc(p.len + 100);
  sprintf(want, "no rule files in '%s'", p.data);
  assert_string_equal(d.items[0].msg, want);
  assert_null(d.items[0].file);
  rc_buf_reset(&p);
  rc_buf_printf(&p, "%s/missing.yaml", dir);
  assert_int_equal(rc_load_path(rs, p.data, &d), -1);
  assert_string_equal(d.items[1].file, p.data);
  assert_string_equal(d.items[1].msg,
                      "cannot read rule file: No such file or directory");
  assert_int_equal(rs->n, 0);
  free(want);
  rc_diag_release(&d);
  rc_ruleset_free(rs);

  /* A broken file among good ones: the good ones still load. */
  rc_test_write(dir, "rules/c.yaml", "version: 1\nrules: [x]\n");
  rs = rc_ruleset_new();
  rc_diag_init(&d);
  rc_buf_reset(&p);
  rc_buf_printf(&p, "%s/rules", dir);
  assert_int_equal(rc_load_path(rs, p.data, &d), -1);
  assert_int_equal(d.n, 1);
  assert_string_equal(d.items[0].msg, "expected a mapping for a rule");
  assert_int_equal(rs->n, 2);
  rc_diag_release(&d);
  rc_ruleset_free(rs);

  rc_buf_release(&p);
  free(a);
  free(b);
  rc_test_rmtree(dir);
  free(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_file_round_trips),
      cmocka_unit_test(test_scalar_field_typing),
      cmocka_unit_test(test_optional_int_knows_it_was_given),
      cmocka_unit_test(test_expression_nesting),
      cmocka_unit_test(test_error_messages),
      cmocka_unit_test(test_warnings_still_load),
      cmocka_unit_test(test_bom_rule_file_loads),
      cmocka_unit_test(test_nul_byte_is_located),
      cmocka_unit_test(test_many_errors_all_reported),
      cmocka_unit_test(test_stops_at_diag_cap),
      cmocka_unit_test(test_deep_nesting_stops_at_64),
      cmocka_unit_test(test_node_count_bounded),
      cmocka_unit_test(test_full_diag_refuses_more),
      cmocka_unit_test(test_too_large_rejected),
      cmocka_unit_test(test_layers_override_and_clash),
      cmocka_unit_test(test_load_path_directory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
