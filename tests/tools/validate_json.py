#!/usr/bin/python3
"""Validate a readycheck JSON report against docs/report.schema.json.

Usage: validate_json.py SCHEMA REPORT

Exit status: 0 when REPORT is valid, 1 when it is not (unreadable, not JSON,
or failing the schema; every violation is printed to stderr), 2 on a usage
error or an invalid schema. Uses Debian's python3-jsonschema.
"""
import json
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError as err:  # pragma: no cover - depends on the machine
    print(f"validate_json: python3-jsonschema is not installed ({err})",
          file=sys.stderr)
    sys.exit(2)


def load(path, what):
    """Parses a JSON file strictly (UTF-8, no NaN/Infinity, no duplicates)."""
    def no_constants(name):
        raise ValueError(f"non-standard JSON constant {name}")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        dups = sorted({k for k in keys if keys.count(k) > 1})
        if dups:
            raise ValueError(f"duplicate key(s) {', '.join(dups)}")
        return dict(pairs)

    with open(path, "rb") as f:
        raw = f.read()
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=no_constants,
                          object_pairs_hook=no_duplicates)
    except (UnicodeDecodeError, ValueError) as err:
        raise ValueError(f"{what} '{path}' is not valid JSON: {err}") from err


def main(argv):
    if len(argv) != 3:
        print("usage: validate_json.py SCHEMA REPORT", file=sys.stderr)
        return 2
    try:
        schema = load(argv[1], "schema")
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as err:
        print(f"validate_json: {err}", file=sys.stderr)
        return 2
    try:
        doc = load(argv[2], "report")
    except (OSError, ValueError) as err:
        print(f"validate_json: {err}", file=sys.stderr)
        return 1
    checker = getattr(Draft202012Validator, "FORMAT_CHECKER", None)
    validator = Draft202012Validator(schema, format_checker=checker)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for err in errors:
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        print(f"validate_json: {argv[2]}: at {where}: {err.message}",
              file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
