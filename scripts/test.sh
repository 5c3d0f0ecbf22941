#!/usr/bin/env bash
# Runs every Tessera test: unit, storage (SQLite and a real PostgreSQL server), API and browser tests.
# Installs what it needs (PostgreSQL 15, Chromium) when missing, starts a private PostgreSQL cluster on
# loopback, runs `dotnet test` over the whole solution and prints one closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need_apt=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

eval "$(scripts/pg-cluster.sh start)"
trap 'scripts/pg-cluster.sh stop >/dev/null 2>&1 || true' EXIT
export TESSERA_REQUIRE_PG=1
export TESSERA_CHROMIUM=${TESSERA_CHROMIUM:-$(command -v chromium)}
export TESSERA_SHARED_DATA=${TESSERA_SHARED_DATA:-$(cd "$root/../shared/data" && pwd)}
# Trained alert models are kept between processes (see docs/ALERT-MAPPING.md): a folder of this run's own, emptied
# first, so the first test process trains and saves, the others load, and nothing outside the clone is written.
if [ -z "${TESSERA_MODEL_CACHE:-}" ]; then
  export TESSERA_MODEL_CACHE="$root/artifacts/model-cache"
  rm -rf "$TESSERA_MODEL_CACHE"
fi

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
# Two test modules at a time: four at once on two cores starves the browser tests.
# The data-protection key warning repeats for every test host and buries the failures in the log.
env "Logging__LogLevel__Microsoft.AspNetCore.DataProtection=Error" \
  dotnet test --solution Tessera.slnx -c Release --max-parallel-test-modules 2 --results-directory "$results" -- --report-trx || status=$?

# One closing line, summed over every test project's TRX report.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
t = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
for path in sorted(glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)):
    root = ET.parse(path).getroot()
    c = root.find(f"{t}ResultSummary/{t}Counters")
    if c is not None:
        passed += int(c.get("passed", 0))
        failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
        skipped += int(c.get("notExecuted", 0))
    # Failed tests before the closing line, so a log cut to its tail still names them with their message and stack top.
    for r in root.iter(t + "UnitTestResult"):
        if r.get("outcome") in ("Passed", "NotExecuted", "Inconclusive"):
            continue
        print(f"FAILED {r.get('testName')} ({r.get('outcome')}, {r.get('duration')})")
        info = r.find(f"{t}Output/{t}ErrorInfo")
        if info is not None:
            for tag, limit in (("Message", 25), ("StackTrace", 12)):
                el = info.find(t + tag)
                if el is not None and el.text:
                    for line in el.text.strip().splitlines()[:limit]:
                        print("    " + line[:300])
        # What the test wrote (browser tests trace navigations, console errors and the circuit): its last lines.
        out = r.find(f"{t}Output/{t}StdOut")
        if out is not None and out.text and out.text.strip():
            lines = out.text.strip().splitlines()
            print(f"    output, last {min(len(lines), 40)} of {len(lines)} lines:")
            for line in lines[-40:]:
                print("      " + line[:300])
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
