/*
 * buf.h - a growable, always NUL-terminated byte string.
 *
 * struct rc_buf is embedded by value: rc_buf_init() / rc_buf_release().
 * data is never NULL after init; rc_buf_detach() hands the bytes to the
 * caller (free() them) and leaves the buffer empty with nothing allocated
 * (data NULL until the next add; rc_buf_release() is then optional).
 */
#ifndef READYCHECK_BUF_H
#define READYCHECK_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct rc_buf {
  char *data; /* NUL-terminated; may also contain NULs */
  size_t len; /* bytes before the terminating NUL */
  size_t cap; /* allocated bytes */
};

void rc_buf_init(struct rc_buf *b);
void rc_buf_release(struct rc_buf *b);
void rc_buf_reset(struct rc_buf *b); /* len = 0, keeps the allocation */
void rc_buf_add(struct rc_buf *b, const void *data, size_t len);
void rc_buf_puts(struct rc_buf *b, const char *s);
void rc_buf_putc(struct rc_buf *b, char c);
void rc_buf_printf(struct rc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rc_buf_vprintf(struct rc_buf *b, const char *fmt, va_list ap);
/* Appends user text for a message: ASCII as is, control bytes and DEL as
 * \xNN, every non-ASCII character as \uXXXX (\UXXXXXXXX above U+FFFF), and
 * bytes that are not UTF-8 as \xNN, so a look-alike letter ("p\u0430th")
 * or a terminal escape cannot pass for something else. At most max input
 * bytes are shown, then "...". */
void rc_buf_put_shown(struct rc_buf *b, const char *s, size_t max);
/* Caller owns the returned string (free()); the buffer is left empty. */
char *rc_buf_detach(struct rc_buf *b);

/* The first place needle occurs in hay, ignoring ASCII case, or NULL
 * (strcasestr is not in C11 or POSIX). */
const char *rc_str_find_ci(const char *hay, const char *needle);

/* True when hay holds any word of the NULL-terminated list, ignoring ASCII
 * case. */
bool rc_str_find_any_ci(const char *hay, const char *const *words);

#endif
