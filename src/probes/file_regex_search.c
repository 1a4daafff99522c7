/*
 * file_regex_search.c - one file's search (the search step of struct
 * rc_scan_ops, run on any thread): line by line in windows, or across the
 * whole file, with the evidence excerpt masked and cut, and the lines a
 * comment, a later assignment or a long minified line rules out.
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

/* What search() returns for a file without a match it did not search:
 * shared, read only, never freed. */
static const struct found unmatched = {.r = FILE_UNMATCHED};

/* Drops a word cut by the window: a token's first half is not masked. */
static size_t window(const char *text, size_t len)
{
  if (len <= MASK_WINDOW)
    return len;
  size_t n = MASK_WINDOW;
  while (n > 0 && text[n - 1] != ' ' && text[n - 1] != '\t')
    n--;
  return n;
}

/* The matched line as evidence: trimmed, masked while still whole (so the
 * cut cannot expose part of a secret; a huge minified line is masked over
 * a window that ends between words), then cut on a UTF-8 boundary. */
static char *excerpt(const char *text, size_t len)
{
  while (len && (*text == ' ' || *text == '\t')) {
    text++;
    len--;
  }
  while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
                 text[len - 1] == '\r'))
    len--;
  size_t shown = window(text, len);
  struct rc_buf masked, out;
  rc_buf_init(&masked);
  rc_buf_init(&out);
  rc_mask_line(text, shown, &masked);
  size_t cut = fr_utf8_cut(masked.data, masked.len, EXCERPT_MAX);
  rc_buf_add(&out, masked.data, cut);
  if (cut < masked.len || shown < len)
    rc_buf_puts(&out, "...");
  rc_buf_release(&masked);
  char *s = rc_buf_detach(&out);
  rc_buf_release(&out);
  return s;
}

/* What one search call knows: the check's settings and the thread's
 * scratch. Touches nothing shared but the regex budget. */
struct search {
  const struct cfg *cfg;
  size_t ev_max;
  bool prefilter;
  bool counted; /* texts are not needed: the check's evidence is full */
  struct rc_regex_scratch *rs;
  struct found *f;
  enum rc_source_lang lang; /* docstrings, test modules (disown.h) */
  bool c_like; /* a C-family source file: block comments are documentation */
  /* an inherited settings module: "\nNAME\n..." the production module
   * sets again after importing it; NULL otherwise */
  const char *shadowed;
  /* a Flask config module or Rails environment file: only the lines of
   * its production scopes count (the model, appsettings.h) */
  const struct rc_model *scoped;
  const char *path;
  /* a Django settings module (Python, not a Flask config module's class
   * bodies): a line counts only as the value the module ends with */
  bool py_settings;
};

/* In a Python settings module, the line at data[pos..pos+n) is not the
 * value production ends with: it is indented (under an `if`, a `try` or a
 * function: the environment decides whether it runs), or a later line
 * assigns the same name again (`DEBUG = True` then `DEBUG =
 * env.bool("DEBUG", False)`, or `if ENV == "production": DEBUG = False`). */
static bool py_not_final(const char *data, size_t len, size_t pos, size_t n)
{
  const char *line = data + pos;
  if (n && (line[0] == ' ' || line[0] == '\t'))
    return true;
  size_t k = 0;
  while (k < n && (isalnum((unsigned char)line[k]) || line[k] == '_'))
    k++;
  if (!k)
    return false;
  for (const char *p = memchr(line, '\n', len - pos); p && p < data + len;
       p = memchr(p, '\n', (size_t)(data + len - p))) {
    p++;
    const char *q = p;
    while (q < data + len && (*q == ' ' || *q == '\t'))
      q++;
    if ((size_t)(data + len - q) <= k || strncmp(q, line, k) != 0 ||
        isalnum((unsigned char)q[k]) || q[k] == '_')
      continue;
    q += k;
    while (q < data + len && (*q == ' ' || *q == '\t'))
      q++;
    if (q + 1 < data + len && q[0] == '=' && q[1] != '=')
      return true;
  }
  return false;
}

/* A top-level assignment to a name the inheriting module sets again:
 * production runs that value, not this line's. */
static bool shadowed_line(const char *shadowed, const char *line, size_t n)
{
  size_t k = 0;
  while (k < n && (isalnum((unsigned char)line[k]) || line[k] == '_'))
    k++;
  if (!k || k > 120)
    return false;
  char name[128];
  name[0] = '\n';
  memcpy(name + 1, line, k);
  name[k + 1] = '\n';
  name[k + 2] = '\0';
  return strstr(shadowed, name) != NULL;
}

/* Languages whose block comments are slash-star ones. */
static bool c_like(const char *path)
{
  static const char *const exts[] = {
      ".js", ".mjs", ".cjs", ".ts", ".jsx", ".tsx", ".go",    ".java",  ".kt",
      ".cs", ".php", ".c",   ".h",  ".cpp", ".rs",  ".scala", ".swift", NULL};
  const char *dot = strrchr(rc_path_base(path), '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return false;
}

/* The line at bol lies inside a block comment that opens on a line of its
 * own (a quoted example: the registry configuration the Docker docs show,
 * with its sample password). Only a comment whose line starts with the
 * opener counts, so a glob written in a string opens nothing. */
static bool in_block_comment(const char *data, size_t bol)
{
  size_t end = bol;
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && data[start - 1] != '\n')
      start--;
    const char *line = data + start;
    size_t n = end - 1 - start; /* without its newline */
    if (memmem(line, n, "*/", 2))
      return false; /* a comment closed before the line */
    size_t sp = 0;
    while (sp < n && (line[sp] == ' ' || line[sp] == '\t'))
      sp++;
    if (n - sp >= 2 && line[sp] == '/' && line[sp + 1] == '*')
      return true;
    end = start;
  }
  return false;
}

static void on_match(struct search *q, unsigned line, const char *text,
                     size_t len)
{
  struct found *f = q->f;
  if (!f->first_line)
    f->first_line = line;
  if (q->cfg->match == MATCH_ALL)
    return; /* the file is the item, not its lines */
  if (f->n_lines >= q->ev_max || q->counted) {
    f->n_more++;
    return;
  }
  rc_grow((void **)&f->lines, &f->cap_lines, f->n_lines, sizeof(*f->lines));
  f->lines[f->n_lines++] = (struct found_line){line, excerpt(text, len)};
}

/* Whether to keep looking in this file after a match: `all` needs one
 * match per file, the others report every matching line. */
static bool want_more(const struct search *q)
{
  return q->cfg->match != MATCH_ALL;
}

/* Lines of data[pos..len) (a last line without '\n' counts). */
static size_t count_lines(const char *data, size_t pos, size_t len)
{
  size_t n = 0;
  while (pos < len) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    n++;
    pos = nl ? (size_t)(nl - data) + 1 : len;
  }
  return n;
}

static void limit_hit(struct search *q, int rc, unsigned line, size_t left)
{
  q->f->limit_rc = rc;
  q->f->limit_line = line;
  q->f->lines_left = left;
}

/* One line's search from byte `from`. A minified bundle's line of
 * megabytes can exhaust the match limit: a pattern with no literal to
 * start from costs a few steps at every byte, and the limit counts them
 * over the whole line. Such a line is searched again in windows of
 * LINE_WINDOW bytes that overlap by WINDOW_OVERLAP, each a subject of its
 * own with its own limit (its start is a line start to the pattern); only
 * a window that still exhausts the limit leaves the file unknown. */
static int match_line_from(struct search *q, const char *line, size_t n,
                           size_t from, size_t *a, size_t *b)
{
  int rc = rc_regex_match(q->cfg->pattern.re, q->rs, line, n, from, a, b);
  if (rc >= 0 || n <= LINE_WINDOW)
    return rc;
  for (size_t off = from - from % LINE_WINDOW; off < n; off += LINE_WINDOW) {
    size_t len = n - off;
    if (len > LINE_WINDOW + WINDOW_OVERLAP)
      len = LINE_WINDOW + WINDOW_OVERLAP;
    size_t wa = 0, wb = 0;
    rc = rc_regex_match(q->cfg->pattern.re, q->rs, line + off, len,
                        from > off ? from - off : 0, &wa, &wb);
    if (rc == RC_RE_MATCH) {
      *a = off + wa;
      *b = off + wb;
    }
    if (rc != RC_RE_NOMATCH)
      return rc;
  }
  return RC_RE_NOMATCH;
}

/* The line's first match that counts: with verify_checksums, a token
 * whose format carries a checksum that does not hold (tokencheck.h) was
 * never issued, and the search goes on after it. */
static int match_line(struct search *q, const char *line, size_t n, size_t *a,
                      size_t *b)
{
  for (size_t from = 0;;) {
    int rc = match_line_from(q, line, n, from, a, b);
    if (rc != RC_RE_MATCH || !q->cfg->verify_checksums ||
        !rc_token_checksum_fails(line + *a, *b - *a))
      return rc;
    from = *b > from ? *b : from + 1;
    if (from >= n)
      return RC_RE_NOMATCH;
  }
}

/* Whether a pattern matches a line the same way wherever the line sits in
 * its file, and so matches inside the whole file where it matches a line
 * alone. Not so for anchors that see only the file's ends (\A \G \z \Z),
 * lookbehinds that would see the previous line, negative lookaheads and
 * possessive or atomic parts that could see or swallow the next one
 * (`x(?![^;]*-g)` holds on "npm install" alone but not when a later line
 * says -g), \K, verbs that change the newline convention, or inline
 * groups that turn options (multiline) off. */
bool fr_line_local(const char *src)
{
  static const char *const unsafe[] = {"\\A", "\\G", "\\z", "\\Z", "\\K",
                                       "(?<", "(?!", "(?>", "(*",  "*+",
                                       "++",  "?+",  "}+",  NULL};
  for (size_t i = 0; unsafe[i]; i++)
    if (strstr(src, unsafe[i]))
      return false;
  for (const char *p = strstr(src, "(?"); p; p = strstr(p + 2, "(?")) {
    const char *q = p + 2;
    while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
      q++;
    if (*q == '-' || *q == '^')
      return false;
  }
  return true;
}

/* Start of the line holding data[at], counting the lines passed. Matches
 * can be many lines apart: one memrchr and one count, not a memchr per
 * line; the scratch keeps the counts of the file's bytes, so the patterns
 * that search it count its lines once in all (regex.h). */
static size_t line_start(struct rc_regex_scratch *rs, const char *data,
                         size_t len, size_t pos, size_t at, unsigned *line)
{
  const char *nl = memrchr(data + pos, '\n', at - pos);
  if (!nl)
    return pos;
  size_t bol = (size_t)(nl - data) + 1;
  *line += (unsigned)rc_regex_subject_newlines(rs, data, len, pos, bol);
  return bol;
}

/* One line at a time, without its line ending. For a line_local pattern
 * (and a file without CRs: lines are matched without theirs) the whole
 * file is searched first: a line that matches alone also matches there,
 * so the next match in the file says which line is the next that can
 * match, and the lines before it are skipped unsearched; no match at all
 * rules the rest of the file out. A limit hit there proves nothing, and
 * the lines are then searched one by one. */
/* Some line is longer than MINIFIED_LINE. */
static bool has_long_line(const char *data, size_t len)
{
  size_t pos = 0;
  while (len - pos > MINIFIED_LINE) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) : len;
    if (end - pos > MINIFIED_LINE)
      return true;
    pos = end + 1;
  }
  return false;
}

static enum file_result scan_lines(struct search *q, const char *data,
                                   size_t len)
{
  bool guided = q->prefilter && !rc_regex_subject_has_cr(q->rs, data, len);
  /* Every match holds one of the pattern's strings (literals.h), and a
   * line's match lies in the line: lines without any are not searched,
   * found by one literal scan instead of a regex search of each line (or
   * of the rest of the file). Not where a long line is, whose note counts
   * the minified lines the search reaches. */
  bool by_strings = rc_regex_has_literals(q->cfg->pattern.re) &&
                    !(q->cfg->skip_minified && has_long_line(data, len));
  bool matched = false;
  unsigned line = 1;
  for (size_t pos = 0; pos < len; line++) {
    if (by_strings) {
      size_t at;
      if (!rc_regex_next_candidate_in(q->cfg->pattern.re, q->rs, data, len, pos,
                                      &at))
        break;
      pos = line_start(q->rs, data, len, pos, at, &line);
    } else if (guided) {
      size_t at;
      int rc =
          rc_regex_match(q->cfg->pattern.re, q->rs, data, len, pos, &at, NULL);
      if (rc == RC_RE_NOMATCH)
        break;
      if (rc == RC_RE_MATCH)
        pos = line_start(q->rs, data, len, pos, at, &line);
      else
        guided = false;
    }
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) : len, n = end - pos;
    if (n && data[pos + n - 1] == '\r')
      n--;
    if (q->cfg->skip_minified && n > MINIFIED_LINE) {
      q->f->n_minified++;
      pos = end + 1;
      continue;
    }
    size_t a = 0, b = 0;
    int rc = match_line(q, data + pos, n, &a, &b);
    if (rc == RC_RE_MATCH &&
        !(q->shadowed && shadowed_line(q->shadowed, data + pos, n)) &&
        !(q->py_settings && py_not_final(data, len, pos, n)) &&
        !(q->scoped && !rc_model_app_settings_line(q->scoped, q->path, line,
                                                   data + pos, n)) &&
        !(q->cfg->comment_disowns &&
          rc_disowned(data, len, pos, pos + n, pos + a, pos + b, q->lang)) &&
        !(q->cfg->skip_block_comments && q->c_like &&
          in_block_comment(data, pos))) {
      matched = true;
      on_match(q, line, data + pos, n);
      if (!want_more(q))
        break;
    } else if (rc < 0) {
      limit_hit(q, rc, line, count_lines(data, end + 1, len));
      break;
    }
    pos = end + 1;
  }
  return matched          ? FILE_MATCHED
         : q->f->limit_rc ? FILE_UNKNOWN
                          : FILE_UNMATCHED;
}

/* The whole file as one subject; one piece of evidence per matched line. */
static enum file_result scan_whole(struct search *q, const char *data,
                                   size_t len)
{
  size_t start = 0, counted = 0;
  unsigned line = 1;
  bool matched = false;
  for (;;) {
    size_t a, b;
    int rc =
        rc_regex_match(q->cfg->pattern.re, q->rs, data, len, start, &a, &b);
    for (; counted < (rc == RC_RE_MATCH ? a : start); counted++)
      line += data[counted] == '\n';
    if (rc < 0)
      limit_hit(q, rc, line, 0);
    if (rc != RC_RE_MATCH)
      return matched ? FILE_MATCHED : rc < 0 ? FILE_UNKNOWN : FILE_UNMATCHED;
    size_t bol = a;
    while (bol > 0 && data[bol - 1] != '\n')
      bol--;
    const char *nl = memchr(data + a, '\n', len - a);
    size_t eol = nl ? (size_t)(nl - data) : len;
    if ((q->cfg->verify_checksums &&
         rc_token_checksum_fails(data + a, b - a)) ||
        (q->cfg->comment_disowns &&
         rc_disowned(data, len, bol, eol, a, b < eol ? b : eol, q->lang))) {
      if (eol >= len)
        return matched ? FILE_MATCHED : FILE_UNMATCHED;
      start = b > eol + 1 ? b : eol + 1;
      continue;
    }
    matched = true;
    on_match(q, line, data + bol, eol - bol);
    if (!want_more(q) || eol >= len)
      return FILE_MATCHED;
    start = b > eol + 1 ? b : eol + 1;
  }
}

static bool yaml_name(const char *path)
{
  size_t n = strlen(path);
  return (n > 4 && strcmp(path + n - 4, ".yml") == 0) ||
         (n > 5 && strcmp(path + n - 5, ".yaml") == 0);
}

/* skip_files_matching: the whole file is searched once, only when it
 * matched, so a detector's rule file (the format's regular expression and
 * the examples that exercise it) is known by what else it holds. A regex
 * limit counts as no match: the file's matches stand. */
static bool set_aside(const struct cfg *cfg, struct rc_regex_scratch *rs,
                      const char *data, size_t len)
{
  size_t a, b;
  return cfg->skip_files_matching.re &&
         rc_regex_match(cfg->skip_files_matching.re, rs, data, len, 0, &a,
                        &b) == RC_RE_MATCH;
}

void *fr_search(const void *vcfg, const void *vstate, const char *path,
                const char *data, size_t len, struct rc_regex_scratch *rs)
{
  const struct cfg *cfg = vcfg;
  const struct scan *s = vstate;
  /* Most files lack every string a match needs: no search at all, and no
   * allocation either (one per file and pattern: three million on a tree of
   * 200,000 files and 15 patterns). A compose overlay (`db.pgsql.yml`) is the
   * compose rules' to judge. */
  if (!rc_regex_may_match_in(cfg->pattern.re, rs, data, len) ||
      (cfg->skip_compose && yaml_name(path) && rc_compose_is_format(data, len)))
    return (void *)&unmatched;
  struct found *f = rc_xcalloc(1, sizeof(*f));
  struct search q = {cfg,
                     s->ev_max,
                     s->prefilter,
                     atomic_load(&s->ev_full),
                     rs,
                     f,
                     rc_source_lang_of(path),
                     c_like(path),
                     NULL,
                     NULL,
                     path,
                     false};
  if (s->settings)
    rc_model_settings_inherited(s->settings, path, &q.shadowed);
  if (s->settings && rc_model_app_settings_file(s->settings, path))
    q.scoped = s->settings;
  const char *ext = strrchr(rc_path_base(path), '.');
  q.py_settings = s->settings && !q.scoped && ext && strcmp(ext, ".py") == 0;
  rc_regex_scratch_charge(rs, s->budget);
  f->r = cfg->multiline ? scan_whole(&q, data, len) : scan_lines(&q, data, len);
  if (f->r == FILE_MATCHED && set_aside(cfg, rs, data, len)) {
    for (size_t i = 0; i < f->n_lines; i++)
      free(f->lines[i].text);
    f->n_lines = f->n_more = 0;
    f->first_line = 0;
    f->r = FILE_UNMATCHED;
    f->set_aside = true;
  }
  rc_regex_scratch_charge(rs, NULL);
  return f;
}

void fr_found_free(void *vf)
{
  struct found *f = vf;
  if (!f || f == &unmatched)
    return;
  for (size_t i = 0; i < f->n_lines; i++)
    free(f->lines[i].text);
  free(f->lines);
  free(f);
}
