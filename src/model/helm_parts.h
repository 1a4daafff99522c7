/*
 * helm_parts.h - internal to src/model: what the Helm template files
 * share - the chart (struct rc_helm), the parsed tree, values, the
 * state of one render, the limits, and the functions they call in each
 * other, named hm_ (helm). helm.c is the chart and runs the tree;
 * helm_parse.c lexes and parses a template; helm_values.c is what an
 * expression evaluates to; helm_eval.c evaluates an action's pipeline;
 * helm_funcs.c holds the template functions.
 */
#ifndef READYCHECK_MODEL_HELM_PARTS_H
#define READYCHECK_MODEL_HELM_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "readycheck/buf.h"
#include "readycheck/helm.h"
#include "readycheck/mem.h"

enum {
  MAX_DEPTH = 16,       /* nested include/template calls */
  MAX_OUTPUT = 4 << 20, /* bytes one render may produce */
  MAX_STEPS = 2000000,  /* evaluation steps per render */
  MAX_RANGE = 1000,     /* items one range visits */
  MAX_VARS = 256,       /* variables in scope */
  MAX_ARGS = 32,        /* arguments of one function call */
  MAX_NESTING = 64,     /* nested blocks in one file */
};

enum nkind { N_TEXT, N_EXPR, N_IF, N_WITH, N_RANGE, N_TEMPLATE };

struct node {
  enum nkind k;
  unsigned line;
  const char *s; /* text bytes, or the action's pipeline */
  size_t n;
  struct node *body, *alt; /* blocks: the body and the else branch */
  struct node *next;
};

struct define {
  const char *name;
  struct node *body;
};

struct rc_helm {
  struct rc_arena *a;
  const cJSON *values, *chart;
  cJSON *owned;     /* objects made here (Chart, Release, dicts) */
  cJSON *chart_obj; /* .Chart with Helm's capitalised names */
  cJSON *release, *root_mark;
  struct define *defs;
  size_t n_defs, cap_defs;
  const char *path; /* the template being rendered */
  size_t steps;
  unsigned depth;
};

enum vk { V_UNK, V_NIL, V_STR, V_NUM, V_BOOL, V_JSON, V_ROOT };

struct val {
  enum vk k;
  const char *s; /* V_STR; V_NUM: its text */
  double n;
  bool b;
  const cJSON *j; /* V_JSON: an object or array */
};

struct var {
  const char *name;
  size_t n;
  struct val v;
};

struct exec {
  struct rc_helm *h;
  struct val dot, root;
  struct var vars[MAX_VARS];
  size_t n_vars;
  struct rc_buf *out;
  unsigned *lines; /* rendered line -> template line */
  size_t n_lines, cap_lines;
  bool map_lines;
  bool stop; /* a limit was hit */
};

struct lexer {
  const char *s, *e;
};

bool hm_space(char c);

/* The tree points into the text: a copy lives as long as the chart. */
struct node *hm_parse(struct rc_helm *h, const char *text, size_t len);

extern const struct val hm_unknown;

extern const struct val hm_nil;

struct val hm_str_val(const char *s);

struct val hm_bool_val(bool b);

struct val hm_num_val(struct rc_arena *a, double n);

/* A document node as a value; the root marker stands for `$`. */
struct val hm_from_json(const struct rc_helm *h, const cJSON *j);

/* 1 true, 0 false, -1 unknown: Go's truth (empty is false). */
int hm_truth(struct val v);

void hm_put_quoted(struct rc_buf *b, const char *s);

/* Block YAML of n; the first line continues the current one. */
void hm_put_yaml(struct rc_buf *b, const cJSON *n, int indent, bool first,
                 unsigned depth);

bool hm_step(struct exec *x);

/* Text is whatever a value prints as; NULL for unknown. */
const char *hm_text_of(struct exec *x, struct val v);

struct val hm_field(struct exec *x, struct val v, const char *name, size_t n);

void hm_set_var(struct exec *x, const char *name, size_t n, struct val v,
                bool declare);

bool hm_ident_char(char c);

/* One operand: a literal, .field, $var.field, (pipeline), or a niladic
 * function name (*fn set instead). */
struct val hm_operand(struct exec *x, struct lexer *l, const char **fn,
                      size_t *fnn);

bool hm_at_command_end(struct lexer *l);

/* [$a[, $b] := | =] command (| command)* */
struct val hm_pipeline(struct exec *x, struct lexer *l, bool in_paren);

/* Evaluates an action's pipeline; *assign set when it only sets a
 * variable. */
struct val hm_eval(struct exec *x, const char *s, size_t n, bool *assign);

/* A template function call; the string functions (lower, trimSuffix...)
 * are the fallback. */
struct val hm_call(struct exec *x, const char *fn, size_t n, struct val *args,
                   size_t na);

struct val hm_render_define(struct exec *x, const char *name, size_t n,
                            struct val dot);

/* tpl renders a string from values.yaml as a template of its own, with the
 * given context as dot (charts keep probes there as text holding
 * {{ .Values... }}). */
struct val hm_render_text(struct exec *x, const char *t, struct val dot);

#endif
