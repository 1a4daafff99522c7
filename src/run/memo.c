/*
 * memo.c - values a run's checks share (memo.h). A value is made outside
 * the lock, so a long scan under one key does not hold up another key;
 * askers of a key being made wait on the condition. Few keys are made in
 * a run (one per distinct configuration of a sharing probe): a list.
 */
#include "readycheck/memo.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"

struct entry {
  char *key;
  void *value;
  void (*drop)(void *);
  bool ready;
  const struct rc_skip *gap; /* the first unreadable directory met */
};

struct rc_memo {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  struct entry **items; /* pointers: an entry being made stays put */
  size_t n, cap;
};

struct rc_memo *rc_memo_new(void)
{
  struct rc_memo *m = rc_xcalloc(1, sizeof(*m));
  pthread_mutex_init(&m->lock, NULL);
  pthread_cond_init(&m->cond, NULL);
  return m;
}

void rc_memo_free(struct rc_memo *m)
{
  if (!m)
    return;
  for (size_t i = 0; i < m->n; i++) {
    if (m->items[i]->drop)
      m->items[i]->drop(m->items[i]->value);
    free(m->items[i]->key);
    free(m->items[i]);
  }
  free(m->items);
  pthread_mutex_destroy(&m->lock);
  pthread_cond_destroy(&m->cond);
  free(m);
}

static struct entry *find(const struct rc_memo *m, const char *key)
{
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->items[i]->key, key) == 0)
      return m->items[i];
  return NULL;
}

/* Makes e's value, watching the index for gaps by itself: what the asker
 * met before is put back, first gap first, as one query after another
 * would have left it. */
static void make_value(struct rc_ctx *ctx, struct entry *e,
                       void *(*make)(void *), void *arg)
{
  const struct rc_skip *before =
      ctx->index ? rc_index_watched(ctx->index) : NULL;
  if (ctx->index)
    rc_index_watch(ctx->index);
  e->value = make(arg);
  if (ctx->index) {
    e->gap = rc_index_watched(ctx->index);
    rc_index_watch(ctx->index);
    rc_index_rewatch(ctx->index, before ? before : e->gap);
  }
}

void *rc_memo_get(struct rc_ctx *ctx, const char *key, void *(*make)(void *),
                  void (*drop)(void *), void *arg)
{
  struct rc_memo *m = ctx->memo;
  pthread_mutex_lock(&m->lock);
  struct entry *e = find(m, key);
  if (!e) {
    e = rc_xcalloc(1, sizeof(*e));
    e->key = rc_xstrdup(key);
    e->drop = drop;
    rc_grow((void **)&m->items, &m->cap, m->n, sizeof(*m->items));
    m->items[m->n++] = e;
    pthread_mutex_unlock(&m->lock);
    make_value(ctx, e, make, arg);
    pthread_mutex_lock(&m->lock);
    e->ready = true;
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->lock);
    return e->value;
  }
  while (!e->ready)
    pthread_cond_wait(&m->cond, &m->lock);
  pthread_mutex_unlock(&m->lock);
  if (ctx->index)
    rc_index_rewatch(ctx->index, e->gap);
  return e->value;
}

/* Each item is written with its length first, so no separator can be
 * mistaken for part of a value. */
static void put_item(struct rc_buf *b, const char *s)
{
  if (!s) {
    rc_buf_puts(b, "-;");
    return;
  }
  rc_buf_printf(b, "%zu:%s;", strlen(s), s);
}

static bool excepted(const char *name, const char *const *except)
{
  for (size_t i = 0; except && except[i]; i++)
    if (strcmp(name, except[i]) == 0)
      return true;
  return false;
}

char *rc_memo_cfg_key(const struct rc_probe *p, const void *cfg,
                      const char *const *except)
{
  const char *c = cfg;
  struct rc_buf b;
  rc_buf_init(&b);
  put_item(&b, p->name);
  for (const struct rc_field *f = p->fields; f && f->name; f++) {
    if (excepted(f->name, except))
      continue;
    put_item(&b, f->name);
    const void *at = c + f->offset;
    switch (f->type) {
    case RC_FIELD_STRING:
      put_item(&b, *(const char *const *)at);
      break;
    case RC_FIELD_STRINGS: {
      const struct rc_strlist *l = at;
      rc_buf_printf(&b, "%zu[", l->n);
      for (size_t i = 0; i < l->n; i++)
        put_item(&b, l->items[i]);
      rc_buf_putc(&b, ']');
      break;
    }
    case RC_FIELD_INT:
      rc_buf_printf(&b, "%ld;", *(const long *)at);
      break;
    case RC_FIELD_BOOL:
      rc_buf_printf(&b, "%d;", *(const bool *)at ? 1 : 0);
      break;
    case RC_FIELD_ENUM:
      rc_buf_printf(&b, "%d;", *(const int *)at);
      break;
    case RC_FIELD_OPT_INT: {
      const struct rc_opt_long *o = at;
      rc_buf_printf(&b, "%d,%ld;", o->set ? 1 : 0, o->value);
      break;
    }
    default: /* a number, a regex or a scalar: not spelled out here */
      rc_buf_release(&b);
      return NULL;
    }
  }
  char *key = rc_xstrdup(b.data ? b.data : "");
  rc_buf_release(&b);
  return key;
}
