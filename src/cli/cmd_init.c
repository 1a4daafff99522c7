/*
 * cmd_init.c - `readycheck init [PATH]`: a starter .readycheck.yml for the
 * stacks detected in PATH. It never overwrites an existing file.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "readycheck/builtin.h"
#include "readycheck/commands.h"
#include "readycheck/config.h"
#include "readycheck/detect.h"
#include "readycheck/index.h"
#include "readycheck/rule.h"

/* The packs that apply to det: a pack with a rule without `stacks:` or
 * with a detected one. */
static size_t applicable_packs(const struct rc_ruleset *rs,
                               const struct rc_detection *det, const char **out,
                               size_t max)
{
  size_t n = 0;
  for (size_t i = 0; i < rc_builtin_pack_count && n < max; i++) {
    const char *pack = rc_builtin_packs[i].name;
    bool applies = false;
    for (size_t j = 0; j < rs->n && !applies; j++) {
      const struct rc_rule *r = rs->rules[j];
      applies =
          r->pack && strcmp(r->pack, pack) == 0 &&
          (r->n_stacks == 0 || rc_detection_any(det, r->stacks, r->n_stacks));
    }
    if (applies)
      out[n++] = pack;
  }
  return n;
}

int rc_cmd_init(const struct rc_options *o, const struct rc_ruleset *rs,
                struct rc_diag *d)
{
  struct rc_index *idx = NULL;
  if (rc_index_build(&idx, o->path, NULL, d) != 0)
    return RC_EXIT_USAGE;
  struct rc_detection det;
  rc_detect_stacks(idx, &det);
  const char *packs[64];
  size_t n = applicable_packs(rs, &det, packs, 64);
  char path[PATH_MAX];
  snprintf(path, sizeof(path), "%s/%s", o->path, RC_CONFIG_NAME);
  int status = RC_EXIT_READY;
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) {
    rc_error(d, NULL, "cannot create '%s': %s", path,
             errno == EEXIST ? "it exists already (edit it, or remove it first)"
                             : strerror(errno));
    if (fd >= 0)
      close(fd);
    status = RC_EXIT_USAGE;
  } else if ((rc_config_write_init(f, &det, packs, n) != 0) | fclose(f)) {
    rc_error(d, NULL, "cannot write '%s': %s", path, strerror(errno));
    status = RC_EXIT_INCOMPLETE;
  } else if (o->verbosity >= 0) {
    printf("wrote %s\n", path);
  }
  rc_index_free(idx);
  return status;
}
