/*
 * mem.h - allocation that never fails, and arenas for phase data.
 *
 * Every rc_x* allocator aborts the process with a message on out-of-memory,
 * so no other code checks allocation results. An arena owns many small
 * allocations that die together (a ruleset, a run's results); library
 * handles can be tied to an arena's lifetime with rc_arena_defer().
 */
#ifndef READYCHECK_MEM_H
#define READYCHECK_MEM_H

#include <stdarg.h>
#include <stddef.h>

void *rc_xmalloc(size_t n) __attribute__((returns_nonnull));
void *rc_xcalloc(size_t count, size_t size) __attribute__((returns_nonnull));
void *rc_xrealloc(void *p, size_t n) __attribute__((returns_nonnull));
char *rc_xstrdup(const char *s) __attribute__((returns_nonnull));
char *rc_xstrndup(const char *s, size_t n) __attribute__((returns_nonnull));
/* Grows *items (of *cap elements of elem_size) so index `need` fits. */
void rc_grow(void **items, size_t *cap, size_t need, size_t elem_size);

struct rc_arena;

/* Caller owns the arena; free with rc_arena_free(), which also runs every
 * deferred cleanup in reverse order of registration. */
struct rc_arena *rc_arena_new(void);
void rc_arena_free(struct rc_arena *a);

/* Zeroed, 16-byte aligned memory that lives as long as the arena. */
void *rc_arena_alloc(struct rc_arena *a, size_t n)
    __attribute__((returns_nonnull));
char *rc_arena_strdup(struct rc_arena *a, const char *s);
char *rc_arena_strndup(struct rc_arena *a, const char *s, size_t n);
char *rc_arena_printf(struct rc_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *rc_arena_vprintf(struct rc_arena *a, const char *fmt, va_list ap);
/* Runs fn(ptr) when the arena is freed. */
void rc_arena_defer(struct rc_arena *a, void (*fn)(void *), void *ptr);

#endif
