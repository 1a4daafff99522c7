/*
 * dockerfile_runtime.c - small_base, runs_node and static_server: what
 * the built stage runs on, and whether it carries packages or only built
 * files.
 */
#include <stdio.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "dockerfile_probe.h"

/* Vendor paths count anywhere in the reference (gcr.io/distroless/...);
 * size marks only in the image's own name and tag, so that
 * "mcr.microsoft.com/dotnet/aspnet" is not "micro". */
static bool small_image(const char *image)
{
  static const char *const vendors[] = {"distroless", "chainguard", "wolfi",
                                        NULL};
  static const char *const marks[] = {"slim",       "alpine", "busybox",
                                      "minimal",    "micro",  "-static",
                                      "nanoserver", NULL};
  if (df_is_scratch(image))
    return true;
  for (size_t i = 0; vendors[i]; i++)
    if (strstr(image, vendors[i]))
      return true;
  const char *own = rc_path_base(image);
  for (size_t i = 0; marks[i]; i++)
    if (strstr(own, marks[i]))
      return true;
  return false;
}

struct file_result df_req_small(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  unsigned line = f->st[t->stage].line;
  const char *img = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!img)
    return df_result(true, line, "the base image is chosen at build time");
  if (small_image(img))
    return df_result(true, line, rc_arena_printf(r->a, "runs on '%s'", img));
  return df_result(false, line,
                   rc_arena_printf(r->a, "runs on the full image '%s'", img));
}

/* A COPY source that brings built files, not packages: a file
 * (`server.js`) or a build's output folder (`dist`). */
static bool built_files_source(const char *src, size_t n)
{
  static const char *const outputs[] = {"dist",    "build",  "public", "static",
                                        "out",     "assets", "www",    "html",
                                        ".output", NULL};
  while (n && src[n - 1] == '/')
    n--;
  size_t b = n;
  while (b && src[b - 1] != '/')
    b--;
  const char *base = src + b;
  size_t bn = n - b;
  if (!bn || memchr(base, '*', bn) || memchr(base, '$', bn) ||
      (bn == 1 && *base == '.'))
    return false;
  if (memchr(base + 1, '.', bn > 1 ? bn - 1 : 0))
    return true; /* server.js, package.json */
  for (size_t i = 0; outputs[i]; i++)
    if (strlen(outputs[i]) == bn && strncmp(base, outputs[i], bn) == 0)
      return true;
  return false;
}

/* The command runs a script copied in as a file of its own (`node
 * server.js` after `COPY --from=build /app/server.js .`), not one of a
 * build's output folder, which a bundler may have filled with packages. */
static bool runs_copied_file(struct rc_arena *a, const struct rc_dockerfile *f,
                             size_t s, const char *cmd)
{
  for (size_t hops = 0; hops <= f->ns; hops++) {
    for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
      const struct rc_df_instr *in = &f->in[i];
      if (!rc_df_is_copy(in))
        continue;
      for (const char *w = in->args; *w;) {
        w += strspn(w, " \t");
        size_t n = strcspn(w, " \t");
        const char *base = w;
        for (size_t k = 0; k < n; k++)
          if (w[k] == '/')
            base = w + k + 1;
        size_t bn = (size_t)(w + n - base);
        if (bn > 3 && strncmp(w, "--", 2) != 0 &&
            memchr(base + 1, '.', bn - 1) &&
            strstr(cmd, rc_arena_strndup(a, base, bn)))
          return true;
        w += n;
      }
    }
    long up = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (up < 0)
      break;
    s = (size_t)up;
  }
  return false;
}

/* The stages the image is built from (stage s and the stages it starts
 * FROM) install no npm package and copy in only built files: nothing in
 * the image reads NODE_ENV but the project's own code. */
static bool carries_no_packages(const struct rc_dockerfile *f, size_t s)
{
  static const char *const managers[] = {"npm", "yarn", "pnpm",
                                         "bun", "npx",  NULL};
  for (size_t hops = 0; hops <= f->ns; hops++) {
    for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
      const struct rc_df_instr *in = &f->in[i];
      if (strcmp(in->kw, "RUN") == 0) {
        for (size_t k = 0; managers[k]; k++)
          if (df_has_name_word(in->args, managers[k], strlen(managers[k])))
            return false;
        continue;
      }
      if (!rc_df_is_copy(in))
        continue;
      if (in->args[0] == '[' || strstr(in->args, "node_modules"))
        return false;
      /* the words but flags and the last (the destination) */
      const char *w = in->args, *prev = NULL;
      size_t prev_n = 0;
      while (*w) {
        w += strspn(w, " \t");
        size_t n = strcspn(w, " \t");
        if (!n)
          break;
        if (prev && !built_files_source(prev, prev_n))
          return false;
        prev = strncmp(w, "--", 2) == 0 ? NULL : w;
        prev_n = n;
        w += n;
      }
    }
    long up = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (up < 0)
      return true;
    s = (size_t)up;
  }
  return false;
}

/* The stage built runs on a Node.js image (node:22-slim,
 * gcr.io/distroless/nodejs22); a Node stage that only builds assets for
 * a PHP or Python image does not count. */
struct file_result df_req_runs_node(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  unsigned line = f->st[t->stage].line;
  const char *img = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!img)
    return df_result(false, line, "the base image is chosen at build time");
  const char *own = rc_path_base(img);
  bool node = strncmp(own, "node", 4) == 0 || strstr(own, "nodejs");
  /* an official Node.js image (node, ubi9/nodejs-22-minimal,
   * distroless/nodejs22) with no package installed or copied in: a
   * static file server on Node's http module, which NODE_ENV does not
   * change (an image like nodered/node-red brings packages of its own) */
  bool official = strcmp(df_repo_name(r->a, img), "node") == 0 ||
                  strncmp(own, "nodejs", 6) == 0;
  const struct rc_df_instr *cmd = rc_dockerfile_inherited(f, t->stage, "CMD");
  if (node && official && cmd && carries_no_packages(f, t->stage) &&
      runs_copied_file(r->a, f, t->stage, cmd->args))
    return df_result(false, line,
                     rc_arena_printf(r->a,
                                     "runs on '%s' but carries no npm package "
                                     "(no install, only built files copied in)",
                                     img));
  /* an image that names no command of its own starts node's REPL: it
   * builds files another image copies (a bake target's assets), and runs
   * no server */
  if (node && !rc_dockerfile_inherited(f, t->stage, "CMD") &&
      !rc_dockerfile_inherited(f, t->stage, "ENTRYPOINT"))
    return df_result(
        false, line,
        rc_arena_printf(r->a,
                        "runs on '%s' but names no command (no CMD "
                        "or ENTRYPOINT): it builds files",
                        img));
  return df_result(node, line,
                   rc_arena_printf(r->a, "runs on '%s'%s", img,
                                   node ? "" : ", not a Node.js image"));
}

/* A web server image that only serves the files the build copied into it
 * (a single-page app's nginx stage): no code of the project's own runs, so
 * nothing of its own could answer a route. The server's own command, or
 * none, keeps it one; any other program started makes it an application. */
struct file_result df_req_static_server(struct run *r, const struct target *t)
{
  static const char *const servers[] = {
      "nginx",    "nginx-unprivileged", "httpd", "caddy",
      "lighttpd", "static-web-server",  NULL};
  static const char *const programs[] = {"nginx",
                                         "httpd",
                                         "httpd-foreground",
                                         "caddy",
                                         "lighttpd",
                                         "static-web-server",
                                         "/docker-entrypoint.sh",
                                         NULL};
  const struct rc_dockerfile *f = t->df;
  unsigned line = f->st[t->stage].line;
  const char *img = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!img)
    return df_result(false, line, "the base image is chosen at build time");
  char own[128];
  snprintf(own, sizeof(own), "%s", rc_path_base(img));
  own[strcspn(own, ":@")] = '\0';
  bool server = false;
  for (size_t i = 0; servers[i] && !server; i++)
    server = strcmp(own, servers[i]) == 0;
  const char *started = NULL;
  static const char *const kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2 && server && !started; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(f, t->stage, kws[k]);
    const char *prog = in ? rc_dockerfile_program(r->a, in->args) : NULL;
    bool own_prog = !prog;
    for (size_t i = 0; programs[i] && !own_prog; i++)
      own_prog = strcmp(rc_path_base(prog), rc_path_base(programs[i])) == 0;
    if (!own_prog)
      started = prog;
  }
  if (started)
    return df_result(false, line,
                     rc_arena_printf(r->a, "runs '%s' on '%s'", started, img));
  return df_result(server, line,
                   rc_arena_printf(r->a, "%s '%s'",
                                   server ? "serves files with" : "runs on",
                                   img));
}
