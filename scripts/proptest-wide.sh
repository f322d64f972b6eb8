#!/usr/bin/env bash
# The wide random search: every property test with a new seed and SCALE times its cases.
# CI never runs this; it runs the same tests with the fixed seed (crates/concord-testkit).
#
#   scripts/proptest-wide.sh [SEED] [SCALE]     # SCALE defaults to 20
#
# A failure is written by proptest to the test's `proptest-regressions/` file: commit that file
# (and the fix), and CI replays the case on every run from then on. To replay one search
# exactly, run again with the seed it printed.
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${1:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}
scale=${2:-20}
status=0
echo "proptest wide search: PROPTEST_RNG_SEED=$seed CONCORD_PROPTEST_SCALE=$scale (release build)"
PROPTEST_RNG_SEED=$seed CONCORD_PROPTEST_SCALE=$scale cargo test --workspace --release || status=$?
git status --short -- '*proptest-regressions*'
exit $status
