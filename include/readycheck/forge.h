/*
 * forge.h - where a checkout's code can be viewed on the web: the origin
 * remote of .git/config mapped to a permalink base on GitHub or GitLab, so
 * reports can link evidence to the exact commit that was checked.
 */
#ifndef READYCHECK_FORGE_H
#define READYCHECK_FORGE_H

#include <stddef.h>

/* Maps a remote URL (https://, ssh://, scp-like git@host:owner/repo) on
 * github.com, gitlab.com or a host named gitlab.* to the permalink base of
 * commit: "https://github.com/o/r/blob/COMMIT/" or
 * "https://gitlab.com/g/r/-/blob/COMMIT/". Returns 0 and writes out, or -1
 * for other hosts, credentials in the URL, or anything malformed. */
int rc_forge_link_base(const char *remote, const char *commit, char *out,
                       size_t len);

/* The URL of remote "origin" in the git config of the checkout at root
 * (linked worktrees included), or -1 when there is none. */
int rc_forge_origin(const char *root, char *out, size_t len);

#endif
