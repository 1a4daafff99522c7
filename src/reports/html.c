/*
 * html.c - one self-contained page for people who get the report as a file
 * or an artifact: verdict and score gauge, the blockers named up front,
 * category bars, then every check as a collapsible <details>, blockers
 * first and open. No script, no fonts, no images from anywhere: styles are
 * inline, the gauge is inline SVG, and a Content-Security-Policy forbids
 * loading anything, so the page renders the same offline. Every piece of
 * repository or rule text is escaped (escape.h).
 */
#include <stdio.h>
#include <string.h>

#include "brief.h"
#include "escape.h"
#include "readycheck/policy.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

#define EVIDENCE_TEXT_MAX 240

static const char style[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;"
    "margin:0;background:#f6f7f9;color:#1d2330}"
    "main{max-width:960px;margin:0 auto;padding:24px}"
    "header{display:flex;gap:24px;align-items:center;background:#fff;"
    "border-radius:10px;padding:20px;box-shadow:0 1px 3px #0002}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px}"
    ".meta{color:#5a6275;font-size:13px}"
    ".verdict{display:inline-block;font-weight:700;padding:3px 10px;"
    "border-radius:4px;color:#fff;margin:6px 0}"
    ".READY{background:#2da44e}.WARN-V{background:#bf8700}"
    ".BLOCKED{background:#cf222e}.INCOMPLETE{background:#8250df}"
    ".summary{margin:8px 0 0}"
    "table{border-collapse:collapse;width:100%;background:#fff;"
    "border-radius:8px;overflow:hidden}"
    "td,th{padding:6px 10px;border-bottom:1px solid #eaecf0;text-align:left}"
    ".bar{background:#eaecf0;border-radius:3px;height:8px;width:160px}"
    ".bar span{display:block;height:8px;border-radius:3px;background:#2da44e}"
    "details{background:#fff;border-radius:8px;margin:6px 0;"
    "box-shadow:0 1px 2px #0001}"
    "summary{cursor:pointer;padding:9px 12px;list-style-position:inside}"
    "details>div{padding:0 16px 12px 16px}"
    ".tag{display:inline-block;min-width:58px;text-align:center;"
    "font-size:12px;font-weight:700;border-radius:4px;padding:1px 6px;"
    "margin-right:8px;color:#fff}"
    ".t-PASS{background:#2da44e}.t-WARN{background:#bf8700}"
    ".t-BLOCK{background:#cf222e}.t-INFO{background:#0969da}"
    ".t-SKIP{background:#8c959f}.t-ERROR{background:#8250df}"
    ".t-WAIVED{background:#1b7c83}"
    "code{font:13px ui-monospace,monospace;background:#eff1f4;"
    "padding:1px 4px;border-radius:3px;word-break:break-all}"
    "ul.ev{padding-left:18px}ul.ev li.ok{color:#5a6275}"
    ".id{color:#5a6275;font-size:13px}footer{color:#5a6275;font-size:13px;"
    "margin-top:28px}";

static const char *verdict_class(const struct rc_score *sc)
{
  switch (sc->verdict) {
  case RC_VERDICT_READY:
    return "READY";
  case RC_VERDICT_READY_WITH_WARNINGS:
    return "WARN-V";
  case RC_VERDICT_BLOCKED:
    return "BLOCKED";
  default:
    return "INCOMPLETE";
  }
}

static const char *plural(size_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* The score as an arc: a circle whose dash covers score percent. */
static void put_gauge(FILE *out, const struct rc_score *sc)
{
  const double circumference = 2 * 3.14159265 * 52;
  double filled = sc->has_score ? circumference * sc->score / 100.0 : 0;
  const char *color = sc->verdict == RC_VERDICT_BLOCKED      ? "#cf222e"
                      : sc->verdict == RC_VERDICT_INCOMPLETE ? "#8250df"
                      : sc->verdict == RC_VERDICT_READY      ? "#2da44e"
                                                             : "#bf8700";
  fprintf(out,
          "<svg width=\"128\" height=\"128\" viewBox=\"0 0 128 128\" "
          "role=\"img\" aria-label=\"score\">"
          "<circle cx=\"64\" cy=\"64\" r=\"52\" fill=\"none\" "
          "stroke=\"#eaecf0\" stroke-width=\"12\"/>"
          "<circle cx=\"64\" cy=\"64\" r=\"52\" fill=\"none\" stroke=\"%s\" "
          "stroke-width=\"12\" stroke-linecap=\"round\" "
          "stroke-dasharray=\"%.1f %.1f\" transform=\"rotate(-90 64 64)\"/>",
          color, filled, circumference);
  if (sc->has_score)
    fprintf(out,
            "<text x=\"64\" y=\"66\" text-anchor=\"middle\" font-size=\"30\" "
            "font-weight=\"700\" fill=\"#1d2330\">%d</text>"
            "<text x=\"64\" y=\"90\" text-anchor=\"middle\" font-size=\"14\" "
            "fill=\"#5a6275\">grade %c</text>",
            sc->score, sc->grade);
  else
    fputs("<text x=\"64\" y=\"70\" text-anchor=\"middle\" font-size=\"18\" "
          "fill=\"#5a6275\">n/a</text>",
          out);
  fputs("</svg>\n", out);
}

static void put_blocker_names(FILE *out, const struct rc_report *rep)
{
  size_t k = 0;
  for (size_t i = 0; i < rep->results->n; i++) {
    const struct rc_result *res = &rep->results->items[i];
    if (res->status != RC_STATUS_BLOCK)
      continue;
    fputs(k++ ? ", " : " Blockers: ", out);
    fputs("<code>", out);
    esc_xml(out, res->rule->id);
    fputs("</code>", out);
  }
  if (k)
    putc('.', out);
}

static void put_sentence(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  const size_t *n = sc->counts;
  fputs("<p class=\"summary\">", out);
  if (sc->nothing_to_check)
    fputs("Readiness unknown: nothing to check, the folder holds no file "
          "(wrong folder?).",
          out);
  else if (rep->gate_new_only && rep->baseline)
    fprintf(out, "%s: %zu new blocking %s since the baseline.",
            rc_score_ready(sc) ? "Gate passed" : "Not ready", sc->new_gating,
            plural(sc->new_gating, "finding", "findings"));
  else if (sc->verdict == RC_VERDICT_BLOCKED)
    fprintf(out, "Not ready: %zu %s must be fixed before release.",
            n[RC_STATUS_BLOCK],
            plural(n[RC_STATUS_BLOCK], "blocker", "blockers"));
  else if (sc->verdict == RC_VERDICT_INCOMPLETE)
    fputs("Readiness unknown: a block-severity check could not be evaluated.",
          out);
  else if (!rc_score_ready(sc))
    fputs("Not ready: warnings fail this run (--fail-on warn).", out);
  else if (n[RC_STATUS_WARN])
    fprintf(out, "Ready for release with %zu %s to address.", n[RC_STATUS_WARN],
            plural(n[RC_STATUS_WARN], "warning", "warnings"));
  else
    fputs("Ready for release.", out);
  if (sc->below_min_score && rep->policy)
    fprintf(out, " The score is below the required %d.",
            rep->policy->min_score);
  put_blocker_names(out, rep);
  fprintf(out,
          "</p>\n<p class=\"meta\">%zu checks: %zu passed, %zu %s, %zu %s, "
          "%zu %s, %zu waived, %zu informational, %zu informational with no "
          "finding, %zu not applicable.</p>\n",
          sc->n_checks, sc->passed, n[RC_STATUS_WARN],
          plural(n[RC_STATUS_WARN], "warning", "warnings"), n[RC_STATUS_BLOCK],
          plural(n[RC_STATUS_BLOCK], "blocker", "blockers"), n[RC_STATUS_ERROR],
          plural(n[RC_STATUS_ERROR], "error", "errors"), n[RC_STATUS_WAIVED],
          n[RC_STATUS_INFO], sc->info_held, n[RC_STATUS_SKIP]);
}

static void put_header(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  fputs("<header>\n", out);
  put_gauge(out, sc);
  fputs("<div>\n<h1>Readiness report: ", out);
  esc_xml(out, rep->repo_name ? rep->repo_name : "repository");
  fputs("</h1>\n<div class=\"meta\">", out);
  if (rep->git_commit) {
    fputs("commit <code>", out);
    esc_xml_clipped(out, rep->git_commit, 12);
    fputs("</code>", out);
    if (rep->git_branch) {
      fputs(" on ", out);
      esc_xml(out, rep->git_branch);
    }
  } else {
    fputs("not a git checkout", out);
  }
  fputs(" &middot; ", out);
  esc_xml(out, rep->date);
  fprintf(out, "</div>\n<span class=\"verdict %s\">%s</span>\n",
          verdict_class(sc), rc_verdict_name(sc->verdict));
  put_sentence(out, rep);
  fputs("</div>\n</header>\n", out);
}

static void put_categories(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  fputs("<h2>Categories</h2>\n<table>\n<tr><th>Category</th><th>Score</th>"
        "<th></th><th>Passed</th><th>Warnings</th><th>Blockers</th>"
        "<th>Errors</th><th>Waived</th></tr>\n",
        out);
  for (size_t k = 0; k < sc->n_cats; k++) {
    const struct rc_category_score *c = &sc->cats[k];
    fputs("<tr><td>", out);
    esc_xml(out, c->name);
    if (c->score >= 0)
      fprintf(out,
              "</td><td>%d</td><td><div class=\"bar\"><span "
              "style=\"width:%d%%\"></span></div></td>",
              c->score, c->score);
    else
      fputs("</td><td>n/a</td><td></td>", out);
    fprintf(out,
            "<td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>"
            "</tr>\n",
            c->passed, c->counts[RC_STATUS_WARN], c->counts[RC_STATUS_BLOCK],
            c->counts[RC_STATUS_ERROR], c->counts[RC_STATUS_WAIVED]);
  }
  fputs("</table>\n", out);
}

static void put_path(FILE *out, const struct rc_report *rep,
                     const struct rc_evidence *e)
{
  bool link = rep->link_base && !strstr(e->path, "://");
  if (link) {
    fputs("<a href=\"", out);
    esc_xml(out, rep->link_base);
    esc_xml(out, e->path);
    if (e->line)
      fprintf(out, "#L%u", e->line);
    fputs("\">", out);
  }
  fputs("<code>", out);
  esc_xml(out, e->path);
  if (e->line)
    fprintf(out, ":%u", e->line);
  fputs("</code>", out);
  if (link)
    fputs("</a>", out);
}

static void put_evidence(FILE *out, const struct rc_report *rep,
                         const struct rc_result *res)
{
  if (!res->n_ev)
    return;
  fputs("<ul class=\"ev\">\n", out);
  for (size_t i = 0; i < res->n_ev; i++) {
    const struct rc_evidence *e = &res->ev[i];
    bool ok = e->mark == RC_EV_PASS;
    fprintf(out, "<li class=\"%s\">%s ", ok ? "ok" : "fail",
            ok ? "&#10003;" : "&#10007;");
    /* the check's one finding, said by the message above: where it is */
    bool said = e->path && brief_item_says(e, res->message ? res->message : "");
    if (e->path)
      put_path(out, rep, e);
    if (e->path && !said)
      putc(' ', out);
    if (!said)
      esc_xml_clipped(out, e->text, EVIDENCE_TEXT_MAX);
    if (e->waiver) {
      fputs(" <em>(waived: ", out);
      esc_xml(out, e->waiver->reason);
      fputs(")</em>", out);
    }
    fputs("</li>\n", out);
  }
  /* the items left out that pass are said apart, as in the text report:
   * "... and 58 more" under "8 of 63 fail" reads as 58 more failures */
  size_t passing = res->status != RC_STATUS_PASS ? res->n_ev_dropped_pass : 0;
  size_t more = res->n_ev_dropped - passing;
  if (more && passing)
    fprintf(out, "<li>... and %zu more, and %zu that pass</li>\n", more,
            passing);
  else if (passing)
    fprintf(out, "<li>... and %zu that pass</li>\n", passing);
  else if (more)
    fprintf(out, "<li>... and %zu more</li>\n", more);
  fputs("</ul>\n", out);
}

/* Rule prose: `code` spans become <code>, the rest is escaped text; an
 * unmatched backtick is just text. */
static void put_prose(FILE *out, const char *s)
{
  for (const char *p = s; *p;) {
    const char *open = strchr(p, '`');
    const char *close = open ? strchr(open + 1, '`') : NULL;
    if (!close) {
      esc_xml(out, p);
      return;
    }
    esc_xml_n(out, p, (size_t)(open - p));
    fputs("<code>", out);
    esc_xml_n(out, open + 1, (size_t)(close - open - 1));
    fputs("</code>", out);
    p = close + 1;
  }
}

static void put_labelled(FILE *out, const char *label, const char *text)
{
  if (!text || !text[0])
    return;
  fprintf(out, "<p><strong>%s</strong>: ", label);
  put_prose(out, text);
  fputs("</p>\n", out);
}

static void put_check(FILE *out, const struct rc_report *rep,
                      const struct rc_result *res, bool open)
{
  const char *st = rc_status_name(res->status);
  fprintf(out, "<details%s><summary><span class=\"tag t-%s\">%s</span>",
          open ? " open" : "", st, st);
  esc_xml(out, res->rule->title);
  fputs(" <span class=\"id\">", out);
  esc_xml(out, res->rule->id);
  fputs("</span></summary>\n<div>\n", out);
  put_labelled(out, res->status == RC_STATUS_SKIP ? "Not applicable" : "Found",
               res->status == RC_STATUS_SKIP && res->skip_reason
                   ? res->skip_reason
                   : res->message);
  if (res->waiver) {
    fputs("<p><strong>Waived</strong>: ", out);
    esc_xml(out, res->waiver->reason);
    if (res->waiver->owner) {
      fputs(" (owner ", out);
      esc_xml(out, res->waiver->owner);
      putc(')', out);
    }
    if (res->waiver->expires) {
      fputs(", until ", out);
      esc_xml(out, res->waiver->expires);
    }
    fputs("</p>\n", out);
  }
  put_evidence(out, rep, res);
  if (res->status != RC_STATUS_PASS && res->status != RC_STATUS_SKIP) {
    put_labelled(out, "Fix", res->rule->remediation);
    put_labelled(out, "Why it matters", res->rule->rationale);
  }
  fprintf(out, "<p class=\"id\">%s severity, weight %g, ",
          rc_severity_name(res->rule->severity), res->rule->weight);
  esc_xml(out, res->rule->category);
  fputs("</p>\n</div></details>\n", out);
}

/* The checks of status st; an informational check that held is listed
 * apart from the passes (held), since it is never scored. */
static void put_section(FILE *out, const struct rc_report *rep,
                        enum rc_status st, bool held, const char *heading,
                        bool open)
{
  const struct rc_results *rs = rep->results;
  size_t n = 0;
  for (size_t i = 0; i < rs->n; i++)
    n +=
        rs->items[i].status == st && rc_result_info_held(&rs->items[i]) == held;
  if (n == 0)
    return;
  fprintf(out, "<h2>%s (%zu)</h2>\n", heading, n);
  for (size_t i = 0; i < rs->n; i++)
    if (rs->items[i].status == st && rc_result_info_held(&rs->items[i]) == held)
      put_check(out, rep, &rs->items[i], open);
}

static void put_waivers(FILE *out, const struct rc_report *rep)
{
  if (!rep->waivers || rep->waivers->n == 0)
    return;
  fputs("<h2>Waivers</h2>\n<table>\n<tr><th>Rule</th><th>State</th>"
        "<th>Reason</th><th>Owner</th><th>Expires</th><th>Where</th></tr>\n",
        out);
  for (size_t i = 0; i < rep->waivers->n; i++) {
    const struct rc_waiver *w = &rep->waivers->items[i];
    fputs("<tr><td><code>", out);
    esc_xml(out, w->rule);
    fprintf(out, "</code></td><td>%s</td><td>",
            w->expired ? "expired"
            : w->hits  ? "in force"
                       : "stale");
    esc_xml(out, w->reason);
    fputs("</td><td>", out);
    esc_xml(out, w->owner ? w->owner : "");
    fputs("</td><td>", out);
    esc_xml(out, w->expires ? w->expires : "never");
    fputs("</td><td>", out);
    esc_xml(out, w->where);
    fputs("</td></tr>\n", out);
  }
  fputs("</table>\n", out);
}

static void put_footer(FILE *out, const struct rc_report *rep)
{
  const struct rc_policy *p = rep->policy;
  fputs("<footer>Gate: fail on ", out);
  fputs(p && p->fail_on_new    ? "new blockers"
        : p && p->fail_on_warn ? "warnings"
                               : "blockers",
        out);
  if (p && p->min_score >= 0)
    fprintf(out, ", minimum score %d", p->min_score);
  fputs(" &middot; configuration: ", out);
  esc_xml(out, rep->config_file ? rep->config_file : "none");
  fputs(" &middot; ruleset <code>", out);
  esc_xml(out, rep->ruleset_hash ? rep->ruleset_hash : "unknown");
  fputs("</code> &middot; readycheck ", out);
  esc_xml(out, rep->version);
  fputs("</footer>\n", out);
}

static int write_html(FILE *out, const struct rc_report *rep)
{
  fputs(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<title>Readiness report: ",
      out);
  esc_xml(out, rep->repo_name ? rep->repo_name : "repository");
  fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", style);
  put_header(out, rep);
  put_section(out, rep, RC_STATUS_BLOCK, false, "Blockers", true);
  put_section(out, rep, RC_STATUS_ERROR, false, "Could not be evaluated", true);
  put_section(out, rep, RC_STATUS_WARN, false, "Warnings", false);
  put_section(out, rep, RC_STATUS_WAIVED, false, "Waived", false);
  put_section(out, rep, RC_STATUS_INFO, false, "Informational", false);
  put_categories(out, rep);
  put_waivers(out, rep);
  put_section(out, rep, RC_STATUS_PASS, false, "Passed", false);
  put_section(out, rep, RC_STATUS_PASS, true,
              "Informational checks with no finding", false);
  put_section(out, rep, RC_STATUS_SKIP, false, "Not applicable", false);
  put_footer(out, rep);
  fputs("</main>\n</body>\n</html>\n", out);
  if (fflush(out) != 0 || ferror(out))
    return -1;
  return 0;
}

const struct rc_reporter rc_reporter_html = {
    .name = "html",
    .ext = "html",
    .summary = "self-contained HTML page (no scripts, no external assets)",
    .write = write_html,
};
