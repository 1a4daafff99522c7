#!/usr/bin/env python3
"""Measure readycheck's precision on the triaged accuracy corpus.

    score.py [options] READYCHECK [CORPUS_DIR]

Runs `READYCHECK -v -f json --offline CHECKOUT` on every checkout found
under CORPUS_DIR (or $READYCHECK_CORPUS), turns each report into findings
and compares them with the triage files. See README.md in this directory
for the finding key, the triage format and the label rules.

Findings of the blind splits (every split but dev: holdout, fresh and the
numbered sets fresh5, fresh6, ...) are listed one by one only
with --split naming that split or a --repo that names one of its
repositories: people who fix rules look at figures for those splits, never
at their findings.

Exit status: 0 whenever the corpus could be scored (whatever the figures),
2 when it cannot run (bad arguments, unreadable or malformed repos.tsv or
triage file, missing binary).
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LABEL_VALUE = {"true": 1.0, "debatable": 0.5, "false": 0.0}
UNLABELLED = "?"  # placeholder label written by --untriaged-tsv
STATUSES = ("BLOCK", "WARN")
# a split is dev, holdout, fresh or a numbered fresh set (fresh5, fresh20):
# a new blind set needs a name, not an edit here
SPLIT_NAME = re.compile(r"(dev|holdout|fresh([1-9][0-9]*)?)\Z")
SPLITS_IN_WORDS = "dev, holdout, fresh or freshN (a numbered fresh set)"


def is_split(name):
    return SPLIT_NAME.match(name) is not None


def is_blind(split):
    """Blind splits' findings are listed only on explicit request
    (see detail_splits): every split but dev."""
    return split != "dev"


def split_order(split):
    """dev, holdout, fresh, then the numbered sets in number order."""
    m = SPLIT_NAME.match(split)
    if split == "dev":
        return (0, 0)
    if split == "holdout":
        return (1, 0)
    return (2, int(m.group(2) or 0))


PASS_FLAGS = ("pass", "passed", "ok")


class Fatal(Exception):
    """The corpus cannot be scored; the message says why."""


# ---------------------------------------------------------------------------
# Input files


def read_repos(path):
    """repos.tsv -> {owner/name: entry}; '#' lines are comments."""
    repos = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise Fatal(f"{path}: {e.strerror}")
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) != 5:
            raise Fatal(f"{path}:{n}:1: expected 5 tab-separated fields "
                        f"(owner/name, commit, stacks, split, description), "
                        f"found {len(f)}")
        repo, commit, stacks, split, desc = f
        if repo.count("/") != 1:
            raise Fatal(f"{path}:{n}:1: '{repo}' is not owner/name")
        if len(commit) != 40 or any(c not in "0123456789abcdef" for c in commit):
            col = len(repo) + 2
            raise Fatal(f"{path}:{n}:{col}: commit must be 40 lowercase hex digits")
        if not is_split(split):
            col = len(repo) + len(commit) + len(stacks) + 4
            raise Fatal(f"{path}:{n}:{col}: split must be "
                        f"{SPLITS_IN_WORDS}, not '{split}'")
        if repo in repos:
            raise Fatal(f"{path}:{n}:1: {repo} is listed twice")
        repos[repo] = {"repo": repo, "commit": commit, "stacks": stacks,
                       "split": split, "description": desc}
    return repos


def read_triage(path):
    """A triage file -> ({key: entry}, [comment lines]).

    A missing file is an empty triage. Lines labelled '?' are placeholders
    (written by --untriaged-tsv) and count as not triaged."""
    triage, comments = {}, []
    if not os.path.exists(path):
        return triage, comments
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise Fatal(f"{path}: {e.strerror}")
    for n, line in enumerate(lines, 1):
        if line.startswith("#"):
            comments.append(line)
            continue
        if not line.strip():
            continue
        f = line.split("\t")
        if len(f) != 5:
            raise Fatal(f"{path}:{n}:1: expected 5 tab-separated fields "
                        f"(rule id, target, status, label, reason), found {len(f)}")
        rule, target, status, label, reason = f
        col = len(rule) + len(target) + 3
        if status not in STATUSES:
            raise Fatal(f"{path}:{n}:{col}: status must be BLOCK or WARN, not '{status}'")
        col += len(status) + 1
        if label not in LABEL_VALUE and label != UNLABELLED:
            raise Fatal(f"{path}:{n}:{col}: label must be true, false or debatable, "
                        f"not '{label}'")
        if label != UNLABELLED and not reason.strip():
            raise Fatal(f"{path}:{n}:{col + len(label) + 1}: a label needs a reason")
        key = (rule, target)
        if key in triage:
            raise Fatal(f"{path}:{n}:1: {rule} {target} is labelled twice "
                        f"(first on line {triage[key]['line']})")
        triage[key] = {"rule": rule, "target": target, "status": status,
                       "label": label, "reason": reason, "line": n}
    return triage, comments


def triage_path(triage_dir, repo):
    return os.path.join(triage_dir, repo.replace("/", "+") + ".tsv")


# ---------------------------------------------------------------------------
# Running readycheck and extracting findings


def run_readycheck(binary, checkout):
    """-> (report or None, exit code, error text)."""
    cmd = [binary, "-v", "-f", "json", "--offline", checkout]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None, None, "readycheck did not finish in 600 s"
    except OSError as e:
        raise Fatal(f"{binary}: {e.strerror}")
    err = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode not in (0, 1, 3):
        return None, p.returncode, err or f"exit status {p.returncode}"
    try:
        return json.loads(p.stdout.decode("utf-8")), p.returncode, err
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return None, p.returncode, f"output is not a JSON report: {e}"


def evidence_passed(item):
    """True when the evidence item says it is a passing item."""
    return any(item.get(flag) is True for flag in PASS_FLAGS)


def target_of(item):
    path = item.get("path")
    if not path:
        return None
    line = item.get("line") or 0
    return f"{path}:{line}" if line else path


def check_findings(check, statuses=STATUSES):
    """One finding per distinct failing evidence target of a BLOCK/WARN check
    (or of a check with one of `statuses`)."""
    status = check.get("status")
    if status not in statuses:
        return []
    found, order = {}, []
    for item in check.get("evidence") or []:
        if evidence_passed(item):
            continue
        target = target_of(item)
        if target is None or target in found:
            continue
        found[target] = item.get("text") or ""
        order.append(target)
    rule = check.get("id", "?")
    if not order:
        return [{"rule": rule, "target": "-", "status": status,
                 "text": check.get("message") or ""}]
    return [{"rule": rule, "target": t, "status": status, "text": found[t]}
            for t in order]


def report_findings(report, statuses=STATUSES):
    findings = []
    for check in report.get("checks") or []:
        findings.extend(check_findings(check, statuses))
    return findings


# ---------------------------------------------------------------------------
# Comparing with the triage


def precision(labels):
    if not labels:
        return None
    return sum(LABEL_VALUE[label] for label in labels) / len(labels)


def gate_reason(rc, findings):
    """Why the gate fails, judged from the labels of the BLOCK findings;
    an INCOMPLETE run (exit 3: a check could not be evaluated) fails a CI
    gate closed whatever its findings."""
    if rc == 3:
        return "incomplete"
    if rc != 1:
        return None
    blocks = [f for f in findings if f["status"] == "BLOCK"]
    labels = {f["label"] for f in blocks}
    if not blocks:
        return "blocked"  # e.g. --min-score in a config: not a finding
    if "true" in labels:
        return "true BLOCK"
    if None in labels:
        return "untriaged BLOCK"
    if "debatable" in labels:
        return "false or debatable BLOCKs alone"
    return "false BLOCKs alone"


def label_findings(report, triage):
    """The report's findings with their labels, and the labelled findings
    it no longer reports."""
    findings, disappeared = [], []
    seen = set()
    for f in report_findings(report):
        key = (f["rule"], f["target"])
        seen.add(key)
        t = triage.get(key)
        # a rule split off another keeps the labels of the findings it took
        # over (same evidence, same target, another status)
        if t is None and f["rule"] in RULE_SPLITS:
            old = (RULE_SPLITS[f["rule"]], f["target"])
            t = triage.get(old)
            if t is not None:
                seen.add(old)
        labelled = t is not None and t["label"] != UNLABELLED
        f["label"] = t["label"] if labelled else None
        f["reason"] = t["reason"] if labelled else None
        f["triaged_status"] = t["status"] if labelled else None
        findings.append(f)
    # A finding whose rule now reports the same target as INFO was demoted
    # (a severity decision), not missed: it is counted apart from lost recall.
    info = set()
    for f in report_findings(report, ("INFO",)):
        info.add((f["rule"], f["target"]))
        if f["rule"] in RULE_SPLITS:
            info.add((RULE_SPLITS[f["rule"]], f["target"]))
    for key, t in triage.items():
        if key not in seen and t["label"] != UNLABELLED:
            disappeared.append(dict(t, now_info=key in info))
    return findings, disappeared


def score_repo(entry, checkout, binary, triage_dir):
    res = {"repo": entry["repo"], "split": entry["split"],
           "pinned": entry["commit"], "commit": None, "exit": None,
           "error": None, "findings": [], "disappeared": [],
           "evidence_truncated": 0, "stderr": ""}
    triage, comments = read_triage(triage_path(triage_dir, entry["repo"]))
    res["triage_header"] = comments
    report, rc, err = run_readycheck(binary, checkout)
    res["exit"], res["stderr"] = rc, err
    if report is None:
        res["error"] = err
        return res
    git = (report.get("repository") or {}).get("git") or {}
    res["commit"] = git.get("commit")
    res["tool_version"] = (report.get("tool") or {}).get("version")
    # only failing checks matter: their missing evidence is missing findings
    res["evidence_truncated"] = sum(c.get("evidence_truncated") or 0
                                    for c in report.get("checks") or []
                                    if c.get("status") in STATUSES)
    res["findings"], res["disappeared"] = label_findings(report, triage)
    res["gate"] = gate_reason(rc, res["findings"])
    return res


# Rules split off another rule: the findings they report were that rule's
# (dependencies.imports-declared's undeclared imports where CI builds the
# code became dependencies.imports-declared-ci-built's, as WARNs).
RULE_SPLITS = {
    "dependencies.imports-declared-ci-built": "dependencies.imports-declared",
    # a package with no (readable) lockfile: the same finding, a WARN since
    # it was split off
    "dependencies.imports-declared-unlocked": "dependencies.imports-declared",
    # a .dockerignore's single gap, an INFO since it was split off
    "docker.dockerignore-gap": "docker.dockerignore-excludes",
    # a compose file that sets no restart policy anywhere, an INFO since
    "compose.restart-policy-unset": "compose.restart-policy",
    # a service the compose file neither restarts nor watches, an INFO since
    "compose.healthchecks-unwatched": "compose.healthchecks",
    # no USER on a publisher's base of unknown user; a command image (a
    # CLI, a migration job): INFOs since they were split off
    "docker.non-root-user-base-decides": "docker.non-root-user",
    "docker.non-root-user-one-shot": "docker.non-root-user",
    # reads the code runs without (an empty value): an INFO since it was
    # split off config.env-example-complete
    "config.env-example-complete-unenforced": "config.env-example-complete",
    # a git dependency the lockfile pins to a commit: an INFO since it
    # was split off
    "dependencies.git-dependencies-locked": "dependencies.no-git-dependencies",
}


def figures(results):
    """Counts and precision over a list of repository results."""
    out = {"repositories": len(results), "errors": 0}
    for status in STATUSES:
        fs = [f for r in results for f in r["findings"] if f["status"] == status]
        labels = [f["label"] for f in fs if f["label"]]
        out[status] = {
            "findings": len(fs),
            "triaged": len(labels),
            "true": labels.count("true"),
            "debatable": labels.count("debatable"),
            "false": labels.count("false"),
            "precision": precision(labels),
        }
    out["errors"] = sum(1 for r in results if r["error"])
    out["untriaged"] = sum(1 for r in results for f in r["findings"] if not f["label"])
    out["disappeared"] = sum(len(r["disappeared"]) for r in results)
    out["lost_recall"] = sum(1 for r in results for t in r["disappeared"]
                             if t["label"] == "true" and not t["now_info"])
    out["demoted_to_info"] = sum(1 for r in results for t in r["disappeared"]
                                 if t["label"] == "true" and t["now_info"])
    failing = [r["repo"] for r in results
               if r.get("gate") in ("false BLOCKs alone", "false or debatable BLOCKs alone")]
    out["gate_fails_on_false_blocks"] = failing
    out["incomplete"] = sum(1 for r in results if r.get("gate") == "incomplete")
    return out


# ---------------------------------------------------------------------------
# Output


def pct(p):
    return "-" if p is None else f"{100 * p:.1f}%"


def print_table(results, out):
    w = max([len(r["repo"]) for r in results] + [10])
    out.write(f"  {'repository':<{w}}  BLOCK  P(BLOCK)   WARN  P(WARN)  untriaged  gone  gate\n")
    for r in results:
        if r["error"]:
            out.write(f"  {r['repo']:<{w}}  cannot be checked: {r['error']}\n")
            continue
        fig = figures([r])
        b, wn = fig["BLOCK"], fig["WARN"]
        gate = r.get("gate") or "-"
        out.write(f"  {r['repo']:<{w}}  {b['findings']:5d}  {pct(b['precision']):>8}  "
                  f"{wn['findings']:5d}  {pct(wn['precision']):>7}  {fig['untriaged']:9d}  "
                  f"{fig['disappeared']:4d}  {gate}\n")


def print_totals(split, fig, out):
    out.write(f"  total {split}: {fig['repositories']} repositories")
    if fig["errors"]:
        out.write(f" ({fig['errors']} could not be checked)")
    out.write("\n")
    for status in STATUSES:
        s = fig[status]
        out.write(f"    {status}: {s['findings']} findings, {s['triaged']} triaged "
                  f"({s['true']} true, {s['debatable']} debatable, {s['false']} false), "
                  f"precision {pct(s['precision'])}\n")
    out.write(f"    untriaged: {fig['untriaged']}; triaged findings that disappeared: "
              f"{fig['disappeared']} ({fig['lost_recall']} labelled true: lost recall; "
              f"{fig['demoted_to_info']} labelled true now reported as INFO)\n")
    failing = fig["gate_fails_on_false_blocks"]
    out.write(f"    failing the gate on false BLOCKs alone: {len(failing)}"
              + (f" ({', '.join(failing)})" if failing else "") + "\n")
    out.write(f"    runs left incomplete (exit 3: a check could not be evaluated,"
              f" the gate fails closed): {fig['incomplete']}\n")


def print_details(results, out):
    for r in results:
        untriaged = [f for f in r["findings"] if not f["label"]]
        changed = [f for f in r["findings"]
                   if f["label"] and f["triaged_status"] != f["status"]]
        if not (untriaged or r["disappeared"] or changed or r["evidence_truncated"]
                or (r["commit"] and r["commit"] != r["pinned"])):
            continue
        out.write(f"\n  {r['repo']}\n")
        if r["commit"] and r["commit"] != r["pinned"]:
            out.write(f"    ! checkout is at {r['commit']}, repos.tsv pins {r['pinned']}\n")
        if r["evidence_truncated"]:
            out.write(f"    ! {r['evidence_truncated']} evidence items were truncated: "
                      f"findings are incomplete\n")
        for f in untriaged:
            out.write(f"    untriaged {f['status']:<5} {f['rule']}\t{f['target']}\t"
                      f"{one_line(f['text'])}\n")
        for f in changed:
            out.write(f"    status    {f['triaged_status']}->{f['status']} {f['rule']}\t"
                      f"{f['target']} (labelled {f['label']})\n")
        for t in r["disappeared"]:
            lost = ""
            if t["label"] == "true":
                lost = ": now INFO" if t["now_info"] else ": lost recall"
            out.write(f"    gone      {t['status']:<5} {t['rule']}\t{t['target']} "
                      f"(labelled {t['label']}{lost})\n")


def one_line(text, limit=200):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def write_untriaged(path, results, version):
    with open(path, "w", encoding="utf-8") as out:
        out.write("# untriaged findings as triage lines: replace '?' with true, false or\n"
                  "# debatable and the reason with what the repository actually does\n")
        for r in results:
            fs = [f for f in r["findings"] if not f["label"]]
            if not fs:
                continue
            out.write(f"\n# {r['repo']} -> triage/{r['repo'].replace('/', '+')}.tsv\n")
            if not r["triage_header"]:
                out.write(f"# commit {r['pinned']}\n# readycheck {version}\n")
            for f in fs:
                out.write(f"{f['rule']}\t{f['target']}\t{f['status']}\t{UNLABELLED}\t"
                          f"readycheck says: {one_line(f['text'])}\n")


def json_summary(results, shown_splits, detail_splits, binary, corpus):
    def repo_json(r):
        fig = figures([r])
        d = {k: r[k] for k in ("repo", "split", "pinned", "commit", "exit", "error",
                                "evidence_truncated")}
        d["gate"] = r.get("gate")
        for status in STATUSES:
            d[status] = fig[status]
        d["untriaged_count"] = fig["untriaged"]
        d["disappeared_count"] = fig["disappeared"]
        if r["split"] in detail_splits:
            d["untriaged"] = [{k: f[k] for k in ("rule", "target", "status", "text")}
                              for f in r["findings"] if not f["label"]]
            d["disappeared"] = [{k: t[k] for k in ("rule", "target", "status", "label",
                                                   "now_info")}
                                for t in r["disappeared"]]
        return d

    return {
        "readycheck": binary,
        "corpus": corpus,
        "repositories": [repo_json(r) for r in results],
        "totals": {s: figures([r for r in results if r["split"] == s])
                   for s in shown_splits},
    }


# ---------------------------------------------------------------------------


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Run readycheck on the accuracy corpus and measure its precision.")
    ap.add_argument("readycheck", help="the readycheck binary to measure")
    ap.add_argument("corpus", nargs="?", default=os.environ.get("READYCHECK_CORPUS"),
                    help="directory holding the OWNER+NAME checkouts "
                         "(default: $READYCHECK_CORPUS)")
    ap.add_argument("--split", type=split_argument, default="all",
                    help=f"all (the default) or {SPLITS_IN_WORDS}")
    ap.add_argument("--repo", help="only this repository (owner/name or owner+name)")
    ap.add_argument("--untriaged-tsv", metavar="FILE",
                    help="write untriaged findings as ready-to-label triage lines")
    ap.add_argument("--json", action="store_true", help="print a JSON summary instead")
    ap.add_argument("--repos", default=os.path.join(HERE, "repos.tsv"), help=argparse.SUPPRESS)
    ap.add_argument("--triage", default=os.path.join(HERE, "triage"), help=argparse.SUPPRESS)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2,
                    help="readycheck runs at once")
    args = ap.parse_args(argv)
    if not args.corpus:
        ap.error("give CORPUS_DIR or set READYCHECK_CORPUS")
    if args.repo:
        args.repo = args.repo.replace("+", "/", 1)
    return args


def split_argument(value):
    if value == "all" or is_split(value):
        return value
    raise argparse.ArgumentTypeError(f"must be all or {SPLITS_IN_WORDS}, not '{value}'")


def main(argv):
    args = parse_args(argv)
    try:
        return score(args)
    except Fatal as e:
        sys.stderr.write(f"score.py: {e}\n")
        return 2


def detail_splits(split, one_repo, shown):
    """The splits whose findings may be listed one by one.

    Blind splits only when asked for by name (--split, or --repo naming one
    of their repositories): an unqualified run, the default, lists dev only."""
    if one_repo:
        return set(shown)
    if split == "all":
        return {s for s in shown if not is_blind(s)}
    return {split}


def find_checkouts(corpus, repos):
    """-> ([(entry, path)], [unlisted dir names], [missing owner/name])."""
    if not os.path.isdir(corpus):
        raise Fatal(f"{corpus}: not a directory")
    found, unlisted = {}, []
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if not os.path.isdir(os.path.join(path, ".git")):
            continue
        repo = name.replace("+", "/", 1)
        if repo in repos:
            found[repo] = path
        else:
            unlisted.append(name)
    missing = [r for r in repos if r not in found]
    return [(repos[r], found[r]) for r in repos if r in found], unlisted, missing


def score(args):
    binary = os.path.abspath(args.readycheck) if os.sep in args.readycheck else args.readycheck
    repos = read_repos(args.repos)
    if args.repo and args.repo not in repos:
        raise Fatal(f"{args.repo} is not in {args.repos}")
    checkouts, unlisted, missing = find_checkouts(args.corpus, repos)

    def wanted(entry):
        if args.repo:
            return entry["repo"] == args.repo
        return args.split == "all" or entry["split"] == args.split

    checkouts = [(e, p) for e, p in checkouts if wanted(e)]
    missing = [m for m in missing if wanted(repos[m])]
    # validate every triage file first: a typo must not pass unnoticed
    for entry in repos.values():
        read_triage(triage_path(args.triage, entry["repo"]))

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda ep: score_repo(ep[0], ep[1], binary, args.triage),
                                checkouts))

    version = next((r.get("tool_version") for r in results if r.get("tool_version")), None)
    shown = sorted({r["split"] for r in results}, key=split_order)
    detail = detail_splits(args.split, bool(args.repo), shown)

    if args.untriaged_tsv:
        write_untriaged(args.untriaged_tsv, [r for r in results if r["split"] in detail],
                        version)
    if args.json:
        json.dump(json_summary(results, shown, detail, binary, args.corpus),
                  sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0

    out = sys.stdout
    out.write(f"readycheck {version or '?'} ({binary}) on {len(results)} checkouts "
              f"under {args.corpus}\n")
    if missing:
        out.write(f"not checked out ({len(missing)}): {', '.join(missing)}\n")
    if unlisted and not args.repo:
        out.write(f"ignored, not in repos.tsv: {', '.join(unlisted)}\n")
    for split in shown:
        rs = [r for r in results if r["split"] == split]
        out.write(f"\n== {split} ==\n")
        print_table(rs, out)
        out.write("\n")
        print_totals(split, figures(rs), out)
        if split in detail:
            print_details(rs, out)
        else:
            out.write("    (findings of this split are listed only with --split "
                      f"{split})\n")
        for r in rs:
            if r["error"]:
                out.write(f"\n  ! {r['repo']}: {r['error']}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
