/*
 * harness.h - real servers on 127.0.0.1 for the http probe tests: nginx
 * (HTTP and HTTPS with certificates made at test time by mkcerts.sh) and
 * edge_server.py (hangs, slow answers, endless redirects and bodies).
 * Ports are picked free; servers are stopped by PID, and die with the test
 * process if it dies first.
 */
#ifndef READYCHECK_TEST_HTTP_HARNESS_H
#define READYCHECK_TEST_HTTP_HARNESS_H

#include <sys/types.h>

enum rc_th_port {
  RC_TH_HTTP,      /* plain http */
  RC_TH_HTTPS,     /* valid certificate for localhost and 127.0.0.1 */
  RC_TH_SHORT,     /* valid, expires in 10 days */
  RC_TH_EXPIRED,   /* expired in 2020 */
  RC_TH_WRONGHOST, /* certificate for wrong.example */
  RC_TH_TLS12,     /* TLS 1.2 only */
  RC_TH_MODERN,    /* TLS 1.2 and 1.3, full chain via an intermediate, OCSP
                      response stapled, HSTS of a year */
  RC_TH_LEGACY,    /* TLS 1.0 to 1.3 (security level 0 on the server) */
  RC_TH_NOCHAIN,   /* a leaf of the intermediate sent without it */
  RC_TH_WEAKKEY,   /* an RSA key of 1024 bits */
  RC_TH_CLOSED,    /* nothing listens; stays last */
  RC_TH_NPORTS
};

struct rc_th {
  char *dir;     /* scratch directory: certs, nginx prefix */
  char *ca_file; /* the test CA */
  int port[RC_TH_NPORTS];
  int edge_port;
  int edge2_port; /* a second edge server: another origin, same address */
  pid_t nginx_pid, edge_pid, edge2_pid;
};

/* More nginx configuration: locations for the https server (port @1) and
 * for the plain http one (@0); "@N" is port N, "@D" the scratch directory. */
struct rc_th_extra {
  const char *https;
  const char *http;
};

/* Returns 0, or -1 with a message in err (servers already stopped). */
int rc_th_start(struct rc_th *t, char *err, size_t errlen);
int rc_th_start_with(struct rc_th *t, const struct rc_th_extra *x, char *err,
                     size_t errlen);
void rc_th_stop(struct rc_th *t);
/* "http://127.0.0.1:PORT" or "https://..."; caller frees. */
char *rc_th_url(const struct rc_th *t, enum rc_th_port p, const char *path);
char *rc_th_edge_url(const struct rc_th *t, const char *path);
/* The same on the second edge server. */
char *rc_th_edge2_url(const struct rc_th *t, const char *path);

#endif
