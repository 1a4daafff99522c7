#!/usr/bin/python3
"""Check readycheck's reports with real readers, and check that the reports
of one run agree with each other and with the exit code.

Usage:
  check_outputs.py run DIR EXIT_STATUS
      DIR holds the reports of ONE run: report.json, report.sarif,
      report.xml (JUnit), report.cq.json (GitLab Code Quality), report.html,
      badge.svg, report.md, annotations.txt (github) and stdout.txt (text).
  check_outputs.py FORMAT FILE
      Validates one file alone: FORMAT is sarif, junit, codequality, badge,
      html or github.

Readers: python3-jsonschema (SARIF against the OASIS schema, Code Quality
against tests/data/codequality.schema.json, JSON against
docs/report.schema.json), xmllint --schema and python3-junitparser (JUnit),
xml.etree (the SVG badge), html.parser (the HTML page), cmark-gfm (the
Markdown). Exit status 0 when everything holds, 1 otherwise (each problem
is printed), 2 on a usage error.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import jsonschema
import junitparser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "tests", "data")

FINDING_STATUSES = {"BLOCK", "WARN", "INFO", "ERROR", "WAIVED"}
problems = []


def fail(msg):
    problems.append(msg)


def load_json(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def validate(instance, schema_path, draft, what):
    schema = load_json(schema_path)
    validator = draft(schema)
    for err in sorted(validator.iter_errors(instance), key=str)[:20]:
        where = "/".join(str(p) for p in err.absolute_path)
        fail(f"{what}: schema violation at {where or '(root)'}: {err.message}")


# ---- the JSON report: what every other format is compared with -----------

def findings(report):
    """(fingerprint, check, evidence or None, waived) per finding, as
    rc_findings() defines them."""
    out = []
    for c in report["checks"]:
        if c["status"] not in FINDING_STATUSES:
            continue
        items = [e for e in c["evidence"] if not e["pass"]]
        for e in items:
            waived = e["waived"] is not None or c["waived"] is not None
            out.append((e["fingerprint"], c, e, waived))
        if not items:
            out.append((c["fingerprint"], c, None, c["waived"] is not None))
    return out


def check_json(path):
    report = load_json(path)
    validate(report, os.path.join(ROOT, "docs", "report.schema.json"),
             jsonschema.Draft202012Validator, "json")
    fps = [f[0] for f in findings(report)]
    if len(fps) != len(set(fps)):
        fail("json: two findings share a fingerprint")
    check_pass_counts(report)
    return report


def pass_counts(checks):
    """(passed, info_ok): an informational check that held is no pass."""
    held = [c for c in checks if c["status"] == "PASS"]
    info = sum(1 for c in held if c["severity"] == "info")
    return len(held) - info, info


def check_pass_counts(report):
    want = pass_counts(report["checks"])
    got = (report["counts"]["pass"], report["counts"]["info_ok"])
    if got != want:
        fail(f"json: counts pass/info_ok {got}, checks say {want}")
    for cat in report["categories"]:
        want = pass_counts([c for c in report["checks"]
                            if c["category"] == cat["name"]])
        got = (cat["counts"]["pass"], cat["counts"]["info_ok"])
        if got != want:
            fail(f"json: category {cat['name']} pass/info_ok {got}, checks "
                 f"say {want}")


def category_passes(html):
    """{category: its Passed cell} of a rendered category table."""
    rows = re.findall(r"<tr>\s*<td>([^<]*)</td>(.*?)</tr>", html, re.S)
    out = {}
    for name, rest in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S)
        nums = [c.strip() for c in cells if re.fullmatch(r"\s*\d+\s*", c)]
        if nums and name not in out:
            out[name] = int(nums[0] if "/100" in rest or "n/a" in rest
                            else nums[1])
    return out


def check_passed_figures(what, text, html, report):
    """The "N passed" of a report and its category table say what the JSON
    report's counts say."""
    m = re.search(r"\b(\d+) passed\b", text)
    if not m or int(m.group(1)) != report["counts"]["pass"]:
        fail(f"{what}: 'N passed' is {m and m.group(1)}, JSON says "
             f"{report['counts']['pass']}")
    if html is None:
        return
    table = category_passes(html)
    for cat in report["categories"]:
        if table.get(cat["name"]) != cat["counts"]["pass"]:
            fail(f"{what}: category {cat['name']} shows "
                 f"{table.get(cat['name'])} passed, JSON says "
                 f"{cat['counts']['pass']}")


# ---- SARIF ------------------------------------------------------------------

def check_sarif(path, report=None):
    doc = load_json(path)
    validate(doc, os.path.join(DATA, "sarif-schema-2.1.0.json"),
             jsonschema.Draft4Validator, "sarif")
    if doc.get("version") != "2.1.0" or len(doc.get("runs", [])) != 1:
        fail("sarif: expected version 2.1.0 and one run")
        return
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for r in run["results"]:
        if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            fail(f"sarif: ruleIndex of {r['ruleId']} names another rule")
        if not r.get("locations"):
            fail(f"sarif: result of {r['ruleId']} has no location")
        for loc in r.get("locations", []):
            uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            if uri.startswith("/") or "://" in uri:
                fail(f"sarif: location {uri} is not repository-relative")
    if report is None:
        return
    want = {f[0]: f for f in findings(report)}
    got = {r["partialFingerprints"]["readycheckFingerprint/v1"]: r
           for r in run["results"]}
    if set(want) != set(got):
        fail(f"sarif: results {len(got)} != findings {len(want)} of the "
             f"JSON report (by fingerprint)")
    levels = {"block": "error", "warn": "warning", "info": "note"}
    for fp, (_, c, e, waived) in want.items():
        r = got.get(fp)
        if not r:
            continue
        if r["ruleId"] != c["id"] or r["level"] != levels[c["severity"]]:
            fail(f"sarif: {fp} has rule {r['ruleId']}/{r['level']}")
        if bool(r.get("suppressions")) != waived:
            fail(f"sarif: {c['id']} suppression does not match the waiver")
        if e and e["path"] and e["line"]:
            region = r["locations"][0]["physicalLocation"].get("region", {})
            if region.get("startLine") != e["line"]:
                fail(f"sarif: {c['id']} line differs from the JSON report")
    if run["properties"]["ready"] != report["ready"]:
        fail("sarif: 'ready' differs from the JSON report")


# ---- JUnit ------------------------------------------------------------------

def check_junit(path, report=None):
    xsd = os.path.join(DATA, "junit.xsd")
    res = subprocess.run(["xmllint", "--noout", "--schema", xsd, path],
                         capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"junit: xmllint --schema: {res.stderr.strip()[:2000]}")
        return
    xml = junitparser.JUnitXml.fromfile(path)
    cases = [case for suite in xml for case in suite]
    kinds = {"failure": 0, "error": 0, "skipped": 0}
    for case in cases:
        for r in case.result:
            name = type(r).__name__.lower()
            kinds[name] = kinds.get(name, 0) + 1
    if report is None:
        return
    checks = report["checks"]
    if len(cases) != len(checks):
        fail(f"junit: {len(cases)} test cases for {len(checks)} checks")
    gate = report["gate"]["fail_on"]
    statuses = [c["status"] for c in checks]
    if gate == "new":
        want_fail = sum(1 for c in checks if c["status"] == "BLOCK"
                        and c["new"])
    else:
        want_fail = statuses.count("BLOCK") + (
            statuses.count("WARN") if gate == "warn" else 0)
    want_skip = statuses.count("SKIP") + statuses.count("WAIVED")
    if kinds["failure"] != want_fail:
        fail(f"junit: {kinds['failure']} failures, expected {want_fail}")
    if kinds["skipped"] != want_skip:
        fail(f"junit: {kinds['skipped']} skipped, expected {want_skip}")
    if gate != "new" and kinds["error"] != statuses.count("ERROR"):
        fail("junit: errors differ from ERROR checks")
    names = {case.name.split(":")[0] for case in cases}
    if names != {c["id"] for c in checks}:
        fail("junit: test case names differ from the checks' rule ids")
    gating = kinds["failure"] + kinds["error"]
    if report["ready"] and gating and gate != "new":
        fail("junit: failures although the run is ready")


# ---- GitLab Code Quality ----------------------------------------------------

def check_codequality(path, report=None):
    doc = load_json(path)
    validate(doc, os.path.join(DATA, "codequality.schema.json"),
             jsonschema.Draft202012Validator, "codequality")
    fps = [i["fingerprint"] for i in doc]
    if len(fps) != len(set(fps)):
        fail("codequality: duplicate fingerprints (GitLab drops them)")
    if report is None:
        return
    want = {f[0]: f for f in findings(report)}
    if set(fps) != set(want):
        fail(f"codequality: {len(fps)} issues for {len(want)} findings")
    blockers = sum(1 for f in want.values()
                   if f[1]["status"] == "BLOCK" and not f[3])
    got = sum(1 for i in doc if i["severity"] == "blocker")
    if got != blockers:
        fail(f"codequality: {got} blocker issues, expected {blockers}")
    for i in doc:
        if i["description"].startswith("WAIVED") != want.get(
                i["fingerprint"], (0, 0, 0, False))[3]:
            fail(f"codequality: {i['check_name']}: WAIVED mark differs")


# ---- the badge -------------------------------------------------------------

def check_badge(path, report=None):
    try:
        svg = ET.parse(path).getroot()
    except ET.ParseError as err:
        fail(f"badge: not well-formed XML: {err}")
        return
    if svg.tag != "{http://www.w3.org/2000/svg}svg":
        fail("badge: root element is not an SVG <svg>")
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    fills = [r.get("fill") for r in svg.iter("{http://www.w3.org/2000/svg}rect")]
    if "readiness" not in texts:
        fail("badge: no 'readiness' label")
    if report is None:
        return
    score = report["score"]
    value = (f"{score['value']} {score['grade']}" if score["has_score"]
             else "n/a")
    if report["verdict"] == "INCOMPLETE" and report["gate"]["fail_on"] != "new":
        value = "unknown"
    if value not in texts:
        fail(f"badge: value {value!r} not among {texts}")
    red = "#e05d44" in fills
    if red == report["ready"]:
        fail(f"badge: red={red} but ready={report['ready']}")


# ---- HTML ------------------------------------------------------------------

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.details = 0
        self.external = []
        self.scripts = 0
        self.text = []
        self.csp = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details":
            self.details += 1
        if tag in ("script", "iframe", "object", "embed", "link", "img"):
            self.scripts += tag == "script"
            self.external.append(f"<{tag}>")
        for key in ("src", "srcset", "data", "poster", "background"):
            if key in a:
                self.external.append(f"{tag} {key}={a[key]}")
        if tag == "a" and "href" in a and not (
                a["href"].startswith("#") or
                re.match(r"^https://(github\.com|gitlab\.[a-z.]+)/", a["href"])):
            self.external.append(f"a href={a['href']}")
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content")
        style = a.get("style", "")
        if "url(" in style:
            self.external.append(f"style url() in <{tag}>")

    def handle_data(self, data):
        self.text.append(data)


def check_html(path, report=None):
    with open(path, encoding="utf-8") as f:
        html = f.read()
    page = Page()
    page.feed(html)
    if page.external or page.scripts:
        fail(f"html: loads or links outside the page: {page.external[:5]}")
    if not page.csp or "default-src 'none'" not in page.csp:
        fail("html: no Content-Security-Policy forbidding loads")
    if re.search(r"@import|url\(", html):
        fail("html: the stylesheet imports or loads something")
    if report is None:
        return
    text = " ".join(page.text)
    if report["verdict"] not in text:
        fail("html: the verdict is missing")
    if page.details != len(report["checks"]):
        fail(f"html: {page.details} <details> for {len(report['checks'])} "
             f"checks")
    blockers = [c["id"] for c in report["checks"] if c["status"] == "BLOCK"]
    head = html.split("<h2>")[0]
    for b in blockers:
        if b not in head:
            fail(f"html: blocker {b} not named above the first section")
    if blockers and html.find("Blockers (") > html.find("Warnings ("
                                                         ) >= 0:
        fail("html: blockers do not come first")
    check_passed_figures("html", text, html.split("<h2>Categories</h2>")[-1]
                         .split("</table>")[0], report)


# ---- GitHub annotations ----------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning|notice)( [^:]*)?::(.*)$")


def check_github(path, report=None):
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    parsed = []
    for line in lines:
        m = ANNOTATION.match(line)
        if not m:
            fail(f"github: not a workflow command: {line[:120]}")
            continue
        props = {}
        for kv in (m.group(2) or "").strip().split(","):
            if "=" in kv:
                k, v = kv.split("=", 1)
                props[k] = v
        parsed.append((m.group(1), props, m.group(3)))
    if report is None:
        return
    fs = findings(report)
    if len(parsed) != len(fs) + 1:
        fail(f"github: {len(parsed)} annotations for {len(fs)} findings + 1")
    errors = sum(1 for p in parsed[:-1] if p[0] == "error")
    want = sum(1 for f in fs if not f[3] and (
        f[1]["status"] == "BLOCK" or
        (f[1]["status"] == "ERROR" and f[1]["severity"] == "block")))
    if errors != want:
        fail(f"github: {errors} ::error annotations, expected {want}")
    for (_, props, _), f in zip(parsed, fs):
        e = f[2]
        if e and e["path"] and "://" not in e["path"]:
            if props.get("file") != e["path"].replace(":", "%3A").replace(
                    ",", "%2C"):
                fail(f"github: annotation for {f[1]['id']} has file "
                     f"{props.get('file')}")
    if report["verdict"] not in parsed[-1][2]:
        fail("github: the last annotation does not carry the verdict")


# ---- Markdown and text -----------------------------------------------------

def check_markdown(path, report):
    res = subprocess.run(["cmark-gfm", "--extension", "table", "--extension",
                          "tasklist", path], capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"markdown: cmark-gfm failed: {res.stderr[:500]}")
        return
    html = res.stdout
    summary = html.split("<h2>")[1] if "<h2>" in html else html
    if report["verdict"] not in summary:
        fail("markdown: the verdict is not in the executive summary")
    for c in report["checks"]:
        if c["status"] == "BLOCK" and c["id"] not in summary:
            fail(f"markdown: blocker {c['id']} not named in the summary")
    table = html.split("Category scores</h2>")[-1].split("</table>")[0]
    check_passed_figures("markdown", summary, table, report)


def check_text(path, report):
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    if report["verdict"] not in last:
        fail("text: the last line does not carry the verdict")
    summary_lines = [line for line in lines
                     if line.startswith(report["verdict"] + " ")]
    if len(summary_lines) != 1:
        fail(f"text: {len(summary_lines)} summary lines")
    else:
        check_passed_figures("text", summary_lines[0], None, report)


def check_exit(status, report):
    ready = report["ready"]
    if ready != (status == 0):
        fail(f"exit status {status} but ready={ready}")
    if not ready and report["verdict"] == "INCOMPLETE" and \
            report["gate"]["fail_on"] != "new" and status != 3:
        fail(f"INCOMPLETE but exit status {status}")
    if not ready and report["verdict"] != "INCOMPLETE" and status != 1:
        fail(f"not ready but exit status {status}")


def run(directory, status):
    p = lambda name: os.path.join(directory, name)  # noqa: E731
    report = check_json(p("report.json"))
    check_exit(status, report)
    check_sarif(p("report.sarif"), report)
    check_junit(p("report.xml"), report)
    check_codequality(p("report.cq.json"), report)
    check_badge(p("badge.svg"), report)
    check_html(p("report.html"), report)
    check_github(p("annotations.txt"), report)
    check_markdown(p("report.md"), report)
    check_text(p("stdout.txt"), report)


SINGLE = {"sarif": check_sarif, "junit": check_junit,
          "codequality": check_codequality, "badge": check_badge,
          "html": check_html, "github": check_github}


def main(argv):
    if len(argv) == 4 and argv[1] == "run":
        run(argv[2], int(argv[3]))
    elif len(argv) == 3 and argv[1] in SINGLE:
        SINGLE[argv[1]](argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for msg in problems:
        print(f"check_outputs: {msg}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
