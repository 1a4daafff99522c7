/*
 * user_drops.c - the words in a command or script that give privileges
 * away. A drop is read from text, not run, so a tool is counted only on a
 * line that is not a comment, and `su` only when it goes to a user other
 * than root with a command; the servers counted are those whose master
 * keeps root only to bind ports while its workers run as their own user.
 */
#include <string.h>

#include "readycheck/path.h"
#include "readycheck/user.h"

#include "user_parts.h"

/* The tools, and in a Python start script the calls (`os.setuid(`, a
 * helper named for it: `drop_privs_to('mailu')`, `drop_privileges()`). */
static const char *const drop_tools[] = {
    "gosu",          "su-exec",           "setpriv", "s6-setuidgid",
    "chpst -u",      "runuser",           "su -c",   "su - ",
    "setuidgid",     "start-stop-daemon", "tini -u", "os.setuid(",
    "os.setresuid(", "drop_priv",         NULL};

/* `su app -c "cmd"`, `exec su -s /bin/sh app -c ...`: su to a named user
 * other than root, running a command. Options that take a value (-s, -g,
 * -G, -w) are skipped with it. */
static bool su_to_user(const char *line, size_t len)
{
  bool user = false, command = false;
  const char *p = line, *end = line + len;
  while (p < end) {
    p += strspn(p, " \t");
    size_t n = strcspn(p, " \t\n;&|");
    if (p + n > end)
      n = (size_t)(end - p);
    if (!n)
      break;
    if (n == 2 && strncmp(p, "-c", 2) == 0)
      command = true;
    else if (n == 2 && strchr("sgGw", p[1]) && p[0] == '-') {
      p += n;
      p += strspn(p, " \t");
      n = strcspn(p, " \t\n;&|");
    } else if (p[0] != '-' && !command && !user) {
      if (rc_user_is_root(p))
        return false;
      user = true;
    }
    p += n;
    if (p < end && strchr(";&|", *p))
      break;
  }
  return user && command;
}

static bool su_drop(const char *text)
{
  for (const char *p = text; p && (p = strstr(p, "su ")); p += 3) {
    if (p > text && !strchr(" \t\n;&|(", p[-1]))
      continue;
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    if (su_to_user(p + 3, len - 3))
      return true;
  }
  return false;
}

static const char *line_drop_tool(const char *line)
{
  for (size_t t = 0; drop_tools[t]; t++)
    if (strstr(line, drop_tools[t]))
      return drop_tools[t];
  return su_drop(line) ? "su USER -c" : NULL;
}

/* Line by line, because a commented-out `# su -l app -c ./server` is the
 * privilege drop a script no longer does. */
const char *rc_privilege_drop_tool(const char *text)
{
  char line[4096];
  for (const char *p = text; p && *p;) {
    size_t n = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    if (*t != '#' && n) {
      size_t k = n < sizeof(line) - 1 ? n : sizeof(line) - 1;
      memcpy(line, p, k);
      line[k] = '\0';
      const char *d = line_drop_tool(line);
      if (d)
        return d;
    }
    p += n;
    p += *p == '\n';
  }
  return NULL;
}

/* Programs that only run their arguments: the official PHP images'
 * docker-php-entrypoint, init shims, env. */
static bool wrapper(const char *base, size_t n)
{
  static const char *const names[] = {"docker-php-entrypoint", "tini",
                                      "dumb-init", "env", NULL};
  for (size_t i = 0; names[i]; i++)
    if (strlen(names[i]) == n && strncmp(base, names[i], n) == 0)
      return true;
  return false;
}

/* One command's server, when the command starts it: its program (after
 * `exec`, variable assignments and a `command=` key) is one of the
 * servers' binaries. */
static const char *command_server(const char *cmd, size_t len)
{
  static const char *const servers[][3] = {{"apache2-foreground", "", "Apache"},
                                           {"httpd-foreground", "", "Apache"},
                                           {"apache2ctl", "", "Apache"},
                                           {"apachectl", "", "Apache"},
                                           {"apache2", " -D", "Apache"},
                                           {"httpd", " -D", "Apache"},
                                           {"php-fpm", "", "php-fpm"},
                                           {"sshd", " -D", "OpenSSH's sshd"},
                                           {NULL, NULL, NULL}};
  const char *end = cmd + len;
  const char *p = cmd;
  for (;;) {
    while (p < end && strchr(" \t\"'[],(", *p))
      p++;
    size_t n = 0;
    while (p + n < end && !strchr(" \t\"',]", p[n]))
      n++;
    if (!n || *p == '#')
      return NULL;
    const char *eq = memchr(p, '=', n);
    if (n == 4 && strncmp(p, "exec", 4) == 0) {
      p += n;
      continue;
    }
    if (eq && strncmp(p, "command=", 8) == 0) {
      p += 8; /* a supervisord program's command */
      continue;
    }
    if (eq) {
      p += n; /* VAR=value before the program */
      continue;
    }
    const char *base = p;
    for (size_t i = 0; i < n; i++)
      if (p[i] == '/')
        base = p + i + 1;
    size_t bn = (size_t)(p + n - base);
    if (wrapper(base, bn) || (n == 2 && strncmp(p, "--", 2) == 0)) {
      p += n; /* `docker-php-entrypoint apache2-foreground`, `tini --` */
      continue;
    }
    for (size_t i = 0; servers[i][0]; i++) {
      size_t sn = strlen(servers[i][0]);
      bool named = strcmp(servers[i][0], "php-fpm") == 0
                       ? bn >= sn && strncmp(base, "php-fpm", sn) == 0
                       : bn == sn && strncmp(base, servers[i][0], sn) == 0;
      size_t on = strlen(servers[i][1]);
      bool opt = !on || ((size_t)(end - (p + n)) >= on &&
                         strncmp(p + n, servers[i][1], on) == 0);
      if (named && opt)
        return servers[i][2];
    }
    if (bn == 5 && strncmp(base, "uwsgi", 5) == 0) {
      for (const char *q = p + n; q + 5 <= end; q++)
        if (strncmp(q, "--uid", 5) == 0)
          return "uWSGI --uid";
    }
    return NULL;
  }
}

/* Servers whose master starts as root to bind ports and runs its workers
 * as an unprivileged user (Apache's User, php-fpm's pool user, uWSGI's
 * uid; sshd in the foreground, which must start as root to switch each
 * session to its login user): the same model as the official nginx and
 * httpd images. A command
 * of the text that starts one (a comment or a path naming one does not
 * count), or NULL. */
const char *iu_server_drop(const char *text)
{
  for (const char *line = text; line && *line;) {
    size_t len = strcspn(line, "\n");
    const char *t = line + strspn(line, " \t");
    const char *hash = memchr(line, '#', len);
    size_t code = *t == '#' ? 0 : hash ? (size_t)(hash - line) : len;
    for (const char *p = line; p < line + code;) {
      size_t n = strcspn(p, ";&|\n");
      if (p + n > line + code)
        n = (size_t)(line + code - p);
      const char *srv = command_server(p, n);
      if (srv)
        return srv;
      p += n;
      p += strspn(p, ";&|");
    }
    line += len;
    line += *line == '\n';
  }
  return NULL;
}

/* Daemons that, started as root, switch to their own user by default
 * once they have bound their ports: Mosquitto (`user mosquitto`), and
 * FreeRADIUS as Debian and Red Hat package it (radiusd.conf's `user =
 * freerad` / `user = radiusd`). The daemon's name, or NULL. */
const char *iu_dropping_daemon(const char *prog)
{
  static const char *const names[][2] = {{"mosquitto", "Mosquitto"},
                                         {"freeradius", "FreeRADIUS"},
                                         {"radiusd", "FreeRADIUS"},
                                         {NULL, NULL}};
  const char *base = prog ? rc_path_base(prog) : NULL;
  for (size_t i = 0; base && names[i][0]; i++)
    if (strcmp(base, names[i][0]) == 0)
      return names[i][1];
  return NULL;
}

/* A program command that runs unprivileged although supervisord starts it
 * as root: a server whose master only binds and runs its workers as its
 * configured user (nginx, php-fpm, Apache), a database server that refuses
 * to run as root (mysqld, mariadbd), a --user/--uid option, or a drop tool
 * (gosu ...). */
bool iu_program_drops(const char *cmd)
{
  cmd += strspn(cmd, " \t");
  if (strncmp(cmd, "exec ", 5) == 0)
    cmd += 5 + strspn(cmd + 5, " \t");
  static const char *const servers[] = {"nginx",     "php-fpm", "apache2",
                                        "httpd",     "mysqld",  "mariadbd",
                                        "apachectl", NULL};
  size_t n = strcspn(cmd, " \t;");
  const char *prog = cmd;
  for (size_t i = 0; i < n; i++)
    if (cmd[i] == '/')
      prog = cmd + i + 1;
  size_t pn = (size_t)(cmd + n - prog);
  for (size_t i = 0; servers[i]; i++) {
    size_t sn = strlen(servers[i]);
    /* php-fpm8.2, php-fpm__PHP_VERSION__ (a placeholder a RUN fills in),
     * apache2-foreground */
    const char *rest = prog + sn;
    size_t rn = pn - sn;
    if (pn >= sn && strncmp(prog, servers[i], sn) == 0 &&
        (rn == 0 || strchr("0123456789._", rest[0]) ||
         (rn == 11 && strncmp(rest, "-foreground", 11) == 0)))
      return !strstr(cmd, "--user=root");
  }
  static const char *const opts[] = {"--user=", "--user ", "--uid=", "--uid ",
                                     NULL};
  for (size_t i = 0; opts[i]; i++) {
    const char *o = strstr(cmd, opts[i]);
    if (o) {
      o += strlen(opts[i]);
      o += strspn(o, " \"'");
      return *o && !rc_user_is_root(o);
    }
  }
  return rc_privilege_drop_tool(cmd) || iu_server_drop(cmd);
}
