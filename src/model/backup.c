/*
 * backup.c - backups on the deployment model (backup.h).
 *
 * Scripts are read as shell, a line at a time: comments are never
 * commands, and `echo` text names no tool (but an `echo "0 3 * * * x" |
 * crontab -` line is still a cron line). Word matches use shell word
 * boundaries so that pg_dump is not found inside pg_dumpall or a variable
 * name like PG_DUMP_DIR.
 *
 * This file: the dump tools by engine and the line and word readers the
 * backup_*.c files share (backup_parts.h). The databases, scripts,
 * how a script is made executable, its schedule and the application's
 * own backups are the backup_*.c files.
 */
#include "readycheck/backup.h"

#include <ctype.h>
#include <string.h>

#include "readycheck/index.h"

#include "backup_parts.h"

/* Dump and backup tools, by the engine they serve; "files" tools copy
 * files or volumes off the host whatever the engine. */
const struct tool bk_tools[] = {{"pg_dump", "postgres"},
                                {"pg_dumpall", "postgres"},
                                {"pg_basebackup", "postgres"},
                                {"pgbackrest", "postgres"},
                                {"wal-g", "postgres"},
                                {"barman", "postgres"},
                                {"mysqldump", "mysql"},
                                {"mariadb-dump", "mysql"},
                                {"mariabackup", "mysql"},
                                {"xtrabackup", "mysql"},
                                {"mysqlpump", "mysql"},
                                {"mydumper", "mysql"},
                                {"mongodump", "mongo"},
                                {"redis-cli", "redis"},
                                {"sqlite3", "sqlite"},
                                {"restic", "files"},
                                {"borg", "files"},
                                {"rclone", "files"},
                                {"gsutil", "files"},
                                {"velero", "files"},
                                {NULL, NULL}};

bool bk_word_char(char c)
{
  return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* The first occurrence of word in s[0..n) with shell word boundaries. */
static const char *find_word(const char *s, size_t n, const char *word)
{
  size_t w = strlen(word);
  for (size_t i = 0; w && i + w <= n; i++) {
    if (memcmp(s + i, word, w) != 0)
      continue;
    bool start = i == 0 || (!bk_word_char(s[i - 1]) && s[i - 1] != '.');
    bool end = i + w == n || !bk_word_char(s[i + w]);
    if (start && end)
      return s + i;
  }
  return NULL;
}

/* The first occurrence of text in s[0..n), or NULL. */
const char *bk_find_text(const char *s, size_t n, const char *text)
{
  size_t w = strlen(text);
  for (size_t i = 0; w && i + w <= n; i++)
    if (memcmp(s + i, text, w) == 0)
      return s + i;
  return NULL;
}

bool bk_has_word(const char *s, size_t n, const char *word)
{
  return find_word(s, n, word) != NULL;
}

const char *bk_skip_space(const char *s, const char *end)
{
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  return s;
}

bool bk_comment_line(const char *s, const char *end)
{
  s = bk_skip_space(s, end);
  return s < end && *s == '#';
}

bool bk_echo_line(const char *s, const char *end)
{
  s = bk_skip_space(s, end);
  size_t n = (size_t)(end - s);
  return (n >= 5 && memcmp(s, "echo", 4) == 0 && !bk_word_char(s[4])) ||
         (n >= 7 && memcmp(s, "printf", 6) == 0 && !bk_word_char(s[6]));
}

/* Calls fn on each line of data with its 1-based number; stops when fn
 * returns true, and returns that. */
bool bk_each_line(const char *data, size_t len,
                  bool (*fn)(const char *s, const char *end, unsigned line,
                             void *arg),
                  void *arg)
{
  const char *p = data, *stop = data + len;
  for (unsigned line = 1; p < stop; line++) {
    const char *nl = memchr(p, '\n', (size_t)(stop - p));
    const char *end = nl ? nl : stop;
    if (fn(p, end, line, arg))
      return true;
    p = end + 1;
  }
  return false;
}

int bk_read_file(struct rc_index *idx, const char *path, const char **data,
                 size_t *len)
{
  const struct rc_entry *e = rc_index_find(idx, path);
  char err[128];
  if (!e || e->kind != RC_ENTRY_FILE ||
      rc_index_read(idx, e, data, len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(*data, *len))
    return -1;
  return 0;
}

bool bk_ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}
