"""`make lint`'s dependency audit: pip-audit over the lock file (constraints.txt), honest about coverage.

pip-audit prints "No known vulnerabilities found" even when it could check nothing (offline, every
package is skipped). This wrapper counts what was checked: it fails on a known vulnerability, and
otherwise says how many pinned packages were checked and how many could not be — never "clean"
for a package it did not check. Exit 0 when nothing known is vulnerable (offline included).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "constraints.txt"


def main() -> int:
    command = [
        sys.executable, "-m", "pip_audit", "-r", str(LOCK), "--no-deps", "--disable-pip",
        "--progress-spinner", "off", "--format", "json",
    ]  # fmt: skip
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"pip-audit: NOT CHECKED — could not run pip-audit ({error})")
        return 0
    try:
        report = json.loads(run.stdout)
    except ValueError:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"pip-audit: NOT CHECKED — pip-audit failed: {last}")
        return 0
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    checked = [d for d in dependencies if not d.get("skip_reason")]
    vulnerable = [d for d in checked if d.get("vulns")]
    for dep in vulnerable:
        found = ", ".join(v.get("id", "?") for v in dep["vulns"])
        print(f"pip-audit: {dep['name']} {dep.get('version')} has known vulnerabilities: {found}")
    summary = f"pip-audit: checked {len(checked)} of {len(dependencies)} pinned packages"
    if skipped:
        summary += (
            f"; {len(skipped)} NOT checked (vulnerability database unreachable or package unknown, "
            f"e.g. {skipped[0]['name']}: {skipped[0]['skip_reason']})"
        )
    print(summary + (f"; {len(vulnerable)} vulnerable" if checked else ""))
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
