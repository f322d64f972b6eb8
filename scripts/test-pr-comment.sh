#!/usr/bin/env bash
# Tests scripts/pr-comment.sh against a fake `gh` put first on PATH: it logs every call and
# simulates the issue-comments API with a JSON file in a temporary folder (filters with jq, as
# `gh api --jq` would). Cases: (a) no comment yet -> one is created; (b) run again -> the same
# comment is updated in place; (c) a read-only token (HTTP 403 on writes, as for a fork) -> no
# failure, a warning, the report in the job summary; (d) another API failure fails the step.
# Run by .ci/run. Needs bash and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v jq > /dev/null; then
  echo "test-pr-comment: jq not found; skipped" >&2
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"

cat > "$work/bin/gh" <<'FAKE'
#!/usr/bin/env bash
# Fake gh: `gh api [--paginate] [--method M] [--jq EXPR] [-F body=@FILE] PATH` over $FAKE_GH/comments.json.
set -euo pipefail
state="$FAKE_GH"
printf '%s\n' "$*" >> "$state/calls.log"
[ "${1:-}" = api ] || { echo "fake gh: only \`gh api\` is simulated" >&2; exit 2; }
shift
method=GET jq_expr=. body_file= path=
while [ $# -gt 0 ]; do
  case "$1" in
    --paginate) shift ;;
    --method) method="$2"; shift 2 ;;
    --jq) jq_expr="$2"; shift 2 ;;
    -F) body_file="${2#body=@}"; shift 2 ;;
    *) path="$1"; shift ;;
  esac
done
if [ -n "${FAKE_GH_FAIL:-}" ]; then
  echo "gh: Server Error (HTTP 500)" >&2
  exit 1
fi
if [ "$method" != GET ] && [ -n "${FAKE_GH_READONLY:-}" ]; then
  echo "gh: Resource not accessible by integration (HTTP 403)" >&2
  exit 1
fi
comments="$state/comments.json"
case "$method $path" in
  "GET repos/"*/issues/*/comments)
    jq -r "$jq_expr" "$comments" ;;
  "POST repos/"*/issues/*/comments)
    id=$(( $(jq 'map(.id) | max // 100' "$comments") + 1 ))
    jq --arg body "$(cat "$body_file")" --argjson id "$id" \
      '. + [{id: $id, user: {login: "github-actions[bot]"}, body: $body}]' "$comments" > "$comments.new"
    mv "$comments.new" "$comments"
    jq ".[] | select(.id == $id)" "$comments" ;;
  "PATCH repos/"*/issues/comments/*)
    id="${path##*/}"
    jq -e "any(.[]; .id == $id)" "$comments" > /dev/null || { echo "gh: Not Found (HTTP 404)" >&2; exit 1; }
    jq --arg body "$(cat "$body_file")" --argjson id "$id" \
      'map(if .id == $id then .body = $body else . end)' "$comments" > "$comments.new"
    mv "$comments.new" "$comments"
    jq ".[] | select(.id == $id)" "$comments" ;;
  *)
    echo "fake gh: unexpected $method $path" >&2
    exit 2 ;;
esac
FAKE
chmod +x "$work/bin/gh"

export PATH="$work/bin:$PATH"
export FAKE_GH="$work/state" GITHUB_REPOSITORY=owner/repo PR=7 MARKER="<!-- concord-report -->"
unset FAKE_GH_READONLY FAKE_GH_FAIL GH_TOKEN
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# A fresh API state holding one comment by a person who quotes the marker: never to be touched.
reset() {
  rm -rf "$FAKE_GH"
  mkdir -p "$FAKE_GH"
  jq -n --arg m "$MARKER" '[{id: 1, user: {login: "alice"}, body: ($m + " quoted by a person")}]' > "$FAKE_GH/comments.json"
  : > "$FAKE_GH/calls.log"
  export GITHUB_STEP_SUMMARY="$work/summary-$1.md"
  : > "$GITHUB_STEP_SUMMARY"
}
report() {
  printf '%s\n## Annotation report\n\n%s\n' "$MARKER" "$1" > "$work/comment.md"
}
bot_comments() {
  jq '[.[] | select(.user.login == "github-actions[bot]")]' "$FAKE_GH/comments.json"
}

echo "== (a) no comment yet: one is created"
reset a
report "first push"
out="$(scripts/pr-comment.sh "$work/comment.md" 2>&1)" || fail "(a) exited $?: $out"
[ "$(bot_comments | jq length)" = 1 ] || fail "(a) expected one bot comment, got $(bot_comments)"
[ "$(bot_comments | jq -r '.[0].body')" = "$(cat "$work/comment.md")" ] || fail "(a) comment body differs"
grep -q '^api --method POST repos/owner/repo/issues/7/comments' "$FAKE_GH/calls.log" || fail "(a) no POST: $(cat "$FAKE_GH/calls.log")"
grep -q 'first push' "$GITHUB_STEP_SUMMARY" || fail "(a) job summary lacks the report"
first_id="$(bot_comments | jq '.[0].id')"

echo "== (b) run again: the same comment is updated in place"
export GITHUB_STEP_SUMMARY="$work/summary-b.md"
: > "$FAKE_GH/calls.log"
report "second push"
out="$(scripts/pr-comment.sh "$work/comment.md" 2>&1)" || fail "(b) exited $?: $out"
[ "$(bot_comments | jq length)" = 1 ] || fail "(b) expected still one bot comment, got $(bot_comments)"
[ "$(bot_comments | jq '.[0].id')" = "$first_id" ] || fail "(b) the comment id changed"
[ "$(bot_comments | jq -r '.[0].body')" = "$(cat "$work/comment.md")" ] || fail "(b) comment not updated"
grep -q "^api --method PATCH repos/owner/repo/issues/comments/$first_id " "$FAKE_GH/calls.log" || fail "(b) no PATCH of $first_id"
! grep -q -- '--method POST' "$FAKE_GH/calls.log" || fail "(b) a second comment was posted"
[ "$(jq -r '.[] | select(.id == 1) | .body' "$FAKE_GH/comments.json")" = "$MARKER quoted by a person" ] ||
  fail "(b) a person's comment was changed"
[[ "$out" == *"updated comment $first_id"* ]] || fail "(b) output: $out"

echo "== (c) read-only token (fork): warning, no failure, report in the job summary"
reset c
export FAKE_GH_READONLY=1
report "from a fork"
out="$(scripts/pr-comment.sh "$work/comment.md" 2>&1)" || fail "(c) exited $?: $out"
[[ "$out" == *"::warning"*"HTTP 403"* ]] || fail "(c) no clear warning: $out"
[ "$(bot_comments | jq length)" = 0 ] || fail "(c) a comment appeared"
grep -q 'from a fork' "$GITHUB_STEP_SUMMARY" || fail "(c) job summary lacks the report"
unset FAKE_GH_READONLY

echo "== (d) any other API failure fails the step"
reset d
export FAKE_GH_FAIL=1
report "server error"
if out="$(scripts/pr-comment.sh "$work/comment.md" 2>&1)"; then
  fail "(d) exited 0: $out"
fi
[[ "$out" == *"HTTP 500"* ]] || fail "(d) the error is not shown: $out"
unset FAKE_GH_FAIL

if [ "$failures" -gt 0 ]; then
  echo "test-pr-comment: $failures failure(s)" >&2
  exit 1
fi
echo "test-pr-comment: all cases pass"
