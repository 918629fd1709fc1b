#!/usr/bin/env bash
# Lints every workflow (.github/workflows, examples/) and action.yml with actionlint and zizmor
# (medium severity and above; policy in .github/zizmor.yml). Both installed once, at pinned versions,
# under .build/: actionlint from the Go module proxy, zizmor from PyPI into a venv.
set -euo pipefail
cd "$(dirname "$0")/.."
actionlint_version=v1.7.12
zizmor_version=1.33.1
bin="$PWD/.build/bin"
venv="$PWD/.build/zizmor-venv"

if [ "$("$bin/actionlint" -version 2>/dev/null | head -1)" != "$actionlint_version" ]; then
  GOBIN="$bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version"
fi
if [ "$("$venv/bin/zizmor" --version 2>/dev/null)" != "zizmor $zizmor_version" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "zizmor==$zizmor_version"
fi

workflows=(.github/workflows/*.yml examples/*.yml)
actions=(action.yml setup-builder/action.yml prune/action.yml)
# Both run, so one run reports everything either finds.
status=0
# actionlint checks workflows only; shellcheck and pyflakes are left out (not installed here).
"$bin/actionlint" -shellcheck= -pyflakes= "${workflows[@]}" || status=1
# --offline: no GitHub API from here (the audits that need it, e.g. impostor commits, are skipped).
"$venv/bin/zizmor" --offline --min-severity medium --config .github/zizmor.yml "${workflows[@]}" "${actions[@]}" \
  .github/dependabot.yml || status=1
if [ "$status" = 0 ]; then echo "workflows and actions: actionlint and zizmor clean"; fi
exit "$status"
