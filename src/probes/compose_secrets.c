/*
 * compose_secrets.c - the compose probe's no_plaintext_secrets: which
 * environment keys name a secret (a password, token or key, not a setting
 * about one nor a value shipped to the browser), which values are a
 * literal every install of the file shares (not a variable, a file
 * reference, a switch, a duration or a placeholder that says to replace
 * it), and one finding per secret however many services repeat it.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"

#include "compose_probe.h"

/* One of words in key, ending where a name's word ends (`DB_PASSWORD`,
 * `JWT_SECRET2`, `SECRETKEY`, `SECRETS_`): not `TOKENSERVER`, a server's
 * address. */
static bool key_word(const char *key, const char *const *words)
{
  for (size_t i = 0; words[i]; i++) {
    size_t n = strlen(words[i]);
    for (const char *at = rc_str_find_ci(key, words[i]); at;
         at = rc_str_find_ci(at + 1, words[i])) {
      const char *after = at + n;
      if (*after == 'S' || *after == 's') /* GITLAB_SECRETS_DB_KEY_BASE */
        after++;
      if (!isalpha((unsigned char)*after) || strncasecmp(after, "KEY", 3) == 0)
        return true;
    }
  }
  return false;
}

/* `RABBITMQ_DEFAULT_PASS`, `PMF_DB_PASS`, `CKAN_POSTGRES_PWD`: the
 * password's short names, as the key's last word only (`BYPASS_CACHE`
 * and `PASS_THROUGH` are switches, not passwords). */
static bool short_password_key(const char *key)
{
  static const char *const ends[] = {"_PASS", "_PWD", NULL};
  size_t kn = strlen(key);
  for (size_t i = 0; ends[i]; i++) {
    size_t en = strlen(ends[i]);
    if (kn > en && strcasecmp(key + kn - en, ends[i]) == 0)
      return true;
  }
  return false;
}

static bool secret_key(const char *key)
{
  static const char *const words[] = {
      "PASSWORD", "PASSWD",      "SECRET",     "TOKEN",      "API_KEY",
      "APIKEY",   "PRIVATE_KEY", "ACCESS_KEY", "PASSPHRASE", NULL};
  static const char *const not_values[] = {
      "_FILE", "_PATH", "_LIMIT", "_RATE", "_TTL", "_LENGTH", "_ENABLED",
      "_NAME", "_HEADER", "_EXPIRY", "_LIFETIME", "_EXPIRES_IN", "_EXPIRATION",
      "_TIMEOUT", "_URL", "_ENDPOINT", "_ALGORITHM", "_COUNT", "_SIZE",
      "_DURATION", "_MAX", "_MIN", "_REALM", "_ISSUER", "_SERVICE", "_AUDIENCE",
      "_TYPE", "_ROOTCERTBUNDLE",
      /* where it is, how it is made or checked, whose it is */
      "_HOST", "_PORT", "_USER", "_USERNAME", "_PREFIX", "_MODE", "_POLICY",
      "_METHOD", "_VERSION", "_PROVIDER", "_BACKEND", "_STORE", "_STORAGE",
      "_SCOPE", "_SCOPES", "_FORMAT", "_INTERVAL", "_ROTATION", "_REQUIRED",
      "_HASH", "_DIR", "_DIRECTORY", "_FOLDER", "_DOMAIN",
      /* an app that prefixes every setting (`SECRET_ROOT_EMAIL`,
       * `SECRET_FORCED_LANGUAGE`): the last word says what the value is */
      "_EMAIL", "_HOSTNAME", "_ADDRESS", "_LANGUAGE", "_LOCALE", NULL};
  /* shipped to the browser by design: a build's public variables
   * (NEXT_PUBLIC_, VITE_, ...), publishable and public keys, and PostHog's
   * project key, which every page that reports analytics carries */
  static const char *const public_words[] = {"PUBLIC", "PUBLISHABLE", "POSTHOG",
                                             NULL};
  static const char *const public_prefixes[] = {"VITE_", "REACT_APP_", NULL};
  if (rc_str_find_any_ci(key, public_words))
    return false;
  for (size_t i = 0; public_prefixes[i]; i++)
    if (strncasecmp(key, public_prefixes[i], strlen(public_prefixes[i])) == 0)
      return false;
  size_t ul = strlen(key);
  for (size_t i = 0; not_values[i]; i++) {
    size_t sl = strlen(not_values[i]);
    if (ul > sl && strcasecmp(key + ul - sl, not_values[i]) == 0)
      return false; /* a setting about a secret, not the secret */
  }
  return key_word(key, words) || short_password_key(key);
}

/* An instruction to the reader ("random string that is unique to every
 * install - just type random characters here!") rather than a value:
 * generated secrets hold no spaces, so four words or more read as prose. */
static bool prose(const char *v)
{
  size_t spaces = 0;
  for (const char *p = v; *p; p++)
    if (*p == ' ' && p[1] && p[1] != ' ')
      spaces++;
  return spaces >= 3;
}

/* Where the secret is read from (`file:///run/shared/token`,
 * `/run/secrets/db`): a path holds no space and names a folder. */
static bool file_reference(const char *v)
{
  if (strncmp(v, "file://", 7) == 0)
    return true;
  return v[0] == '/' && strchr(v + 1, '/') && !strpbrk(v, " \t");
}

/* What a word of a value says about it: an instruction or a stand-in
 * says what to put there (`generate`, `your`, `here`, `something`); a
 * quality (`secure`, `random`) says so only beside the kind of value it
 * describes (`long-and-random-alphanumeric-string`). Alone a quality is
 * the author's boast about the value itself (`my_ultra_secure_secret`,
 * like `mysecretpassword`): a literal every install runs with. */
enum { SAYS_INSTRUCTION = 1, SAYS_QUALITY = 2, SAYS_KIND = 4 };

static const struct {
  const char *word;
  int says;
} describing[] = {
    {"here", SAYS_INSTRUCTION},    {"generate", SAYS_INSTRUCTION},
    {"your", SAYS_INSTRUCTION},    {"change", SAYS_INSTRUCTION},
    {"replace", SAYS_INSTRUCTION}, {"put", SAYS_INSTRUCTION},
    {"insert", SAYS_INSTRUCTION},  {"something", SAYS_INSTRUCTION},
    {"some", SAYS_INSTRUCTION},    {"choose", SAYS_INSTRUCTION},
    {"enter", SAYS_INSTRUCTION},   {"random", SAYS_QUALITY},
    {"strong", SAYS_QUALITY},      {"long", SAYS_QUALITY},
    {"secure", SAYS_QUALITY},      {"unique", SAYS_QUALITY},
    {"generated", SAYS_QUALITY},   {"string", SAYS_KIND},
    {"characters", SAYS_KIND},     {"chars", SAYS_KIND},
};

static int describing_word(const char *w, size_t n)
{
  for (size_t i = 0; i < sizeof(describing) / sizeof(*describing); i++)
    if (strlen(describing[i].word) == n &&
        strncasecmp(w, describing[i].word, n) == 0)
      return describing[i].says;
  return 0;
}

/* The words, taken together, say what to put there. */
static bool says_what_goes_there(int says)
{
  return (says & SAYS_INSTRUCTION) ||
         ((says & SAYS_QUALITY) && (says & SAYS_KIND));
}

/* `ChooseYourOwnPasswordHere1234`: the same instruction in capitalised
 * words run together (digits may follow), three words or more. */
static bool described_camel(const char *v)
{
  size_t parts = 0;
  int says = 0;
  const char *p = v;
  while (isupper((unsigned char)*p)) {
    const char *w = p++;
    while (islower((unsigned char)*p))
      p++;
    if (p - w < 2)
      return false;
    parts++;
    says |= describing_word(w, (size_t)(p - w));
  }
  p += strspn(p, "0123456789");
  return !*p && parts >= 3 && says_what_goes_there(says);
}

/* `long-and-random-alphanumeric-string`, `["generate-a-strong-secret"]`:
 * words that say what to put there, not a value anybody uses. A slug of
 * three or more lowercase words that together describe the value. */
static bool described(const char *v)
{
  if (described_camel(v))
    return true;
  char buf[128];
  size_t n = 0;
  for (const char *p = v; *p && n < sizeof(buf) - 1; p++)
    if (!strchr("[]\"'", *p))
      buf[n++] = *p;
  buf[n] = '\0';
  size_t parts = 0;
  int says = 0;
  for (char *save = NULL, *w = strtok_r(buf, "-_", &save); w;
       w = strtok_r(NULL, "-_", &save)) {
    for (const char *c = w; *c; c++)
      if (!islower((unsigned char)*c))
        return false;
    parts++;
    says |= describing_word(w, strlen(w));
  }
  return parts >= 3 && says_what_goes_there(says);
}

/* `TOKEN_VALUE`, `YOUR_API_KEY`, `DB_PASSWORD_HERE`: capital words that
 * name the kind of secret to put there, not a value anybody uses. */
static bool named_placeholder(const char *v)
{
  static const char *const kinds[] = {"TOKEN", "PASSWORD", "SECRET", "KEY",
                                      NULL};
  if (!strchr(v, '_') || v[strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_")])
    return false;
  for (size_t i = 0; kinds[i]; i++)
    if (strstr(v, kinds[i]))
      return true;
  return false;
}

/* A duration, count or switch about a secret ("7d", "3600", "true") is no
 * secret; neither is a placeholder that must be edited anyway, nor the
 * path of the file holding the secret. */
static bool literal(const char *v)
{
  /* `insecure`: a value that says it must not stay (PhotoPrism's
   * download-and-edit templates) */
  static const char *const marks[] = {"change",      "replace", "your",  "xxx",
                                      "placeholder", "example", "dummy", "fake",
                                      "insecure",    "<",       NULL};
  /* `none`, `null`, `nil`, `~`: the words configuration parsers read as
   * no value (YAML's null in list syntax, Python's None): no password
   * set, not one every install shares */
  static const char *const switches[] = {"true", "false", "yes", "no",   "on",
                                         "off",  "0",     "1",   "none", "null",
                                         "nil",  "~",     NULL};
  /* `POSTGRES_PASSWORD=''` in list syntax keeps the quotes: an empty
   * password, no secret anybody shares */
  if (!v || !v[strspn(v, "'\"")] || strchr(v, '$') || file_reference(v))
    return false;
  for (size_t i = 0; switches[i]; i++)
    if (strcasecmp(v, switches[i]) == 0)
      return false;
  for (size_t i = 0; marks[i]; i++)
    if (strncasecmp(v, marks[i], strlen(marks[i])) == 0)
      return false;
  /* `NEEDSTOCHANGE`, `please-change-me`: it says so further in */
  if (rc_str_find_ci(v, "change"))
    return false;
  size_t digits = strspn(v, "0123456789");
  if (v[digits] == '\0' ||
      (digits && strchr("smhdwy", v[digits]) && v[digits + 1] == '\0'))
    return false; /* 3600, 7d, 15m */
  return !prose(v) && !described(v) && !named_placeholder(v);
}

/* `POSTGRES_PASSWORD: 123456`, `VAULT_ENC_KEY: "1234...32"`: a number of
 * four digits or more under a key that names the secret itself (its last
 * word is the password or key, not `_MINUTES` or `_COUNT` about one) is
 * the secret, not a duration or a count; `0` and `1` stay switches. */
static bool numeric_secret(const char *name, const char *v)
{
  static const char *const nouns[] = {"PASSWORD", "PASSWD", "_PASS", "_PWD",
                                      "SECRET",   "_KEY",   "TOKEN", NULL};
  if (!v)
    return false;
  v += strspn(v, "'\"");
  size_t digits = strspn(v, "0123456789");
  if (digits < 4 || (v[digits] && !strchr("'\"", v[digits])))
    return false;
  size_t kn = strlen(name);
  for (size_t i = 0; nouns[i]; i++) {
    size_t sn = strlen(nouns[i]);
    if (kn >= sn && strcasecmp(name + kn - sn, nouns[i]) == 0)
      return true;
  }
  return false;
}

/* The comment on the value's line, or on a comment-only line right above
 * it, asks the reader to change it ("# Change this to something secure in
 * production!", "# replace me"): the file says the value is a placeholder,
 * as a value reading `changeme` does. */
static bool comment_asks_change(struct run *r, const struct rc_where *at)
{
  static const char *const asks[] = {"change", "replace", "generate",
                                     "set your own", NULL};
  if (!at || !at->path || !at->line)
    return false;
  for (unsigned line = at->line; line + 1 >= at->line && line; line--) {
    size_t n = 0;
    const char *text = compose_file_line(r, at->path, line, &n);
    if (!text)
      return false;
    char buf[256];
    snprintf(buf, sizeof(buf), "%.*s", (int)(n < 255 ? n : 255), text);
    const char *hash = strchr(buf, '#');
    /* the line above counts only when it is a comment and nothing else */
    if (line != at->line && (!hash || buf[strspn(buf, " \t")] != '#'))
      return false;
    if (hash && rc_str_find_any_ci(hash, asks))
      return true;
  }
  return false;
}

/* The line (before its comment) sets a key to value: it ends with the
 * value, quoted or not, right after `=` or `:`. */
static bool line_sets(const char *text, size_t n, const char *value)
{
  const char *hash = memchr(text, '#', n);
  size_t end = hash ? (size_t)(hash - text) : n;
  while (end && strchr(" \t\r\"'", text[end - 1]))
    end--;
  size_t vn = strlen(value);
  if (!vn || end < vn + 1 || strncmp(text + end - vn, value, vn) != 0)
    return false;
  size_t at = end - vn;
  while (at && strchr(" \"'", text[at - 1]))
    at--;
  return at && (text[at - 1] == '=' || text[at - 1] == ':');
}

/* The file asks to change this value where it first sets it and repeats
 * it elsewhere ("# This must match the SECRET_API_KEY above"): one
 * placeholder, not a secret of its own. */
static bool placeholder_elsewhere(struct run *r, const char *path,
                                  const char *value)
{
  size_t n = 0;
  for (unsigned line = 1;; line++) {
    const char *text = compose_file_line(r, path, line, &n);
    if (!text)
      return false;
    struct rc_where at = {path, line};
    if (line_sets(text, n, value) && comment_asks_change(r, &at))
      return true;
  }
}

/* A value without its quotes (`'trust'` in list syntax keeps them). */
static bool value_is(const char *v, const char *want)
{
  v += strspn(v, "'\"");
  size_t n = strcspn(v, "'\"");
  return n == strlen(want) && strncasecmp(v, want, n) == 0 &&
         !v[n + (v[n] != 0)];
}

/* The service turns off the authentication its own password would guard:
 * OpenSearch with its security plugin disabled, Elasticsearch without
 * X-Pack security, Postgres trusting every client. */
static void on_auth_env(const char *name, const char *value,
                        const struct rc_where *at, void *arg)
{
  static const char *const offs[][2] = {
      {"plugins.security.disabled", "true"},
      {"DISABLE_SECURITY_PLUGIN", "true"},
      {"xpack.security.enabled", "false"},
      {"POSTGRES_HOST_AUTH_METHOD", "trust"},
  };
  (void)at;
  bool *off = arg;
  for (size_t i = 0; value && i < sizeof(offs) / sizeof(*offs); i++)
    if (strcasecmp(name, offs[i][0]) == 0 && value_is(value, offs[i][1]))
      *off = true;
}

/* A password of a service that lets every client in without one guards
 * nothing: no shared credential, whatever the open service is worth. */
static bool guards_nothing(const struct rc_compose_service *s, const char *name)
{
  if (!rc_str_find_ci(name, "PASSWORD") && !rc_str_find_ci(name, "PASSWD"))
    return false;
  bool off = false;
  rc_compose_env(s, on_auth_env, &off);
  return off;
}

struct env_walk {
  struct run *r;
  const struct rc_compose_service *s;
};

/* The same literal already reported in the file (`POSTGRES_PASSWORD:
 * ctfd` on the database, `DATABASE_PASSWORD: ctfd` on the app): one
 * secret, changed in one place, is one finding that names the others. */
static struct problem *same_secret(struct run *r, const char *path,
                                   const char *value)
{
  for (size_t i = 0; i < r->n_p; i++)
    if (r->p[i].secret && strcmp(r->p[i].secret, value) == 0 &&
        strcmp(r->p[i].at.path, path) == 0)
      return &r->p[i];
  return NULL;
}

static void on_env(const char *name, const char *value,
                   const struct rc_where *at, void *arg)
{
  struct env_walk *w = arg;
  if (!secret_key(name))
    return;
  w->r->n_examined++;
  if (!(literal(value) || numeric_secret(name, value)) ||
      comment_asks_change(w->r, at) || guards_nothing(w->s, name))
    return;
  const char *path = at && at->path ? at->path : w->s->at.path;
  if (path && placeholder_elsewhere(w->r, path, value))
    return;
  struct problem *first = path ? same_secret(w->r, path, value) : NULL;
  if (first) {
    /* Every view that layers the file repeats its services: the same
     * place is named once. */
    const char *also = rc_arena_printf(
        w->r->a, "; services.%s's %s holds the same value", w->s->name, name);
    unsigned line = at && at->path ? at->line : w->s->at.line;
    bool same_place =
        first->at.line == line && strcmp(first->service, w->s->name) == 0;
    if (same_place || strstr(first->why, also))
      return;
    if (first->n_also++ < 3)
      first->why = rc_arena_printf(w->r->a, "%s%s", first->why, also);
    return;
  }
  size_t n = w->r->n_p;
  /* what the file shows, no more: whether the value is a placeholder the
   * docs ask to replace, or a database only the stack's network reaches,
   * the file does not tell (dev labels of "a literal value": 19 true, 20
   * debatable, most of those "a placeholder, but it runs unchanged") */
  compose_problem(
      w->r, w->s, at,
      "environment sets %s to a literal value written in the file (not "
      "a variable or secret): every install that runs the file unedited "
      "shares it",
      name);
  if (w->r->n_p > n) /* value lives only as long as this service's walk */
    w->r->p[n].secret = rc_arena_strdup(w->r->a, value);
}

void compose_req_no_plaintext(struct run *r, const struct rc_compose_service *s)
{
  struct env_walk w = {r, s};
  rc_compose_env(s, on_env, &w);
}
