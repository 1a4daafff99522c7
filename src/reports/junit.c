/*
 * junit.c - JUnit XML for CI test report views (GitLab, Jenkins, Azure,
 * GitHub test reporters): one testsuite per category, one testcase per
 * check. A check is a <failure> exactly when it fails the gate, so the
 * test view agrees with the exit code: BLOCK always, WARN under --fail-on
 * warn; under --fail-on new only checks with findings new since the
 * baseline. ERROR is an <error>; SKIP and WAIVED are <skipped> with the
 * reason; everything else passes, with what was found in <system-out>.
 * The format is checked in tests against tests/data/junit.xsd and read
 * back with python3-junitparser.
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "readycheck/policy.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

enum kind { PASSED, FAILED, ERRORED, SKIPPED };

/* A finding of res not in the baseline. */
static bool has_new(const struct rc_report *rep, const struct rc_result *res)
{
  bool items = false;
  for (size_t i = 0; i < res->n_ev; i++) {
    if (res->ev[i].mark == RC_EV_PASS || res->ev[i].waiver)
      continue;
    items = true;
    if (!rc_baseline_has(rep->baseline, res->ev[i].fingerprint))
      return true;
  }
  return !items && !rc_baseline_has(rep->baseline, res->fingerprint);
}

static enum kind kind_of(const struct rc_report *rep,
                         const struct rc_result *res)
{
  bool gate_new = rep->gate_new_only && rep->baseline;
  switch (res->status) {
  case RC_STATUS_BLOCK:
    return !gate_new || has_new(rep, res) ? FAILED : PASSED;
  case RC_STATUS_WARN:
    return rep->policy && rep->policy->fail_on_warn ? FAILED : PASSED;
  case RC_STATUS_ERROR:
    if (gate_new)
      return res->rule->severity == RC_SEV_BLOCK && has_new(rep, res) ? ERRORED
                                                                      : PASSED;
    return ERRORED;
  case RC_STATUS_SKIP:
  case RC_STATUS_WAIVED:
    return SKIPPED;
  default:
    return PASSED;
  }
}

static const char *category_of(const struct rc_rule *r)
{
  return r->category && r->category[0] ? r->category : "uncategorized";
}

static void put_evidence(FILE *out, const struct rc_result *res)
{
  for (size_t i = 0; i < res->n_ev; i++) {
    const struct rc_evidence *e = &res->ev[i];
    fputs(e->mark == RC_EV_PASS ? "  ok   " : "  FAIL ", out);
    if (e->path) {
      esc_xml(out, e->path);
      if (e->line)
        fprintf(out, ":%u", e->line);
      fputs(": ", out);
    }
    esc_xml(out, e->text);
    if (e->waiver) {
      fputs(" (WAIVED: ", out);
      esc_xml(out, e->waiver->reason);
      putc(')', out);
    }
    putc('\n', out);
  }
  if (res->n_ev_dropped)
    fprintf(out, "  ... and %zu more\n", res->n_ev_dropped);
}

static void put_body(FILE *out, const struct rc_result *res)
{
  esc_xml(out, res->message);
  putc('\n', out);
  put_evidence(out, res);
  if (res->rule->remediation) {
    fputs("fix: ", out);
    esc_xml(out, res->rule->remediation);
    putc('\n', out);
  }
}

static void put_case(FILE *out, const struct rc_report *rep,
                     const struct rc_result *res)
{
  fputs("    <testcase name=\"", out);
  esc_xml(out, res->rule->id);
  fputs(": ", out);
  esc_xml(out, res->rule->title);
  fputs("\" classname=\"readycheck.", out);
  esc_xml(out, category_of(res->rule));
  fprintf(out, "\" time=\"%.3f\">\n", res->elapsed_ms / 1000.0);
  const char *status = rc_status_name(res->status);
  switch (kind_of(rep, res)) {
  case FAILED:
  case ERRORED: {
    const char *tag = kind_of(rep, res) == FAILED ? "failure" : "error";
    fprintf(out, "      <%s type=\"%s\" message=\"", tag, status);
    esc_xml_clipped(out, res->message, 500);
    fputs("\">", out);
    put_body(out, res);
    fprintf(out, "</%s>\n", tag);
    break;
  }
  case SKIPPED:
    fputs("      <skipped message=\"", out);
    if (res->status == RC_STATUS_WAIVED) {
      fputs("WAIVED: ", out);
      esc_xml(out, res->waiver ? res->waiver->reason : "");
    } else {
      esc_xml(out, res->skip_reason ? res->skip_reason : res->message);
    }
    fputs("\"/>\n", out);
    break;
  case PASSED:
    if (res->status != RC_STATUS_PASS) {
      fprintf(out, "      <system-out>%s: ", status);
      put_body(out, res);
      fputs("</system-out>\n", out);
    }
    break;
  }
  fputs("    </testcase>\n", out);
}

struct tally {
  size_t tests, failures, errors, skipped;
  double seconds;
};

static void count(const struct rc_report *rep, const char *cat, struct tally *t)
{
  const struct rc_results *rs = rep->results;
  for (size_t i = 0; i < rs->n; i++) {
    if (cat && strcmp(category_of(rs->items[i].rule), cat) != 0)
      continue;
    enum kind k = kind_of(rep, &rs->items[i]);
    t->tests++;
    t->failures += k == FAILED;
    t->errors += k == ERRORED;
    t->skipped += k == SKIPPED;
    t->seconds += rs->items[i].elapsed_ms / 1000.0;
  }
}

static void put_counts(FILE *out, const struct tally *t)
{
  fprintf(out,
          " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
          "time=\"%.3f\"",
          t->tests, t->failures, t->errors, t->skipped, t->seconds);
}

static void put_property(FILE *out, const char *name, const char *value)
{
  fprintf(out, "      <property name=\"%s\" value=\"", name);
  esc_xml(out, value ? value : "");
  fputs("\"/>\n", out);
}

static void put_properties(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  char score[16];
  snprintf(score, sizeof(score), "%d", sc->score);
  fputs("    <properties>\n", out);
  put_property(out, "verdict", rc_verdict_name(sc->verdict));
  put_property(out, "ready", rc_score_ready(sc) ? "true" : "false");
  put_property(out, "score", sc->has_score ? score : "n/a");
  put_property(out, "commit", rep->git_commit);
  put_property(out, "ruleset_hash", rep->ruleset_hash);
  fputs("    </properties>\n", out);
}

static int write_junit(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  struct tally all = {0};
  count(rep, NULL, &all);
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "
        "name=\"readycheck\"",
        out);
  put_counts(out, &all);
  fputs(">\n", out);
  for (size_t k = 0; k < sc->n_cats; k++) {
    struct tally t = {0};
    count(rep, sc->cats[k].name, &t);
    fputs("  <testsuite name=\"", out);
    esc_xml(out, sc->cats[k].name);
    putc('"', out);
    put_counts(out, &t);
    if (rep->timestamp)
      fprintf(out, " timestamp=\"%.19s\"", rep->timestamp);
    fputs(">\n", out);
    if (k == 0)
      put_properties(out, rep);
    for (size_t i = 0; i < rep->results->n; i++)
      if (strcmp(category_of(rep->results->items[i].rule), sc->cats[k].name) ==
          0)
        put_case(out, rep, &rep->results->items[i]);
    fputs("  </testsuite>\n", out);
  }
  fputs("</testsuites>\n", out);
  if (fflush(out) != 0 || ferror(out))
    return -1;
  return 0;
}

const struct rc_reporter rc_reporter_junit = {
    .name = "junit",
    .ext = "xml",
    .summary = "JUnit XML: one test case per check, for CI test views",
    .write = write_junit,
};
