/*
 * badge.c - a flat SVG badge, "readiness | 92 A", for a README or a release
 * page: green when ready, yellow when ready with warnings, red when not
 * ready (blocked, below --min-score, --fail-on warn or new), grey when
 * readiness is unknown. Text widths are estimated from Verdana's advance
 * widths at 11px, as badge services do, so no font is needed to lay it out.
 */
#include <stdio.h>
#include <string.h>

#include "readycheck/report.h"
#include "readycheck/score.h"

static const char *color_of(const struct rc_score *sc)
{
  if (sc->verdict == RC_VERDICT_INCOMPLETE && !sc->fail_on_new)
    return "#9f9f9f";
  if (!rc_score_ready(sc))
    return "#e05d44";
  return sc->verdict == RC_VERDICT_READY ? "#44cc11" : "#dfb317";
}

/* Advance width in px (Verdana 11px, rounded) of one ASCII character. */
static int char_width(char c)
{
  if (c == ' ' || c == 'i' || c == 'l' || c == 'j' || c == '/' || c == '.')
    return 4;
  if (c == 'f' || c == 'r' || c == 't' || c == 'I')
    return 5;
  if (c == 'm' || c == 'w' || c == 'M' || c == 'W')
    return 11;
  if (c >= 'A' && c <= 'Z')
    return 8;
  return 7;
}

static int text_width(const char *s)
{
  int w = 0;
  for (; *s; s++)
    w += char_width(*s);
  return w;
}

static int write_badge(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  const char *label = "readiness";
  char value[32];
  if (sc->verdict == RC_VERDICT_INCOMPLETE && !sc->fail_on_new)
    snprintf(value, sizeof(value), "unknown");
  else if (sc->has_score)
    snprintf(value, sizeof(value), "%d %c", sc->score, sc->grade);
  else
    snprintf(value, sizeof(value), "n/a");
  int lw = text_width(label) + 10, vw = text_width(value) + 10;
  int w = lw + vw;
  fprintf(out,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
          "height=\"20\" role=\"img\" aria-label=\"%s: %s, %s\">\n"
          "  <title>%s: %s, %s</title>\n"
          "  <linearGradient id=\"s\" x2=\"0\" y2=\"100%%\">\n"
          "    <stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>\n"
          "    <stop offset=\"1\" stop-opacity=\".1\"/>\n"
          "  </linearGradient>\n"
          "  <clipPath id=\"r\"><rect width=\"%d\" height=\"20\" rx=\"3\" "
          "fill=\"#fff\"/></clipPath>\n"
          "  <g clip-path=\"url(#r)\">\n"
          "    <rect width=\"%d\" height=\"20\" fill=\"#555\"/>\n"
          "    <rect x=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"/>\n"
          "    <rect width=\"%d\" height=\"20\" fill=\"url(#s)\"/>\n"
          "  </g>\n"
          "  <g fill=\"#fff\" text-anchor=\"middle\" "
          "font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" "
          "font-size=\"11\">\n"
          "    <text x=\"%d\" y=\"15\" fill=\"#010101\" "
          "fill-opacity=\".3\">%s</text>\n"
          "    <text x=\"%d\" y=\"14\">%s</text>\n"
          "    <text x=\"%d\" y=\"15\" fill=\"#010101\" "
          "fill-opacity=\".3\">%s</text>\n"
          "    <text x=\"%d\" y=\"14\">%s</text>\n"
          "  </g>\n"
          "</svg>\n",
          w, label, value, rc_verdict_name(sc->verdict), label, value,
          rc_verdict_name(sc->verdict), w, lw, lw, vw, color_of(sc), w, lw / 2,
          label, lw / 2, label, lw + vw / 2, value, lw + vw / 2, value);
  if (fflush(out) != 0 || ferror(out))
    return -1;
  return 0;
}

const struct rc_reporter rc_reporter_badge = {
    .name = "badge",
    .ext = "svg",
    .summary = "SVG badge \"readiness | 92 A\" (red when not ready)",
    .write = write_badge,
};
