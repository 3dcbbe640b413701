"""axe-core for the accessibility checks: installed once from the npm registry, then cached.

The package goes to test-artifacts/node/ (git-ignored) with `npm install --prefix`, and its
axe.min.js is injected into each page by Playwright. Nothing is loaded from another host at
test time once the cache is there.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

AXE_VERSION = "4.11.0"
NODE_DIR = Path(__file__).resolve().parents[3] / "test-artifacts" / "node"
AXE_JS = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA (GB/T 37668 follows WCAG 2.0 AA closely), plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def _installed_version() -> str | None:
    package = NODE_DIR / "node_modules" / "axe-core" / "package.json"
    if not package.exists():
        return None
    import json

    return json.loads(package.read_text(encoding="utf-8")).get("version")


def ensure_axe() -> Path:
    """Path of axe.min.js, installing axe-core@AXE_VERSION with npm if it is not cached yet."""
    if AXE_JS.exists() and _installed_version() == AXE_VERSION:
        return AXE_JS
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to install axe-core for the accessibility tests")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [
            npm,
            "install",
            "--prefix",
            str(NODE_DIR),
            f"axe-core@{AXE_VERSION}",
            "--no-audit",
            "--no-fund",
            "--no-save",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return AXE_JS


def run_axe(page, axe_js: Path) -> list[dict]:
    """axe's violations on the page as loaded, only the serious and critical ones."""
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' +
                                                   n.html.slice(0, 160) + ' :: ' +
                                                   (n.failureSummary || '').slice(0, 200))}));
        }""",
        AXE_TAGS,
    )
    return [v for v in result if v["impact"] in BLOCKING_IMPACTS]
