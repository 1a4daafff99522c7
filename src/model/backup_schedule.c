/*
 * backup_schedule.c - what runs the script on a schedule: a cron line, a
 * Kubernetes CronJob, a script installing a crontab, a systemd timer, a
 * scheduled CI workflow, a restarting compose service looping over it, its
 * own sleep loop started in the background, or a cron line its
 * documentation gives; and another line of that crontab that prunes. The
 * script is found by its file name, its stem, or the name an image
 * installs it under.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/backup.h"
#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"

#include "backup_parts.h"

static bool cron_field(const char *w, size_t n)
{
  bool any = false;
  for (size_t i = 0; i < n; i++) {
    if (!isdigit((unsigned char)w[i]) && !strchr("*/,-", w[i]))
      return false;
    any |= isdigit((unsigned char)w[i]) || w[i] == '*';
  }
  return n && any;
}

/* True when the line holds five cron fields in a row, or @daily & co. */
static bool cron_spec(const char *s, const char *end)
{
  size_t n = (size_t)(end - s);
  static const char *const at[] = {"@hourly",  "@daily",    "@weekly",
                                   "@monthly", "@midnight", NULL};
  for (size_t i = 0; at[i]; i++)
    if (bk_find_text(s, n, at[i]))
      return true;
  int run = 0;
  while (s < end) {
    while (s < end && !isgraph((unsigned char)*s))
      s++;
    const char *w = s;
    while (s < end && isgraph((unsigned char)*s))
      s++;
    /* a quote or dash may open the first field: `- "0 3 * * *` */
    while (w < s && strchr("\"'", *w))
      w++;
    if (cron_field(w, (size_t)(s - w))) {
      if (++run == 5)
        return true;
    } else
      run = 0;
  }
  return false;
}

/* The file name and its stem (without .sh): what runs it is called. */
struct names {
  const char *base, *stem;
  const char *alias; /* the name an image installs it under, or NULL */
};

static bool names_script(const struct names *nm, const char *s, size_t n,
                         bool stem_too)
{
  return bk_has_word(s, n, nm->base) ||
         (stem_too && nm->stem && bk_has_word(s, n, nm->stem)) ||
         (nm->alias && bk_has_word(s, n, nm->alias));
}

struct find {
  const struct names *nm;
  bool installs; /* a script that writes crontab entries: any line naming
                    the script by file name (`add_cronjob "$EXPR" job.sh`) */
  bool cron;     /* look for cron lines */
  bool cronjob;  /* a Kubernetes CronJob file: any line naming it */
  bool ci;       /* a CI file: scheduled when it has cron: and names it */
  bool ci_cron, ci_names;
  unsigned line;
};

static bool find_line(const char *s, const char *end, unsigned line, void *arg)
{
  struct find *f = arg;
  if (bk_comment_line(s, end))
    return false;
  size_t n = (size_t)(end - s);
  if (f->ci) {
    if (bk_find_text(s, n, "cron:"))
      f->ci_cron = true;
    if (!f->ci_names && names_script(f->nm, s, n, false)) {
      f->ci_names = true;
      f->line = line;
    }
    return f->ci_cron && f->ci_names;
  }
  if ((f->cronjob || (f->cron && cron_spec(s, end))) &&
      names_script(f->nm, s, n, true)) {
    f->line = line;
    return true;
  }
  if (f->installs && !bk_echo_line(s, end) &&
      names_script(f->nm, s, n, false)) {
    f->line = line;
    return true;
  }
  return false;
}

static bool cron_file(const char *path, const char *name)
{
  return strstr(name, "cron") || bk_ends_with(name, ".crontab") ||
         bk_ends_with(name, ".cron") || strstr(path, "cron.d/") ||
         strstr(path, "crontabs/") || bk_ends_with(name, ".sh") ||
         rc_model_is_dockerfile_name(path) || bk_ends_with(name, ".yml") ||
         bk_ends_with(name, ".yaml") || strcmp(name, "Makefile") == 0;
}

static bool ci_file(const char *path)
{
  return (strncmp(path, ".github/workflows/", 18) == 0 &&
          (bk_ends_with(path, ".yml") || bk_ends_with(path, ".yaml"))) ||
         strcmp(path, ".gitlab-ci.yml") == 0;
}

static bool has_line(const char *data, size_t len, const char *text)
{
  return bk_find_text(data, len, text) != NULL;
}

/* The systemd unit a timer starts: Unit=, else the timer's own name. */
static const char *timer_unit(struct rc_arena *a, const char *path,
                              const char *data, size_t len)
{
  const char *u = bk_find_text(data, len, "Unit=");
  const char *dir = rc_path_dir(a, path);
  if (u) {
    u += 5;
    size_t n = strcspn(u, " \t\r\n");
    return rc_path_join(a, dir, rc_arena_strndup(a, u, n));
  }
  size_t n = strlen(path) - strlen(".timer");
  return rc_arena_printf(a, "%.*s.service", (int)n, path);
}

struct sched {
  const char *how;
  struct rc_where at;
};

/* A script that writes crontab entries (`crontab -`, /etc/crontabs/x,
 * /etc/cron.d/x) on a line that is not a comment. */
static bool installs_line(const char *s, const char *end, unsigned line,
                          void *arg)
{
  (void)line;
  (void)arg;
  size_t n = (size_t)(end - s);
  return !bk_comment_line(s, end) &&
         (bk_has_word(s, n, "crontab") || bk_find_text(s, n, "/etc/cron"));
}

static bool installs_crontab(const char *data, size_t len)
{
  return bk_each_line(data, len, installs_line, NULL);
}

struct nth {
  unsigned line;
  bool spec;
};

static bool nth_line(const char *s, const char *end, unsigned line, void *arg)
{
  struct nth *t = arg;
  if (line != t->line)
    return false;
  t->spec = cron_spec(s, end);
  return true;
}

/* Line `line` of data holds a cron schedule itself. */
static bool cron_spec_at(const char *data, size_t len, unsigned line)
{
  struct nth t = {line, false};
  bk_each_line(data, len, nth_line, &t);
  return t.spec;
}

static bool file_schedule(struct rc_index *idx, struct rc_arena *a,
                          const struct rc_entry *e, const struct names *nm,
                          struct sched *out)
{
  const char *data;
  size_t len;
  bool ci = ci_file(e->path);
  bool cron = cron_file(e->path, e->name);
  bool timer = bk_ends_with(e->name, ".timer");
  /* documentation: a self-hosting bundle cannot install the operator's
   * crontab, so the crontab line its guide gives is its schedule */
  bool doc = rc_path_is_doc(e->name);
  if (!ci && !cron && !timer && !doc)
    return false;
  if (!ci && !doc && rc_role_of_path(e->path, NULL, 0) == RC_ROLE_NONPROD)
    return false;
  if (rc_entry_size(idx, e) > (1u << 20) ||
      bk_read_file(idx, e->path, &data, &len) != 0)
    return false;
  struct find f = {.nm = nm, .ci = ci};
  if (timer) {
    const char *unit = timer_unit(a, e->path, data, len);
    const char *udata;
    size_t ulen;
    if (strstr(e->name, "backup") ||
        (unit && bk_read_file(idx, unit, &udata, &ulen) == 0 &&
         names_script(nm, udata, ulen, true))) {
      *out = (struct sched){"a systemd timer", {e->path, 1}};
      return true;
    }
    return false;
  }
  if (ci) {
    if (bk_each_line(data, len, find_line, &f)) {
      *out = (struct sched){"a scheduled CI workflow", {e->path, f.line}};
      return true;
    }
    return false;
  }
  f.cron = true;
  f.cronjob = !doc && has_line(data, len, "kind: CronJob");
  f.installs = bk_ends_with(e->name, ".sh") && installs_crontab(data, len);
  if (!bk_each_line(data, len, find_line, &f))
    return false;
  bool spec = cron_spec_at(data, len, f.line);
  out->how = doc         ? "a cron line its documentation gives"
             : f.cronjob ? "a Kubernetes CronJob"
             : !spec     ? "a crontab entry a script installs"
                         : "a cron line";
  out->at = (struct rc_where){e->path, f.line};
  return true;
}

static bool restarts(const struct rc_compose_service *s)
{
  const char *r = rc_compose_str(s, "restart", NULL);
  return r && (strcmp(r, "always") == 0 || strcmp(r, "unless-stopped") == 0);
}

/* A compose service that restarts always and loops over the script (or a
 * dump tool) with a sleep, or runs a dedicated backup image. */
static bool compose_schedule(const struct rc_model *m, struct rc_arena *a,
                             const struct names *nm, struct sched *out)
{
  struct rc_buf b;
  rc_buf_init(&b);
  bool found = false;
  for (size_t i = 0; i < m->n_views && !found; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    for (size_t j = 0; j < v->n_services && !found; j++) {
      const struct rc_compose_service *s = &v->services[j];
      if (s->optional || !restarts(s))
        continue;
      const char *cmd = bk_compose_command(s, &b);
      size_t n = strlen(cmd);
      /* a sleep loop that runs something else (`certbot renew; sleep
       * 1d`) schedules other work, not the backup */
      bool loops = bk_has_word(cmd, n, "sleep") &&
                   (names_script(nm, cmd, n, true) || bk_dump_command(cmd));
      char name[128] = "";
      if (s->image)
        rc_model_image_name(s->image, name, sizeof(name));
      if (loops || strstr(name, "backup")) {
        out->how = rc_arena_printf(a, "compose service '%s' (restart: %s) %s",
                                   s->name, rc_compose_str(s, "restart", NULL),
                                   loops ? "looping over it"
                                         : "running a backup image");
        out->at = s->at;
        found = true;
      }
    }
  }
  rc_buf_release(&b);
  return found;
}

/* The script repeats itself: a `while true` (or `while :`) loop, and a
 * sleep between runs. */
struct loop {
  bool loops, sleeps;
};

static bool loop_line(const char *s, const char *end, unsigned line, void *arg)
{
  (void)line;
  struct loop *l = arg;
  if (bk_comment_line(s, end))
    return false;
  if (bk_has_word(s, (size_t)(end - s), "sleep"))
    l->sleeps = true;
  s = bk_skip_space(s, end);
  size_t n = (size_t)(end - s);
  if (n > 6 && strncmp(s, "while ", 6) == 0 &&
      (bk_has_word(s, n, "true") || bk_find_text(s, n, "while :") ||
       bk_find_text(s, n, "[ 1 ]")))
    l->loops = true;
  return false;
}

static bool loops_itself(struct rc_index *idx, const char *path)
{
  const char *data;
  size_t len;
  struct loop l = {false, false};
  if (bk_read_file(idx, path, &data, &len) != 0)
    return false;
  bk_each_line(data, len, loop_line, &l);
  return l.loops && l.sleeps;
}

/* A '&' that sends the command to the background: not `&&`, `2>&1` or
 * `&>`, and nothing but closing quotes or a ')' after it. */
static bool backgrounds(const char *s, const char *end)
{
  for (const char *p = s; p < end; p++) {
    if (*p != '&' || (p > s && (p[-1] == '&' || p[-1] == '>')) ||
        (p + 1 < end && (p[1] == '&' || p[1] == '>')))
      continue;
    const char *q = p + 1;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '"' || *q == '\'' ||
                       *q == ')' || *q == '\r'))
      q++;
    if (q == end)
      return true;
  }
  return false;
}

struct started {
  const struct names *nm;
  unsigned line;
};

static bool start_line(const char *s, const char *end, unsigned line, void *arg)
{
  struct started *st = arg;
  if (bk_comment_line(s, end) || bk_echo_line(s, end) ||
      !names_script(st->nm, s, (size_t)(end - s), false) ||
      !backgrounds(s, end))
    return false;
  st->line = line;
  return true;
}

/* An image's entrypoint starts the looping script in the background
 * (`/backup-db.sh loop &` before exec-ing the server): it runs for as long
 * as the container does. */
static bool background_schedule(struct rc_index *idx, struct rc_arena *a,
                                const struct rc_backup_script *bs,
                                const struct names *nm, struct sched *out)
{
  if (!loops_itself(idx, bs->path))
    return false;
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *data;
    size_t len;
    if (e->kind != RC_ENTRY_FILE || strcmp(e->path, bs->path) == 0 ||
        !(bk_ends_with(e->name, ".sh") ||
          strncmp(e->name, "Dockerfile", 10) == 0) ||
        rc_entry_size(idx, e) > (1u << 20) ||
        rc_role_of_path(e->path, NULL, 0) == RC_ROLE_NONPROD ||
        bk_read_file(idx, e->path, &data, &len) != 0)
      continue;
    struct started st = {nm, 0};
    if (bk_each_line(data, len, start_line, &st)) {
      out->how = rc_arena_printf(
          a, "its own sleep loop, which %s starts in the background", e->path);
      out->at = (struct rc_where){e->path, st.line};
      return true;
    }
  }
  return false;
}

bool rc_backup_schedule(struct rc_index *idx, const struct rc_model *m,
                        struct rc_arena *a, const struct rc_backup_script *s,
                        const char **how, struct rc_where *at)
{
  struct names nm = {rc_path_base(s->path), NULL,
                     bk_installed_as(m, a, s->path)};
  if (bk_ends_with(nm.base, ".sh")) {
    size_t n = strlen(nm.base) - 3;
    nm.stem = rc_arena_strndup(a, nm.base, n);
  }
  struct sched out = {0};
  bool found = compose_schedule(m, a, &nm, &out) ||
               background_schedule(idx, a, s, &nm, &out);
  for (size_t i = 0; !found && i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind == RC_ENTRY_FILE && strcmp(e->path, s->path) != 0)
      found = file_schedule(idx, a, e, &nm, &out);
  }
  if (found) {
    *how = out.how;
    *at = out.at;
  }
  return found;
}

/* ---- pruning beside the backup ---------------------------------------- */

struct prune {
  unsigned skip; /* the backup's own line */
  unsigned line;
};

/* A command line (not a comment) that prunes: weed.sh, cleanup, rotate,
 * `find ... -mtime`, retention settings. */
static bool prune_line(const char *s, const char *end, unsigned line, void *arg)
{
  static const char *const words[] = {"prune",  "purge",     "cleanup",
                                      "rotate", "retention", "expire",
                                      "weed",   "mtime",     NULL};
  struct prune *p = arg;
  if (line == p->skip || bk_comment_line(s, end))
    return false;
  char buf[512];
  size_t n =
      (size_t)(end - s) < sizeof(buf) - 1 ? (size_t)(end - s) : sizeof(buf) - 1;
  for (size_t i = 0; i < n; i++)
    buf[i] = (char)tolower((unsigned char)s[i]);
  buf[n] = '\0';
  for (size_t i = 0; words[i]; i++)
    if (strstr(buf, words[i])) {
      p->line = line;
      return true;
    }
  return false;
}

bool rc_backup_sibling_prune(struct rc_index *idx, const struct rc_where *sched,
                             struct rc_where *at)
{
  const char *data;
  size_t len;
  if (!sched->path || bk_read_file(idx, sched->path, &data, &len) != 0)
    return false;
  struct prune p = {sched->line, 0};
  if (!bk_each_line(data, len, prune_line, &p))
    return false;
  *at = (struct rc_where){sched->path, p.line};
  return true;
}
