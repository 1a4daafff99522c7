/*
 * git.c - reading git's on-disk state without running git: the index file
 * (tracked paths and modes), HEAD (commit and branch), and .gitignore rules.
 *
 * Every reader is bounded and treats odd input as "unknown": readycheck
 * must work on plain directories and damaged checkouts. The walk itself and
 * the decision of what to index are index.c's.
 */
#include "readycheck/git.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/mem.h"

enum {
  SMALL_FILE = 64 * 1024,   /* HEAD, refs, gitdir:, commondir */
  CONFIG_MAX = 1024 * 1024, /* .git/config */
  PACKED_REFS_MAX = 64 * 1024 * 1024,
  INDEX_MAX = 512 * 1024 * 1024, /* .git/index */
  MAX_PATH_LEN = 4096,
  MAX_REF_DEPTH = 5,
  SHA1_LEN = 20,
  SHA256_LEN = 32,
};

/* ---- files ----------------------------------------------------------- */

int rc_git_slurp_at(int dfd, const char *path, size_t cap, struct rc_buf *out)
{
  int fd = openat(dfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return -1;
  struct stat st;
  int err = 0;
  if (fstat(fd, &st) != 0)
    err = errno;
  else if (!S_ISREG(st.st_mode))
    err = EINVAL;
  else if ((uint64_t)st.st_size > cap)
    err = EFBIG;
  char chunk[65536];
  ssize_t got = 0;
  while (!err && (got = read(fd, chunk, sizeof(chunk))) > 0) {
    if (out->len + (size_t)got > cap)
      err = EFBIG;
    else
      rc_buf_add(out, chunk, (size_t)got);
  }
  if (!err && got < 0)
    err = errno;
  close(fd);
  if (err) {
    rc_buf_reset(out);
    errno = err;
    return -1;
  }
  return 0;
}

/* First line of a small file, without trailing whitespace; NULL if none. */
static char *read_line(const char *path)
{
  struct rc_buf b;
  rc_buf_init(&b);
  char *line = NULL;
  if (rc_git_slurp_at(AT_FDCWD, path, SMALL_FILE, &b) == 0 &&
      !memchr(b.data, '\0', b.len)) {
    size_t n = strcspn(b.data, "\n");
    while (n && isspace((unsigned char)b.data[n - 1]))
      n--;
    line = rc_xstrndup(b.data, n);
  }
  rc_buf_release(&b);
  return line;
}

static char *join(const char *dir, const char *rel)
{
  struct rc_buf b;
  rc_buf_init(&b);
  if (rel[0] == '/')
    rc_buf_puts(&b, rel);
  else
    rc_buf_printf(&b, "%s/%s", dir, rel);
  char *s = rc_buf_detach(&b);
  rc_buf_release(&b);
  return s;
}

static bool is_dir(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- locating the git directory -------------------------------------- */

/* root/.git as a directory, or the target of a "gitdir: <path>" file
 * (linked worktrees and submodules). */
static char *find_git_dir(const char *root)
{
  char *dotgit = join(root, ".git");
  struct stat st;
  char *dir = NULL;
  if (lstat(dotgit, &st) == 0 && S_ISDIR(st.st_mode)) {
    dir = dotgit;
    dotgit = NULL;
  } else if (lstat(dotgit, &st) == 0 && S_ISREG(st.st_mode)) {
    char *line = read_line(dotgit);
    if (line && strncmp(line, "gitdir:", 7) == 0) {
      const char *p = line + 7;
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p)
        dir = join(root, p);
    }
    free(line);
  }
  free(dotgit);
  if (dir && !is_dir(dir)) {
    free(dir);
    dir = NULL;
  }
  return dir;
}

/* Linked worktrees keep refs and config in the main repository. */
static char *find_common_dir(const char *git_dir)
{
  char *path = join(git_dir, "commondir");
  char *line = read_line(path);
  free(path);
  char *common = line && *line ? join(git_dir, line) : NULL;
  free(line);
  if (common && is_dir(common))
    return common;
  free(common);
  return rc_xstrdup(git_dir);
}

/* ---- config: extensions.objectformat and remote "origin".url --------- */

static char *trim(char *s)
{
  while (isspace((unsigned char)*s))
    s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1]))
    s[--n] = '\0';
  return s;
}

static bool section_is(const char *line, const char *name)
{
  if (*line != '[')
    return false;
  const char *close = strchr(line, ']');
  size_t n = strlen(name);
  return close && (size_t)(close - line - 1) == n &&
         strncasecmp(line + 1, name, n) == 0;
}

static void read_config(struct rc_git *g)
{
  char *path = join(g->common_dir, "config");
  struct rc_buf b;
  rc_buf_init(&b);
  g->hash_len = SHA1_LEN;
  if (rc_git_slurp_at(AT_FDCWD, path, CONFIG_MAX, &b) == 0) {
    bool in_ext = false, in_origin = false;
    for (char *save = NULL, *l = strtok_r(b.data, "\n", &save); l;
         l = strtok_r(NULL, "\n", &save)) {
      char *line = trim(l);
      if (*line == '[') {
        in_ext = section_is(line, "extensions");
        in_origin = strcmp(line, "[remote \"origin\"]") == 0;
        continue;
      }
      char *eq = strchr(line, '=');
      if (!(in_ext || in_origin) || !eq)
        continue;
      *eq = '\0';
      char *value = trim(eq + 1);
      if (value[0] == '"' && value[1] && value[strlen(value) - 1] == '"') {
        value[strlen(value) - 1] = '\0';
        value++;
      }
      const char *key = trim(line);
      if (in_ext && strcasecmp(key, "objectformat") == 0)
        g->hash_len = strcasecmp(value, "sha256") == 0 ? SHA256_LEN : SHA1_LEN;
      else if (in_origin && strcasecmp(key, "url") == 0 && !g->origin &&
               strlen(value) < 1024)
        g->origin = rc_xstrdup(value);
    }
  }
  rc_buf_release(&b);
  free(path);
}

/* ---- refs ------------------------------------------------------------ */

static bool is_hex_id(const char *s, size_t hash_len)
{
  size_t n = strlen(s);
  if (n != hash_len * 2)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
      return false;
  return true;
}

/* A ref name we are willing to turn into a file path under .git. */
static bool safe_ref_name(const char *name)
{
  size_t n = strlen(name);
  if (strncmp(name, "refs/", 5) != 0 || n > 1024 || name[n - 1] == '/' ||
      strstr(name, "..") || strstr(name, "//") || strstr(name, "/."))
    return false;
  for (const char *p = name; *p; p++)
    if ((unsigned char)*p <= ' ' || strchr("~^:?*[\\\x7f", *p))
      return false;
  return true;
}

static char *packed_ref(const struct rc_git *g, const char *name)
{
  char *path = join(g->common_dir, "packed-refs");
  struct rc_buf b;
  rc_buf_init(&b);
  char *id = NULL;
  if (rc_git_slurp_at(AT_FDCWD, path, PACKED_REFS_MAX, &b) == 0) {
    for (char *save = NULL, *l = strtok_r(b.data, "\n", &save); l && !id;
         l = strtok_r(NULL, "\n", &save)) {
      char *sp = strchr(l, ' ');
      if (*l == '#' || *l == '^' || !sp)
        continue;
      *sp = '\0';
      if (strcmp(trim(sp + 1), name) == 0 && is_hex_id(l, g->hash_len))
        id = rc_xstrdup(l);
    }
  }
  rc_buf_release(&b);
  free(path);
  return id;
}

/* Object id a ref points to, following symbolic refs a few levels. */
static char *resolve_ref(const struct rc_git *g, const char *name, int depth)
{
  if (depth > MAX_REF_DEPTH || !safe_ref_name(name))
    return NULL;
  char *path = join(g->common_dir, name);
  char *line = read_line(path);
  free(path);
  char *id = NULL;
  if (!line)
    id = packed_ref(g, name);
  else if (strncmp(line, "ref:", 4) == 0)
    id = resolve_ref(g, trim(line + 4), depth + 1);
  else if (is_hex_id(line, g->hash_len))
    id = rc_xstrdup(line);
  free(line);
  return id;
}

static void read_head(struct rc_git *g)
{
  char *path = join(g->git_dir, "HEAD");
  char *line = read_line(path);
  free(path);
  if (!line)
    return;
  if (strncmp(line, "ref:", 4) == 0) {
    const char *ref = trim(line + 4);
    if (strncmp(ref, "refs/heads/", 11) == 0 && safe_ref_name(ref))
      g->branch = rc_xstrdup(ref + 11);
    g->commit = resolve_ref(g, ref, 0);
  } else if (is_hex_id(line, g->hash_len)) {
    g->commit = rc_xstrdup(line);
  }
  free(line);
}

/* ---- the index file -------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         (uint32_t)p[3];
}

static unsigned be16(const unsigned char *p)
{
  return (unsigned)p[0] << 8 | p[1];
}

/* git's offset varint (v4 path prefix lengths): each continuation adds one
 * before shifting, so encodings are unique. */
static bool read_varint(const unsigned char *buf, size_t len, size_t *off,
                        uint64_t *out)
{
  if (*off >= len)
    return false;
  unsigned char c = buf[(*off)++];
  uint64_t val = c & 127;
  while (c & 128) {
    if (*off >= len || val >= (UINT64_MAX >> 8))
      return false;
    c = buf[(*off)++];
    val = ((val + 1) << 7) + (c & 127);
  }
  *out = val;
  return true;
}

/* A tracked path index.c may later open: nothing that escapes the root. */
static bool valid_path(const char *p, size_t n)
{
  if (n == 0 || n > MAX_PATH_LEN || p[0] == '/' || p[n - 1] == '/')
    return false;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && p[j] != '/')
      j++;
    size_t seg = j - i;
    if (seg == 0 || (seg == 1 && p[i] == '.') ||
        (seg == 2 && p[i] == '.' && p[i + 1] == '.') ||
        (seg == 4 && strncasecmp(p + i, ".git", 4) == 0))
      return false;
    i = j + 1;
  }
  return true;
}

struct index_parse {
  const unsigned char *buf;
  size_t len, off, hash_len;
  unsigned version;
  struct rc_buf path; /* current entry's path (v4: also the previous) */
  const char *why;    /* set on corruption */
};

/* Reads the path of the entry whose name starts at ip->off. */
static bool parse_path(struct index_parse *ip, size_t header, unsigned flags)
{
  size_t start = ip->off;
  if (ip->version == 4) {
    uint64_t strip;
    if (!read_varint(ip->buf, ip->len, &ip->off, &strip) ||
        strip > ip->path.len) {
      ip->why = "bad path prefix";
      return false;
    }
    ip->path.len -= (size_t)strip;
    ip->path.data[ip->path.len] = '\0';
    start = ip->off;
  } else {
    rc_buf_reset(&ip->path);
  }
  const unsigned char *nul = memchr(ip->buf + start, '\0', ip->len - start);
  if (!nul) {
    ip->why = "truncated path";
    return false;
  }
  size_t n = (size_t)(nul - (ip->buf + start));
  rc_buf_add(&ip->path, ip->buf + start, n);
  if (ip->version == 4) {
    ip->off = start + n + 1;
    return true;
  }
  if ((flags & 0xfff) != 0xfff && (flags & 0xfff) != n) {
    ip->why = "path length mismatch";
    return false;
  }
  /* v2/v3 entries are NUL-padded to a multiple of 8 bytes. */
  size_t entry = (header + n + 8) & ~(size_t)7;
  ip->off = start - header + entry;
  if (ip->off > ip->len) {
    ip->why = "truncated entry";
    return false;
  }
  return true;
}

/* Parses one entry; *keep says whether it is a file entry worth listing. */
static bool parse_entry(struct index_parse *ip, unsigned *mode, bool *keep)
{
  size_t fixed = 40 + ip->hash_len + 2;
  if (ip->len - ip->off < fixed) {
    ip->why = "truncated entry";
    return false;
  }
  const unsigned char *e = ip->buf + ip->off;
  *mode = be32(e + 24);
  unsigned flags = be16(e + 40 + ip->hash_len);
  size_t header = fixed;
  if (flags & 0x4000) {
    if (ip->version < 3 || ip->len - ip->off < fixed + 2) {
      ip->why = "bad extended flags";
      return false;
    }
    header += 2;
  }
  ip->off += header;
  if (!parse_path(ip, header, flags))
    return false;
  unsigned type = *mode & 0170000;
  /* Sparse-index directory entries (040000) are not files. */
  *keep = (type == 0100000 || type == 0120000 || type == 0160000) &&
          valid_path(ip->path.data, ip->path.len);
  return true;
}

static bool parse_header(struct index_parse *ip, uint32_t *count)
{
  if (ip->len < 12 + ip->hash_len || memcmp(ip->buf, "DIRC", 4) != 0) {
    ip->why = "not an index file";
    return false;
  }
  ip->version = be32(ip->buf + 4);
  if (ip->version < 2 || ip->version > 4) {
    ip->why = "unsupported index version";
    return false;
  }
  *count = be32(ip->buf + 8);
  /* The smallest v4 entry is its fixed part plus a varint and a NUL. */
  if (*count > (ip->len - 12) / (40 + ip->hash_len + 4)) {
    ip->why = "entry count larger than the file";
    return false;
  }
  ip->off = 12;
  return true;
}

static int parse_fail(struct index_parse *ip, char *err, size_t errlen)
{
  if (err && errlen)
    snprintf(err, errlen, "corrupt git index: %s", ip->why);
  rc_buf_release(&ip->path);
  return -1;
}

int rc_git_parse_index(const unsigned char *buf, size_t len, size_t hash_len,
                       struct rc_arena *a, struct rc_git_tracked **out,
                       size_t *n, char *err, size_t errlen)
{
  *out = NULL;
  *n = 0;
  struct index_parse ip = {.buf = buf, .len = len, .hash_len = hash_len};
  rc_buf_init(&ip.path);
  uint32_t count;
  if (!parse_header(&ip, &count))
    return parse_fail(&ip, err, errlen);
  struct rc_git_tracked *v =
      rc_arena_alloc(a, (count ? count : 1) * sizeof(*v));
  size_t kept = 0;
  char *prev = NULL;
  for (uint32_t i = 0; i < count; i++) {
    unsigned mode;
    bool keep;
    if (!parse_entry(&ip, &mode, &keep))
      return parse_fail(&ip, err, errlen);
    int order = prev ? strcmp(prev, ip.path.data) : -1;
    if (order > 0) {
      ip.why = "entries out of order";
      return parse_fail(&ip, err, errlen);
    }
    /* Conflicted paths appear once per stage: list them once. */
    if (!keep || order == 0)
      continue;
    prev = rc_arena_strndup(a, ip.path.data, ip.path.len);
    v[kept++] = (struct rc_git_tracked){prev, mode, false};
  }
  if (ip.len - ip.off < hash_len) {
    ip.why = "missing checksum";
    return parse_fail(&ip, err, errlen);
  }
  rc_buf_release(&ip.path);
  *out = v;
  *n = kept;
  return 0;
}

static void read_index(struct rc_git *g)
{
  char *path = join(g->git_dir, "index");
  struct rc_buf b;
  rc_buf_init(&b);
  if (rc_git_slurp_at(AT_FDCWD, path, INDEX_MAX, &b) == 0) {
    char err[128];
    g->index_ok = rc_git_parse_index((const unsigned char *)b.data, b.len,
                                     g->hash_len, g->arena, &g->tracked,
                                     &g->n_tracked, err, sizeof(err)) == 0;
  }
  rc_buf_release(&b);
  free(path);
}

/* ---- the repository -------------------------------------------------- */

struct rc_git *rc_git_open(const char *root)
{
  char *git_dir = find_git_dir(root);
  if (!git_dir)
    return NULL;
  struct rc_git *g = rc_xcalloc(1, sizeof(*g));
  g->git_dir = git_dir;
  g->common_dir = find_common_dir(git_dir);
  read_config(g);
  g->arena = rc_arena_new();
  read_head(g);
  read_index(g);
  return g;
}

void rc_git_free(struct rc_git *g)
{
  if (!g)
    return;
  rc_arena_free(g->arena);
  free(g->git_dir);
  free(g->common_dir);
  free(g->commit);
  free(g->branch);
  free(g->origin);
  free(g);
}

void rc_git_drop_tracked(struct rc_git *g)
{
  rc_arena_free(g->arena);
  g->arena = rc_arena_new();
  g->tracked = NULL;
  g->n_tracked = 0;
}

struct rc_git_tracked *rc_git_find(const struct rc_git *g, const char *path)
{
  size_t lo = 0, hi = g->n_tracked;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(g->tracked[mid].path, path);
    if (c == 0)
      return &g->tracked[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* ---- .gitignore ------------------------------------------------------ */

/* How a rule is tested: most real patterns are a name or "*.ext", which
 * need no glob matcher. */
enum rule_kind { RULE_LITERAL, RULE_SUFFIX, RULE_GLOB };

struct ignore_rule {
  char *pattern; /* glob syntax (braces escaped), no leading '/' */
  char *base;    /* directory of the .gitignore, "" for the root */
  size_t base_len;
  enum rule_kind kind;
  bool negate, dir_only, anchored;
};

struct rc_ignore {
  struct ignore_rule *rules;
  size_t n, cap;
};

struct rc_ignore *rc_ignore_new(void)
{
  return rc_xcalloc(1, sizeof(struct rc_ignore));
}

void rc_ignore_pop(struct rc_ignore *ig, size_t mark)
{
  while (ig->n > mark) {
    struct ignore_rule *r = &ig->rules[--ig->n];
    free(r->pattern);
    free(r->base);
  }
}

void rc_ignore_free(struct rc_ignore *ig)
{
  if (!ig)
    return;
  rc_ignore_pop(ig, 0);
  free(ig->rules);
  free(ig);
}

size_t rc_ignore_mark(const struct rc_ignore *ig)
{
  return ig->n;
}

/* Drops trailing spaces unless backslash-escaped (git's rule). */
static size_t trim_trailing(const char *s, size_t n)
{
  while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
    n--;
  while (n && s[n - 1] == ' ') {
    size_t bs = 0;
    while (bs + 1 < n && s[n - 2 - bs] == '\\')
      bs++;
    if (bs % 2)
      break;
    n--;
  }
  return n;
}

/* gitignore has no braces: escape them for glob.c. */
static char *to_glob(const char *s, size_t n)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' && i + 1 < n) {
      rc_buf_add(&b, s + i, 2);
      i++;
      continue;
    }
    if (s[i] == '{' || s[i] == '}')
      rc_buf_putc(&b, '\\');
    rc_buf_putc(&b, s[i]);
  }
  char *g = rc_buf_detach(&b);
  rc_buf_release(&b);
  return g;
}

static enum rule_kind classify(const char *pat, bool anchored)
{
  if (rc_glob_is_literal(pat))
    return RULE_LITERAL;
  if (!anchored && pat[0] == '*' && rc_glob_is_literal(pat + 1))
    return RULE_SUFFIX;
  return RULE_GLOB;
}

static void add_rule(struct rc_ignore *ig, const char *base, const char *line,
                     size_t n)
{
  n = trim_trailing(line, n);
  if (n == 0 || line[0] == '#')
    return;
  struct ignore_rule r = {0};
  if (line[0] == '!') {
    r.negate = true;
    line++;
    n--;
  }
  if (n && line[n - 1] == '/') {
    r.dir_only = true;
    n--;
  }
  r.anchored = memchr(line, '/', n) != NULL;
  if (n && line[0] == '/') {
    line++;
    n--;
  }
  if (n == 0)
    return;
  r.pattern = to_glob(line, n);
  r.kind = classify(r.pattern, r.anchored);
  r.base = rc_xstrdup(base);
  r.base_len = strlen(base);
  rc_grow((void **)&ig->rules, &ig->cap, ig->n, sizeof(*ig->rules));
  ig->rules[ig->n++] = r;
}

void rc_ignore_add(struct rc_ignore *ig, const char *base, const char *text,
                   size_t len)
{
  const char *end = text + len;
  for (const char *p = text; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (!memchr(p, '\0', n))
      add_rule(ig, base, p, n);
    p += n + 1;
  }
}

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static bool rule_matches(const struct ignore_rule *r, const char *path,
                         const char *name, bool dir)
{
  if (r->dir_only && !dir)
    return false;
  const char *subject = name;
  if (r->anchored)
    subject = path + r->base_len + (r->base_len ? 1 : 0);
  switch (r->kind) {
  case RULE_LITERAL:
    return strcmp(r->pattern, subject) == 0;
  case RULE_SUFFIX:
    return ends_with(subject, r->pattern + 1);
  case RULE_GLOB:
    break;
  }
  return rc_glob_match(r->pattern, subject);
}

bool rc_ignore_match(const struct rc_ignore *ig, const char *path,
                     const char *name, bool is_dir)
{
  for (size_t i = ig->n; i-- > 0;)
    if (rule_matches(&ig->rules[i], path, name, is_dir))
      return !ig->rules[i].negate;
  return false;
}
