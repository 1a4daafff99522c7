#ifndef READYCHECK_PLATFORM_H
#define READYCHECK_PLATFORM_H

/*
 * platform.h - the images a hosting platform's file makes it build: Render
 * (render.yaml), Railway (railway.json / railway.toml), Heroku
 * (heroku.yml), DigitalOcean App Platform (.do/app.yaml,
 * .do/deploy.template.yaml) and Google App Engine's flexible custom runtime
 * (app.yaml `runtime: custom`). fly.toml is read with the other automation
 * (entry.c).
 */
#include <stdbool.h>
#include <stddef.h>

struct rc_arena;
struct rc_doc_cache;

struct rc_platform_build {
  /* paths as the platform resolves them: from the repository root, or
   * from the platform file's folder when beside is set; NULL context is
   * the base itself, NULL dockerfile is `Dockerfile` in the context */
  const char *dockerfile;
  const char *context;
  const char *target; /* the stage built, or NULL */
  bool beside;        /* relative to the platform file's folder */
  unsigned line;      /* where the file says so */
  const char *via;    /* "Render service 'web'" */
};

struct rc_platform_builds {
  struct rc_platform_build *v;
  size_t n, cap;
};

/* A file one of these platforms reads (by its path in the repository). */
bool rc_platform_file(const char *path);

/* Appends the builds the platform file at path makes (strings in a). A file
 * that does not parse, or that deploys prebuilt images only, adds none.
 * out must start zeroed; free out->v with free(). */
void rc_platform_scan(struct rc_platform_builds *out, struct rc_arena *a,
                      struct rc_doc_cache *docs, const char *path,
                      const char *data, size_t len);

#endif
