/*
 * harness.c - starts and stops the test servers of harness.h. nginx runs in
 * the foreground (daemon off) in a private prefix, so its PID is the child's
 * and every log, pid and temp file stays in the scratch directory.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "testutil.h"

static void msg(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void msg(char *err, size_t errlen, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *fmt(const char *f, ...)
{
  struct rc_buf b;
  va_list ap;
  rc_buf_init(&b);
  va_start(ap, f);
  rc_buf_vprintf(&b, f, ap);
  va_end(ap);
  char *out = rc_buf_detach(&b);
  rc_buf_release(&b);
  return out;
}

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Binds n loopback sockets to port 0 at once (so the ports differ), then
 * closes them for the servers to take. */
static int free_ports(int *ports, size_t n)
{
  int fds[RC_TH_NPORTS];
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    struct sockaddr_in a = {0};
    socklen_t len = sizeof(a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fds[i] = socket(AF_INET, SOCK_STREAM, 0);
    if (fds[i] < 0 || bind(fds[i], (struct sockaddr *)&a, sizeof(a)) != 0 ||
        getsockname(fds[i], (struct sockaddr *)&a, &len) != 0)
      rc = -1;
    ports[i] = ntohs(a.sin_port);
  }
  for (size_t i = 0; i < n; i++)
    if (fds[i] >= 0)
      close(fds[i]);
  return rc;
}

static bool accepts(int port)
{
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons((uint16_t)port);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
  if (fd >= 0)
    close(fd);
  return ok;
}

/* Forks argv; the child dies with us (PR_SET_PDEATHSIG) and, when out_fd
 * is given, writes its stdout into a pipe. */
static pid_t spawn(const char *const *argv, int *out_fd)
{
  int p[2] = {-1, -1};
  if (out_fd && pipe(p) != 0)
    return -1;
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (out_fd) {
      dup2(p[1], STDOUT_FILENO);
      close(p[0]);
      close(p[1]);
    }
    execvp(argv[0], (char *const *)argv);
    _exit(127);
  }
  if (out_fd) {
    close(p[1]);
    *out_fd = p[0];
  }
  return pid;
}

static void stop(pid_t *pid)
{
  if (*pid <= 0)
    return;
  kill(*pid, SIGTERM);
  for (int i = 0; i < 100; i++) {
    if (waitpid(*pid, NULL, WNOHANG) == *pid) {
      *pid = 0;
      return;
    }
    sleep_ms(50);
  }
  kill(*pid, SIGKILL);
  waitpid(*pid, NULL, 0);
  *pid = 0;
}

static const char nginx_conf[] =
    "daemon off;\n"
    "worker_processes 1;\n"
    "pid @D/nginx.pid;\n"
    "error_log @D/error.log warn;\n"
    "events { worker_connections 512; }\n"
    "http {\n"
    "  access_log off;\n"
    "  client_body_temp_path @D/tmp_body;\n"
    "  proxy_temp_path @D/tmp_proxy;\n"
    "  fastcgi_temp_path @D/tmp_fastcgi;\n"
    "  uwsgi_temp_path @D/tmp_uwsgi;\n"
    "  scgi_temp_path @D/tmp_scgi;\n"
    "  default_type application/json;\n"
    "  server {\n"
    "    listen 127.0.0.1:@0;\n"
    "    location = /health { return 200 '{\"status\":\"ok\",\"checks\":"
    "{\"db\":{\"status\":\"ok\"},\"cache\":{\"status\":\"ok\"}}}'; }\n"
    "    location = /degraded { return 200 '{\"status\":\"ok\",\"checks\":"
    "{\"db\":{\"status\":\"down\"},\"cache\":{\"status\":\"ok\"}}}'; }\n"
    "    location = /redirect { return 301 https://127.0.0.1:@1/health; }\n"
    "    location = /redirect-other { return 301 https://other.example/; }\n"
    "    location = /redirect-http { return 301 http://127.0.0.1:@0/health; "
    "}\n"
    "    location = /leaky { add_header X-Powered-By \"PHP/8.1.2\"; "
    "return 200 'x'; }\n"
    "    location = /text { default_type text/plain; return 200 'hello "
    "world'; }\n"
    "    location = /missing { return 404; }\n"
    "    location = /fail { return 500 'internal'; }\n"
    "@P"
    "    location / { return 200 'root'; }\n"
    "  }\n"
    "  server {\n"
    "    listen 127.0.0.1:@1 ssl;\n"
    "    server_tokens off;\n"
    "    ssl_certificate @D/valid.pem;\n"
    "    ssl_certificate_key @D/valid.key;\n"
    "    location = /health {\n"
    "      add_header Strict-Transport-Security \"max-age=31536000; "
    "includeSubDomains\" always;\n"
    "      add_header X-Content-Type-Options nosniff always;\n"
    "      add_header X-Frame-Options DENY always;\n"
    "      add_header Content-Security-Policy \"default-src 'self'\" always;\n"
    "      add_header Referrer-Policy no-referrer always;\n"
    "      return 200 '{\"status\":\"ok\"}';\n"
    "    }\n"
    "    location = /weak-hsts { add_header Strict-Transport-Security "
    "\"max-age=300\"; return 200 'x'; }\n"
    "@H"
    "    location / { return 200 'tls root'; }\n"
    "  }\n"
    "  server { listen 127.0.0.1:@2 ssl; ssl_certificate @D/short.pem;\n"
    "    ssl_certificate_key @D/short.key; return 200 'short'; }\n"
    "  server { listen 127.0.0.1:@3 ssl; ssl_certificate @D/expired.pem;\n"
    "    ssl_certificate_key @D/expired.key; return 200 'expired'; }\n"
    "  server { listen 127.0.0.1:@4 ssl; ssl_certificate "
    "@D/wronghost.pem;\n"
    "    ssl_certificate_key @D/wronghost.key; return 200 'wrong'; }\n"
    "  server { listen 127.0.0.1:@5 ssl; ssl_protocols TLSv1.2;\n"
    "    ssl_certificate @D/valid.pem; ssl_certificate_key "
    "@D/valid.key;\n"
    "    return 200 'tls12'; }\n"
    "  server { listen 127.0.0.1:@6 ssl; ssl_protocols TLSv1.2 TLSv1.3;\n"
    "    ssl_certificate @D/chained-full.pem;\n"
    "    ssl_certificate_key @D/chained.key;\n"
    "    ssl_stapling on; ssl_stapling_file @D/ocsp.der;\n"
    "    add_header Strict-Transport-Security \"max-age=31536000\" always;\n"
    "    return 200 'modern'; }\n"
    "  server { listen 127.0.0.1:@7 ssl;\n"
    "    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;\n"
    "    ssl_ciphers DEFAULT:@SECLEVEL=0;\n"
    "    ssl_certificate @D/valid.pem; ssl_certificate_key @D/valid.key;\n"
    "    return 200 'legacy'; }\n"
    "  server { listen 127.0.0.1:@8 ssl; ssl_protocols TLSv1.2 TLSv1.3;\n"
    "    ssl_certificate @D/chained.pem; ssl_certificate_key "
    "@D/chained.key;\n"
    "    return 200 'no chain'; }\n"
    "  server { listen 127.0.0.1:@9 ssl; ssl_protocols TLSv1.2 TLSv1.3;\n"
    "    ssl_ciphers DEFAULT:@SECLEVEL=0;\n"
    "    ssl_certificate @D/weak.pem; ssl_certificate_key @D/weak.key;\n"
    "    return 200 'weak key'; }\n"
    "}\n";

static const char *nginx_binary(void)
{
  return access("/usr/sbin/nginx", X_OK) == 0 ? "/usr/sbin/nginx" : "nginx";
}

/* Fills the template: @H and @P are the extra locations, @D the prefix,
 * @0..@N the ports in enum order. */
static char *render(const char *tmpl, const struct rc_th *t,
                    const struct rc_th_extra *x)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (const char *s = tmpl; *s; s++) {
    if (s[0] == '@' && (s[1] == 'H' || s[1] == 'P')) {
      const char *more = !x ? NULL : s[1] == 'H' ? x->https : x->http;
      char *done = more ? render(more, t, NULL) : NULL;
      rc_buf_puts(&b, done ? done : "");
      free(done);
      s++;
    } else if (s[0] == '@' && s[1] == 'D') {
      rc_buf_puts(&b, t->dir);
      s++;
    } else if (s[0] == '@' && s[1] >= '0' && s[1] <= '9') {
      char *end;
      long k = strtol(s + 1, &end, 10);
      rc_buf_printf(&b, "%d", k < RC_TH_NPORTS ? t->port[k] : 0);
      s = end - 1;
    } else {
      rc_buf_putc(&b, *s);
    }
  }
  char *out = rc_buf_detach(&b);
  rc_buf_release(&b);
  return out;
}

static int start_nginx(struct rc_th *t, const struct rc_th_extra *x, char *err,
                       size_t errlen)
{
  char path[4096], errlog[4096];
  const int *p = t->port;
  char *conf = render(nginx_conf, t, x);
  rc_test_write(t->dir, "nginx.conf", conf);
  free(conf);
  snprintf(path, sizeof(path), "%s/nginx.conf", t->dir);
  snprintf(errlog, sizeof(errlog), "%s/error.log", t->dir);
  const char *argv[] = {nginx_binary(), "-p", t->dir, "-c",
                        path,           "-e", errlog, NULL};
  t->nginx_pid = spawn(argv, NULL);
  for (int i = 0; i < 200; i++) {
    if (waitpid(t->nginx_pid, NULL, WNOHANG) == t->nginx_pid) {
      t->nginx_pid = 0;
      char *log = rc_test_slurp(errlog, NULL);
      msg(err, errlen, "nginx exited: %s", log ? log : "(no log)");
      free(log);
      return -1;
    }
    bool all = true;
    for (int k = 0; k < RC_TH_CLOSED && all; k++)
      all = accepts(p[k]);
    if (all)
      return 0;
    sleep_ms(25);
  }
  msg(err, errlen, "nginx did not start listening within 5 s");
  return -1;
}

static int start_edge(pid_t *pid, int *port, char *err, size_t errlen)
{
  int fd = -1;
  const char *argv[] = {"python3", "http/edge_server.py", NULL};
  *pid = spawn(argv, &fd);
  if (*pid < 0) {
    msg(err, errlen, "cannot start the edge server");
    return -1;
  }
  char line[32] = {0};
  size_t n = 0;
  struct pollfd pfd = {fd, POLLIN, 0};
  while (n < sizeof(line) - 1 && !strchr(line, '\n') &&
         poll(&pfd, 1, 10000) == 1) {
    ssize_t got = read(fd, line + n, sizeof(line) - 1 - n);
    if (got <= 0)
      break;
    n += (size_t)got;
  }
  close(fd);
  *port = atoi(line);
  if (*port <= 0) {
    msg(err, errlen,
        "the edge server (python3 http/edge_server.py) gave "
        "no port");
    return -1;
  }
  return 0;
}

int rc_th_start(struct rc_th *t, char *err, size_t errlen)
{
  return rc_th_start_with(t, NULL, err, errlen);
}

int rc_th_start_with(struct rc_th *t, const struct rc_th_extra *x, char *err,
                     size_t errlen)
{
  memset(t, 0, sizeof(*t));
  t->dir = rc_test_mkdtemp();
  chmod(t->dir, 0755); /* nginx workers may run as nobody */
  char script[4096];
  if (!getcwd(script, sizeof(script) - 32))
    return -1;
  strcat(script, "/http/mkcerts.sh");
  const char *argv[] = {"/bin/sh", script, t->dir, NULL};
  char *out = NULL, *serr = NULL;
  int rc = rc_test_run(argv, NULL, &out, &serr);
  if (rc != 0)
    msg(err, errlen, "mkcerts.sh failed (%d): %s", rc, serr ? serr : "");
  free(out);
  free(serr);
  t->ca_file = fmt("%s/ca.pem", t->dir);
  if (rc == 0 && free_ports(t->port, RC_TH_NPORTS) != 0) {
    msg(err, errlen, "cannot pick free ports: %s", strerror(errno));
    rc = -1;
  }
  if (rc == 0)
    rc = start_nginx(t, x, err, errlen);
  if (rc == 0)
    rc = start_edge(&t->edge_pid, &t->edge_port, err, errlen);
  if (rc == 0)
    rc = start_edge(&t->edge2_pid, &t->edge2_port, err, errlen);
  if (rc != 0)
    rc_th_stop(t);
  return rc == 0 ? 0 : -1;
}

void rc_th_stop(struct rc_th *t)
{
  stop(&t->nginx_pid);
  stop(&t->edge_pid);
  stop(&t->edge2_pid);
  if (t->dir)
    rc_test_rmtree(t->dir);
  free(t->dir);
  free(t->ca_file);
  t->dir = NULL;
  t->ca_file = NULL;
}

char *rc_th_url(const struct rc_th *t, enum rc_th_port p, const char *path)
{
  bool tls = p != RC_TH_HTTP && p != RC_TH_CLOSED;
  return fmt("%s://127.0.0.1:%d%s", tls ? "https" : "http", t->port[p], path);
}

char *rc_th_edge_url(const struct rc_th *t, const char *path)
{
  return fmt("http://127.0.0.1:%d%s", t->edge_port, path);
}

char *rc_th_edge2_url(const struct rc_th *t, const char *path)
{
  return fmt("http://127.0.0.1:%d%s", t->edge2_port, path);
}
