/*
 * observatory.h - response headers graded the way Mozilla's HTTP
 * Observatory grades them: ten tests, each giving one result with a score
 * modifier; penalties are taken from 100 first, and bonuses are added only
 * when that leaves 90 or more; the score (never below 0) maps to A+ ... F.
 *
 * The tests, their results and modifiers follow MDN HTTP Observatory's
 * published scoring ("Tests and scoring", developer.mozilla.org/en-US/
 * observatory/docs/tests_and_scoring) as its analyzer implements it
 * (github.com/mdn/mdn-http-observatory, src/grader/charts.js and
 * src/analyzer/tests/, at 21db78c, August 2026). docs/rules.md has the
 * table and every place where readycheck cannot do what the hosted scanner
 * does (the HSTS preload list, the public suffix list).
 *
 * Pure functions over responses already fetched: no I/O.
 */
#ifndef READYCHECK_OBSERVATORY_H
#define READYCHECK_OBSERVATORY_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;
struct rc_http_resp;

enum rc_obs_test {
  RC_OBS_CSP,
  RC_OBS_COOKIES,
  RC_OBS_CORS,
  RC_OBS_REDIRECTION,
  RC_OBS_REFERRER,
  RC_OBS_HSTS,
  RC_OBS_SRI,
  RC_OBS_XCTO,
  RC_OBS_XFO,
  RC_OBS_CORP,
  RC_OBS_NTESTS
};

/* What was fetched for one page. */
struct rc_obs_input {
  const char *url;                 /* the page graded */
  const struct rc_http_resp *page; /* GET url */
  /* GET of the plain http URL, redirects followed (to any origin), or NULL
   * when no http URL was given: the redirection test is then not run. */
  const struct rc_http_resp *http;
  const struct rc_http_resp *cors; /* OPTIONS url with Origin, or NULL */
  const char *origin;              /* the Origin the CORS request sent */
};

struct rc_obs_result {
  const char *test;   /* "content-security-policy" */
  const char *result; /* "csp-not-implemented" */
  const char *text;   /* what the result means */
  int modifier;
  const char *seen; /* the header text it is based on, or NULL */
  bool run;         /* false: not tested (redirection without http URL) */
};

struct rc_obs_grade {
  struct rc_obs_result tests[RC_OBS_NTESTS];
  int score; /* after both rounds, >= 0 */
  const char *grade;
};

/* Grades in->page. Strings are static or in a. */
void rc_obs_grade(const struct rc_obs_input *in, struct rc_arena *a,
                  struct rc_obs_grade *out);

/* The grade of a score: 100+ A+, 90 A, 85 A-, 80 B+, 70 B, 65 B-, 60 C+,
 * 50 C, 45 C-, 40 D+, 30 D, 25 D-, below F. */
const char *rc_obs_letter(int score);

/* Position of a grade from best (0, "A+") to worst; -1 when the text is
 * none of A+ A A- B+ B B- C+ C C- D+ D D- F. */
int rc_obs_rank(const char *grade);

#endif
