/*
 * app_headers.h - the security headers the repository's application sends
 * itself, so that a proxy in front of it need not add them: Django's
 * SecurityMiddleware (X-Content-Type-Options: nosniff by default),
 * XFrameOptionsMiddleware and django-csp; Express's helmet(); Rails's
 * default headers; and any source file that names the header where it
 * sets it. Tests, vendored and built code do not count.
 *
 * A query over the file index; the nginx probe asks it only for a header
 * a TLS server does not send.
 */
#ifndef READYCHECK_APP_HEADERS_H
#define READYCHECK_APP_HEADERS_H

#include <stdbool.h>

#include "readycheck/compose.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"

/* True when the application sends header (one name, e.g.
 * "X-Frame-Options"): *at is where, *how what does it (strings in a). */
bool rc_app_sends_header(struct rc_index *idx, struct rc_arena *a,
                         const char *header, struct rc_where *at,
                         const char **how);

#endif
