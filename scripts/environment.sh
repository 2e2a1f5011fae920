# Sourced by scripts/serve and scripts/test: makes the project's own environment, .venv/ in the
# checkout, and fills it from the lock (requirements/dev.txt, exact versions and hashes) with the
# plugin installed editable. It never installs into the Python it was started with, and behaves the
# same when another virtual environment is active: everything after it runs .venv's Python.
# Afterwards $python is that environment's interpreter, and .venv's programs come first on PATH.

_script=${0##*/}
_say() { printf '%s: %s\n' "$_script" "$*" >&2; }

# The interpreter that makes .venv/: $PYTHON if set, else python3, else python.
_base=${PYTHON:-}
if [ -z "$_base" ]; then
    for _candidate in python3 python; do
        if command -v "$_candidate" >/dev/null 2>&1; then _base=$_candidate; break; fi
    done
fi
if [ -z "$_base" ]; then
    _say "no Python found: install Python 3.11 or later (python3) and run this again"
    exit 1
fi

venv_dir="$PWD/.venv"
if [ -x "$venv_dir/Scripts/python.exe" ]; then
    python="$venv_dir/Scripts/python.exe"; _bin="$venv_dir/Scripts"
else
    python="$venv_dir/bin/python"; _bin="$venv_dir/bin"
fi

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
    if ! "$_base" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
        _say "$_base is older than Python 3.11: install 3.11 or later, or name it with PYTHON=/path/to/python3.11"
        exit 1
    fi
    # Debian and Ubuntu ship venv without ensurepip unless python3-venv is installed.
    if ! "$_base" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        _say "$_base cannot make a virtual environment: install its venv module (on Debian or Ubuntu: sudo apt install python3-venv) and run this again"
        exit 1
    fi
    rm -rf "$venv_dir"
    _say "making the project's environment in .venv/ (once)"
    "$_base" -m venv "$venv_dir"
    if [ -x "$venv_dir/Scripts/python.exe" ]; then
        python="$venv_dir/Scripts/python.exe"; _bin="$venv_dir/Scripts"
    fi
fi

# Reinstall only when the lock or the package's metadata changed since the last install here.
_wanted=$("$python" -c 'import hashlib, sys
digest = hashlib.sha256()
for name in sys.argv[1:]:
    digest.update(open(name, "rb").read())
print(digest.hexdigest())' requirements/dev.txt pyproject.toml)
_stamp="$venv_dir/installed-from"
if [ "$(cat "$_stamp" 2>/dev/null)" != "$_wanted" ]; then
    _say "installing the locked dependencies and the plugin into .venv/"
    rm -f "$_stamp"
    "$python" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
    "$python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
    printf '%s\n' "$_wanted" > "$_stamp"
fi

export VIRTUAL_ENV="$venv_dir"
export PATH="$_bin${PATH:+:$PATH}"
unset PYTHONHOME
export NO_MKDOCS_2_WARNING=1
