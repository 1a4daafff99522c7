/*
 * fuzz_entry.c - the automation scanner (entry.h): the shell tokenizer
 * rc_shell_words() on every line of the input, and the whole-file scan
 * rc_entries_scan() with the input written as one automation file of a
 * scratch repository (the first byte picks which: a GitHub workflow, whose
 * YAML is read too, a Makefile, a script, a README, package.json...).
 * Every chain and build found points at a line of that file.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_support.h"
#include "readycheck/shellwords.h"
#include "readycheck/entry.h"
#include "readycheck/mem.h"

static void words_of_lines(const char *s, size_t len)
{
  struct rc_arena *a = rc_arena_new();
  for (const char *p = s, *end = s + len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    const char *line = rc_arena_strndup(a, p, n);
    const char **w;
    size_t nw = rc_shell_words(a, line, &w);
    for (size_t i = 0; i < nw; i++)
      fz_require(w[i] != NULL, "a word is a string");
    p = nl ? nl + 1 : end;
  }
  rc_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const names[] = {".github/workflows/deploy.yml",
                                      "Makefile",
                                      "scripts/deploy.sh",
                                      "README.md",
                                      "package.json",
                                      ".gitlab-ci.yml",
                                      "deploy/justfile",
                                      "docs/install.md"};
  unsigned mode = size ? data[0] : 0;
  const char *name = names[mode & 7];
  const char *text = (const char *)data + (size > 0);
  size_t len = size - (size > 0);
  words_of_lines(text, len);
  unsigned lines = 1;
  for (size_t i = 0; i < len; i++)
    lines += text[i] == '\n';
  struct fz_repo *r = fz_repo_get();
  fz_repo_reset(r);
  fz_repo_write(r, name, text, len);
  fz_repo_index(r);
  struct rc_entries e;
  rc_entries_scan(&e, r->idx, r->arena);
  for (size_t i = 0; i < e.n_chains; i++) {
    const struct rc_chain *c = &e.chains[i];
    fz_require(c->at.path && strcmp(c->at.path, name) == 0, "chain's file");
    fz_require(c->at.line >= 1 && c->at.line <= lines, "chain's line");
    for (size_t k = 0; k < c->n_files; k++)
      fz_require(c->files[k] != NULL, "chain file names");
  }
  for (size_t i = 0; i < e.n_builds; i++) {
    const struct rc_build *b = &e.builds[i];
    fz_require(b->at.path && strcmp(b->at.path, name) == 0, "build's file");
    fz_require(b->at.line >= 1 && b->at.line <= lines, "build's line");
  }
  rc_entries_release(&e);
  return 0;
}
