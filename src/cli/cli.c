/*
 * cli.c - the command line: a sorted option table (one handler per option,
 * as curl's tool_getparam does) and the subcommand words. It only fills
 * struct rc_options; whether paths, rules or formats exist is decided later
 * by the stage that uses them.
 */
#include "readycheck/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readycheck/mem.h"

void rc_options_init(struct rc_options *o)
{
  memset(o, 0, sizeof(*o));
  o->cmd = RC_CMD_CHECK;
  o->format = "text";
  o->help_cmd = RC_CMD_HELP;
  o->min_score = -1;
  rc_vars_init(&o->vars);
  o->vars.use_environ = true;
}

void rc_options_release(struct rc_options *o)
{
  free(o->rule_paths);
  free(o->packs);
  free(o->skip);
  free(o->skip_reasons);
  free(o->only);
  free(o->reports);
  free(o->args);
  rc_vars_release(&o->vars);
  memset(o, 0, sizeof(*o));
}

/* Appends to a (list, count) pair; capacity is implied by powers of two. */
static void push(const char ***list, size_t *n, const char *s)
{
  if ((*n & (*n - 1)) == 0)
    *list = rc_xrealloc(*list, (*n ? *n * 2 : 1) * sizeof(**list));
  (*list)[(*n)++] = s;
}

/* "a,b,c" adds three entries; the strings stay inside argv. */
static void push_csv(const char ***list, size_t *n, char *arg)
{
  for (char *tok = arg; tok;) {
    char *comma = strchr(tok, ',');
    if (comma)
      *comma = '\0';
    if (*tok)
      push(list, n, tok);
    tok = comma ? comma + 1 : NULL;
  }
}

static int opt_rules(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)d;
  push(&o->rule_paths, &o->n_rule_paths, arg);
  return 0;
}

static int opt_pack(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)d;
  push_csv(&o->packs, &o->n_packs, arg);
  return 0;
}

static int opt_no_builtin(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)arg;
  (void)d;
  o->no_builtin = true;
  return 0;
}

static int opt_skip(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)d;
  push_csv(&o->skip, &o->n_skip, arg);
  return 0;
}

static int opt_only(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)d;
  push_csv(&o->only, &o->n_only, arg);
  return 0;
}

static int opt_var(struct rc_options *o, char *arg, struct rc_diag *d)
{
  if (rc_vars_set_assignment(&o->vars, arg) != 0)
    return rc_error(d, NULL, "invalid --var '%s' (expected NAME=VALUE)", arg);
  return 0;
}

/* --endpoint NAME=URL is --var NAME=URL for a URL that must be http(s). */
static int opt_endpoint(struct rc_options *o, char *arg, struct rc_diag *d)
{
  const char *eq = strchr(arg, '=');
  const char *url = eq ? eq + 1 : "";
  if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
    return rc_error(d, NULL,
                    "invalid --endpoint '%s' (expected NAME=http://... or "
                    "NAME=https://...)",
                    arg);
  if (rc_vars_set_assignment(&o->vars, arg) != 0)
    return rc_error(d, NULL, "invalid --endpoint '%s' (expected NAME=URL)",
                    arg);
  return 0;
}

static int opt_jobs(struct rc_options *o, char *arg, struct rc_diag *d)
{
  char *end;
  errno = 0;
  long v = strtol(arg, &end, 10);
  if (errno || end == arg || *end || v < 1 || v > 256)
    return rc_error(d, NULL, "invalid --jobs '%s' (expected 1-256)", arg);
  o->jobs = (unsigned)v;
  return 0;
}

static int opt_timeout(struct rc_options *o, char *arg, struct rc_diag *d)
{
  char *end;
  errno = 0;
  double v = strtod(arg, &end);
  if (errno || end == arg || *end || !(v >= 0.001 && v <= 600))
    return rc_error(d, NULL,
                    "invalid --timeout '%s' (expected 0.001-600 seconds)", arg);
  o->timeout_ms = (long)(v * 1000.0 + 0.5);
  return 0;
}

static int opt_format(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)d;
  o->format = arg;
  o->format_set = true;
  return 0;
}

static int opt_report(struct rc_options *o, char *arg, struct rc_diag *d)
{
  char *eq = strchr(arg, '=');
  if (!eq || eq == arg || !eq[1])
    return rc_error(d, NULL, "invalid --report '%s' (expected FORMAT=FILE)",
                    arg);
  *eq = '\0';
  if ((o->n_reports & (o->n_reports - 1)) == 0)
    o->reports = rc_xrealloc(o->reports, (o->n_reports ? o->n_reports * 2 : 1) *
                                             sizeof(*o->reports));
  o->reports[o->n_reports].format = arg;
  o->reports[o->n_reports].path = eq + 1;
  o->n_reports++;
  return 0;
}

static int opt_min_score(struct rc_options *o, char *arg, struct rc_diag *d)
{
  char *end;
  errno = 0;
  long v = strtol(arg, &end, 10);
  if (errno || end == arg || *end || v < 0 || v > 100)
    return rc_error(d, NULL, "invalid --min-score '%s' (expected 0-100)", arg);
  o->min_score = (int)v;
  return 0;
}

static int opt_fail_on(struct rc_options *o, char *arg, struct rc_diag *d)
{
  o->fail_on_set = true;
  o->fail_on_warn = strcmp(arg, "warn") == 0;
  o->fail_on_new = strcmp(arg, "new") == 0;
  if (!o->fail_on_warn && !o->fail_on_new && strcmp(arg, "block") != 0)
    return rc_error(
        d, NULL, "invalid --fail-on '%s' (expected block, warn or new)", arg);
  return 0;
}

static int opt_baseline(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)d;
  o->baseline = arg;
  return 0;
}

static int opt_color(struct rc_options *o, char *arg, struct rc_diag *d)
{
  if (!arg || strcmp(arg, "always") == 0)
    o->color = RC_COLOR_ALWAYS;
  else if (strcmp(arg, "never") == 0)
    o->color = RC_COLOR_NEVER;
  else if (strcmp(arg, "auto") == 0)
    o->color = RC_COLOR_AUTO;
  else
    return rc_error(
        d, NULL, "invalid --color '%s' (expected auto, always or never)", arg);
  return 0;
}

static int opt_require_fixtures(struct rc_options *o, char *arg,
                                struct rc_diag *d)
{
  (void)arg;
  (void)d;
  o->require_fixtures = true;
  return 0;
}

static int opt_config(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)d;
  o->config = arg;
  return 0;
}

static int opt_env(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)d;
  o->env = arg;
  return 0;
}

static int opt_no_config(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)arg;
  (void)d;
  o->no_config = true;
  return 0;
}

static int opt_no_color(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)arg;
  (void)d;
  o->color = RC_COLOR_NEVER;
  return 0;
}

static int opt_offline(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)arg;
  (void)d;
  o->offline = true;
  return 0;
}

static int opt_quiet(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)arg;
  (void)d;
  o->verbosity = -1;
  return 0;
}

static int opt_verbose(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)arg;
  (void)d;
  o->verbosity = 1;
  return 0;
}

static int opt_help(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)arg;
  (void)d;
  o->cmd = RC_CMD_HELP;
  return 0;
}

static int opt_version(struct rc_options *o, char *arg, struct rc_diag *d)
{
  (void)arg;
  (void)d;
  o->cmd = RC_CMD_VERSION;
  return 0;
}

enum arg_kind { ARG_NONE, ARG_REQUIRED, ARG_OPTIONAL };

struct option_def {
  const char *name; /* long name without "--" */
  char short_name;  /* 0 if none */
  enum arg_kind arg;
  int (*handle)(struct rc_options *o, char *arg, struct rc_diag *d);
};

/* MUST stay sorted by name; rc_cli_usage() documents every entry. */
static const struct option_def options[] = {
    {"baseline", 0, ARG_REQUIRED, opt_baseline},
    {"color", 0, ARG_OPTIONAL, opt_color},
    {"config", 0, ARG_REQUIRED, opt_config},
    {"endpoint", 0, ARG_REQUIRED, opt_endpoint},
    {"env", 0, ARG_REQUIRED, opt_env},
    {"fail-on", 0, ARG_REQUIRED, opt_fail_on},
    {"format", 'f', ARG_REQUIRED, opt_format},
    {"help", 'h', ARG_NONE, opt_help},
    {"jobs", 'j', ARG_REQUIRED, opt_jobs},
    {"min-score", 0, ARG_REQUIRED, opt_min_score},
    {"no-builtin", 0, ARG_NONE, opt_no_builtin},
    {"no-color", 0, ARG_NONE, opt_no_color},
    {"no-config", 0, ARG_NONE, opt_no_config},
    {"offline", 0, ARG_NONE, opt_offline},
    {"only", 0, ARG_REQUIRED, opt_only},
    {"pack", 0, ARG_REQUIRED, opt_pack},
    {"quiet", 'q', ARG_NONE, opt_quiet},
    {"report", 0, ARG_REQUIRED, opt_report},
    {"require-fixtures", 0, ARG_NONE, opt_require_fixtures},
    {"rules", 'r', ARG_REQUIRED, opt_rules},
    {"skip", 0, ARG_REQUIRED, opt_skip},
    {"timeout", 0, ARG_REQUIRED, opt_timeout},
    {"var", 0, ARG_REQUIRED, opt_var},
    {"verbose", 'v', ARG_NONE, opt_verbose},
    {"version", 'V', ARG_NONE, opt_version},
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static const struct option_def *find_long(const char *name, size_t len)
{
  for (size_t i = 0; i < N_OPTIONS; i++)
    if (strlen(options[i].name) == len &&
        strncmp(options[i].name, name, len) == 0)
      return &options[i];
  return NULL;
}

static const struct option_def *find_short(char c)
{
  for (size_t i = 0; i < N_OPTIONS; i++)
    if (options[i].short_name == c)
      return &options[i];
  return NULL;
}

static int unknown_long(const char *name, size_t len, struct rc_diag *d)
{
  const char *names[N_OPTIONS + 1];
  for (size_t i = 0; i < N_OPTIONS; i++)
    names[i] = options[i].name;
  names[N_OPTIONS] = NULL;
  char *word = rc_xstrndup(name, len);
  const char *hint = rc_did_you_mean(word, names);
  if (hint)
    rc_error(d, NULL, "unknown option '--%s' (did you mean '--%s'?)", word,
             hint);
  else
    rc_error(d, NULL, "unknown option '--%s'", word);
  free(word);
  return -1;
}

/* Handles argv[*i] = "--name[=value]"; may consume argv[*i + 1]. */
static int parse_long(struct rc_options *o, int argc, char **argv, int *i,
                      struct rc_diag *d)
{
  char *name = argv[*i] + 2;
  char *eq = strchr(name, '=');
  size_t len = eq ? (size_t)(eq - name) : strlen(name);
  const struct option_def *opt = find_long(name, len);
  if (!opt)
    return unknown_long(name, len, d);
  char *val = eq ? eq + 1 : NULL;
  if (opt->arg == ARG_NONE && val)
    return rc_error(d, NULL, "option '--%s' takes no value", opt->name);
  if (opt->arg == ARG_REQUIRED && !val) {
    if (*i + 1 >= argc)
      return rc_error(d, NULL, "option '--%s' needs a value", opt->name);
    val = argv[++*i];
  }
  return opt->handle(o, val, d);
}

/* Handles "-q", "-qv", "-r FILE", "-rFILE". */
static int parse_short(struct rc_options *o, int argc, char **argv, int *i,
                       struct rc_diag *d)
{
  for (char *p = argv[*i] + 1; *p; p++) {
    const struct option_def *opt = find_short(*p);
    if (!opt)
      return rc_error(d, NULL, "unknown option '-%c'", *p);
    if (opt->arg != ARG_REQUIRED) {
      if (opt->handle(o, NULL, d) != 0)
        return -1;
      continue;
    }
    char *val = p[1] ? p + 1 : NULL;
    if (!val) {
      if (*i + 1 >= argc)
        return rc_error(d, NULL, "option '-%c' needs a value", *p);
      val = argv[++*i];
    }
    return opt->handle(o, val, d);
  }
  return 0;
}

static const struct {
  const char *word;
  enum rc_command cmd;
} commands[] = {
    {"audit", RC_CMD_AUDIT},       {"check", RC_CMD_CHECK},
    {"explain", RC_CMD_EXPLAIN},   {"help", RC_CMD_HELP},
    {"init", RC_CMD_INIT},         {"list-rules", RC_CMD_LIST_RULES},
    {"model", RC_CMD_MODEL},       {"test-rules", RC_CMD_TEST_RULES},
    {"validate", RC_CMD_VALIDATE}, {"version", RC_CMD_VERSION},
};

static int command_for(const char *word, enum rc_command *out)
{
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
    if (strcmp(word, commands[i].word) == 0) {
      *out = commands[i].cmd;
      return 0;
    }
  }
  return -1;
}

/* "lst-rules" where a PATH was expected: a mistyped command, when no such
 * file exists and a command word is close. */
static int mistyped_command(const struct rc_options *o, struct rc_diag *d)
{
  const char *names[sizeof(commands) / sizeof(commands[0]) + 1];
  size_t n = 0;
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
    names[n++] = commands[i].word;
  names[n] = NULL;
  const char *word = o->n_args ? o->args[0] : NULL;
  const char *hint = word && !strchr(word, '/') && access(word, F_OK) != 0
                         ? rc_did_you_mean(word, names)
                         : NULL;
  if (!hint)
    return 0;
  return rc_error(d, NULL, "unknown command '%s' (did you mean '%s'?)", word,
                  hint);
}

static int check_positionals(struct rc_options *o, bool explicit_cmd,
                             struct rc_diag *d)
{
  switch (o->cmd) {
  case RC_CMD_CHECK:
    if (o->n_args > 1)
      return rc_error(d, NULL, "too many paths: '%s' and '%s'", o->args[0],
                      o->args[1]);
    o->path = o->n_args ? o->args[0] : ".";
    return 0;
  case RC_CMD_EXPLAIN:
    if (o->n_args != 1)
      return rc_error(d, NULL, "explain needs exactly one RULE_ID");
    return 0;
  case RC_CMD_VALIDATE:
    if (o->n_args == 0)
      return rc_error(d, NULL, "validate needs at least one RULEFILE");
    return 0;
  case RC_CMD_LIST_RULES:
    if (o->n_args)
      return rc_error(d, NULL, "list-rules takes no arguments");
    return 0;
  case RC_CMD_TEST_RULES:
    if (o->n_args > 1)
      return rc_error(d, NULL, "test-rules takes at most one DIR");
    o->path = o->n_args ? o->args[0] : "tests/rules";
    return 0;
  case RC_CMD_INIT:
    if (o->n_args > 1)
      return rc_error(d, NULL, "init takes at most one PATH");
    o->path = o->n_args ? o->args[0] : ".";
    return 0;
  case RC_CMD_MODEL:
    if (o->n_args > 1)
      return rc_error(d, NULL, "model takes at most one PATH");
    o->path = o->n_args ? o->args[0] : ".";
    return 0;
  case RC_CMD_AUDIT:
    if (o->n_args == 0)
      return rc_error(d, NULL, "audit needs a REPORT (a Markdown file)");
    if (o->n_args > 2)
      return rc_error(d, NULL, "audit takes one REPORT and at most one PATH");
    o->path = o->n_args == 2 ? o->args[1] : NULL;
    return 0;
  case RC_CMD_HELP:
  case RC_CMD_VERSION:
    (void)explicit_cmd;
    return 0;
  }
  return 0;
}

int rc_cli_parse(struct rc_options *o, int argc, char **argv, struct rc_diag *d)
{
  bool explicit_cmd = false, only_positionals = false;
  enum rc_command word_cmd = RC_CMD_CHECK;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    int rc = 0;
    if (!only_positionals && strcmp(a, "--") == 0)
      only_positionals = true;
    else if (!only_positionals && a[0] == '-' && a[1] == '-')
      rc = parse_long(o, argc, argv, &i, d);
    else if (!only_positionals && a[0] == '-' && a[1])
      rc = parse_short(o, argc, argv, &i, d);
    else if (!explicit_cmd && o->n_args == 0 && !only_positionals &&
             command_for(a, &word_cmd) == 0)
      explicit_cmd = true;
    else
      push(&o->args, &o->n_args, a);
    if (rc != 0 && rc_diag_full(d))
      break;
  }
  if (rc_diag_has_errors(d))
    return -1;
  if (o->cmd == RC_CMD_CHECK && !explicit_cmd && !only_positionals &&
      mistyped_command(o, d) != 0)
    return -1;
  /* --help / --version win over any command word; `CMD --help` and
   * `help CMD` ask for that command's help. */
  if (o->cmd == RC_CMD_HELP && explicit_cmd && word_cmd != RC_CMD_HELP)
    o->help_cmd = word_cmd;
  if (o->cmd == RC_CMD_CHECK && explicit_cmd)
    o->cmd = word_cmd;
  if (o->cmd == RC_CMD_HELP && o->n_args == 1 &&
      command_for(o->args[0], &o->help_cmd) != 0)
    return rc_error(d, NULL, "help: no command '%s'", o->args[0]);
  return check_positionals(o, explicit_cmd, d);
}

static const struct {
  enum rc_command cmd;
  const char *text;
} command_help[] = {
    {RC_CMD_CHECK,
     "Usage: readycheck [check] [OPTIONS] [PATH]\n\n"
     "Checks the repository at PATH (default .) and reports each check as "
     "PASS,\nWARN, BLOCK, INFO, SKIP or ERROR with a readiness score and a "
     "verdict.\nOptions: rules (-r, --pack, --only, --skip, --var, "
     "--endpoint, --env,\n--offline), output (-f, --report, -q, -v) and "
     "gate (--min-score, --fail-on,\n--baseline); see 'readycheck --help'.\n"},
    {RC_CMD_LIST_RULES,
     "Usage: readycheck list-rules [-f text|json] [--pack NAME] [-r FILE]\n\n"
     "Lists the rules that would run: id, severity, category and title "
     "(-f json:\none object per rule, with weight, pack and tags).\n"},
    {RC_CMD_EXPLAIN,
     "Usage: readycheck explain RULE_ID [-f text|json]\n\n"
     "Says what a rule checks, why it matters, how to fix a failure, where "
     "it is\ndefined and which probes it runs.\n"},
    {RC_CMD_VALIDATE,
     "Usage: readycheck validate [-f text|json] RULEFILE...\n\n"
     "Loads rule files without running them: every error as "
     "file:line:column.\nExit 0 when all are valid, 2 otherwise.\n"},
    {RC_CMD_TEST_RULES,
     "Usage: readycheck test-rules [--require-fixtures] [-f text|json] "
     "[DIR]\n\n"
     "Runs each rule against its fixtures DIR/RULE_ID/pass*, fail*, skip* "
     "(default\ntests/rules) and reports every mismatch. "
     "--require-fixtures: every rule\nneeds a pass and a fail fixture.\n"},
    {RC_CMD_INIT, "Usage: readycheck init [PATH]\n\n"
                  "Writes a starter .readycheck.yml in PATH (default .), "
                  "never over an\nexisting one.\n"},
    {RC_CMD_MODEL,
     "Usage: readycheck model [-f text|json] [PATH]\n\n"
     "Shows what deploys: compose files and the views Compose would run, "
     "images\nand who builds them, services, automation entry points and "
     "Kubernetes\nworkloads, each with its role and the reason.\n"},
    {RC_CMD_AUDIT,
     "Usage: readycheck audit REPORT.md [OPTIONS] [PATH]\n\n"
     "Reads a hand-written readiness report and judges each claim against "
     "the\nrepository (PATH, default: the git checkout holding REPORT): "
     "confirmed,\ncontradicted or unverified. -f text|json|markdown "
     "(markdown: the report\nannotated). Exit 1 when a claim is contradicted "
     "by a BLOCK.\n"},
};

void rc_cli_command_usage(FILE *out, enum rc_command cmd)
{
  for (size_t i = 0; i < sizeof(command_help) / sizeof(command_help[0]); i++)
    if (command_help[i].cmd == cmd) {
      fputs(command_help[i].text, out);
      fputs("\nSee 'readycheck --help' for every option.\n", out);
      return;
    }
  rc_cli_usage(out);
}

void rc_cli_usage(FILE *out)
{
  fputs(
      "Usage: readycheck [check] [OPTIONS] [PATH]\n"
      "       readycheck list-rules [OPTIONS]\n"
      "       readycheck explain RULE_ID [OPTIONS]\n"
      "       readycheck validate RULEFILE...\n"
      "       readycheck test-rules [OPTIONS] [DIR]\n"
      "       readycheck init [PATH]\n"
      "       readycheck model [-f json] [PATH]\n"
      "       readycheck audit REPORT.md [OPTIONS] [PATH]\n"
      "\n"
      "Checks a repository (PATH, default .) against deployment-readiness "
      "rules\nand reports each check as PASS, WARN, BLOCK, INFO, SKIP or "
      "ERROR, with a\nreadiness score (0-100) and a verdict. 'audit' reads a "
      "hand-written readiness\nreport and says which of its claims the "
      "repository (PATH, default: the git\ncheckout holding REPORT) "
      "confirms, contradicts or cannot verify.\n"
      "\n"
      "Rules:\n"
      "  -r, --rules FILE|DIR     add rule files (override built-in rules by "
      "id);\n"
      "                           repeatable\n"
      "      --pack NAME[,NAME]   use only these built-in packs\n"
      "      --no-builtin         use no built-in packs, only --rules\n"
      "      --only ID|CATEGORY   run only these rules (id, id prefix "
      "'docker.',"
      "\n"
      "                           pack or category); repeatable\n"
      "      --skip ID            skip a rule (reported as SKIP); repeatable\n"
      "      --var NAME=VALUE     set ${NAME} in rule parameters; repeatable\n"
      "      --endpoint NAME=URL  set ${NAME} to an http(s) URL for network "
      "probes;\n"
      "                           repeatable\n"
      "      --env NAME           probe environment NAME of .readycheck.yml\n"
      "                           (its base_url, http_url and smoke paths)\n"
      "      --offline            skip network probes\n"
      "  -j, --jobs N             work at once: threads searching files "
      "(default:\n"
      "                           the number of cores) and network requests "
      "in\n"
      "                           flight (default 16)\n"
      "      --timeout SECONDS    default timeout per network probe (default "
      "10)"
      "\n"
      "      --config FILE        read FILE instead of PATH/.readycheck.yml\n"
      "      --no-config          ignore PATH/.readycheck.yml\n"
      "      --require-fixtures   test-rules: every rule needs a pass and a "
      "fail\n"
      "                           fixture (unless tagged 'no-fixture')\n"
      "\n"
      "Output:\n"
      "  -f, --format FORMAT      stdout format: text (default), markdown, "
      "json,\n"
      "                           sarif, junit, github, codequality, html, "
      "badge\n"
      "                           (audit: text, json, markdown = the report "
      "annotated)\n"
      "      --report FORMAT=FILE also write a report to FILE ('-': standard "
      "output\n"
      "                           instead of --format; '+FILE' appends); "
      "repeatable\n"
      "      --color[=WHEN]       auto (default), always, never\n"
      "      --no-color           same as --color=never (NO_COLOR is honoured)"
      "\n"
      "  -q, --quiet              show only problems and the summary\n"
      "  -v, --verbose            show all evidence (no 20-item cap), also "
      "for\n"
      "                           passing checks\n"
      "\n"
      "Gate:\n"
      "      --min-score N        not ready if the score is below N (0-100)\n"
      "      --fail-on block|warn|new\n"
      "                           not ready on blockers (default), on any "
      "warning,\n"
      "                           or only on blockers new since --baseline\n"
      "      --baseline OLD.json  compare with an earlier --report json=FILE: "
      "new,\n"
      "                           fixed and regressed findings, score delta\n"
      "\n"
      "  -h, --help               show this help\n"
      "  -V, --version            show the version\n"
      "\n"
      "Exit status:\n"
      "  0  ready (warnings allowed unless --fail-on warn)\n"
      "  1  not ready: a BLOCK, a score below --min-score, or a WARN with "
      "--fail-on warn\n"
      "  2  bad invocation or invalid rule file; nothing was checked\n"
      "  3  the check could not be completed: readiness unknown (a "
      "block-severity\n"
      "     check could not be evaluated) or a report could not be written\n"
      "audit: 0 no claim contradicted; 1 a claim contradicted by a BLOCK (or "
      "a WARN\n"
      "     with --fail-on warn); 2 unreadable report or bad invocation; 3 as "
      "for check\n",
      out);
}
