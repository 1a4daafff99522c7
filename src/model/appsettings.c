/*
 * appsettings.c - what Flask and Rails settings scopes share
 * (appsettings.h): the values deployment files give an environment
 * variable, the list of scopes, and which lines of a settings file a
 * production deployment runs.
 */
#define _GNU_SOURCE /* memmem */
#include "readycheck/appsettings.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

enum {
  MAX_FILES = 3000,
  MAX_FILE_BYTES = 512 * 1024,
  MAX_SCOPES = 512,
};

static bool is_dockerfile(const char *name)
{
  return strncmp(name, "Dockerfile", 10) == 0 || strstr(name, ".Dockerfile");
}

/* Files where a deployment writes its environment. */
static bool env_writer(const char *name)
{
  static const char *const exts[] = {".yml",  ".yaml", ".env", ".sh",
                                     ".json", ".toml", NULL};
  if (is_dockerfile(name) || strncmp(name, ".env", 4) == 0 ||
      strcmp(name, "Procfile") == 0)
    return true;
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return false;
}

static bool ci_file(const char *path, const char *name)
{
  return strncmp(path, ".github/", 8) == 0 ||
         strcmp(name, ".gitlab-ci.yml") == 0 ||
         strncmp(path, ".circleci/", 10) == 0 ||
         strcmp(name, ".travis.yml") == 0;
}

/* The role of what the file at path writes: a CI workflow's is a test's,
 * a Dockerfile's that of the image built from it, the rest the model's
 * role of the file. */
static enum rc_role writer_role(struct rc_model *m, const struct rc_entry *e,
                                const char **why)
{
  if (ci_file(e->path, e->name)) {
    *why = "a CI workflow";
    return RC_ROLE_NONPROD;
  }
  if (is_dockerfile(e->name)) {
    bool prod = rc_model_image(m, e->path) != NULL;
    *why = prod ? "the ENV of a production image" : "a Dockerfile's ENV";
    return prod ? RC_ROLE_PRODUCTION : rc_model_file_role(m, e->path);
  }
  enum rc_role r = rc_model_file_role(m, e->path);
  *why = r == RC_ROLE_PRODUCTION ? "a production file" : "a file";
  return r;
}

static bool word_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

static const char *line_start(const char *text, const char *p)
{
  while (p > text && p[-1] != '\n')
    p--;
  return p;
}

/* The name at p lies in a `#` comment. */
static bool commented(const char *text, const char *p)
{
  for (const char *q = line_start(text, p); q < p; q++)
    if (*q == '#')
      return true;
  return false;
}

/* In a script, what sets the environment of what it starts: `export VAR=x`
 * or a line starting `VAR=x`; `rails db:migrate RAILS_ENV=development` is
 * one command's argument. */
static bool assignment(const char *text, const char *p)
{
  const char *q = line_start(text, p);
  while (*q == ' ' || *q == '\t')
    q++;
  if (strncmp(q, "export ", 7) == 0)
    for (q += 7; *q == ' ';)
      q++;
  return q == p;
}

/* The literal value after the variable's name at p: `=x`, `: x`, `:-x`
 * (a default), a manifest's next-line `value: x`, and ` x` only where
 * spaced says so (a Dockerfile's `ENV VAR x`): prose (`RAILS_ENV or
 * RACK_ENV`) sets nothing. */
static const char *value_after(struct rc_arena *a, const char *p, bool spaced)
{
  if (*p == ':' && p[1] == '-') {
    p += 2;
  } else {
    const char *q = p;
    while (*q == '"' || *q == '\'')
      q++;
    const char *v = q;
    while (*v == '\n' || *v == '\r' || *v == ' ' || *v == '\t')
      v++;
    if (strncmp(v, "value:", 6) == 0) {
      /* a manifest's env list: `- name: VAR` then `value: x` */
      for (p = v + 6; *p && strchr(" \t\"'", *p);)
        p++;
    } else {
      while (*q == ' ' || *q == '\t')
        q++;
      if (*q != '=' && *q != ':' && !(spaced && q > p))
        return NULL;
      while (*p && strchr(" \t\"'=:", *p))
        p++;
    }
  }
  const char *s = p;
  while (word_char(*p) || *p == '.' || *p == '-')
    p++;
  if (p == s || *p == '$' || *p == '{' || *s == '-')
    return NULL;
  return rc_arena_strndup(a, s, (size_t)(p - s));
}

static void scan_values(struct rc_model *m, const struct rc_entry *e,
                        const char *text, const char *const *vars,
                        void (*fn)(const struct rc_env_value *v, void *arg),
                        void *arg)
{
  const char *why;
  enum rc_role role = writer_role(m, e, &why);
  bool docker = is_dockerfile(e->name);
  const char *dot = strrchr(e->name, '.');
  bool shell = dot && strcmp(dot, ".sh") == 0;
  for (size_t k = 0; vars[k]; k++) {
    size_t n = strlen(vars[k]);
    unsigned line = 1;
    const char *ls = text;
    for (const char *p = strstr(text, vars[k]); p; p = strstr(p + 1, vars[k])) {
      if ((p > text && word_char(p[-1])) || word_char(p[n]))
        continue;
      for (; ls < p; ls++)
        line += *ls == '\n';
      if ((docker && !rc_dockerfile_env_line(text, p)) || commented(text, p) ||
          (shell && !assignment(text, p)))
        continue;
      const char *value = value_after(m->arena, p + n, docker);
      if (!value)
        continue;
      struct rc_env_value v = {vars[k], value, role, why, {e->path, line}};
      fn(&v, arg);
    }
  }
}

void rc_app_env_values(struct rc_model *m, const char *const *vars,
                       void (*fn)(const struct rc_env_value *v, void *arg),
                       void *arg)
{
  size_t n = rc_index_count(m->index), read = 0;
  for (size_t i = 0; i < n && read < MAX_FILES; i++) {
    const struct rc_entry *e = rc_index_at(m->index, i);
    if (e->kind != RC_ENTRY_FILE || !env_writer(e->name) ||
        rc_entry_size(m->index, e) > MAX_FILE_BYTES)
      continue;
    const char *data;
    size_t len;
    read++;
    if (!rc_index_read_text(m->index, e, MAX_FILE_BYTES, &data, &len))
      continue;
    bool any = false;
    for (size_t k = 0; vars[k] && !any; k++)
      any = memmem(data, len, vars[k], strlen(vars[k])) != NULL;
    if (any)
      scan_values(m, e, rc_arena_strndup(m->arena, data, len), vars, fn, arg);
  }
}

void rc_app_settings_add(struct rc_model *m, const struct rc_app_settings *s)
{
  if (m->n_app_settings >= MAX_SCOPES)
    return;
  rc_grow((void **)&m->app_settings, &m->cap_app_settings, m->n_app_settings,
          sizeof(*m->app_settings));
  m->app_settings[m->n_app_settings++] = *s;
}

void rc_app_settings_release(struct rc_model *m)
{
  free(m->app_settings);
  m->app_settings = NULL;
  m->n_app_settings = m->cap_app_settings = 0;
}

bool rc_model_app_settings_file(const struct rc_model *m, const char *path)
{
  for (size_t i = 0; m && i < m->n_app_settings; i++)
    if (strcmp(m->app_settings[i].path, path) == 0)
      return true;
  return false;
}

/* The name a line assigns (`    DEBUG = True`: "DEBUG"), as "\nDEBUG\n"
 * in buf; false when the line assigns no name. */
static bool assigned_name(const char *text, size_t n, char *buf, size_t cap)
{
  size_t i = 0;
  while (i < n && (text[i] == ' ' || text[i] == '\t'))
    i++;
  size_t s = i;
  while (i < n && word_char(text[i]))
    i++;
  if (i == s || i - s + 3 > cap)
    return false;
  buf[0] = '\n';
  memcpy(buf + 1, text + s, i - s);
  buf[i - s + 1] = '\n';
  buf[i - s + 2] = '\0';
  return true;
}

bool rc_model_app_settings_line(const struct rc_model *m, const char *path,
                                unsigned line, const char *text, size_t n)
{
  if (!rc_model_app_settings_file(m, path))
    return true;
  size_t i = 0;
  while (i < n && (text[i] == ' ' || text[i] == '\t'))
    i++;
  if (i < n && text[i] == '#')
    return false; /* a comment runs nothing */
  char name[128];
  bool named = assigned_name(text, n, name, sizeof(name));
  for (size_t k = 0; k < m->n_app_settings; k++) {
    const struct rc_app_settings *s = &m->app_settings[k];
    if (s->role != RC_ROLE_PRODUCTION || strcmp(s->path, path) != 0 ||
        (s->first && (line < s->first || line > s->last)))
      continue;
    if (!(named && s->shadowed && strstr(s->shadowed, name)))
      return true;
  }
  return false;
}
