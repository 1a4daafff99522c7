/*
 * cmd_audit.c - `readycheck audit REPORT.md [PATH]`: a hand-written
 * readiness report cross-examined claim by claim. The report is read and
 * its claims extracted first (an unreadable report stops before any
 * check runs), then the same run as `check` (rc_check_run_new), then the
 * judgement (audit.h) and the audit outputs. Exit: 0 nothing contradicted,
 * 1 a claim contradicted by a BLOCK (or a WARN with --fail-on warn), 2 bad
 * invocation or unreadable report, 3 an output not written or a claim left
 * unverified because a check it rests on could not be evaluated.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "readycheck/audit.h"
#include "readycheck/claims.h"
#include "readycheck/commands.h"
#include "readycheck/markdown.h"
#include "readycheck/mem.h"
#include "readycheck/normalize.h"
#include "readycheck/report.h"

static int check_options(const struct rc_options *o, struct rc_diag *d)
{
  int rc = 0;
  if (!rc_audit_reporter_find(o->format))
    rc = rc_error(d, NULL, "unknown audit format '%s' (expected %s)", o->format,
                  rc_audit_reporter_names());
  for (size_t i = 0; i < o->n_reports; i++) {
    const char *f = o->reports[i].format;
    if (!rc_audit_reporter_find(f))
      rc = rc_error(d, NULL,
                    "unknown audit report format '%s' in --report "
                    "(expected %s)",
                    f, rc_audit_reporter_names());
    else if (o->reports[i].path[0] == '+' && strcmp(f, "json") == 0)
      rc = rc_error(d, NULL,
                    "--report %s=%s: only text and markdown audits can be "
                    "appended to a file",
                    f, o->reports[i].path);
  }
  if (o->baseline)
    rc = rc_error(d, NULL, "--baseline does not apply to audit");
  if (o->fail_on_new && o->fail_on_set)
    rc = rc_error(d, NULL,
                  "--fail-on new does not apply to audit (use block or warn)");
  return rc;
}

/* The whole report, NUL-terminated; RC_MD_MAX + 1 bytes at most, so the
 * reader can say it is too large. */
static char *read_report(const char *path, size_t *len, struct rc_diag *d)
{
  struct stat st;
  if (stat(path, &st) != 0) {
    rc_error(d, NULL, "cannot read report '%s': %s", path, strerror(errno));
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    rc_error(d, NULL, "cannot read report '%s': not a regular file", path);
    return NULL;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    rc_error(d, NULL, "cannot read report '%s': %s", path, strerror(errno));
    return NULL;
  }
  char *buf = rc_xmalloc((size_t)RC_MD_MAX + 2);
  *len = fread(buf, 1, (size_t)RC_MD_MAX + 1, f);
  int failed = ferror(f);
  int saved = errno;
  fclose(f);
  if (failed) {
    free(buf);
    rc_error(d, NULL, "cannot read report '%s': %s", path, strerror(saved));
    return NULL;
  }
  buf[*len] = '\0';
  return buf;
}

/* Report -> Markdown units -> claims. Returns 0, or -1 with errors. */
static int read_claims(const char *path, const char *text, size_t len,
                       struct rc_claims *claims, struct rc_diag *d)
{
  size_t fixed_len;
  char *fixed = rc_norm_repair(text, len, &fixed_len);
  struct rc_md_doc doc;
  rc_md_init(&doc);
  int rc = rc_md_read(&doc, path, fixed, fixed_len, d);
  if (rc == 0)
    rc = rc_claims_extract(claims, &doc, d);
  if (rc == 0 && claims->n == 0)
    rc = rc_error(d, NULL,
                  "no claims found in '%s': no checklist items, status "
                  "markers (✅ ❌ ⚠️, PASS, DONE) or readiness verdicts",
                  path);
  rc_md_release(&doc);
  free(fixed);
  return rc;
}

struct audit_job {
  const struct rc_audit_reporter *rep;
  const struct rc_audit *audit;
};

static int write_audit(FILE *out, const void *p)
{
  const struct audit_job *j = p;
  return j->rep->write(out, j->audit);
}

/* --report files, then standard output (unless a report took it). */
static int emit(const struct rc_options *o, const struct rc_audit *a,
                struct rc_diag *d)
{
  int failed = 0;
  bool stdout_taken = false;
  for (size_t i = 0; i < o->n_reports; i++) {
    struct rc_audit copy = *a;
    bool to_stdout = strcmp(o->reports[i].path, "-") == 0;
    stdout_taken |= to_stdout;
    copy.color =
        to_stdout && a->color && strcmp(o->reports[i].format, "text") == 0;
    struct audit_job j = {rc_audit_reporter_find(o->reports[i].format), &copy};
    if (rc_cmd_write(o->reports[i].path, write_audit, &j, d) != 0)
      failed = -1;
  }
  if (!stdout_taken) {
    struct rc_audit copy = *a;
    copy.color = a->color && strcmp(o->format, "text") == 0;
    struct audit_job j = {rc_audit_reporter_find(o->format), &copy};
    if (rc_cmd_write("-", write_audit, &j, d) != 0)
      failed = -1;
  }
  return failed;
}

int rc_cmd_audit(const struct rc_options *o, const struct rc_ruleset *rs,
                 struct rc_diag *d)
{
  const char *path = o->args[0];
  if (rc_cmd_check_selectors(o, rs, d) != 0 || check_options(o, d) != 0 ||
      rc_cmd_check_destinations(o, d) != 0)
    return RC_EXIT_USAGE;
  size_t len = 0;
  char *source = read_report(path, &len, d);
  if (!source)
    return RC_EXIT_USAGE;
  struct rc_claims claims;
  rc_claims_init(&claims);
  struct rc_check_run *cr = NULL;
  int status = RC_EXIT_USAGE;
  if (read_claims(path, source, len, &claims, d) != 0 ||
      !(cr = rc_check_run_new(o, rs, d)))
    goto out;
  const struct rc_report *run = rc_check_run_report(cr);
  struct rc_audit audit;
  rc_audit_init(&audit);
  audit.report_path = path;
  audit.source = source;
  audit.source_len = len;
  audit.color = run->color;
  audit.verbosity = o->verbosity;
  rc_audit_judge(&audit, &claims, rs, run, o->fail_on_warn);
  if (emit(o, &audit, d) != 0)
    status = RC_EXIT_INCOMPLETE;
  else if (audit.n_gating)
    status = RC_EXIT_NOT_READY;
  else if (audit.n_unknown)
    status = RC_EXIT_INCOMPLETE;
  else
    status = RC_EXIT_READY;
  rc_audit_release(&audit);
out:
  rc_check_run_free(cr);
  rc_claims_release(&claims);
  free(source);
  return status;
}
