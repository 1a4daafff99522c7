/*
 * fuzz_doc.c - the JSON/YAML document reader (rc_docs_parse) and key paths
 * walked over what it reads (keypath.h). The first byte picks the format
 * and file name; after it comes the document and, after a line `#%%`, an
 * optional key path (else a few fixed ones are walked). A parse fails with
 * a message and no documents, or succeeds with lines inside the file.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_support.h"
#include "readycheck/doc.h"

struct walk {
  unsigned lines;
  size_t calls;
};

static void on_node(const char *where, const cJSON *node, void *arg)
{
  struct walk *w = arg;
  fz_require(where != NULL, "a walk names where it is");
  w->calls++;
  char buf[64];
  if (node)
    rc_doc_scalar_text(node, buf, sizeof(buf));
}

static void visit(const struct rc_docs *docs, const cJSON *node, unsigned lines)
{
  unsigned line = rc_docs_line(docs, node);
  fz_require(line <= lines, "line inside the file");
  char buf[64];
  const char *text = rc_doc_scalar_text(node, buf, sizeof(buf));
  fz_require((text == NULL) == (cJSON_IsObject(node) || cJSON_IsArray(node)),
             "scalars have text, containers none");
  for (const cJSON *c = node->child; c; c = c->next)
    visit(docs, c, lines);
}

/* At least as many breaks as YAML sees: CR, LF, NEL, LS and PS each count
 * (a CRLF counts twice, which only loosens the bound). */
static unsigned line_breaks(const char *s, size_t n)
{
  unsigned k = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    k += c == '\n' || c == '\r' ||
         (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85) ||
         (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
          ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9));
  }
  return k;
}

static void walk_path(const struct rc_docs *docs, const char *path)
{
  char err[128];
  struct rc_keypath *kp = rc_keypath_new(path, err, sizeof(err));
  if (!kp)
    return;
  for (size_t i = 0; i < docs->n; i++) {
    struct walk w = {0, 0};
    size_t n = rc_keypath_walk(kp, docs->docs[i], on_node, &w);
    fz_require(n >= 1 && n == w.calls, "a walk calls back at least once");
  }
  rc_keypath_free(kp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const struct {
    const char *name;
    enum rc_doc_format fmt;
  } modes[] = {{"x.yaml", RC_DOC_YAML}, {"x.json", RC_DOC_JSON},
               {"x.json", RC_DOC_AUTO}, {"x.yml", RC_DOC_AUTO},
               {"x.conf", RC_DOC_AUTO}, {"x.yaml", RC_DOC_YAML},
               {"x.yaml", RC_DOC_YAML}, {"x.json", RC_DOC_JSON}};
  if (size == 0)
    return 0;
  unsigned m = data[0] & 7;
  struct fz_part parts[2];
  size_t n = fz_split(data + 1, size - 1, "#%%", parts, 2);
  unsigned lines = line_breaks(parts[0].data, parts[0].len) + 1;
  struct rc_docs docs;
  char err[256] = "";
  int rc = rc_docs_parse(&docs, parts[0].data, parts[0].len, modes[m].name,
                         modes[m].fmt, err, sizeof(err));
  if (rc != 0) {
    fz_require(err[0] != '\0', "a failed parse says why");
  } else {
    for (size_t i = 0; i < docs.n; i++)
      visit(&docs, docs.docs[i], lines);
    if (n == 2) {
      walk_path(&docs, parts[1].str);
    } else {
      walk_path(&docs, "*");
      walk_path(&docs, "services.*.image");
      walk_path(&docs, "a[0].b.*[1]");
    }
    rc_docs_release(&docs);
  }
  fz_parts_free(parts, n);
  return 0;
}
