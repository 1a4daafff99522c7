/*
 * file_regex.c - the `file_regex` probe: a PCRE2 pattern searched line by
 * line (or across whole files) in the files that globs select.
 *
 * Fails closed: an unreadable file or a match that hits a regex limit makes
 * the outcome ERROR whenever it could change the answer, so "must not
 * match" never passes unevaluated. Matching is regex.c's job, file bytes
 * come from index.c, and secrets in evidence are masked by check.c.
 *
 * The check is split into the steps of struct rc_scan_ops (probe.h): the
 * run reads each file once for every file_regex check that selects it and
 * searches on all cores (run/scan.c); check() runs the same steps on its
 * own, so both ways give the same result. This file is the probe's table
 * entry and options; each step has its own file (file_regex_parts.h).
 */
#define _GNU_SOURCE /* memrchr */

#include <ctype.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/appsettings.h"
#include "readycheck/buf.h"
#include "readycheck/codeloads.h"
#include "readycheck/compose.h"
#include "readycheck/disown.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/keyfile.h"
#include "readycheck/mask.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/probe.h"
#include "readycheck/readme.h"
#include "readycheck/referrers.h"
#include "readycheck/regex.h"
#include "readycheck/scan.h"
#include "readycheck/tokencheck.h"
#include "readycheck/vars.h"

#include "file_regex_parts.h"
static const char *const match_names[] = {"any", "all", "none", NULL};

static const char *const use_names[] = {"any",   "used",    "unused",
                                        "baked", "unbaked", NULL};

static const char *const deploys_names[] = {"any", "evidenced", NULL};

static const char *const limited_names[] = {"judged", "pass", "count", NULL};

/* Length of at most max bytes of s[0..len) that ends on a UTF-8 boundary. */
size_t fr_utf8_cut(const char *s, size_t len, size_t max)
{
  if (len <= max)
    return len;
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  return max;
}

const char *fr_shown_pattern(struct rc_arena *a, const char *src)
{
  size_t len = strlen(src), cut = fr_utf8_cut(src, len, PATTERN_SHOWN);
  return rc_arena_printf(a, "%.*s%s", (int)cut, src, cut < len ? "..." : "");
}

const char *fr_plural(size_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

static const struct rc_regex *pattern_of(const void *vcfg)
{
  return ((const struct cfg *)vcfg)->pattern.re;
}

static const struct rc_scan_ops scan_ops = {
    .plan = fr_plan,
    .search = fr_search,
    .fold = fr_fold,
    .finish = fr_finish,
    .found_free = fr_found_free,
    .pattern = pattern_of,
};

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  rc_scan_check(&scan_ops, vcfg, ctx, out);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (cfg->path.n == 0)
    rc = rc_error(d, loc, "'path' needs at least one path or glob");
  if (rc_globs_validate(&cfg->path, "path", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  if (!cfg->pattern.re)
    rc = rc_error(d, loc, "'pattern' is required");
  if (cfg->deploys != DEPLOYS_ANY && !cfg->deployed)
    rc = rc_error(d, loc, "'deploys' applies with 'deployed: true'");
  if (cfg->set_aside_folders && !cfg->skip_files_matching.re)
    rc = rc_error(d, loc,
                  "'set_aside_folders' applies with 'skip_files_matching'");
  if (cfg->skipped_files_are && !cfg->skip_files_matching.re)
    rc = rc_error(d, loc,
                  "'skipped_files_are' applies with 'skip_files_matching'");
  return rc;
}

static const struct rc_field fields[] = {
    {"path", RC_FIELD_STRINGS, offsetof(struct cfg, path), RC_FIELD_REQUIRED,
     NULL, "globs or paths selecting the files to search"},
    {"pattern", RC_FIELD_REGEX, offsetof(struct cfg, pattern),
     RC_FIELD_REQUIRED, NULL,
     "PCRE2 pattern, matched against each line (or the whole file)"},
    {"match", RC_FIELD_ENUM, offsetof(struct cfg, match), 0, match_names,
     "any (default): some file matches; all: every selected file matches; "
     "none: no file matches"},
    {"multiline", RC_FIELD_BOOL, offsetof(struct cfg, multiline), 0, NULL,
     "match each whole file at once instead of line by line"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs removed from the selection"},
    {"deployed", RC_FIELD_BOOL, offsetof(struct cfg, deployed), 0, NULL,
     "only files a deployed service mounts or copies (when any is; else "
     "files outside test, example and development folders)"},
    {"deploys", RC_FIELD_ENUM, offsetof(struct cfg, deploys), 0, deploys_names,
     "with deployed: any (default): as deployed says; evidenced: only files "
     "a deployed service mounts or copies (none: nothing is searched), not "
     "those only compose files without deploy evidence use when others "
     "have it"},
    {"skip_samples", RC_FIELD_BOOL, offsetof(struct cfg, skip_samples), 0, NULL,
     "leave out files in folders a README calls samples not to deploy"},
    {"skip_seed_data", RC_FIELD_BOOL, offsetof(struct cfg, skip_seed_data), 0,
     NULL,
     "leave out files a compose service mounts into a database image's "
     "/docker-entrypoint-initdb.d (seed data loaded on purpose)"},
    {"skip_nonprod", RC_FIELD_BOOL, offsetof(struct cfg, skip_nonprod), 0, NULL,
     "only files the deployment model calls production: not test suites, "
     "development stacks, examples or docs"},
    {"skip_minified", RC_FIELD_BOOL, offsetof(struct cfg, skip_minified), 0,
     NULL,
     "lines over 64 KiB (minified or generated code) are not searched; the "
     "evidence counts them"},
    {"comment_disowns", RC_FIELD_BOOL, offsetof(struct cfg, comment_disowns), 0,
     NULL,
     "a match whose comment or name says the value is fake, a placeholder, "
     "a test's or an example, or that lies in a Python docstring, does not "
     "count"},
    {"verify_checksums", RC_FIELD_BOOL, offsetof(struct cfg, verify_checksums),
     0, NULL,
     "a match in a token format that carries a checksum (GitHub's ghp_, "
     "gho_, ghu_, ghs_, ghr_ and npm's npm_ tokens: a CRC32 in their last "
     "six characters) counts only when the checksum holds"},
    {"skip_block_comments", RC_FIELD_BOOL,
     offsetof(struct cfg, skip_block_comments), 0, NULL,
     "in a C-family source file, a line inside a block comment that opens "
     "on a line of its own (a quoted example) is not searched"},
    {"per_file", RC_FIELD_BOOL, offsetof(struct cfg, per_file), 0, NULL,
     "one piece of evidence per matching file (its first match and the "
     "number of others), not one per line"},
    {"skip_test_only", RC_FIELD_BOOL, offsetof(struct cfg, skip_test_only), 0,
     NULL,
     "a matching file does not count when something names it and only "
     "tests do: test code, configurations only tests load (up to three "
     "files away), CI jobs that run tests"},
    {"skip_code_loaded", RC_FIELD_BOOL, offsetof(struct cfg, skip_code_loaded),
     0, NULL,
     "a matching file does not count when the application's own code (not "
     "tests, not shell scripts) names it in a string literal: a schema and "
     "default rows an installer or migration loads (codeloads.h)"},
    {"skip_non_secret_keys", RC_FIELD_BOOL,
     offsetof(struct cfg, skip_non_secret_keys), 0, NULL,
     "a matching private key does not count when it is no secret: cut "
     "short (a sample in prose or a schema), or the key of a certificate "
     "beside it that names a test identity (keyfile.h); an encrypted or "
     "localhost key as limited_keys says"},
    {"limited_keys", RC_FIELD_ENUM, offsetof(struct cfg, limited_keys), 0,
     limited_names,
     "with skip_non_secret_keys: what an encrypted private key, or one whose "
     "certificate is for localhost only, does: judged (default): it counts "
     "like any other; pass: it does not count; count: it counts whatever "
     "uses it, its evidence saying why it is limited (a localhost key only "
     "where a deployment serves it)"},
    {"django_settings", RC_FIELD_BOOL, offsetof(struct cfg, django_settings), 0,
     NULL,
     "also search the Django settings modules production's "
     "DJANGO_SETTINGS_MODULE names (a production image's ENV, a production "
     "compose file, wsgi.py's default when nothing else names one), and "
     "not a settings module only development or tests name; and the "
     "lines of the Flask config class and Rails environment production "
     "loads (not a development or test class's, nor a comment)"},
    {"skip_compose", RC_FIELD_BOOL, offsetof(struct cfg, skip_compose), 0, NULL,
     "YAML files in Compose's format (a top-level services: mapping with "
     "images or builds) are not searched, whatever they are named: the "
     "compose rules judge them"},
    {"skip_templates", RC_FIELD_BOOL, offsetof(struct cfg, skip_templates), 0,
     NULL,
     "leave out a file that its folder's README or the root README has the "
     "operator edit before use (\"open the .env file and update the "
     "variables\"): a configuration template shipped with defaults"},
    {"deployment_use", RC_FIELD_ENUM, offsetof(struct cfg, deployment_use), 0,
     use_names,
     "any (default): every matching file counts; used: only files the "
     "deployment uses (a production image copies it, by name, its folder "
     "or through a build stage, or a production compose service mounts "
     "it; every file when a directory could not be read); unused: only "
     "the others; baked: only files a production image holds (copies by "
     "name, folder or through a build stage; not a compose mount); "
     "unbaked: the others, a counted file's evidence saying what else "
     "uses it"},
    {"set_aside_folders", RC_FIELD_BOOL,
     offsetof(struct cfg, set_aside_folders), 0, NULL,
     "with skip_files_matching: a matched file in the folder of a file set "
     "aside is set aside too (a detector's rule set keeps one file per "
     "format, and one format's examples may hold another's token)"},
    {"skip_files_matching", RC_FIELD_REGEX,
     offsetof(struct cfg, skip_files_matching), 0, NULL,
     "a matching file does not count when this pattern also matches "
     "anywhere in it (a detector's rule file that spells the format as a "
     "regular expression beside its examples); the evidence notes it"},
    {"skipped_files_are", RC_FIELD_STRING,
     offsetof(struct cfg, skipped_files_are), 0, NULL,
     "with skip_files_matching: what such a file is, in words, for the "
     "note that says it was not counted"},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* `deployed: true` keeps only the files deployed services use, and
 * `skip_samples: true` drops the model's sample collections, and
 * `django_settings: true` asks it which settings modules production loads:
 * all read the deployment model. */
static bool reads_model_for(const void *vcfg)
{
  const struct cfg *cfg = vcfg;
  return cfg->deployed || cfg->skip_samples || cfg->skip_seed_data ||
         cfg->skip_nonprod || cfg->skip_test_only || cfg->django_settings ||
         cfg->deployment_use != USE_ANY;
}

const struct rc_probe rc_probe_file_regex = {
    .name = "file_regex",
    .summary = "a regular expression matches in some, all or none of the "
               "selected files",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .scan = &scan_ops,
    .reads_model_for = reads_model_for,
};
