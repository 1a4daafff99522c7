/*
 * user_parts.h - internal to src/model: the functions the image-user files
 * (user.h) call in each other, named iu_ (image user). user.c asks the
 * questions in order: USER, a privilege drop, a runtime's user, the base.
 * user_files.c finds the repository file an image path or program is;
 * user_drops.c reads the drop tools and dropping servers in command
 * text; user_bases.c judges a stage by its base image;
 * user_supervisord.c reads supervisord's configuration and programs;
 * user_s6_cron.c the s6-overlay services and cron jobs an image runs;
 * user_partial.c finds servers whose workers drop while the image stays
 * root.
 */
#ifndef READYCHECK_MODEL_USER_PARTS_H
#define READYCHECK_MODEL_USER_PARTS_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;
struct rc_df_instr;
struct rc_dockerfile;
struct rc_entry;
struct rc_image_user;
struct rc_index;

/* user_files.c */

/* A COPY or ADD's sources and destination, options left out and the
 * double quotes around a word dropped. Returns how many were stored in
 * words (at most max). */
size_t iu_copy_words(struct rc_arena *a, const char *args, const char **words,
                     size_t max);

/* The text of a script the image runs (up to 256 KiB), or NULL: NULL-safe. */
const char *iu_read_small(struct rc_index *idx, const struct rc_entry *e);

/* The program a CMD or ENTRYPOINT runs, or the script it hands to a shell,
 * past an init shim (`["tini", "--", "/entrypoint.sh"]`), or NULL. */
const char *iu_script_run(struct rc_arena *a, const char *args);

/* The ENTRYPOINT or CMD (keyword) stage inherits, in *in, the program it
 * runs, in *prog (NULL: none), and the repository file that program is
 * (in the context, or made by a RUN from one copied in), else NULL. */
const struct rc_entry *iu_entry_script(struct rc_index *idx, struct rc_arena *a,
                                       const struct rc_dockerfile *df,
                                       size_t stage, const char *context,
                                       const char *keyword,
                                       const struct rc_df_instr **in,
                                       const char **prog);

/* user_drops.c */

/* The server a command of text starts whose workers run unprivileged
 * (Apache, php-fpm, uWSGI --uid, sshd -D), or NULL. NULL-safe. */
const char *iu_server_drop(const char *text);

/* The daemon a program is when it switches to its own user once its ports
 * are bound (Mosquitto, FreeRADIUS), or NULL. NULL-safe. */
const char *iu_dropping_daemon(const char *prog);

/* A program command that runs unprivileged although a supervisor starts it
 * as root: a server whose workers drop, a --user/--uid option, a drop tool. */
bool iu_program_drops(const char *cmd);

/* user.c */

/* Sets out's verdict: non_root, the line and why, nothing dropped. */
void iu_verdict(struct rc_image_user *out, bool ok, unsigned line,
                const char *why);

/* user_bases.c */

/* The verdict for stage of df with no USER of its own (or a USER root that
 * is the base's own), at line: what its base image runs as. */
void iu_judge_base(struct rc_arena *a, const struct rc_dockerfile *df,
                   size_t stage, unsigned line, struct rc_image_user *out);

/* The ENTRYPOINT args or the script text it runs hands over to the
 * official docker-entrypoint.sh of a database or broker base (redis,
 * postgres, mysql, mariadb, mongo, rabbitmq) with the server as the CMD:
 * that entrypoint steps down to the image's own user. Says so, or NULL. */
const char *iu_official_entry_drop(struct rc_arena *a,
                                   const struct rc_dockerfile *df, size_t stage,
                                   const char *args, const char *text);

/* user_supervisord.c */

/* supervisord started by the ENTRYPOINT or CMD args, or by the script it
 * runs (text, the file script): how it runs the service unprivileged (its
 * user=, a server under it, every program unprivileged), else NULL. */
const char *iu_supervisord_drop(struct rc_index *idx, struct rc_arena *a,
                                const struct rc_dockerfile *df,
                                const char *context, const char *args,
                                const char *text,
                                const struct rc_entry *script);

/* user_s6_cron.c */

/* s6 supervises stage (s6-overlay's /init, s6-svscan) and every service
 * run script the image copies in drops privileges. */
bool iu_s6_drop(struct rc_index *idx, struct rc_arena *a,
                const struct rc_dockerfile *df, size_t stage,
                const char *context);

/* The stage's process is cron and the Dockerfile writes its jobs into the
 * crontab of this non-root user (none into root's), else NULL. */
const char *iu_cron_user(struct rc_arena *a, const struct rc_dockerfile *df,
                         size_t stage);

/* user_partial.c */

/* How the server the ENTRYPOINT or CMD of stage ends with runs its workers
 * unprivileged while it starts as root (rc_image_user's partial), or NULL. */
const char *iu_partial_drop(struct rc_index *idx, struct rc_arena *a,
                            const struct rc_dockerfile *df, size_t stage,
                            const char *context);

#endif
