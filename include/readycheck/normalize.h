/*
 * normalize.h - the text of a hand-written readiness report made
 * comparable: emoji that were mis-decoded on the way (UTF-8 read as
 * Windows-1252 or Mac Roman and written out again, so ✅ arrives as "âœ…"
 * or "‚úÖ") are repaired, and the status markers such reports use - ✅ ❌
 * ⚠️ 🚨 and their text forms PASS, DONE, COMPLETE, [OK] - are recognised
 * and taken out of the words that are left to match.
 *
 * Nothing here allocates from an arena: every returned string is the
 * caller's to free().
 */
#ifndef READYCHECK_NORMALIZE_H
#define READYCHECK_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

/* What a report line says of the thing it names. */
enum rc_stance {
  RC_STANCE_NONE, /* no marker */
  RC_STANCE_PASS, /* ✅ ✔ ☑ 🟢, PASS, DONE, COMPLETE, [OK], [x] */
  RC_STANCE_WARN, /* ⚠️ 🟡 🟠, WARN, WARNING, PARTIAL */
  RC_STANCE_FAIL, /* ❌ ✖ ✗ 🔴 ⛔ 🚫 🚨, FAIL, MISSING, BLOCKED, INCOMPLETE */
  RC_STANCE_OPEN, /* [ ], TODO, PENDING: not done yet */
};

/* "pass", "warn", "fail", "open", "none". */
const char *rc_stance_name(enum rc_stance s);

/* Repairs mojibake: every run of characters that the Windows-1252 or the
 * Mac Roman table maps back to the bytes of one well-formed multi-byte
 * UTF-8 sequence becomes that character ("âœ…" and "‚úÖ" become "✅").
 * Undefined Windows-1252 bytes are taken as their C1 code points, as
 * decoders that fall back to Latin-1 write them. ASCII, newlines and text
 * that does not decode so are left alone, so line numbers never move.
 * Returns a NUL-terminated copy (caller frees); *out_len gets its length
 * when out_len is not NULL. */
char *rc_norm_repair(const char *s, size_t len, size_t *out_len);

/* The status marker of a line of report text: the first status emoji in
 * it, else an upper-case status word (PASSED, DONE, MISSING, ...; "NOT"
 * before a passing word makes it FAIL), else a bracketed form in any case
 * ("[OK]", "[pass]", "[ ]"). *marker (may be NULL) gets a static string
 * naming what was found ("✅", "DONE", "[OK]"), or NULL. */
enum rc_stance rc_norm_marker(const char *text, const char **marker);

/* The same for a table cell, which may also be a status on its own in any
 * case ("Pass", "done", "yes", "no", "n/a" is none). */
enum rc_stance rc_norm_cell_marker(const char *cell, const char **marker);

/* A copy of text without emoji, variation selectors and bracketed status
 * forms, with runs of white space made one space and trimmed (caller
 * frees). Upper-case status words stay: they are part of what was said. */
char *rc_norm_clean(const char *text);

/* True when the character at s (UTF-8) is an emoji or a joiner that
 * rc_norm_clean() removes; *len gets its byte length. */
bool rc_norm_is_emoji(const char *s, size_t *len);

#endif
