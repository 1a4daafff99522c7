/*
 * keyfile.c - whether a committed private key is a secret (keyfile.h).
 *
 * The key's text is read the way a PEM reader would, but forgiving the
 * quoting a key gets inside JSON or YAML, so that a sample key in an API
 * description is measured against the length its own DER declares. A
 * key OpenSSL loads is matched against the certificates beside it by
 * public key, never by file name: a folder of test certificates names
 * its files server.crt as often as a production one does.
 */
#include "readycheck/keyfile.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/readme.h"

enum {
  BODY_MAX = 64 * 1024,       /* base64 characters of a key read */
  CERT_FILE_MAX = 256 * 1024, /* a certificate file read whole */
  CERT_FILES_MAX = 64,        /* certificate files of a folder read */
  LABEL_MAX = 48,
  NAME_SHOWN = 80
};

/* The PEM block at a BEGIN marker, as its text reads. */
struct block {
  const char *begin; /* "-----BEGIN " */
  const char *end;   /* the end of the file's text */
  char label[LABEL_MAX];
  bool encrypted;
  bool elided;           /* the body stopped at '.' or '…' */
  size_t n_der;          /* bytes the body decodes to */
  unsigned char head[6]; /* its first bytes: the outer SEQUENCE header */
};

/* The start of line (1-based) in data[0..len), or NULL past the end. */
static const char *line_start(const char *data, size_t len, unsigned line)
{
  const char *p = data, *end = data + len;
  for (unsigned l = 1; l < line; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
      return NULL;
    p = nl + 1;
  }
  return p;
}

static const char *find_in(const char *p, const char *end, const char *s)
{
  size_t n = strlen(s);
  for (; p && (size_t)(end - p) >= n; p++)
    if (memcmp(p, s, n) == 0)
      return p;
  return NULL;
}

static int b64_value(unsigned char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

/* Quoting between the parts of a key written in a string: whitespace,
 * quotes, `\n` escapes and a backslash ending a line. Returns the bytes
 * to skip at p, 0 when p holds none. */
static size_t quoting(const char *p, const char *end)
{
  switch (*p) {
  case ' ':
  case '\t':
  case '\r':
  case '\n':
  case '"':
  case '\'':
  case '`':
    return 1;
  case '\\':
    if (end - p >= 2 && p[1] != '\0' && strchr("nrt\r\n", p[1]))
      return 2;
    return 0;
  default:
    return 0;
  }
}

static bool is_ellipsis(const char *p, const char *end)
{
  return *p == '.' ||
         (end - p >= 3 && (unsigned char)p[0] == 0xE2 &&
          (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xA6);
}

/* Reads the body after the BEGIN line: how many bytes it decodes to,
 * its first bytes, and where it stops. */
static void read_body(struct block *b, const char *p)
{
  uint32_t bits = 0;
  int n_bits = 0;
  size_t n_chars = 0;
  bool padded = false;
  while (p < b->end && n_chars < BODY_MAX) {
    int v = b64_value((unsigned char)*p);
    size_t skip;
    if (v >= 0 && !padded) {
      bits = (bits << 6) | (uint32_t)v;
      n_bits += 6;
      n_chars++;
      if (n_bits >= 8) {
        n_bits -= 8;
        if (b->n_der < sizeof(b->head))
          b->head[b->n_der] = (unsigned char)(bits >> n_bits);
        b->n_der++;
      }
      p++;
    } else if (*p == '=') {
      padded = true;
      p++;
    } else if ((skip = quoting(p, b->end)) > 0) {
      p += skip;
    } else {
      b->elided = is_ellipsis(p, b->end);
      return;
    }
  }
}

/* The block whose BEGIN marker is on line, or false. */
static bool read_block(struct block *b, const char *data, size_t len,
                       unsigned line)
{
  memset(b, 0, sizeof(*b));
  b->end = data + len;
  const char *ls = line_start(data, len, line ? line : 1);
  if (!ls)
    return false;
  const char *le = memchr(ls, '\n', (size_t)(b->end - ls));
  b->begin = find_in(ls, le ? le : b->end, "-----BEGIN ");
  if (!b->begin)
    return false;
  const char *l = b->begin + strlen("-----BEGIN ");
  const char *close = find_in(l, b->end, "-----");
  if (!close || close - l >= LABEL_MAX)
    return false;
  memcpy(b->label, l, (size_t)(close - l));
  b->label[close - l] = '\0';
  const char *after = close + 5;
  /* a legacy encrypted block says so in a header right after BEGIN */
  const char *h = after;
  size_t skip;
  while (h < b->end && (skip = quoting(h, b->end)) > 0)
    h += skip;
  const char *hl = memchr(h, '\n', (size_t)(b->end - h));
  b->encrypted =
      strstr(b->label, "ENCRYPTED") ||
      ((size_t)(b->end - h) > 10 && memcmp(h, "Proc-Type:", 10) == 0 &&
       find_in(h, hl ? hl : b->end, "ENCRYPTED"));
  if (!b->encrypted)
    read_body(b, after);
  return true;
}

/* The length a DER value's outer SEQUENCE declares (header included),
 * or 0 when the bytes do not start one. */
static size_t der_declared(const struct block *b)
{
  const unsigned char *d = b->head;
  size_t n = b->n_der < sizeof(b->head) ? b->n_der : sizeof(b->head);
  if (n < 2 || d[0] != 0x30)
    return 0;
  if (d[1] < 0x80)
    return 2 + (size_t)d[1];
  size_t k = d[1] & 0x7f;
  if (k == 0 || k > 3 || n < 2 + k)
    return 0;
  size_t len = 0;
  for (size_t i = 0; i < k; i++)
    len = (len << 8) | d[2 + i];
  return 2 + k + len;
}

/* True when the text of one attribute value names a test identity: the
 * word "test" whole, or a host under a name reserved for tests and
 * examples. */
static bool names_test(const unsigned char *v, size_t n)
{
  for (size_t i = 0; i < n;) {
    while (i < n && !isalnum(v[i]))
      i++;
    size_t s = i;
    while (i < n && isalnum(v[i]))
      i++;
    if (i - s == 4 && strncasecmp((const char *)v + s, "test", 4) == 0)
      return true;
  }
  static const char *const reserved[] = {
      ".test",       ".example",    ".invalid",    ".localhost",
      "example.com", "example.net", "example.org", NULL};
  for (size_t r = 0; reserved[r]; r++) {
    size_t m = strlen(reserved[r]);
    if (n < m || strncasecmp((const char *)v + n - m, reserved[r], m) != 0)
      continue;
    /* example.com itself or a host under it, not myexample.com */
    if (reserved[r][0] == '.' || n == m || v[n - m - 1] == '.')
      return true;
  }
  return false;
}

/* The value of nm naming a test identity, shown in buf, or NULL. */
static const char *test_value(const X509_NAME *nm, char *buf, size_t cap)
{
  int count = X509_NAME_entry_count(nm);
  for (int i = 0; i < count; i++) {
    const ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, i));
    const unsigned char *v = ASN1_STRING_get0_data(s);
    size_t n = (size_t)ASN1_STRING_length(s);
    if (!v || !names_test(v, n))
      continue;
    size_t k = 0;
    for (; k < n && k + 1 < cap; k++)
      buf[k] = (v[k] >= 0x20 && v[k] < 0x7f) ? (char)v[k] : '?';
    buf[k] = '\0';
    return buf;
  }
  return NULL;
}

/* True when the name v[0..n) is this machine: localhost, a host under
 * .localhost, a loopback address written out. */
static bool names_loopback(const unsigned char *v, size_t n)
{
  static const char *const names[] = {"localhost", "127.0.0.1", "::1", NULL};
  for (size_t i = 0; names[i]; i++)
    if (n == strlen(names[i]) && strncasecmp((const char *)v, names[i], n) == 0)
      return true;
  return n > 10 && strncasecmp((const char *)v + n - 10, ".localhost", 10) == 0;
}

/* True when every name x is for (its subject's common names, its
 * subjectAltName entries) is this machine, and it has one. */
static bool for_loopback_only(X509 *x)
{
  bool any = false;
  const X509_NAME *subject = X509_get_subject_name(x);
  for (int i = -1;
       (i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) >= 0;) {
    const ASN1_STRING *s =
        X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
    if (!names_loopback(ASN1_STRING_get0_data(s),
                        (size_t)ASN1_STRING_length(s)))
      return false;
    any = true;
  }
  GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
  bool ok = true;
  for (int i = 0; ok && i < sk_GENERAL_NAME_num(gens); i++) {
    const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
    if (g->type == GEN_DNS)
      ok = names_loopback(ASN1_STRING_get0_data(g->d.dNSName),
                          (size_t)ASN1_STRING_length(g->d.dNSName));
    else if (g->type == GEN_IPADD) {
      const unsigned char *ip = ASN1_STRING_get0_data(g->d.iPAddress);
      int n = ASN1_STRING_length(g->d.iPAddress);
      static const unsigned char v6_loop[16] = {[15] = 1};
      ok =
          (n == 4 && ip[0] == 127) || (n == 16 && memcmp(ip, v6_loop, 16) == 0);
    } else
      ok = false;
    any = true;
  }
  GENERAL_NAMES_free(gens);
  return ok && any;
}

/* What the certificates in text (a file's bytes) make pkey: the first
 * one whose public key is pkey's decides for this file; *why says so,
 * in a, unless RC_KEY_SECRET. */
static enum rc_key_kind cert_verdict(struct rc_arena *a, EVP_PKEY *pkey,
                                     const char *cert_path, const char *text,
                                     size_t len, const char **why)
{
  BIO *bio = BIO_new_mem_buf(text, (int)len);
  enum rc_key_kind kind = RC_KEY_SECRET;
  bool decided = false;
  X509 *x;
  while (bio && !decided && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
    if (X509_check_private_key(x, pkey) == 1) {
      decided = true;
      char buf[NAME_SHOWN + 1];
      const char *v = test_value(X509_get_subject_name(x), buf, sizeof(buf));
      const char *part = "subject";
      if (!v) {
        v = test_value(X509_get_issuer_name(x), buf, sizeof(buf));
        part = "issuer";
      }
      if (v) {
        kind = RC_KEY_NO_SECRET;
        *why = rc_arena_printf(a,
                               "its certificate %s names a test identity "
                               "(%s '%s'): a test fixture's key",
                               cert_path, part, v);
      } else if (for_loopback_only(x)) {
        kind = RC_KEY_LOCAL;
        *why = rc_arena_printf(a,
                               "its certificate %s is for localhost only: "
                               "a development certificate's key, which "
                               "impersonates no host but must not serve "
                               "a real one",
                               cert_path);
      }
    }
    X509_free(x);
  }
  BIO_free(bio);
  ERR_clear_error();
  return decided ? kind : RC_KEY_SECRET;
}

struct cert_walk {
  struct rc_index *idx;
  struct rc_arena *a;
  EVP_PKEY *pkey;
  const char *key_path;
  size_t n_read;
  enum rc_key_kind kind;
  const char *why;
};

static bool cert_name(const char *name)
{
  static const char *const exts[] = {".crt", ".cer", ".cert", ".pem", NULL};
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcasecmp(dot, exts[i]) == 0)
      return true;
  return false;
}

static int on_cert_file(const struct rc_entry *e, void *arg)
{
  struct cert_walk *w = arg;
  if (strcmp(e->path, w->key_path) == 0 || !cert_name(e->name) ||
      rc_entry_size(w->idx, e) > CERT_FILE_MAX)
    return 0;
  if (w->n_read++ >= CERT_FILES_MAX)
    return 1;
  const char *data;
  size_t len;
  char err[128];
  if (rc_index_read(w->idx, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  w->kind = cert_verdict(w->a, w->pkey, e->path, data, len, &w->why);
  return w->why != NULL;
}

/* A glob matching the files directly in dir, its metacharacters
 * escaped. */
static const char *folder_glob(struct rc_arena *a, const char *dir)
{
  size_t n = strlen(dir);
  char *g = rc_arena_alloc(a, 2 * n + 3);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (strchr("*?[]{}\\", dir[i]))
      g[k++] = '\\';
    g[k++] = dir[i];
  }
  if (n)
    g[k++] = '/';
  g[k++] = '*';
  g[k] = '\0';
  return g;
}

static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
  (void)buf;
  (void)size;
  (void)rwflag;
  (void)u;
  return 0;
}

/* What the key in b is by its certificate in the key's own file or its
 * folder (*why set unless RC_KEY_SECRET). */
static enum rc_key_kind cert_identity(struct rc_index *idx, struct rc_arena *a,
                                      const char *path, const struct block *b,
                                      const char *data, size_t len,
                                      const char **why)
{
  BIO *bio = BIO_new_mem_buf(b->begin, (int)(b->end - b->begin));
  EVP_PKEY *pkey =
      bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL) : NULL;
  BIO_free(bio);
  ERR_clear_error();
  if (!pkey)
    return RC_KEY_SECRET;
  enum rc_key_kind kind = cert_verdict(a, pkey, path, data, len, why);
  if (!*why) {
    struct cert_walk w = {idx, a, pkey, path, 0, RC_KEY_SECRET, NULL};
    rc_index_glob(idx, folder_glob(a, rc_path_dir(a, path)), RC_ENTRY_FILE,
                  on_cert_file, &w);
    kind = w.kind;
    *why = w.why;
  }
  EVP_PKEY_free(pkey);
  return *why ? kind : RC_KEY_SECRET;
}

/* The key's BEGIN line is commented out ('#' or ';' first on the line,
 * as YAML, TOML, INI, shell and .env files write comments): a documented
 * example the configuration never reads, though an install that
 * uncomments it as written would serve a published key. */
static bool on_commented_line(const char *data, size_t len, unsigned line,
                              const struct block *b)
{
  const char *p = line_start(data, len, line ? line : 1);
  while (p && p < b->begin && (*p == ' ' || *p == '\t'))
    p++;
  return p && p < b->begin && (*p == '#' || *p == ';');
}

enum rc_key_kind rc_key_judge(struct rc_index *idx, struct rc_arena *a,
                              const char *path, unsigned line, const char **why)
{
  *why = NULL;
  const struct rc_entry *e = rc_index_find(idx, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(idx, e, &data, &len, err, sizeof(err)) != 0)
    return RC_KEY_SECRET;
  struct block b;
  if (!read_block(&b, data, len, line))
    return RC_KEY_SECRET;
  if (b.encrypted) {
    *why = rc_arena_printf(a,
                           "an encrypted key (%s): as safe as its "
                           "passphrase, which must not be committed too",
                           b.label);
    return RC_KEY_LIMITED;
  }
  if (strstr(b.label, "OPENSSH") || strstr(b.label, "PGP"))
    return RC_KEY_SECRET;
  size_t declared = der_declared(&b);
  if (b.elided && declared && b.n_der < declared) {
    *why = rc_arena_printf(a,
                           "the key's text is cut short (%zu of the %zu "
                           "bytes its encoding declares): a sample, not a "
                           "usable key",
                           b.n_der, declared);
    return RC_KEY_NO_SECRET;
  }
  enum rc_key_kind kind = cert_identity(idx, a, path, &b, data, len, why);
  /* the folder's README forbids deploying its keys: the project's own
   * word that they are test material (a test CA for a trust feature) */
  const char *said = kind == RC_KEY_SECRET
                         ? rc_readme_test_keys(idx, a, rc_path_dir(a, path))
                         : NULL;
  if (said) {
    *why = rc_arena_printf(a,
                           "its folder's README says it is not for "
                           "deployment: '%.100s'",
                           said);
    return RC_KEY_NO_SECRET;
  }
  /* one it calls a sample or a default to replace: an install left at
   * its defaults may serve it (warned), but the project hands it to
   * nobody as a credential (not blocked) */
  said = kind == RC_KEY_SECRET
             ? rc_readme_sample_keys(idx, a, rc_path_dir(a, path))
             : NULL;
  if (said) {
    *why = rc_arena_printf(a,
                           "its folder's README calls it a sample or a "
                           "default to replace: '%.100s'",
                           said);
    return RC_KEY_LIMITED;
  }
  /* or shows the command that makes one's own in its place: the same */
  said = kind == RC_KEY_SECRET
             ? rc_readme_makes_key(idx, a, rc_path_dir(a, path),
                                   rc_path_base(path))
             : NULL;
  if (said) {
    *why = rc_arena_printf(a,
                           "its folder's README shows how to generate "
                           "one's own in its place: '%.100s'",
                           said);
    return RC_KEY_LIMITED;
  }
  if (kind == RC_KEY_SECRET && on_commented_line(data, len, line, &b)) {
    *why = "on a commented-out line: an example the configuration does "
           "not read, but an install that uncomments it would serve a "
           "published key";
    return RC_KEY_LIMITED;
  }
  return kind;
}
