/*
 * probe_helpers.h - drive one probe the way the loader and the runner do,
 * without either: fill its cfg struct by field name through the probe's own
 * field table (so a test also checks the table), validate it, build an
 * index over a scratch tree and run check().
 */
#ifndef READYCHECK_PROBE_HELPERS_H
#define READYCHECK_PROBE_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/probe.h"

/* A probe with a zeroed cfg, as the loader allocates it. */
struct rc_ph {
  const struct rc_probe *probe;
  void *cfg;
  struct rc_arena *arena; /* cfg strings, lists and compiled regexes */
};

void rc_ph_init(struct rc_ph *ph, const struct rc_probe *probe);
void rc_ph_release(struct rc_ph *ph);

/* Setters fail the test when the field is unknown or of another type. */
void rc_ph_strings(struct rc_ph *ph, const char *field, ...); /* NULL ends */
void rc_ph_string(struct rc_ph *ph, const char *field, const char *value);
void rc_ph_int(struct rc_ph *ph, const char *field, long value);
void rc_ph_bool(struct rc_ph *ph, const char *field, bool value);
void rc_ph_enum(struct rc_ph *ph, const char *field, const char *choice);
void rc_ph_regex(struct rc_ph *ph, const char *field, const char *pattern);
/* A number field, or a scalar field typed as a number. */
void rc_ph_number(struct rc_ph *ph, const char *field, double value);
/* The cfg member behind field, checked to have type t (for setters a
 * test needs that the ones above do not cover). */
void *rc_ph_field(struct rc_ph *ph, const char *field, enum rc_field_type t);
/* Runs the probe's value rules on the values set (as the loader does),
 * then validate(); 0 when both pass. The first error goes to msg. */
int rc_ph_validate(struct rc_ph *ph, char *msg, size_t msglen);

/* A scratch repository and the run context over it. */
struct rc_ph_repo {
  char *root;
  struct rc_index *idx;
  struct rc_model *model; /* built with the index */
  struct rc_arena *arena;
  struct rc_ctx ctx;
};

void rc_ph_repo_init(struct rc_ph_repo *r);
/* (Re)builds the index; call after writing files. */
void rc_ph_repo_index(struct rc_ph_repo *r);
void rc_ph_repo_release(struct rc_ph_repo *r);
/* Runs /usr/bin/git with the given arguments (NULL ends) in the root and
 * fails the test unless it exits 0. */
void rc_ph_git(struct rc_ph_repo *r, ...);

/* What a probe test works on: one probe, one scratch repository, the last
 * check's result. rc_ph_fixture_new() also creates the (empty) repository;
 * write files into repo.root, then rc_ph_repo_index(). */
struct rc_ph_fixture {
  struct rc_ph_repo repo;
  struct rc_ph ph;
  struct rc_check c;
};

struct rc_ph_fixture *rc_ph_fixture_new(const struct rc_probe *probe);
void rc_ph_fixture_free(struct rc_ph_fixture *f);
/* Runs check() as is (no validate(): tests of bad values call it too) into
 * f->c; indexes the repository at the first call only, as a run does. */
enum rc_outcome rc_ph_fixture_run(struct rc_ph_fixture *f);
/* rc_ph_fixture_run(), then fails unless outcome and message are these
 * (msg NULL: any message). */
void rc_ph_fixture_expect(struct rc_ph_fixture *f, enum rc_outcome o,
                          const char *msg);

/* Validates (must succeed), then runs check() into a zeroed *out. */
void rc_ph_check(struct rc_ph *ph, struct rc_ph_repo *r, struct rc_check *out);
/* True if some evidence has this path (NULL: any), line (0: any) and text
 * containing needle (NULL: any). */
bool rc_ph_has_ev(const struct rc_check *c, const char *path, unsigned line,
                  const char *needle);
/* Fails the test if the message or any evidence contains s. */
void rc_ph_assert_absent(const struct rc_check *c, const char *s);

#endif
