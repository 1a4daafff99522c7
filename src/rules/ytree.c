/*
 * ytree.c - libyaml's event API into a small node tree of our own, bounded
 * in size, depth and node count, with anchors, aliases and
 * tags refused. What the tree means, and whether an empty one is an error,
 * is left to the callers (load.c, config.c).
 */
#include "readycheck/ytree.h"

#include <string.h>

#include <yaml.h>

#include "readycheck/mem.h"

struct builder {
  const struct rc_ytree_opts *o;
  struct rc_diag *d;
  struct rc_arena *a;
  const char *data;
  size_t len;
  struct rc_ynode **stack; /* max_depth open collections */
  unsigned depth;
  size_t n_nodes;
  unsigned docs;
  struct rc_ynode *root;
};

static const char *or_default(const char *msg, const char *fallback)
{
  return msg ? msg : fallback;
}

static int fail(const struct builder *b, unsigned line, unsigned col,
                const char *msg)
{
  struct rc_loc loc = {b->o->file, line, col};
  return rc_error(b->d, &loc, "%s", msg);
}

static int fail_mark(const struct builder *b, const yaml_mark_t *m,
                     const char *msg)
{
  return fail(b, (unsigned)m->line + 1, (unsigned)m->column + 1, msg);
}

/* libyaml's reader reports bad bytes by offset only; count lines and
 * characters (not bytes) the way its marks do. */
static void offset_to_pos(const char *data, size_t len, size_t off,
                          unsigned *line, unsigned *col)
{
  unsigned l = 1, c = 1;
  if (off > len)
    off = len;
  for (size_t i = 0; i < off; i++) {
    unsigned char ch = (unsigned char)data[i];
    if (ch == '\r' && i + 1 < len && data[i + 1] == '\n')
      continue;
    if (ch == '\n' || ch == '\r') {
      l++;
      c = 1;
    } else if ((ch & 0xC0) != 0x80) {
      c++;
    }
  }
  *line = l;
  *col = c;
}

static int syntax_error(const struct builder *b, const yaml_parser_t *p)
{
  unsigned line = (unsigned)p->problem_mark.line + 1;
  unsigned col = (unsigned)p->problem_mark.column + 1;
  struct rc_loc loc = {b->o->file, line, col};
  if (p->error == YAML_READER_ERROR)
    offset_to_pos(b->data, b->len, p->problem_offset, &loc.line, &loc.col);
  if (p->error == YAML_MEMORY_ERROR)
    return rc_error(b->d, &loc, "out of memory while parsing YAML");
  const char *problem = p->problem ? p->problem : "unknown error";
  /* An unclosed bracket or quote is found where the file ends: the line
   * it opened on is the one to fix. */
  if (p->context &&
      (strstr(p->context, "flow") || strstr(p->context, "quoted")) &&
      p->context_mark.line + 1 != line)
    return rc_error(b->d, &loc, "YAML syntax error: %s %s opened at %u:%u",
                    problem, p->context, (unsigned)p->context_mark.line + 1,
                    (unsigned)p->context_mark.column + 1);
  if (p->context)
    return rc_error(b->d, &loc, "YAML syntax error: %s %s", problem,
                    p->context);
  return rc_error(b->d, &loc, "YAML syntax error: %s", problem);
}

static struct rc_ynode *new_node(struct builder *b, enum rc_ykind kind,
                                 const yaml_mark_t *start)
{
  if (++b->n_nodes > b->o->max_nodes) {
    fail_mark(b, start,
              or_default(b->o->too_many_nodes, "too many YAML nodes"));
    return NULL;
  }
  struct rc_ynode *n = rc_arena_alloc(b->a, sizeof(*n));
  memset(n, 0, sizeof(*n));
  n->kind = kind;
  n->line = (unsigned)start->line + 1;
  n->col = (unsigned)start->column + 1;
  n->end_line = n->line;
  if (b->depth == 0) {
    b->root = n;
  } else {
    struct rc_ynode *parent = b->stack[b->depth - 1];
    if (parent->last)
      parent->last->next = n;
    else
      parent->first = n;
    parent->last = n;
    parent->n++;
  }
  return n;
}

static int refuse_extras(const struct builder *b, const yaml_event_t *ev,
                         const yaml_char_t *anchor, const yaml_char_t *tag)
{
  if (anchor)
    return fail_mark(
        b, &ev->start_mark,
        or_default(b->o->anchor, "YAML anchors are not supported"));
  if (tag)
    return fail_mark(b, &ev->start_mark,
                     or_default(b->o->tag, "YAML tags are not supported"));
  return 0;
}

static int on_scalar(struct builder *b, const yaml_event_t *ev)
{
  if (refuse_extras(b, ev, ev->data.scalar.anchor, ev->data.scalar.tag))
    return -1;
  const char *value = (const char *)ev->data.scalar.value;
  size_t len = ev->data.scalar.length;
  if (memchr(value, '\0', len))
    return fail_mark(
        b, &ev->start_mark,
        or_default(b->o->nul, "NUL characters are not allowed in YAML"));
  struct rc_ynode *n = new_node(b, RC_Y_SCALAR, &ev->start_mark);
  if (!n)
    return -1;
  yaml_scalar_style_t style = ev->data.scalar.style;
  n->quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
              style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  n->block =
      style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE;
  n->end_line = (unsigned)ev->end_mark.line + 1;
  n->text = rc_arena_strndup(b->a, value, len);
  return 0;
}

static int on_collection(struct builder *b, const yaml_event_t *ev,
                         enum rc_ykind kind)
{
  const yaml_char_t *anchor = kind == RC_Y_MAP ? ev->data.mapping_start.anchor
                                               : ev->data.sequence_start.anchor;
  const yaml_char_t *tag = kind == RC_Y_MAP ? ev->data.mapping_start.tag
                                            : ev->data.sequence_start.tag;
  if (refuse_extras(b, ev, anchor, tag))
    return -1;
  if (b->depth == b->o->max_depth) {
    struct rc_loc loc = {b->o->file, (unsigned)ev->start_mark.line + 1,
                         (unsigned)ev->start_mark.column + 1};
    return rc_error(b->d, &loc, "nesting deeper than %u levels",
                    b->o->max_depth);
  }
  struct rc_ynode *n = new_node(b, kind, &ev->start_mark);
  if (!n)
    return -1;
  b->stack[b->depth++] = n;
  return 0;
}

/* Returns 0 to go on, 1 at the end of the stream, -1 on error. */
static int on_event(struct builder *b, const yaml_event_t *ev)
{
  switch (ev->type) {
  case YAML_DOCUMENT_START_EVENT:
    if (b->docs++ > 0)
      return fail_mark(
          b, &ev->start_mark,
          or_default(b->o->multi_doc, "more than one YAML document"));
    return 0;
  case YAML_ALIAS_EVENT:
    return fail_mark(b, &ev->start_mark,
                     or_default(b->o->alias, "YAML aliases are not supported"));
  case YAML_SCALAR_EVENT:
    return on_scalar(b, ev);
  case YAML_SEQUENCE_START_EVENT:
    return on_collection(b, ev, RC_Y_SEQ);
  case YAML_MAPPING_START_EVENT:
    return on_collection(b, ev, RC_Y_MAP);
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    if (b->depth > 0)
      b->depth--;
    return 0;
  case YAML_STREAM_END_EVENT:
    return 1;
  default:
    return 0;
  }
}

int rc_ytree_read(struct rc_arena *a, const char *data, size_t len,
                  const struct rc_ytree_opts *opts, struct rc_diag *d,
                  struct rc_ynode **root)
{
  /* A leading UTF-8 byte-order mark (editors on Windows write one) is not
   * content; libyaml, told the encoding, would take it for text. Offsets
   * are counted from after it, which keeps line 1's columns right. */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  struct builder b = {.o = opts, .d = d, .a = a, .data = data, .len = len};
  *root = NULL;
  if (len > opts->max_size)
    return fail(&b, 0, 0, or_default(opts->too_large, "YAML input too large"));
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p))
    return fail(&b, 0, 0, "out of memory while parsing YAML");
  yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
  yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
  b.stack = rc_arena_alloc(a, (opts->max_depth + 1) * sizeof(*b.stack));
  int rc = 0;
  while (rc == 0) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&p, &ev)) {
      rc = syntax_error(&b, &p);
      break;
    }
    rc = on_event(&b, &ev);
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  if (rc < 0)
    return -1;
  *root = b.root;
  return 0;
}

bool rc_ynode_is_empty(const struct rc_ynode *n)
{
  return n->kind == RC_Y_SCALAR && !n->quoted && !n->block && !n->text[0];
}

bool rc_ynode_is_plain(const struct rc_ynode *n)
{
  return n->kind == RC_Y_SCALAR && !n->quoted && !n->block;
}
