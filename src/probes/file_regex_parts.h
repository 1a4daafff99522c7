/*
 * file_regex_parts.h - internal to src/probes: what the file_regex files
 * share - the check's settings (struct cfg), the selection, one file's
 * search (struct found) and the check's scan state (struct scan), and the
 * functions they call in each other, named fr_ (file_regex). file_regex.c
 * is the probe's table entry, its fields and the steps it runs;
 * file_regex_select.c chooses the files (plan); file_regex_search.c searches
 * one file; file_regex_fold.c folds each file's search into the check;
 * file_regex_held.c judges the matched files held back until every file
 * is searched; file_regex_outcome.c says what the check found.
 */
#ifndef READYCHECK_PROBES_FILE_REGEX_PARTS_H
#define READYCHECK_PROBES_FILE_REGEX_PARTS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/scan.h"

enum { MATCH_ANY, MATCH_ALL, MATCH_NONE };

/* deployment_use: which matched files count, by what the deployment does
 * with them */
enum { USE_ANY, USE_USED, USE_UNUSED, USE_BAKED, USE_UNBAKED };

/* limited_keys (with skip_non_secret_keys): an encrypted key, or one
 * certified for localhost only, is judged like any other, passes, or
 * counts whatever uses it */
enum { LIMITED_JUDGED, LIMITED_PASS, LIMITED_COUNT };

/* deploys, with deployed: true: `evidenced` keeps the files only when a
 * deployed service mounts or copies some of them, and not those only side
 * stacks use (compose files nothing says deploys, beside a deployment
 * that is evidenced: a proxy trial, an experiment); `any` (default) also
 * the files outside test, example and development folders when none is
 * (nothing known to deploy them, nothing ruled out). */
enum { DEPLOYS_ANY, DEPLOYS_EVIDENCED };

enum {
  EXCERPT_MAX = 200,         /* bytes of a matched line shown as evidence */
  MASK_WINDOW = 64 * 1024,   /* bytes of a long line masked before cutting */
  PATTERN_SHOWN = 60,        /* bytes of the pattern quoted in messages */
  MINIFIED_LINE = 64 * 1024, /* a longer line is minified or generated */
  LINE_WINDOW = 16 * 1024,   /* a line searched in parts: each part's size */
  WINDOW_OVERLAP = 4 * 1024  /* a match longer than this may span parts */
};

struct cfg {
  struct rc_strlist path;
  struct rc_pattern pattern;
  int match;
  bool multiline;
  struct rc_strlist exclude;
  bool deployed;       /* only files deployed services use (rc_keep_deployed) */
  int deploys;         /* DEPLOYS_*: with deployed, which of them */
  bool skip_samples;   /* not files in README-declared sample collections */
  bool skip_seed_data; /* not files mounted into a database's init folder */
  bool skip_nonprod;   /* only files whose role is production */
  bool comment_disowns;      /* a comment above the match says it is not real */
  bool skip_block_comments;  /* not lines in a C-family block comment */
  bool skip_minified;        /* lines over MINIFIED_LINE are not searched */
  bool verify_checksums;     /* a token failing its format's CRC is none */
  bool per_file;             /* one piece of evidence per file, not per line */
  bool skip_test_only;       /* not files that only tests name (referrers.h) */
  bool skip_code_loaded;     /* not files the application's code loads */
  bool skip_non_secret_keys; /* not keys that are no secret (keyfile.h) */
  int limited_keys;          /* LIMITED_*: what a limited key does */
  bool skip_compose;    /* not YAML in Compose's format, whatever its name */
  bool skip_templates;  /* not files a README has the operator fill in */
  int deployment_use;   /* USE_*: only files the deployment uses, or not */
  bool django_settings; /* the Django settings modules production loads */
  /* a matched file that this also matches anywhere does not count (a
   * detector's definition that spells the format beside its examples) */
  struct rc_pattern skip_files_matching;
  const char *skipped_files_are; /* what those files are, for the note */
  /* with skip_files_matching: a matched file in the folder of one set
   * aside is set aside too (a detector's rule set, one file per format) */
  bool set_aside_folders;
};

/* The selected files: index entries, or paths read from disk (an explicit
 * path git ignores, or a symlink to a file). */
struct selection {
  struct rc_index *idx;
  struct rc_scan_target *items;
  size_t n, cap;
};

enum file_result {
  FILE_MATCHED,
  FILE_UNMATCHED,
  FILE_UNKNOWN,
  FILE_BINARY,
  FILE_HELD /* matched, judged once every file is searched */
};

/* A matched line, as search() saw it. */
struct found_line {
  unsigned line;
  char *text; /* the evidence text (masked, cut) */
};

/* One file's search, to be folded into its check in path order. Evidence
 * texts are made for at most ev_max lines (a check keeps no more);
 * later matched lines are only counted. */
struct found {
  enum file_result r;
  unsigned first_line; /* of the first match, 0 when none */
  struct found_line *lines;
  size_t n_lines, cap_lines;
  size_t n_more; /* matched lines past the ones with text */
  int limit_rc;  /* a regex limit stopped the search: its rc, else 0 */
  unsigned limit_line;
  size_t lines_left; /* lines after limit_line, never searched */
  size_t n_minified; /* lines over MINIFIED_LINE left unsearched */
  bool set_aside;    /* matched, but skip_files_matching matches too */
};

/* Everything one check learns while scanning. */
struct scan {
  const struct cfg *cfg;
  size_t n_items, folded;         /* files selected, files taken so far */
  struct rc_regex_budget *budget; /* regex time, shared by the threads */
  size_t n_text, n_binary, n_matched, n_unmatched;
  size_t n_minified;          /* skip_minified: lines not searched */
  const char *first_minified; /* the first file holding one */
  size_t n_set_aside;         /* skip_files_matching: files not counted */
  const char *first_set_aside;
  const char *first_path; /* first match, for messages */
  unsigned first_line;
  const char *first_unmatched;
  const char *last_text; /* a searched file, for one-file messages */
  const char *error;     /* first evaluation error, arena string */
  bool prefilter;        /* whole-file search may rule files out */
  /* The first regex limit ends the search: a pattern that is pathological
   * on one line usually is on the next ones too, and every line would
   * cost the full limit. What was not searched is said in evidence. */
  bool stopped;
  const char *stop_path;
  size_t lines_left, files_left;
  /* The check keeps no more evidence: later matched lines are only
   * counted, so searches need not make their texts. Set by fold(), read
   * by searches on any thread (only for files after the one folded). */
  _Atomic bool ev_full;
  size_t ev_max; /* evidence a check keeps (rc_ctx_evidence_max: all
                    with -v) */
  /* skip_test_only: matched files wait until every file is searched,
   * then only those something other than tests uses count */
  struct held *held;
  size_t n_held, cap_held;
  /* set_aside_folders: the folders of the files set aside (arena) */
  const char **aside_dirs;
  size_t n_aside_dirs, cap_aside_dirs;
  /* django_settings: the model, for the lines of an inherited settings
   * module that the production module sets again (read by searches) */
  const struct rc_model *settings;
};

/* A matched file kept back, its search copied into the arena. */
struct held {
  const char *path;
  struct found f;
};

/* Length of at most max bytes of s[0..len) that ends on a UTF-8 boundary. */
size_t fr_utf8_cut(const char *s, size_t len, size_t max);

const char *fr_shown_pattern(struct rc_arena *a, const char *src);

const char *fr_plural(size_t n, const char *one, const char *many);

/* Django settings: the modules production's DJANGO_SETTINGS_MODULE names
 * are judged whatever their name (mysite/settings.py), and a settings
 * module only development or tests name is not (settings.py as
 * manage.py's default when production sets settings.production). */
void fr_django_settings(const struct rc_ctx *ctx, const struct cfg *cfg,
                        struct selection *s);

/* Chooses the files; NULL when the check is decided already (out set). */
void *fr_plan(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out,
              struct rc_scan_target **targets, size_t *n);

/* Whether a pattern matches a line the same way wherever the line sits in
 * its file, and so matches inside the whole file where it matches a line
 * alone. Not so for anchors that see only the file's ends (\A \G \z \Z),
 * lookbehinds that would see the previous line, negative lookaheads and
 * possessive or atomic parts that could see or swallow the next one
 * (`x(?![^;]*-g)` holds on "npm install" alone but not when a later line
 * says -g), \K, verbs that change the newline convention, or inline
 * groups that turn options (multiline) off. */
bool fr_line_local(const char *src);

void *fr_search(const void *vcfg, const void *vstate, const char *path,
                const char *data, size_t len, struct rc_regex_scratch *rs);

void fr_found_free(void *vf);

/* The first finding names its file and line in the message. */
void fr_note_first(struct scan *s, const char *path, unsigned line);

/* Replays a file's matches into the check as the search met them. */
void fr_take_lines(struct scan *s, struct rc_ctx *ctx, struct rc_check *out,
                   const char *path, const struct found *f);

/* Whether a file set aside lies in path's folder: a secret scanner keeps
 * one rule file per format, and one format's examples (a curl command's
 * bearer header) may hold another format's token, which that format's
 * own file spells as a regular expression. */
bool fr_in_aside_dir(const struct scan *s, struct rc_ctx *ctx,
                     const char *path);

/* `any` is settled by its first matching file; `none` and `all` look at
 * every file so that their counts and evidence are complete. The first
 * regex limit ends the search too. */
bool fr_fold(const void *vcfg, void *vstate, struct rc_ctx *ctx,
             struct rc_check *out, const struct rc_scan_file *file);

/* The held files something other than tests uses - or a deployed
 * service mounts or copies - count as matched; the others are noted as
 * passing, with a test that uses them. */
void fr_release_held(struct scan *s, struct rc_ctx *ctx, struct rc_check *out);

void fr_finish(const void *vcfg, void *vstate, struct rc_ctx *ctx,
               struct rc_check *out);

#endif
