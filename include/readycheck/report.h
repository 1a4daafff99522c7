/*
 * report.h - one output format per file in src/reports/, behind a table.
 *
 * A reporter is a pure function of a read-only struct rc_report: it never
 * computes a verdict, never frees, never reads the repository. It returns 0,
 * or -1 when writing failed (the caller reports errno).
 */
#ifndef READYCHECK_REPORT_H
#define READYCHECK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

struct rc_results;
struct rc_score;
struct rc_policy;
struct rc_ruleset;
struct rc_waivers;
struct rc_baseline;
struct rc_skip;

struct rc_report {
  const struct rc_results *results;
  const struct rc_score *score;
  const struct rc_policy *policy;
  const char *repo_path;    /* as given on the command line */
  const char *repo_name;    /* basename of its real path */
  const char *git_commit;   /* 40 hex, or NULL if not a git checkout */
  const char *git_branch;   /* or NULL */
  const char *date;         /* "YYYY-MM-DD" (SOURCE_DATE_EPOCH honoured) */
  const char *timestamp;    /* ISO 8601 UTC, "2026-11-22T10:00:00Z" */
  const char *version;      /* readycheck version */
  const char *const *packs; /* rule packs loaded, n_packs of them */
  size_t n_packs;
  const char *const *stacks; /* stacks detected ("node", "docker", ...),
                                n_stacks of them; NULL/0 when not run */
  size_t n_stacks;
  /* What the deployment model judged: one line per production compose view
   * ("docker-compose.yml + docker-compose.prod.yml"), then "images: ..."
   * when production images are built outside compose; n_deployment of
   * them, 0 when nothing deploys. */
  const char *const *deployment;
  size_t n_deployment;
  const struct rc_skip *skips; /* what the walk left out (index.h), each
                                  once: unreadable directories, broken or
                                  escaping symlinks; n_skips of them */
  size_t n_skips;
  bool offline;
  const char *environment; /* --env NAME, or NULL */
  bool color;              /* terminal reporter only */
  int verbosity;           /* -1 quiet, 0 normal, 1 verbose */
  int width; /* text: wrap lines at this many columns; 0: no wrapping */
  const struct rc_waivers *waivers;   /* config and inline, or NULL */
  const struct rc_baseline *baseline; /* --baseline, compared; or NULL */
  const char *config_file;            /* the .readycheck.yml read, or NULL */
  const char *ruleset_hash;           /* 16 hex digits over the rules run */
  /* "https://github.com/o/r/blob/COMMIT/" when the checkout's origin is on
   * GitHub or GitLab: evidence paths become permalinks. NULL otherwise. */
  const char *link_base;
  bool gate_new_only; /* --fail-on new */
};

struct rc_reporter {
  const char *name;    /* --format value == src/reports/<name>.c */
  const char *ext;     /* usual file extension, "md" */
  const char *summary; /* one line for --help */
  int (*write)(FILE *out, const struct rc_report *rep);
  bool appendable; /* "--report FORMAT=+FILE" may append to a file */
};

/* The registry, NULL-terminated (src/reports/registry.c). */
extern const struct rc_reporter *const rc_reporters[];
const struct rc_reporter *rc_reporter_find(const char *name);
/* "text, markdown, json, ..." for messages. */
const char *rc_reporter_names(void);
/* The file a --report path names: "+FILE" (append) is FILE. */
const char *rc_report_target(const char *path);

#endif
