/*
 * backup_app.c - backups the application sets up in its own source
 * (AutoBackup, BACKUP_INTERVAL, MaxBackupFiles...): retention or a
 * schedule with no script to read. Identifiers are folded (lower case, no
 * `_` or `-`) so one key list serves every language's naming.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/backup.h"
#include "readycheck/index.h"

#include "backup_parts.h"

static bool source_file(const char *name)
{
  static const char *const ext[] = {".go",   ".py", ".js", ".ts", ".rb", ".php",
                                    ".java", ".kt", ".rs", ".ex", ".cs", NULL};
  for (size_t i = 0; ext[i]; i++)
    if (bk_ends_with(name, ext[i]))
      return true;
  return false;
}

/* The identifier folded: lower case without '_' and '-'. */
static bool folded_has(const char *s, size_t n, const char *const *keys)
{
  char buf[64];
  for (size_t i = 0; i < n; i++) {
    if (!isalpha((unsigned char)s[i]) || (i && bk_word_char(s[i - 1])))
      continue;
    size_t k = 0;
    for (size_t j = i; j < n && bk_word_char(s[j]) && k + 1 < sizeof(buf); j++)
      if (s[j] != '_' && s[j] != '-')
        buf[k++] = (char)tolower((unsigned char)s[j]);
    buf[k] = '\0';
    for (size_t q = 0; keys[q]; q++)
      if (strstr(buf, keys[q]))
        return true;
  }
  return false;
}

struct in_app {
  const char *const *keys;
  unsigned line;
};

static bool in_app_line(const char *s, const char *end, unsigned line,
                        void *arg)
{
  struct in_app *ia = arg;
  if (folded_has(s, (size_t)(end - s), ia->keys)) {
    ia->line = line;
    return true;
  }
  return false;
}

bool rc_backup_in_app(struct rc_index *idx, const char *kind,
                      struct rc_where *at)
{
  static const char *const retention[] = {
      "maxbackup",  "backupretention",  "keepbackups", "backupstokeep",
      "backupkeep", "backupsretention", NULL};
  static const char *const schedule[] = {"autobackup",      "backupinterval",
                                         "backupschedule",  "backupcron",
                                         "backupfrequency", NULL};
  struct in_app ia = {strcmp(kind, "retention") == 0 ? retention : schedule, 0};
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *data;
    size_t len;
    if (e->kind != RC_ENTRY_FILE || !source_file(e->name) ||
        rc_entry_size(idx, e) > (1u << 20) ||
        rc_role_of_path(e->path, NULL, 0) == RC_ROLE_NONPROD ||
        strstr(e->name, "_test.") ||
        bk_read_file(idx, e->path, &data, &len) != 0)
      continue;
    if (bk_each_line(data, len, in_app_line, &ia)) {
      *at = (struct rc_where){e->path, ia.line};
      return true;
    }
  }
  return false;
}
