#!/usr/bin/env bash
# Print the path of a Python >= 3.12: first from PATH, then from pyenv. Fail clearly if none.
set -u
ok() { "$@" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }
for name in python3.14 python3.13 python3.12 python3; do
    if command -v "$name" >/dev/null 2>&1 && ok "$name"; then
        "$name" -c 'import sys; print(sys.executable)'
        exit 0
    fi
done
if command -v pyenv >/dev/null 2>&1; then
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.|$)' | sort -V); do
        exe="$(pyenv root)/versions/$version/bin/python3"
        if [ -x "$exe" ] && ok "$exe"; then
            echo "$exe"
            exit 0
        fi
    done
fi
echo "familynet needs Python >= 3.12 and found none on PATH or in pyenv." >&2
echo "Install one (e.g. 'pyenv install 3.12' or your system's python3.12 package) and re-run." >&2
exit 1
