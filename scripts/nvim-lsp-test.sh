#!/usr/bin/env bash
# Headless Neovim drives concord's language server as an annotator would: it opens a file with
# an error, receives the diagnostic, applies the quick fix and writes the file; the file must
# then validate. Installs Debian's neovim (0.7.2) only when `nvim` is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

if ! command -v nvim >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim=0.7.2-7
fi

cargo build --quiet -p concord-lsp -p xtask
server="${CARGO_TARGET_DIR:-$repo/target}/debug/concord-lsp"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/schemas" "$tmp/corpus" "$tmp/annotations/alice"
cat > "$tmp/schemas/labels.yaml" <<'YAML'
labels:
  - {name: MILITANT_GROUP, description: An armed group., overlap: forbid}
YAML
printf 'In 2014, “ISIS” 😀 🇵🇰 spread to Punjab — ISIS again.\n' > "$tmp/corpus/d1.txt"
file="$tmp/annotations/alice/d1.yaml"
cat > "$file" <<'YAML'
document: d1
annotator: alice
spans:
  - text: ISIS
    label: MILITANT_GROUP
YAML

if cargo xtask validate --root "$tmp" "$file" >/dev/null; then
  echo "nvim-lsp-test: the file should not validate before the fix" >&2
  exit 1
fi
CONCORD_REPO=$repo CONCORD_LSP=$server timeout 180 nvim --headless --clean -u NONE -i NONE \
  -c "luafile $repo/scripts/nvim-lsp-test.lua" "$file" 2>&1
echo "-- the file after the quick fix:"
cat "$file"
cargo xtask validate --root "$tmp" "$file"
grep -q '^    occurrence: 1$' "$file"
echo "nvim-lsp-test: ok"
