/*
 * forge.c - permalinks for evidence. Only the two forges whose URL layout
 * is known are recognised; anything else (or a URL carrying a password or
 * token) yields no link rather than a wrong one or a leaked secret.
 */
#include "readycheck/forge.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/git.h"

static bool safe_segment_chars(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
          c == '/'))
      return false;
  }
  return n > 0;
}

static bool is_hex(const char *s)
{
  size_t n = strspn(s, "0123456789abcdef");
  return (n == 40 || n == 64) && s[n] == '\0';
}

int rc_forge_link_base(const char *remote, const char *commit, char *out,
                       size_t len)
{
  if (!remote || !commit || !is_hex(commit))
    return -1;
  const char *host, *path;
  size_t host_len;
  const char *scheme = strstr(remote, "://");
  if (scheme) {
    host = scheme + 3;
    const char *slash = strchr(host, '/');
    if (!slash)
      return -1;
    const char *at = memchr(host, '@', (size_t)(slash - host));
    if (at) {
      /* user@ is fine for ssh; user:secret@ never goes into a report */
      if (memchr(host, ':', (size_t)(at - host)))
        return -1;
      host = at + 1;
    }
    host_len = (size_t)(slash - host);
    const char *port = memchr(host, ':', host_len);
    if (port)
      host_len = (size_t)(port - host);
    path = slash + 1;
  } else {
    const char *at = strchr(remote, '@'), *colon = strchr(remote, ':');
    if (!colon || (at && at > colon))
      return -1;
    host = at ? at + 1 : remote;
    host_len = (size_t)(colon - host);
    path = colon + 1;
  }
  size_t plen = strlen(path);
  while (plen && path[plen - 1] == '/')
    plen--;
  if (plen > 4 && strncmp(path + plen - 4, ".git", 4) == 0)
    plen -= 4;
  if (!safe_segment_chars(path, plen) || !memchr(path, '/', plen) ||
      strstr(path, ".."))
    return -1;
  bool github = host_len == 10 && strncmp(host, "github.com", 10) == 0;
  bool gitlab = (host_len == 10 && strncmp(host, "gitlab.com", 10) == 0) ||
                (host_len > 7 && strncmp(host, "gitlab.", 7) == 0);
  if (!github && !gitlab)
    return -1;
  int n = snprintf(out, len, "https://%.*s/%.*s/%sblob/%s/", (int)host_len,
                   host, (int)plen, path, gitlab ? "-/" : "", commit);
  return n > 0 && (size_t)n < len ? 0 : -1;
}

/* [remote "origin"] ... url = X, in a config file's text. */
static int find_origin(const char *text, char *out, size_t len)
{
  bool in_origin = false;
  for (const char *p = text; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    while (n && (*p == ' ' || *p == '\t')) {
      p++;
      n--;
    }
    if (n && *p == '[') {
      in_origin = n >= 17 && strncmp(p, "[remote \"origin\"]", 17) == 0;
    } else if (in_origin && n > 3 && strncmp(p, "url", 3) == 0) {
      const char *v = p + 3 + strspn(p + 3, " \t");
      if (*v == '=') {
        v++;
        v += strspn(v, " \t");
        size_t vl = n - (size_t)(v - p);
        while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\r'))
          vl--;
        if (vl == 0 || vl >= len)
          return -1;
        memcpy(out, v, vl);
        out[vl] = '\0';
        return 0;
      }
    }
    p += n + (nl ? 1 : 0);
    if (!nl)
      break;
  }
  return -1;
}

int rc_forge_origin(const char *root, char *out, size_t len)
{
  struct rc_git *g = rc_git_open(root);
  if (!g)
    return -1;
  char path[4096];
  snprintf(path, sizeof(path), "%s/config", g->common_dir);
  struct rc_buf b;
  rc_buf_init(&b);
  int rc = rc_git_slurp_at(AT_FDCWD, path, 1 << 20, &b);
  if (rc == 0)
    rc = find_origin(b.data ? b.data : "", out, len);
  rc_buf_release(&b);
  rc_git_free(g);
  return rc;
}
