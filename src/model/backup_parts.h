/*
 * backup_parts.h - internal to src/model: what the backup files share -
 * the dump tools by engine, shell text read a line at a time with word
 * boundaries, and the functions they call in each other, named bk_
 * (backup). backup.c holds the shared readers; backup_databases.c,
 * backup_script.c, backup_executable.c, backup_schedule.c and
 * backup_app.c each answer one of backup.h's questions.
 */
#ifndef READYCHECK_MODEL_BACKUP_PARTS_H
#define READYCHECK_MODEL_BACKUP_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"

struct tool {
  const char *name;
  const char *engine;
};

extern const struct tool bk_tools[];

bool bk_word_char(char c);

/* The first occurrence of text in s[0..n), or NULL. */
const char *bk_find_text(const char *s, size_t n, const char *text);

bool bk_has_word(const char *s, size_t n, const char *word);

const char *bk_skip_space(const char *s, const char *end);

bool bk_comment_line(const char *s, const char *end);

bool bk_echo_line(const char *s, const char *end);

/* Calls fn on each line of data with its 1-based number; stops when fn
 * returns true, and returns that. */
bool bk_each_line(const char *data, size_t len,
                  bool (*fn)(const char *s, const char *end, unsigned line,
                             void *arg),
                  void *arg);

int bk_read_file(struct rc_index *idx, const char *path, const char **data,
                 size_t *len);

/* The command runs a dump or backup tool, a database client, or says
 * backup. */
bool bk_dump_command(const char *cmd);

const char *bk_compose_command(const struct rc_compose_service *s,
                               struct rc_buf *b);

/* `COPY ./backup.sh /usr/local/bin/app-backup.sh` in an image built
 * from the script's folder: the crontab in that image runs it under the
 * new name. */
const char *bk_installed_as(const struct rc_model *m, struct rc_arena *a,
                            const char *path);

bool bk_ends_with(const char *s, const char *suffix);

#endif
