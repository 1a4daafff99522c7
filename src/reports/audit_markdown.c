/*
 * audit_markdown.c - the report annotated in place: the author's own
 * document, byte for byte, with a summary block quote at the top and a
 * short readycheck note after each claim. A note goes where it changes no
 * structure (markdown.h): under a list item as a nested item at the
 * item's content column, after any other block as a block quote of its
 * own. Notes start with "readycheck:" so an audit of the annotated copy
 * skips them (claims.c). Repository text in notes is escaped: it cannot
 * open a link, a code span or raw HTML.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/audit.h"
#include "readycheck/claims.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"

/* Bytes of a rule message or evidence text shown in a note. */
#define NOTE_TEXT_MAX 160

static const char *const judgement_mark[RC_JUDGE_COUNT] = {
    "\U0001F534", /* red circle: contradicted */
    "\U0001F7E2", /* green circle: confirmed */
    "\u26AA",     /* white circle: unverified */
};

static const char *const judgement_word[RC_JUDGE_COUNT] = {
    "contradicted", "confirmed", "unverified"};

/* Text with every character Markdown could read as syntax escaped, line
 * breaks as spaces, cut at max bytes (whole characters). */
static void put_escaped(FILE *out, const char *s, size_t max)
{
  if (!s)
    return;
  size_t n = strlen(s);
  bool cut = n > max;
  if (cut) {
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
      n--;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n' || c == '\r' || c == '\t')
      putc(' ', out);
    else if (c < 0x20 || c == 0x7F)
      continue;
    else if (strchr("\\`*_[]<>|~&#!", c))
      fprintf(out, "\\%c", c);
    else
      putc(c, out);
  }
  if (cut)
    fputs("...", out);
}

/* A code span that survives backticks in s: a fence one longer than the
 * longest run inside, padded when s starts or ends with a backtick. */
static void put_code(FILE *out, const char *s)
{
  size_t run = 0, longest = 0;
  for (const char *p = s; *p; p++) {
    run = *p == '`' ? run + 1 : 0;
    if (run > longest)
      longest = run;
  }
  size_t len = strlen(s);
  bool pad = len && (s[0] == '`' || s[len - 1] == '`');
  for (size_t i = 0; i <= longest; i++)
    putc('`', out);
  if (pad)
    putc(' ', out);
  for (const char *p = s; *p; p++)
    putc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
  if (pad)
    putc(' ', out);
  for (size_t i = 0; i <= longest; i++)
    putc('`', out);
}

/* Where the first failing (or any) evidence item of r points. */
static const struct rc_evidence *first_evidence(const struct rc_result *r)
{
  for (size_t i = 0; i < r->n_ev; i++)
    if (r->ev[i].mark != RC_EV_PASS || r->status == RC_STATUS_PASS)
      return &r->ev[i];
  return NULL;
}

static void put_rule_note(FILE *out, const struct rc_result *r)
{
  put_code(out, r->rule->id);
  fprintf(out, " %s: ", rc_status_name(r->status));
  put_escaped(out, r->message, NOTE_TEXT_MAX);
  const struct rc_evidence *e = first_evidence(r);
  if (!e || !e->path || r->status == RC_STATUS_PASS)
    return;
  char loc[512];
  if (e->line)
    snprintf(loc, sizeof(loc), "%s:%u", e->path, e->line);
  else
    snprintf(loc, sizeof(loc), "%s", e->path);
  fputs(" (", out);
  put_code(out, loc);
  putc(')', out);
}

/* One line: mark, judgement, and what decided it. */
static void put_note(FILE *out, const struct rc_audit_item *it)
{
  fprintf(out, "%s **readycheck: %s** \u00b7 ", judgement_mark[it->judgement],
          judgement_word[it->judgement]);
  const struct rc_result *r = it->decisive;
  if (r && (r->status == RC_STATUS_SKIP || r->status == RC_STATUS_ERROR)) {
    put_code(out, r->rule->id);
    fputs(r->status == RC_STATUS_SKIP ? " did not apply"
                                      : " could not be evaluated",
          out);
  } else if (r) {
    put_rule_note(out, r);
  } else {
    /* Headline claims: "readycheck: BLOCKED ..." reads twice here. */
    const char *why = it->why;
    if (strncmp(why, "readycheck: ", 12) == 0)
      why += 12;
    put_escaped(out, why, NOTE_TEXT_MAX * 2);
  }
  size_t others = r && it->n_rules > 1 ? it->n_rules - 1 : 0;
  if (others)
    fprintf(out, " (+%zu more %s)", others, others == 1 ? "rule" : "rules");
  putc('\n', out);
}

/* ---- the document -------------------------------------------------------- */

struct line {
  const char *s;
  size_t len; /* without the line ending */
  bool has_eol;
};

static size_t split_lines(const char *src, size_t len, struct line **out)
{
  size_t n = 0, cap = 16;
  struct line *l = malloc(cap * sizeof(*l));
  if (!l)
    return 0;
  for (size_t start = 0; start < len;) {
    const char *nl = memchr(src + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - src) : len;
    if (n == cap) {
      struct line *bigger = realloc(l, 2 * cap * sizeof(*l));
      if (!bigger) {
        free(l);
        return 0;
      }
      l = bigger;
      cap *= 2;
    }
    l[n++] = (struct line){src + start, end - start, nl != NULL};
    start = end + 1;
  }
  *out = l;
  return n;
}

static bool blank(const struct line *l)
{
  for (size_t i = 0; i < l->len; i++)
    if (l->s[i] != ' ' && l->s[i] != '\t' && l->s[i] != '\r')
      return false;
  return true;
}

/* A YAML front matter block must stay first: the summary goes after it. */
static size_t front_matter_end(const struct line *l, size_t n)
{
  if (n == 0 || l[0].len < 3 || strncmp(l[0].s, "---", 3) != 0 || l[0].len > 4)
    return 0;
  for (size_t i = 1; i < n; i++)
    if ((l[i].len >= 3 && l[i].len <= 4) &&
        (strncmp(l[i].s, "---", 3) == 0 || strncmp(l[i].s, "...", 3) == 0))
      return i + 1;
  return 0;
}

static void put_summary(FILE *out, const struct rc_audit *a)
{
  const struct rc_report *run = a->run;
  fprintf(out, "> **readycheck audit** of this report against ");
  put_code(out, run->repo_path ? run->repo_path : ".");
  fprintf(out, " (readycheck %s, %s):\\\n", run->version, run->date);
  fputs("> readycheck: the report says **", out);
  put_escaped(out, a->report_headline, NOTE_TEXT_MAX);
  fputs("**; readycheck finds **", out);
  put_escaped(out, a->readycheck_headline, NOTE_TEXT_MAX);
  fputs("**.\\\n", out);
  fprintf(
      out,
      "> readycheck: %zu claim%s, %zu contradicted (%zu fail the audit), %zu "
      "confirmed, %zu unverified. Each claim is followed by its "
      "readycheck note.\n\n",
      a->n, a->n == 1 ? "" : "s", a->counts[RC_JUDGE_CONTRADICTED], a->n_gating,
      a->counts[RC_JUDGE_CONFIRMED], a->counts[RC_JUDGE_UNVERIFIED]);
}

/* Claims in the order their notes are written: by the line they follow,
 * then in document order. */
struct slot {
  unsigned place; /* the line a note follows (past the end: the last) */
  size_t item;
};

struct order {
  const struct rc_audit *a;
  struct slot *slots;
  size_t next; /* first not yet written */
};

static int by_place(const void *x, const void *y)
{
  const struct slot *p = x, *q = y;
  if (p->place != q->place)
    return p->place < q->place ? -1 : 1;
  return p->item < q->item ? -1 : p->item > q->item;
}

/* The notes that go after line `line` (1-based): nested items first, then
 * one block quote with the rest. */
static void put_notes_after(FILE *out, struct order *o, size_t line,
                            bool blank_next, const char *eol)
{
  const struct rc_audit *a = o->a;
  size_t end = o->next;
  while (end < a->n && o->slots[end].place <= line)
    end++;
  for (size_t k = o->next; k < end; k++) {
    const struct rc_claim *c = a->items[o->slots[k].item].claim;
    if (c->note_indent >= 0 && o->slots[k].place == line) {
      fprintf(out, "%*s- ", c->note_indent, "");
      put_note(out, &a->items[o->slots[k].item]);
    }
  }
  bool open = false;
  for (size_t k = o->next; k < end; k++) {
    const struct rc_claim *c = a->items[o->slots[k].item].claim;
    if (c->note_indent >= 0 && o->slots[k].place == line)
      continue;
    fputs(open ? ">\n" : "\n", out);
    open = true;
    fprintf(out, "> line %u: ", c->line);
    put_note(out, &a->items[o->slots[k].item]);
  }
  /* A block quote ends at a blank line; the source may bring its own. */
  if (open && !blank_next)
    fputs(eol, out);
  o->next = end;
}

static int write_markdown(FILE *out, const struct rc_audit *a)
{
  struct line *lines = NULL;
  size_t n = split_lines(a->source, a->source_len, &lines);
  const char *eol =
      n && lines[0].len && lines[0].s[lines[0].len - 1] == '\r' ? "\r\n" : "\n";
  struct order o = {a, calloc(a->n ? a->n : 1, sizeof(struct slot)), 0};
  if (!o.slots) {
    free(lines);
    return -1;
  }
  for (size_t i = 0; i < a->n; i++) {
    unsigned at = a->items[i].claim->note_after;
    o.slots[i].place = at == 0 || at > n ? (unsigned)n : at;
    o.slots[i].item = i;
  }
  qsort(o.slots, a->n, sizeof(*o.slots), by_place);
  size_t front = front_matter_end(lines, n);
  for (size_t i = 0; i < front; i++)
    fprintf(out, "%.*s\n", (int)lines[i].len, lines[i].s);
  if (front)
    fputs("\n", out);
  put_summary(out, a);
  for (size_t i = front; i < n; i++) {
    fwrite(lines[i].s, 1, lines[i].len, out);
    fputs(lines[i].has_eol ? "\n" : eol, out);
    bool blank_next = i + 1 < n && blank(&lines[i + 1]);
    put_notes_after(out, &o, i + 1, blank_next, eol);
  }
  free(o.slots);
  free(lines);
  return ferror(out) ? -1 : 0;
}

const struct rc_audit_reporter rc_audit_reporter_markdown = {
    .name = "markdown",
    .ext = "md",
    .summary = "the report annotated in place: a note after each claim",
    .write = write_markdown,
};
