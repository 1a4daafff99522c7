/*
 * markdown.h - a Markdown document as the audit reads it: the blocks a
 * claim can live in, flattened in document order into units of one line
 * each, with their source line and plain text. src/audit/markdown.c is the
 * only door to libcmark-gfm (CommonMark with GitHub's table and task-list
 * extensions); nothing else sees a cmark node.
 *
 * Units are headings, paragraph lines, list items (their first paragraph),
 * table rows, and the lines of fenced code blocks that name no
 * language (where reports sometimes keep "✅ ..." lists). Other paragraphs
 * of list items, indented code, code in a language and raw HTML carry no
 * claims and give no units.
 *
 * Each unit also says where a note about it can go without changing the
 * document's structure: after a list item's paragraph as a nested list
 * item, or after the whole top-level block as a block quote of its own.
 */
#ifndef READYCHECK_MARKDOWN_H
#define READYCHECK_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/diag.h"

struct rc_arena;

enum rc_md_kind {
  RC_MD_HEADING, /* an ATX or setext heading */
  RC_MD_LINE,    /* one line of a paragraph outside list items */
  RC_MD_ITEM,    /* a list item's first paragraph (lines joined) */
  RC_MD_ROW,     /* a table row; the header row has header set */
  RC_MD_CODE,    /* one line of a fenced code block without a language */
};

struct rc_md_unit {
  enum rc_md_kind kind;
  unsigned line;            /* 1-based line of the document */
  const char *text;         /* inline markup removed, code spans kept; UTF-8 */
  const char *prose;        /* text without code spans: where markers count */
  int level;                /* heading: 1-6; item: list depth, 1 = top level */
  int task;                 /* item: -1 no task box, 0 "[ ]", 1 "[x]" */
  bool list_start;          /* item: the first item of its list */
  size_t intro;             /* list_start item: index of the unit of the heading
                               or (last line of the) paragraph just before the
                               list; SIZE_MAX if none */
  bool in_quote;            /* inside a block quote */
  const char *const *cells; /* row: the cells' texts */
  size_t n_cells;
  bool header;         /* row: the table's header row */
  size_t table;        /* row: index of its table's header unit */
  unsigned note_after; /* a note about this unit goes after this line */
  int note_indent;     /* >= 0: as a nested list item indented this many
                          columns; -1: as a block quote after a blank line */
};

struct rc_md_doc {
  struct rc_arena *arena; /* owns every unit's strings */
  struct rc_md_unit *units;
  size_t n, cap;
  unsigned n_lines; /* lines in the document */
};

/* Largest report read, in bytes: readiness reports are tens of kilobytes,
 * and cmark-gfm keeps a node per nesting level (2 MiB of '>' took 0.5 GB). */
#define RC_MD_MAX (1024u * 1024)

void rc_md_init(struct rc_md_doc *doc);
void rc_md_release(struct rc_md_doc *doc);

/* Parses text[0..len) (UTF-8; ill-formed bytes become U+FFFD) into doc's
 * units. name is the file name used in errors. Returns 0, or -1 with an
 * error at name:line:col for input that is not a text document (a NUL
 * byte) or is larger than RC_MD_MAX. */
int rc_md_read(struct rc_md_doc *doc, const char *name, const char *text,
               size_t len, struct rc_diag *d);

#endif
