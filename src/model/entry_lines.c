/*
 * entry_lines.c - a file read as shell text: logical lines (a trailing
 * backslash, a remote ssh script), what in a line is prose or a
 * development-only comment, and each line's words dispatched to the
 * command readers (compose, image builds, bake, Kubernetes, cd).
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"

#include "entry_scan.h"

void en_scan_words(struct scan *sc, const char **w, size_t n)
{
  n = en_split_parens(sc->tmp, w, n, &w);
  en_scan_made(sc, w, n);
  for (size_t i = 0; i < n; i++) {
    const char *base = rc_path_base(w[i]);
    bool starts = i == 0 || en_is_op(w[i - 1]);
    size_t at = i, go_run;
    if (strcmp(w[i], "(") == 0)
      en_push_dir(sc, true);
    else if (strcmp(w[i], ")") == 0)
      en_pop_dir(sc, true);
    else if (strcmp(w[i], "popd") == 0 && starts)
      en_pop_dir(sc, false);
    else if ((strcmp(w[i], "cd") == 0 || strcmp(w[i], "pushd") == 0) &&
             i + 1 < n && !en_is_op(w[i + 1]) && starts) {
      if (w[i][0] == 'p')
        en_push_dir(sc, false);
      en_change_dir(sc, w[++i]);
    } else if (sc->builds_only && !en_builds_image(w, n, i)) {
      /* a package.json script: only its image builds are read */
    } else if (en_k8s_words(sc, w, n, &i)) {
      /* i is where the command ended */
    } else if (strcmp(base, "docker-compose") == 0 ||
               strcmp(base, "podman-compose") == 0)
      i = en_compose_args(sc, w, n, i + 1, false);
    else if (en_engine(w[i]) && en_word_is(w, n, i + 1, "compose"))
      i = en_compose_args(sc, w, n, i + 2, false);
    else if (en_engine(w[i]) && en_word_is(w, n, i + 1, "stack") &&
             en_word_is(w, n, i + 2, "deploy"))
      i = en_compose_args(sc, w, n, i + 3, true);
    else if (en_engine(w[i]) && en_word_is(w, n, i + 1, "build"))
      i = en_build_args(sc, w, n, i + 2);
    else if (strcmp(base, "goreleaser") == 0)
      i = en_goreleaser_args(sc, w, n, i + 1);
    else if ((go_run = en_go_run_goreleaser(w, n, i)) != 0)
      i = en_goreleaser_args(sc, w, n, go_run);
    else if (en_engine(w[i]) && en_word_is(w, n, i + 1, "buildx") &&
             en_word_is(w, n, i + 2, "bake"))
      i = en_bake_args(sc, w, n, i + 3);
    else if (en_engine(w[i]) && en_word_is(w, n, i + 1, "bake"))
      i = en_bake_args(sc, w, n, i + 2);
    else if (en_engine(w[i]) && en_word_is(w, n, i + 1, "run"))
      i = en_run_args(sc, w, n, i + 2);
    else if (en_engine(w[i]) && en_word_is(w, n, i + 1, "tag"))
      i = en_tag_args(sc, w, n, i + 2);
    else if (en_engine(w[i]) && en_word_is(w, n, i + 1, "image") &&
             en_word_is(w, n, i + 2, "tag"))
      i = en_tag_args(sc, w, n, i + 3);
    else if (en_engine(w[i]) && en_word_is(w, n, i + 1, "container") &&
             en_word_is(w, n, i + 2, "run"))
      i = en_run_args(sc, w, n, i + 3);
    else if (en_engine(w[i]) &&
             (en_word_is(w, n, i + 1, "buildx") ||
              en_word_is(w, n, i + 1, "image")) &&
             en_word_is(w, n, i + 2, "build"))
      i = en_build_args(sc, w, n, i + 3);
    else if (strcmp(base, "buildah") == 0 && (en_word_is(w, n, i + 1, "bud") ||
                                              en_word_is(w, n, i + 1, "build")))
      i = en_build_args(sc, w, n, i + 2);
    else if (strcmp(base, "executor") == 0 && strstr(w[i], "kaniko"))
      i = en_build_args(sc, w, n, i + 1);
    /* a command that ended at a subshell's closing parenthesis: leave it
     * to the next turn, which goes back to the folder before the `cd` */
    if (i > at && i < n && strcmp(w[i], ")") == 0)
      i--;
  }
}

/* A YAML key whose value is a title for people (`- name: Run docker
 * build check`), not a command. */
static bool prose_key(const struct scan *sc, const char *line)
{
  static const char *const keys[] = {
      "name:", "description:", "summary:", "title:", NULL};
  if (!en_is_yaml(rc_path_base(sc->path)))
    return false;
  line += strspn(line, " \t");
  if (line[0] == '-' && line[1] == ' ')
    line += 1 + strspn(line + 1, " ");
  for (size_t i = 0; keys[i]; i++)
    if (strncmp(line, keys[i], strlen(keys[i])) == 0)
      return true;
  return false;
}

static void scan_line_words(struct scan *sc, const char *line)
{
  const char *held = en_scan_assignment(sc, line);
  if (held) {
    const char **hw;
    size_t hn = rc_shell_words(sc->tmp, held, &hw);
    en_scan_words(sc, hw, hn);
  }
  line = en_substitute(sc, line);
  /* a make recipe's `@` (silent), `-` (ignore errors) and `+` prefixes */
  if (sc->mk_file) {
    const char *t = line + strspn(line, " \t");
    if ((t[0] == '@' || t[0] == '-' || t[0] == '+') &&
        isalpha((unsigned char)t[1]))
      line = t + 1;
  }
  en_scan_working_dir(sc, line);
  /* a YAML list item's dash (`- cd app && docker build .` in a Travis or
   * GitLab script list, one shell for the job) is no word of the command:
   * the `cd` starts it */
  if (en_is_yaml(rc_path_base(sc->path))) {
    const char *t = line + strspn(line, " \t");
    if (t[0] == '-' && t[1] == ' ')
      line = t + 2;
    /* a step's one-line command (`- run: curl -o f URL`): the key is no
     * word of it either, and the command starts after it */
    t = line + strspn(line, " \t");
    static const char *const keys[] = {"run: ", "command: ", "script: ", NULL};
    for (size_t k = 0; keys[k]; k++)
      if (strncmp(t, keys[k], strlen(keys[k])) == 0) {
        line = t + strlen(keys[k]);
        break;
      }
  }
  if (rc_str_find_ci(line, "compose") || rc_str_find_ci(line, "build") ||
      strstr(line, "docker run") || strstr(line, "podman run") ||
      strstr(line, " tag ") || strstr(line, "container run") ||
      strstr(line, "stack") || strstr(line, "kaniko") ||
      strstr(line, "goreleaser") || strstr(line, "cd ") ||
      strstr(line, "pushd") || strstr(line, "popd") || strstr(line, "(cd") ||
      (sc->n_dirs && strchr(line, ')')) || strstr(line, "kubectl") ||
      strstr(line, "helm ") || strstr(line, "oc ") || strstr(line, "cp ") ||
      rc_str_find_ci(line, "kustomize") || strstr(line, "mv ") ||
      strstr(line, "> ") || strstr(line, "git clone") ||
      strstr(line, "mkdir ") || strstr(line, "wget ") ||
      strstr(line, "curl ") || strstr(line, "tee ") || strstr(line, "ln ") ||
      strstr(line, "install ") || strstr(line, "tar ") ||
      strstr(line, "unzip ") || strstr(line, "s3 cp") ||
      strstr(line, "gsutil ")) {
    const char **w;
    size_t n = rc_shell_words(sc->tmp, line, &w);
    en_scan_words(sc, w, n);
  }
  en_scan_compose_file_var(sc, line);
}

/* A trailing shell comment that says the command is for development or
 * tests (`docker build --target api . # Build image for development`). */
static bool comment_says_dev(const char *line)
{
  static const char *const words[] = {
      "for development", "for dev ",         "for local", "for testing",
      "for tests",       "development only", NULL};
  const char *hash = strstr(line, " #");
  if (!hash)
    return false;
  for (size_t i = 0; words[i]; i++)
    if (rc_str_find_ci(hash, words[i]))
      return true;
  return false;
}

static void scan_line(struct scan *sc, const char *line)
{
  if (sc->just_file)
    line = en_just_line(sc->tmp, line);
  if (sc->mk_file && sc->indent == 0)
    en_mk_rule_line(sc, line);
  if (sc->markdown)
    en_markdown_line(sc, line);
  if (sc->markdown && !sc->in_fence)
    line = en_code_span_line(sc, line);
  if (prose_key(sc, line))
    return;
  enum rc_role role = sc->role;
  if (role == RC_ROLE_PRODUCTION && comment_says_dev(line))
    sc->role = RC_ROLE_DEVELOPMENT;
  if (sc->role == RC_ROLE_PRODUCTION && sc->markdown)
    sc->role = sc->section_role;
  scan_line_words(sc, line);
  sc->role = role;
}

/* Logical lines: a trailing backslash continues the line. */
/* A line that starts `ssh HOST "` and leaves the quote open: the lines up
 * to the closing quote run on the remote host, in its folders (`ssh "$dst"
 * "\n pushd $dir\n docker-compose -f x.yaml up -d\n"`), not here. The
 * open quote, or 0. */
static char ssh_opens_quote(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (n - i < 4 || strncmp(s + i, "ssh ", 4) != 0)
    return 0;
  char q = 0;
  for (i += 4; i < n; i++) {
    if (q == 0 && s[i] == '\\') {
      i++;
    } else if (q == 0 && (s[i] == '"' || s[i] == '\'')) {
      q = s[i];
    } else if (q == '"' && s[i] == '\\') {
      i++;
    } else if (q && s[i] == q) {
      q = 0;
    }
  }
  return q;
}

/* True when s[0..n) closes quote q (an unescaped q). */
static bool closes_quote(const char *s, size_t n, char q)
{
  for (size_t i = 0; i < n; i++) {
    if (q == '"' && s[i] == '\\')
      i++;
    else if (s[i] == q)
      return true;
  }
  return false;
}

void en_scan_text(struct scan *sc, const char *data, size_t len)
{
  char remote = 0; /* inside an ssh command's quoted script */
  sc->text = data;
  sc->text_len = len;
  struct rc_buf cur;
  rc_buf_init(&cur);
  unsigned lineno = 0, start = 1;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && data[e] != '\n')
      e++;
    lineno++;
    size_t n = e - i;
    while (n && (data[i + n - 1] == '\r' || data[i + n - 1] == ' '))
      n--;
    if (!cur.len)
      start = lineno;
    if (remote) {
      remote = closes_quote(data + i, n, remote) ? 0 : remote;
      i = e + 1;
      continue;
    }
    if (!cur.len && (remote = ssh_opens_quote(data + i, n)) != 0) {
      i = e + 1;
      continue;
    }
    bool cont = rc_shell_line_continues(data + i, n);
    if (!cur.len) {
      size_t ind = 0;
      while (ind < n && (data[i + ind] == ' ' || data[i + ind] == '\t'))
        ind++;
      sc->indent = ind;
      if (sc->cd_scope == CD_LINE ||
          (sc->cd_scope == CD_BLOCK && ind < n && ind < sc->cd_indent)) {
        sc->cwd = sc->base;
        sc->n_dirs = 0;
      }
      if (sc->cd_scope == CD_BLOCK) {
        en_run_working_dir(sc, data, len, i);
        if (n - ind >= 9 && strncmp(data + i + ind, "defaults:", 9) == 0) {
          sc->defaults_line = lineno;
          sc->defaults_indent = ind;
        }
      }
    }
    if (cur.len + n < MAX_LINE)
      rc_buf_add(&cur, data + i, cont ? n - 1 : n);
    if (!cont) {
      sc->line = start;
      if (cur.len)
        scan_line(sc, cur.data);
      rc_buf_reset(&cur);
    } else {
      rc_buf_putc(&cur, ' ');
    }
    i = e + 1;
  }
  if (cur.len) {
    sc->line = start;
    scan_line(sc, cur.data);
  }
  rc_buf_release(&cur);
  sc->text = NULL;
  sc->text_len = 0;
}
