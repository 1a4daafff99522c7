#!/bin/sh
# Check out the accuracy corpus listed in repos.tsv at its pinned commits.
#
#   bench/accuracy/checkout.sh [--mirrors DIR] [--split dev|holdout|fresh|freshN|all]
#                              [--repo OWNER/NAME] CORPUS_DIR
#
# Each repository becomes a real git checkout at CORPUS_DIR/OWNER+NAME (so
# readycheck sees .git/index: tracked files and their modes). Sources, in
# order: a local mirror DIR/OWNER+NAME/repo or DIR/OWNER+NAME (a bare or
# normal git directory), else https://github.com/OWNER/NAME. A checkout that
# is already at its pinned commit is left alone; one at another commit is
# moved to the pinned one (never re-cloned, never cleaned).
#
# Not run by CI: it downloads other projects' code. CORPUS_DIR must be
# outside this repository; nothing it fetches is ever committed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
list=$here/repos.tsv
mirrors=
split=all
only=
corpus=${READYCHECK_CORPUS:-}

usage() {
    sed -n '2,14s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
    --mirrors) mirrors=${2:?--mirrors needs a directory}; shift 2 ;;
    --split) split=${2:?--split needs dev, holdout, fresh, freshN (a numbered fresh set) or all}; shift 2 ;;
    --repo) only=${2:?--repo needs OWNER/NAME}; shift 2 ;;
    -h | --help) usage ;;
    -*) echo "checkout.sh: unknown option $1" >&2; usage ;;
    *) corpus=$1; shift ;;
    esac
done
# a numbered fresh set is fresh followed by a number without a leading zero
case $split in
dev | holdout | fresh | all | fresh[1-9] | fresh[1-9]*[0-9]) ;;
*) split=bad ;;
esac
case $split in fresh*[!0-9]*) split=bad ;; esac
case $split in fresh[!1-9]*) [ "$split" = fresh ] || split=bad ;; esac
if [ "$split" = bad ]; then
    echo "checkout.sh: --split must be dev, holdout, fresh, freshN (a numbered fresh set) or all" >&2
    exit 2
fi
[ -n "$corpus" ] || { echo "checkout.sh: give CORPUS_DIR (or set READYCHECK_CORPUS)" >&2; usage; }
case $corpus in /*) ;; *) corpus=$PWD/$corpus ;; esac
top=$(cd "$here/../.." && pwd -P)
case $corpus/ in "$top"/* | "$(cd "$here/../.." && pwd)"/*)
    echo "checkout.sh: $corpus is inside the readycheck repository; use a directory outside it" >&2
    exit 2
    ;;
esac
mkdir -p "$corpus"

source_of() { # OWNER/NAME -> a clone source
    flat=$(printf '%s' "$1" | tr / +)
    if [ -n "$mirrors" ]; then
        for cand in "$mirrors/$flat/repo" "$mirrors/$flat"; do
            if git --git-dir="$cand" rev-parse --git-dir >/dev/null 2>&1 ||
                git -C "$cand" rev-parse --git-dir >/dev/null 2>&1; then
                printf '%s\n' "$cand"
                return
            fi
        done
    fi
    printf 'https://github.com/%s\n' "$1"
}

failed=0
done_n=0
while IFS="$(printf '\t')" read -r repo commit _stacks rsplit _desc; do
    case $repo in '' | '#'*) continue ;; esac
    [ "$split" = all ] || [ "$split" = "$rsplit" ] || continue
    [ -z "$only" ] || [ "$only" = "$repo" ] || continue
    dest=$corpus/$(printf '%s' "$repo" | tr / +)
    # a checkout looks like the user's clone: origin is the forge address
    # (readycheck reads it to know the project's own image names), whatever
    # mirror the objects came from
    if [ -d "$dest/.git" ] && [ "$(git -C "$dest" rev-parse HEAD 2>/dev/null)" = "$commit" ]; then
        git -C "$dest" remote set-url origin "https://github.com/$repo"
        done_n=$((done_n + 1))
        continue
    fi
    src=$(source_of "$repo")
    if [ ! -d "$dest/.git" ]; then
        echo "clone $repo from $src"
        if ! git clone -q --no-checkout "$src" "$dest"; then
            echo "checkout.sh: cannot clone $repo" >&2
            failed=$((failed + 1))
            continue
        fi
    fi
    if ! git -C "$dest" cat-file -e "$commit^{commit}" 2>/dev/null; then
        # the pinned commit may no longer be on a branch tip: ask for it by id
        git -C "$dest" fetch -q "$src" "$commit" 2>/dev/null || true
    fi
    if git -C "$dest" -c advice.detachedHead=false checkout -q "$commit"; then
        git -C "$dest" remote set-url origin "https://github.com/$repo"
        done_n=$((done_n + 1))
    else
        echo "checkout.sh: $repo: cannot check out $commit" >&2
        failed=$((failed + 1))
    fi
done <"$list"

echo "$done_n checked out under $corpus, $failed failed"
[ "$failed" -eq 0 ]
