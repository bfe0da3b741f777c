#!/usr/bin/env bash
# Set depgraph up on a fresh Debian/Ubuntu machine, then run the demo or the tests.
#
#   scripts/bootstrap.sh demo   virtualenv + depgraph (+ Graphviz), then the headline scenario
#   scripts/bootstrap.sh test   the same plus test extras, then the whole test suite
#
# Idempotent: a second run reuses .venv and installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-demo}"
case "$mode" in demo|test) ;; *) echo "usage: $0 demo|test" >&2; exit 2 ;; esac

note() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

sudo_cmd=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; fi
apt_updated=""
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "warning: cannot install $* (no apt-get); install it with your package manager" >&2
        return 1
    fi
    if [ -z "$apt_updated" ]; then
        $sudo_cmd apt-get update -qq >&2 && apt_updated=1
    fi
    note "installing $* (apt-get)"
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >&2
}

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
    apt_install python3 python3-venv
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: depgraph needs Python 3.11 or newer; $("$python" --version) found." >&2
    echo "Set PYTHON=/path/to/python3.11 and run again." >&2
    exit 2
fi
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_install python3-venv
fi
if ! command -v dot >/dev/null 2>&1; then
    apt_install graphviz || echo "warning: Graphviz missing: image output will not work" >&2
fi
if [ "$mode" = test ] && ! command -v scram >/dev/null 2>&1; then
    # SCRAM, the reference fault-tree analyser: the cross-check tests compare with it.
    apt_install scram || echo "warning: SCRAM missing: its cross-check tests will be skipped" >&2
fi
if [ "$mode" = test ] && ! command -v chromium >/dev/null 2>&1; then
    # Headless Chromium renders the governance report to a screenshot in its test.
    apt_install chromium || echo "warning: Chromium missing: the report's screenshot test will be skipped" >&2
fi
if [ "$mode" = test ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    # PostgreSQL and Redis run the real NetBox the importer's tests read from.
    apt_install postgresql || echo "warning: PostgreSQL missing: the live NetBox tests will be skipped" >&2
fi
if [ "$mode" = test ] && ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server || echo "warning: Redis missing: the live NetBox tests will be skipped" >&2
fi

if [ ! -x .venv/bin/python ]; then
    note "creating .venv"
    "$python" -m venv .venv
fi
extras="fast,netbox,kubernetes"
[ "$mode" = test ] && extras="fast,netbox,kubernetes,test"
note "installing depgraph[$extras] into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"

if [ "$mode" = demo ]; then
    note "What fails if the hosting provider loses power?"
    .venv/bin/depgraph blast-radius inventories/hospital-group.yaml \
        --fail provider:hostco,type:power
    note "Its power is back in 3 hours: when is everything else back? (timeline: plan.svg)"
    .venv/bin/depgraph restore-plan inventories/hospital-group.yaml \
        --fail provider:hostco,type:power --repair 3h -o plan.svg
    .venv/bin/depgraph restore-plan inventories/hospital-group.yaml \
        --fail provider:hostco,type:power --repair 3h | sed -n '1,13p'
    echo "  ... (the whole plan: the same command without the sed; the timeline: plan.svg)"
    note "The same day in time: the UPS, the generator, what comes back when (day.svg)"
    .venv/bin/depgraph timeline inventories/hospital-group.yaml --scenario hostco-power \
        -o day.svg
    .venv/bin/depgraph timeline inventories/hospital-group.yaml --scenario hostco-power \
        | sed -n '5,14p'
    exit 0
fi

note "checking the shipped inventories, each on its own"
for inventory in inventories/*.yaml inventories/*/estate; do
    .venv/bin/depgraph validate "$inventory"
done
note "checking the architecture's layers (import-linter)"
.venv/bin/lint-imports
note "running the test suite"
exec .venv/bin/python -m pytest "${@:2}"
