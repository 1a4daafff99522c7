/*
 * markdown.c - the only file that includes libcmark-gfm: a report parsed
 * with the table and task-list extensions, then flattened into one-line
 * units (markdown.h). The walk uses cmark's iterator, never recursion, so
 * a hostile nesting depth costs time, not stack. What the lines claim is
 * decided in claims.c.
 */
#include "readycheck/markdown.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

void rc_md_init(struct rc_md_doc *doc)
{
  memset(doc, 0, sizeof(*doc));
  doc->arena = rc_arena_new();
}

void rc_md_release(struct rc_md_doc *doc)
{
  free(doc->units);
  rc_arena_free(doc->arena);
  memset(doc, 0, sizeof(*doc));
}

static bool is_type(cmark_node *n, const char *name)
{
  const char *t = cmark_node_get_type_string(n);
  return t && strcmp(t, name) == 0;
}

static bool is_item(cmark_node *n)
{
  return cmark_node_get_type(n) == CMARK_NODE_ITEM || is_type(n, "tasklist");
}

static struct rc_md_unit *add_unit(struct rc_md_doc *doc, enum rc_md_kind k,
                                   unsigned line)
{
  rc_grow((void **)&doc->units, &doc->cap, doc->n, sizeof(*doc->units));
  struct rc_md_unit *u = &doc->units[doc->n++];
  memset(u, 0, sizeof(*u));
  u->kind = k;
  u->line = line;
  u->task = -1;
  u->note_indent = -1;
  u->table = SIZE_MAX;
  u->intro = SIZE_MAX;
  return u;
}

/* ---- inline text ------------------------------------------------------- */

/* One line of inline content: the text, the text without code spans, and
 * the first source line an inline node of it gave. */
struct seg {
  struct rc_buf text, prose;
  unsigned line;
};

struct segs {
  struct seg *s;
  size_t n, cap;
};

static struct seg *seg_new(struct segs *ss)
{
  rc_grow((void **)&ss->s, &ss->cap, ss->n, sizeof(*ss->s));
  struct seg *g = &ss->s[ss->n++];
  rc_buf_init(&g->text);
  rc_buf_init(&g->prose);
  g->line = 0;
  return g;
}

static void segs_release(struct segs *ss)
{
  for (size_t i = 0; i < ss->n; i++) {
    rc_buf_release(&ss->s[i].text);
    rc_buf_release(&ss->s[i].prose);
  }
  free(ss->s);
  memset(ss, 0, sizeof(*ss));
}

/* Splits the inline content of block at soft and hard line breaks. Code
 * spans go into text only, so a marker inside `code` is not a status. */
static void collect_inlines(cmark_node *block, struct segs *ss)
{
  struct seg *g = seg_new(ss);
  cmark_iter *it = cmark_iter_new(block);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || n == block)
      continue;
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      g = seg_new(ss);
      continue;
    }
    if (t != CMARK_NODE_TEXT && t != CMARK_NODE_CODE)
      continue;
    const char *lit = cmark_node_get_literal(n);
    int line = cmark_node_get_start_line(n);
    if (g->line == 0 && line > 0)
      g->line = (unsigned)line;
    rc_buf_puts(&g->text, lit ? lit : "");
    rc_buf_puts(&g->prose, t == CMARK_NODE_CODE ? " " : lit ? lit : "");
  }
  cmark_iter_free(it);
}

/* Lines without a position follow the one before (first: the block's). */
static void fill_lines(struct segs *ss, unsigned first)
{
  unsigned line = first;
  for (size_t i = 0; i < ss->n; i++) {
    if (ss->s[i].line == 0 || ss->s[i].line < line)
      ss->s[i].line = i == 0 ? first : line + 1;
    line = ss->s[i].line;
  }
}

static const char *keep(struct rc_md_doc *doc, const struct rc_buf *b)
{
  return rc_arena_strndup(doc->arena, b->data, b->len);
}

/* The whole inline content of block as one line (headings, cells). */
static void block_text(struct rc_md_doc *doc, cmark_node *block,
                       const char **text, const char **prose)
{
  struct segs ss = {0};
  collect_inlines(block, &ss);
  struct rc_buf t, p;
  rc_buf_init(&t);
  rc_buf_init(&p);
  for (size_t i = 0; i < ss.n; i++) {
    if (i) {
      rc_buf_putc(&t, ' ');
      rc_buf_putc(&p, ' ');
    }
    rc_buf_add(&t, ss.s[i].text.data, ss.s[i].text.len);
    rc_buf_add(&p, ss.s[i].prose.data, ss.s[i].prose.len);
  }
  *text = keep(doc, &t);
  *prose = keep(doc, &p);
  rc_buf_release(&t);
  rc_buf_release(&p);
  segs_release(&ss);
}

/* ---- where notes go ------------------------------------------------------ */

static cmark_node *top_level(cmark_node *n)
{
  while (cmark_node_parent(n) &&
         cmark_node_get_type(cmark_node_parent(n)) != CMARK_NODE_DOCUMENT)
    n = cmark_node_parent(n);
  return n;
}

static bool in_quote(cmark_node *n)
{
  for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p))
    if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE)
      return true;
  return false;
}

static unsigned end_line(cmark_node *n)
{
  int e = cmark_node_get_end_line(n);
  int s = cmark_node_get_start_line(n);
  return (unsigned)(e >= s ? e : s);
}

/* Start of each line of the source, so list markers can be measured. */
struct lines {
  const char *text;
  size_t len;
  size_t *start; /* n + 1 entries */
  size_t n;
};

static void lines_init(struct lines *l, const char *text, size_t len)
{
  l->text = text;
  l->len = len;
  l->n = 0;
  size_t cap = 0;
  l->start = NULL;
  rc_grow((void **)&l->start, &cap, 0, sizeof(*l->start));
  l->start[0] = 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n') {
      rc_grow((void **)&l->start, &cap, l->n + 1, sizeof(*l->start));
      l->start[++l->n] = i + 1;
    }
  rc_grow((void **)&l->start, &cap, l->n + 1, sizeof(*l->start));
  if (l->start[l->n] < len)
    l->start[++l->n] = len + 1;
}

/* The column (0-based, tabs to multiples of 4) where the content of the
 * list item starting at line:col begins: after its marker and the spaces
 * that follow it (one when more than four follow, or nothing). */
static int item_content_col(const struct lines *l, unsigned line, int col)
{
  if (line == 0 || line > l->n || col < 1)
    return -1;
  const char *s = l->text + l->start[line - 1];
  const char *e = l->text + l->start[line] - 1;
  if (e > l->text + l->len)
    e = l->text + l->len;
  int vcol = 0;
  const char *p = s;
  for (; p < e && p < s + col - 1; p++)
    vcol = *p == '\t' ? (vcol / 4 + 1) * 4 : vcol + 1;
  if (p < e && strchr("-+*", *p)) {
    p++;
    vcol++;
  } else {
    while (p < e && *p >= '0' && *p <= '9') {
      p++;
      vcol++;
    }
    if (p >= e || (*p != '.' && *p != ')'))
      return -1;
    p++;
    vcol++;
  }
  int spaces = 0, v = vcol;
  for (; p < e && (*p == ' ' || *p == '\t'); p++)
    v = *p == '\t' ? (v / 4 + 1) * 4 : v + 1;
  spaces = v - vcol;
  if (p >= e || *p == '\r' || spaces > 4 || spaces == 0)
    spaces = 1;
  return vcol + spaces;
}

/* ---- blocks -------------------------------------------------------------- */

struct walk {
  struct rc_md_doc *doc;
  struct lines lines;
  cmark_node *last_node; /* the last heading or paragraph read */
  size_t last_unit;      /* its (last) unit */
};

static void note_block(struct rc_md_unit *u, cmark_node *n)
{
  u->note_after = end_line(top_level(n));
  u->note_indent = -1;
}

static void add_heading(struct walk *w, cmark_node *n)
{
  struct rc_md_unit *u =
      add_unit(w->doc, RC_MD_HEADING, (unsigned)cmark_node_get_start_line(n));
  u->level = cmark_node_get_heading_level(n);
  u->in_quote = in_quote(n);
  block_text(w->doc, n, &u->text, &u->prose);
  note_block(u, n);
  w->last_node = n;
  w->last_unit = w->doc->n - 1;
}

static int list_depth(cmark_node *item)
{
  int depth = 0;
  for (cmark_node *p = cmark_node_parent(item); p; p = cmark_node_parent(p))
    depth += cmark_node_get_type(p) == CMARK_NODE_LIST;
  return depth;
}

/* The unit made for the block just before a list, when that block is a
 * heading or a paragraph: a list introduced by "### ✅ Done" or "Passed:"
 * carries its status. */
static size_t intro_of(const struct walk *w, cmark_node *item)
{
  cmark_node *list = cmark_node_parent(item);
  cmark_node *prev = list ? cmark_node_previous(list) : NULL;
  return prev && prev == w->last_node ? w->last_unit : SIZE_MAX;
}

static void add_item(struct walk *w, cmark_node *n, cmark_node *item)
{
  struct rc_md_unit *u =
      add_unit(w->doc, RC_MD_ITEM, (unsigned)cmark_node_get_start_line(n));
  block_text(w->doc, n, &u->text, &u->prose);
  u->in_quote = in_quote(n);
  u->level = list_depth(item);
  u->list_start = !cmark_node_previous(item);
  u->intro = u->list_start ? intro_of(w, item) : SIZE_MAX;
  if (is_type(item, "tasklist"))
    u->task = cmark_gfm_extensions_get_tasklist_item_checked(item);
  /* A note joins what follows the paragraph in the item (a nested list
   * indented deeper than the item's content would otherwise end up under
   * the note), else sits at the item's content column. */
  cmark_node *next = cmark_node_next(n);
  int indent = -1;
  if (!u->in_quote && next && cmark_node_get_start_column(next) > 0)
    indent = cmark_node_get_start_column(next) - 1;
  else if (!u->in_quote)
    indent =
        item_content_col(&w->lines, (unsigned)cmark_node_get_start_line(item),
                         cmark_node_get_start_column(item));
  if (indent >= 0) {
    u->note_after = end_line(n);
    u->note_indent = indent;
  } else {
    note_block(u, n);
  }
}

static void add_paragraph(struct walk *w, cmark_node *n)
{
  cmark_node *parent = cmark_node_parent(n);
  if (parent && is_item(parent)) {
    /* Later paragraphs of an item explain it; its first one is the claim. */
    if (cmark_node_first_child(parent) == n)
      add_item(w, n, parent);
    return;
  }
  struct segs ss = {0};
  collect_inlines(n, &ss);
  fill_lines(&ss, (unsigned)cmark_node_get_start_line(n));
  for (size_t i = 0; i < ss.n; i++) {
    struct rc_md_unit *u = add_unit(w->doc, RC_MD_LINE, ss.s[i].line);
    u->text = keep(w->doc, &ss.s[i].text);
    u->prose = keep(w->doc, &ss.s[i].prose);
    u->in_quote = in_quote(n);
    note_block(u, n);
  }
  segs_release(&ss);
  w->last_node = n;
  w->last_unit = w->doc->n - 1;
}

static void add_table(struct walk *w, cmark_node *table)
{
  size_t header = SIZE_MAX;
  for (cmark_node *row = cmark_node_first_child(table); row;
       row = cmark_node_next(row)) {
    struct rc_md_unit *u =
        add_unit(w->doc, RC_MD_ROW, (unsigned)cmark_node_get_start_line(row));
    size_t n = 0;
    for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c))
      n++;
    const char **cells =
        rc_arena_alloc(w->doc->arena, (n ? n : 1) * sizeof(*cells));
    struct rc_buf all, all_prose;
    rc_buf_init(&all);
    rc_buf_init(&all_prose);
    size_t k = 0;
    for (cmark_node *c = cmark_node_first_child(row); c;
         c = cmark_node_next(c), k++) {
      const char *prose;
      block_text(w->doc, c, &cells[k], &prose);
      rc_buf_printf(&all, "%s%s", k ? " | " : "", cells[k]);
      rc_buf_printf(&all_prose, "%s%s", k ? " | " : "", prose);
    }
    u->cells = cells;
    u->n_cells = n;
    u->text = keep(w->doc, &all);
    u->prose = keep(w->doc, &all_prose);
    rc_buf_release(&all);
    rc_buf_release(&all_prose);
    u->header = is_type(row, "table_header");
    if (u->header)
      header = w->doc->n - 1;
    u->table = header;
    u->in_quote = in_quote(table);
    note_block(u, table);
  }
}

static bool plain_info(const char *info)
{
  static const char *const plain[] = {"",      "text",      "txt",
                                      "plain", "plaintext", NULL};
  for (size_t i = 0; plain[i]; i++)
    if (strcmp(info ? info : "", plain[i]) == 0)
      return true;
  return false;
}

static void add_code(struct walk *w, cmark_node *n)
{
  int fence_len = 0, fence_offset = 0;
  char fence_char = 0;
  if (!cmark_node_get_fenced(n, &fence_len, &fence_offset, &fence_char) ||
      !plain_info(cmark_node_get_fence_info(n)))
    return;
  const char *lit = cmark_node_get_literal(n);
  unsigned line = (unsigned)cmark_node_get_start_line(n) + 1;
  for (const char *p = lit ? lit : ""; *p; line++) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    struct rc_md_unit *u = add_unit(w->doc, RC_MD_CODE, line);
    u->text = u->prose = rc_arena_strndup(w->doc->arena, p, len);
    u->in_quote = in_quote(n);
    note_block(u, n);
    p += len + (nl != NULL);
  }
}

static void walk(struct walk *w, cmark_node *root)
{
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    cmark_node_type t = cmark_node_get_type(n);
    bool leaf = true;
    if (t == CMARK_NODE_HEADING)
      add_heading(w, n);
    else if (t == CMARK_NODE_PARAGRAPH)
      add_paragraph(w, n);
    else if (t == CMARK_NODE_CODE_BLOCK)
      add_code(w, n);
    else if (is_type(n, "table"))
      add_table(w, n);
    else
      leaf = false;
    /* The block's inlines were read above: do not walk into them. */
    if (leaf)
      cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
  }
  cmark_iter_free(it);
}

/* Where a NUL byte is, as line and column, for the error message. */
static void locate(const char *text, size_t at, unsigned *line, unsigned *col)
{
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < at; i++) {
    if (text[i] == '\n') {
      ++*line;
      *col = 1;
    } else {
      ++*col;
    }
  }
}

int rc_md_read(struct rc_md_doc *doc, const char *name, const char *text,
               size_t len, struct rc_diag *d)
{
  if (len > RC_MD_MAX)
    return rc_error(d, NULL, "'%s' is larger than %u bytes", name,
                    (unsigned)RC_MD_MAX);
  const char *nul = memchr(text, '\0', len);
  if (nul) {
    struct rc_loc loc = {name, 0, 0};
    locate(text, (size_t)(nul - text), &loc.line, &loc.col);
    return rc_error(d, &loc, "not a text file: NUL byte");
  }
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser *p = cmark_parser_new(CMARK_OPT_VALIDATE_UTF8);
  cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("table"));
  cmark_parser_attach_syntax_extension(p,
                                       cmark_find_syntax_extension("tasklist"));
  cmark_parser_feed(p, text, len);
  cmark_node *root = cmark_parser_finish(p);
  struct walk w = {.doc = doc, .last_unit = SIZE_MAX};
  lines_init(&w.lines, text, len);
  doc->n_lines = (unsigned)w.lines.n;
  walk(&w, root);
  free(w.lines.start);
  cmark_node_free(root);
  cmark_parser_free(p);
  return 0;
}
