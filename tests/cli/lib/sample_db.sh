# Sourced by CLI tests that need a database coded from the real sample records.
# Sets NC (the binary), REPO, CORPUS, LEX, TMP (removed on exit), fail(); codes
# every record (*.html) of ../shared/corpus-sample into $TMP/c.db. The manifests
# beside the records are tabular data, not documents, so they are not passed.
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
CORPUS="$REPO/../shared/corpus-sample"
LEX="$REPO/lexicons"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -d "$CORPUS" ] || { echo "SKIP: no corpus at $CORPUS"; exit 0; }

"$NC" run --db "$TMP/c.db" --lexicons "$LEX" -q "$CORPUS"/*/*.html || fail "run exited $?"
