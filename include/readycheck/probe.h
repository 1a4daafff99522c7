/*
 * probe.h - the probe vtable, its parameter table, and what a check yields.
 *
 * One probe type per file in src/probes/, exporting one const struct
 * rc_probe; src/probes/registry.c lists them. A probe declares its YAML
 * parameters in a field table (nginx's ngx_command_t idea): the loader parses
 * and type-checks them into a cfg struct at the given offsets, so probes
 * never see YAML. String parameters may hold ${VAR} references; the runner
 * expands them before check() runs, so check() sees final values.
 *
 * check() cannot fail: it reports RC_OUT_OK, RC_OUT_FAIL or RC_OUT_ERROR
 * (could not evaluate) with a message and evidence. It never looks at the
 * rule's severity: only the scorer turns outcomes into PASS/WARN/BLOCK.
 */
#ifndef READYCHECK_PROBE_H
#define READYCHECK_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/diag.h"
#include "readycheck/scalar.h"

struct rc_arena;
struct rc_http_cache;
struct rc_http_resp;
struct rc_index;
struct rc_memo;
struct rc_model;
struct rc_probe;
struct rc_regex;
struct rc_regex_scratch;
struct rc_scan;
struct rc_entry;
struct rc_skip;
struct rc_vars;

/* ---- parameters ------------------------------------------------------ */

enum rc_field_type {
  RC_FIELD_STRING,  /* const char *; ${VAR} expanded at run time */
  RC_FIELD_STRINGS, /* struct rc_strlist; a scalar or a sequence; expanded */
  RC_FIELD_INT,     /* long */
  RC_FIELD_NUMBER,  /* double, finite */
  RC_FIELD_BOOL,    /* bool */
  RC_FIELD_REGEX,   /* struct rc_pattern; compiled at load, not expanded */
  RC_FIELD_ENUM,    /* int: index into field->enum_names */
  RC_FIELD_SCALAR,  /* struct rc_scalar: any YAML scalar, typed */
  RC_FIELD_OPT_INT, /* struct rc_opt_long: an int that knows it was given,
                       for fields where 0 means something and absence
                       means the default */
};

enum rc_field_flags {
  RC_FIELD_REQUIRED = 1 << 0,
};

struct rc_field {
  const char *name; /* YAML key */
  enum rc_field_type type;
  size_t offset;                 /* offsetof(cfg struct, member) */
  unsigned flags;                /* RC_FIELD_* */
  const char *const *enum_names; /* RC_FIELD_ENUM: NULL-terminated */
  const char *doc;               /* one line, for `explain` and docs */
};

/* Why a value is wrong, or NULL when it is fine: a static string or one
 * written to buf, worded to follow the field's quoted name ("must start
 * with http://", "entry 'x' is not ..."). For RC_FIELD_STRINGS value is
 * each item (const char *); for RC_FIELD_STRING the string; else the
 * parsed cfg member. */
typedef const char *rc_value_check(const void *value, char *buf, size_t buflen);

/* A check of one field's values, run by the loader as soon as a value is
 * parsed, so an error points at the value itself (file:line:col of the
 * value, or of the list item) rather than at the probe. A string holding
 * ${VAR} is checked only after expansion, by the probe. Cross-field rules
 * stay in the probe's validate(). */
struct rc_value_rule {
  const char *field; /* a name of the probe's field table; NULL ends */
  bool ranged;       /* INT, OPT_INT, NUMBER: min <= value <= max */
  double min, max;
  rc_value_check *check; /* or NULL */
};

struct rc_strlist {
  const char **items;
  size_t n;
};

/* A compiled PCRE2 pattern with its source text and where it was written. */
struct rc_pattern {
  const char *src;
  struct rc_regex *re; /* owned by the ruleset arena */
  struct rc_loc loc;
};

/* An integer parameter and whether the rule file gave it. */
struct rc_opt_long {
  long value; /* 0 when not set */
  bool set;
};

/* ---- what a check yields ---------------------------------------------- */

enum rc_outcome {
  RC_OUT_OK,    /* the probe's condition holds */
  RC_OUT_FAIL,  /* it does not */
  RC_OUT_ERROR, /* it could not be evaluated; never counts as OK */
  RC_OUT_SKIP,  /* not run (e.g. a network probe under --offline) */
};

/* Whether a piece of evidence shows its item passing or failing. Probes
 * that check many items (services, files, keys) mark the ones that are fine
 * as RC_EV_PASS, so a report of "6 of 35 fail" can show all 35 with the 6
 * first. Evidence recorded RC_EV_UNSET is resolved by the run once the
 * check's outcome is known: passing when the check passed, failing
 * otherwise. `not:` swaps PASS and FAIL of its child's evidence. */
enum rc_ev_mark {
  RC_EV_UNSET, /* follows the check's outcome (the default) */
  RC_EV_PASS,
  RC_EV_FAIL,
};

struct rc_waiver;

/* One piece of evidence: what was found where. path may be NULL. */
struct rc_evidence {
  const char *path;     /* repo-relative, or a URL */
  unsigned line;        /* 1-based, 0 = none */
  const char *text;     /* already masked: never a secret value */
  enum rc_ev_mark mark; /* PASS or FAIL once the run has resolved it */
  /* Set after the run (policy.h), never by probes: */
  const char *fingerprint;        /* stable id of this item, 16 hex */
  const struct rc_waiver *waiver; /* the waiver covering a failing item */
};

#define RC_EVIDENCE_MAX      20  /* items kept per check */
#define RC_EVIDENCE_TEXT_MAX 400 /* bytes of text kept per item */

struct rc_check {
  enum rc_outcome outcome;
  /* The condition held only with a safeguard turned off by the rule (e.g.
   * `insecure: true`): the scorer makes such an OK a WARN, never a PASS, so
   * every report shows it as a warning. The message says why. */
  bool caution;
  /* The outcome rests on nothing examined: a search over no file, an
   * absence check in a repository with no file, a comparison with no value
   * to compare. A vacuous OK is not a pass: the run makes the rule SKIP
   * (not applicable). `not` keeps the flag, so a vacuous FAIL ("found no
   * match in no file") turned OK is not a pass either; `all` and `any`
   * are vacuous only when what decided them was (docs/rules.md). */
  bool vacuous;
  const char *message; /* one line on what was found; arena string */
  /* What a failing probe found missing when that is less than the rule's
   * looks_for (a linter, where the compile checks the types): `any` says
   * it instead of looks_for. NULL: looks_for, as is. */
  const char *missing;
  struct rc_evidence *ev; /* at most RC_EVIDENCE_MAX kept */
  size_t n_ev, cap_ev;
  size_t n_ev_dropped;      /* evidence past the cap, only counted */
  size_t n_ev_dropped_pass; /* of those, items marked RC_EV_PASS */
};

/* ---- run context ------------------------------------------------------- */

/* What a probe may look at. Everything here is borrowed. */
struct rc_ctx {
  struct rc_index *index;       /* the repository (lazy file contents) */
  const struct rc_model *model; /* what deploys (model.h); NULL only in
                                   unit tests of probes that need none */
  struct rc_arena *arena;       /* for messages and evidence of this run */
  const struct rc_vars *vars;   /* --var values, for probes that need them */
  bool offline;                 /* network probes must return RC_OUT_SKIP */
  struct rc_http_cache *http;   /* responses fetched before the checks; NULL:
                                   a network probe fetches on its own */
  long timeout_ms;              /* --timeout: default per probe, 0 = built-in */
  size_t evidence_max;          /* items kept per check: 0 = RC_EVIDENCE_MAX;
                                   SIZE_MAX = all (-v) */
  const char *looks_for; /* the rule's `looks_for` ("a lint step") while its
                            probe runs, or NULL: messages name it instead of
                            a regular expression */
  const char *rule_id;   /* the rule being run (or prepared), or NULL */
  struct rc_scan *scan;  /* content checks the run made ahead, in one
                            pass over the files (scan.h); NULL: each
                            check reads its files itself */
  struct rc_memo *memo;  /* values the run's checks share (memo.h); NULL:
                            each check makes its own */
};

/* Sets outcome and a printf-style message (arena-allocated). */
void rc_check_set(struct rc_check *c, struct rc_ctx *ctx, enum rc_outcome o,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Items of evidence a check keeps under ctx (RC_EVIDENCE_MAX by default,
 * every one with -v). */
size_t rc_ctx_evidence_max(const struct rc_ctx *ctx);
/* Appends evidence (RC_EV_UNSET); text is passed through rc_mask_line()
 * first. Past rc_ctx_evidence_max() items an item is only counted, except that
 * an item not marked passing takes the place of the last passing one kept:
 * failing items are what a report must show. */
void rc_check_evidence(struct rc_check *c, struct rc_ctx *ctx, const char *path,
                       unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The same with an explicit mark (RC_EV_PASS for an item found fine). */
void rc_check_evidence_mark(struct rc_check *c, struct rc_ctx *ctx,
                            enum rc_ev_mark mark, const char *path,
                            unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* "'a', 'b' or 'c'" (at most three shown, then "or N more"), for messages
 * that name a probe's paths or keys. Arena-allocated. */
const char *rc_strlist_quote(struct rc_arena *a, const struct rc_strlist *l);
/* True when path matches one of the globs of l (a probe's `exclude`). */
bool rc_strlist_matches(const struct rc_strlist *l, const char *path);
/* For a probe's validate(): records "invalid glob 'x': why" (or "'field'
 * entries must not be empty") for each bad entry of l. Entries holding
 * ${...} are checked after expansion, at run time. Returns 0 or -1. */
int rc_globs_validate(const struct rc_strlist *l, const char *field,
                      const struct rc_loc *loc, struct rc_diag *d);
/* For a probe's `deployed: true`: keep[i] says whether paths[i] stays -
 * the files a deployed service mounts or copies, when any of them is one;
 * otherwise every file outside test, example, archive and development
 * folders (nothing known to deploy them, nothing ruled out). Returns
 * true in the first case: what is kept is known to deploy. */
bool rc_keep_deployed(const struct rc_ctx *ctx, const char *const *paths,
                      size_t n, bool *keep);
/* The one place an unreadable directory turns an answer into ERROR: when
 * gap is set (the directory a query could have needed, index.h), an OK,
 * FAIL or SKIP becomes ERROR "cannot tell: directory 'x' could not be read
 * (reason); <what was found>", with the directory as evidence. The runner
 * calls it after every probe; a NULL gap changes nothing. */
void rc_check_gap(struct rc_check *c, struct rc_ctx *ctx,
                  const struct rc_skip *gap);
/* The value rule of probe p for field f, or NULL. */
const struct rc_value_rule *rc_value_rule_find(const struct rc_probe *p,
                                               const struct rc_field *f);
/* Rule r (may be NULL) on one value of field f: NULL when fine, else the
 * message ("'timeout_ms' must be between 0 and 600000 (not -1)"). value is
 * the cfg member, or one item of a RC_FIELD_STRINGS list. Strings holding
 * ${VAR} pass. Shared by the loader and the test helpers. */
const char *rc_value_rule_check(const struct rc_value_rule *r,
                                const struct rc_field *f, const void *value,
                                char *buf, size_t buflen);
/* A rc_value_check for globs: rc_glob_check()'s verdict ("entry 'x' is
 * not a valid glob: why"), and empty entries refused. */
const char *rc_check_glob_value(const void *value, char *buf, size_t buflen);
/* One cause, one finding (http.h's reachability): when own, the response a
 * network check got for url, says the origin cannot be used and so does
 * the request another rule claimed for that origin, the message for a check
 * that is not evaluated ("not evaluated: ORIGIN unreachable (refused); see
 * RULE"); else NULL. The probe then reports RC_OUT_SKIP with it. */
const char *rc_check_unreached(struct rc_ctx *ctx, const char *url,
                               const struct rc_http_resp *own);
/* Copies all evidence of src after the evidence of dst. */
void rc_check_take_evidence(struct rc_check *dst, struct rc_ctx *ctx,
                            const struct rc_check *src);

/* ---- searching file contents in one pass -------------------------------- */

/* A file a check reads: an index entry, or (e NULL) a path read from disk
 * (an explicit path git ignores, a symlink to a file). */
struct rc_scan_target {
  const char *path;
  const struct rc_entry *e;
};

/* One file as fold() receives it. */
struct rc_scan_file {
  const char *path;
  const char *error; /* could not be read: the reason, as rc_index_read()
                        gives it; NULL when read */
  bool binary;       /* a NUL in its first 8 KiB: not searched */
  void *found;       /* what search() returned; NULL on error or binary */
};

/* A probe that searches file contents splits its check into these steps,
 * so that the run can read each file once for every such check and search
 * on all cores (run/scan.c, scan.h). The run calls plan() for each check
 * on the main thread; then, for each selected file in path order, search()
 * on any thread and fold() on the main thread, in the check's own file
 * order, until fold() returns false; then finish(). check() must yield the
 * same as these steps run one file after the other (rc_scan_check()). */
struct rc_scan_ops {
  /* Selects the files: *targets (malloc'd, sorted by path, each path once;
   * the caller frees it) and returns the check's state (in ctx->arena), or
   * NULL when the outcome is already known (then in out). */
  void *(*plan)(const void *cfg, struct rc_ctx *ctx, struct rc_check *out,
                struct rc_scan_target **targets, size_t *n);
  /* Searches one file's bytes (NUL-terminated, not binary). Runs on any
   * thread, beside other calls: reads cfg and state, touches nothing else
   * shared. Returns what fold() needs (malloc'd; freed by found_free). */
  void *(*search)(const void *cfg, const void *state, const char *path,
                  const char *data, size_t len, struct rc_regex_scratch *rs);
  /* Takes one file into the check (evidence, counts). Returns false once
   * the check needs no further file. */
  bool (*fold)(const void *cfg, void *state, struct rc_ctx *ctx,
               struct rc_check *out, const struct rc_scan_file *f);
  /* Sets the outcome; called once, after every fold of every check. */
  void (*finish)(const void *cfg, void *state, struct rc_ctx *ctx,
                 struct rc_check *out);
  void (*found_free)(void *found);
  /* The pattern search() looks for, when it asks rc_regex_may_match_in()
   * and rc_regex_next_candidate_in() with its scratch: the scan then looks
   * for the strings of every such pattern that wants a file in one pass
   * over it (regex.h). NULL: none. */
  const struct rc_regex *(*pattern)(const void *cfg);
};

/* ---- the vtable --------------------------------------------------------- */

struct rc_probe {
  const char *name;              /* YAML key == src/probes/<name>.c */
  const char *summary;           /* one line for list-rules / docs */
  const struct rc_field *fields; /* terminated by an entry with name NULL */
  size_t cfg_size;               /* the loader allocates this, zeroed */
  /* Cross-field checks after all fields parsed; NULL if none. Returns 0 or
   * rc_error(d, loc, ...). */
  int (*validate)(void *cfg, const struct rc_loc *loc, struct rc_diag *d);
  /* Evaluates the probe; never fails, never prints. */
  void (*check)(const void *cfg, struct rc_ctx *ctx, struct rc_check *out);
  bool network; /* skipped under --offline */
  /* Network probes: declares the requests check() will make (cfg already
   * expanded) into ctx->http, so they can all run at once; NULL if none. */
  void (*prepare)(const void *cfg, struct rc_ctx *ctx);
  /* Checks of single values (ranges, formats), NULL-terminated; NULL if
   * none. Errors point at the value. */
  const struct rc_value_rule *value_rules;
  /* Probes that search file contents: the steps of check(), so the run
   * can scan every file once for all of them; NULL for the others. */
  const struct rc_scan_ops *scan;
  /* check() reads the deployment model (ctx->model) or another view built
   * from the whole tree (the test configurations, testcfg.h) whatever its
   * parameters: a directory the walk could not read may hold a compose
   * file, a Dockerfile or a service's code, so the runner makes its OK or
   * SKIP an ERROR naming that directory (a problem it found stays found). */
  bool reads_model;
  /* For probes that read the model only under some parameters (`deployed:
   * true`, `health_paths: true`): whether cfg makes check() read it. NULL
   * when reads_model says it all. */
  bool (*reads_model_for)(const void *cfg);
};

/* The registry, sorted by name, NULL-terminated (src/probes/registry.c). */
extern const struct rc_probe *const rc_probes[];
const struct rc_probe *rc_probe_find(const char *name);

#endif
