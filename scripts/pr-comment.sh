#!/usr/bin/env bash
# Posts the annotation report as ONE pull-request comment, updated in place on every push (the
# comment is found by its hidden marker, first line of the report, and by its author), and adds
# the report to the job summary.
#
# Usage: scripts/pr-comment.sh COMMENT_FILE
# Environment: GITHUB_REPOSITORY (owner/name), PR (number), MARKER (the comment's first line),
# GH_TOKEN (for gh), GITHUB_STEP_SUMMARY (optional), COMMENT_AUTHOR (default github-actions[bot]).
#
# A token that cannot write (a pull request from a fork gets a read-only one; gh reports
# HTTP 403) does not fail the job: a warning says so and the job summary holds the report.
# Any other failure of gh fails the step. Tested by scripts/test-pr-comment.sh with a fake gh.
set -euo pipefail

comment="${1:?usage: scripts/pr-comment.sh COMMENT_FILE}"
: "${GITHUB_REPOSITORY:?}" "${PR:?}" "${MARKER:?}"
author="${COMMENT_AUTHOR:-github-actions[bot]}"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$comment" >> "$GITHUB_STEP_SUMMARY"
fi

err="$(mktemp)"
trap 'rm -f "$err"' EXIT

# `gh api "$@"`; returns 3 (quietly) when GitHub answered HTTP 403, 1 on any other failure.
api() {
  if gh api "$@" 2> "$err"; then
    return 0
  fi
  if grep -q 'HTTP 403' "$err"; then
    return 3
  fi
  cat "$err" >&2
  return 1
}

read_only() {
  echo "::warning title=Report comment not posted::the token cannot write to this pull request (HTTP 403, as for a pull request from a fork): the report is in the job summary"
  exit 0
}

status=0
ids="$(api --paginate "repos/$GITHUB_REPOSITORY/issues/$PR/comments" \
  --jq ".[] | select(.user.login == \"$author\" and (.body | startswith(\"$MARKER\"))) | .id")" || status=$?
[ "$status" -eq 3 ] && read_only
[ "$status" -eq 0 ] || exit "$status"
id="$(printf '%s\n' "$ids" | head -n 1)"

if [ -n "$id" ]; then
  api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F "body=@$comment" > /dev/null || status=$?
  verb="updated comment $id"
else
  api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR/comments" -F "body=@$comment" > /dev/null || status=$?
  verb="created the comment"
fi
[ "$status" -eq 3 ] && read_only
[ "$status" -eq 0 ] || exit "$status"
echo "$verb"
