/*
 * execform.h - exec-form commands (["curl", "-f", "x"]) run without a
 * shell: which argument holds shell syntax (||, &&, |, ;) that nothing will
 * interpret. Shared by the compose and Dockerfile healthcheck rules.
 *
 * Not shell syntax: the operators of a command a shell or interpreter runs
 * itself (["sh", "-c", "a && b"], ["python", "-c", ...]), nor the program
 * text after a flag that takes code (`mongosh --eval "a && b"`, `mysql -e`,
 * `psql -c`; short flags only for database clients). A wrapper's program
 * is judged in its place (`timeout 5 bash -c ...`, `env A=1 python -c`,
 * `busybox sh -c`, `tini -- sh`, `gosu app ...`).
 */
#ifndef READYCHECK_EXECFORM_H
#define READYCHECK_EXECFORM_H

#include <stdbool.h>
#include <stddef.h>

/* argv[0] is the program. Returns the first argument with unexcused shell
 * syntax, or NULL. */
const char *rc_exec_form_shell_word(const char *const *argv, size_t n);

/* argv (an ENTRYPOINT) is a shell or interpreter that reads the words
 * that follow (the CMD) as a script file to run - `["/bin/sh"]`,
 * `["bash", "-e"]`, `["python3", "-u"]` - rather than executing them: no
 * inline-code flag (`sh -c`) and no `python -m`. */
bool rc_exec_form_reads_operand(const char *const *argv, size_t n);

#endif
