"""Make docs/view.png, the README's picture of `planner view`, from the Valentine's example.

Run by hand after changing the page's look: .venv/bin/python docs/screenshot.py
It needs Debian's chromium and the playwright package (the test extra), like the browser tests.
The plan is pinned (--start), so the picture changes only when the page does.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import DESKTOP, launch, open_page  # noqa: E402

OUT = ROOT / "docs" / "view.png"
PLANNER = [sys.executable, "-m", "planner", "view"]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "plan.html"
        subprocess.run(
            [
                *PLANNER,
                "rules/valentines-rings.toml",
                "--start",
                "2026-12-01",
                "-o",
                str(page_file),
            ],
            cwd=ROOT,
            check=True,
        )
        with launch() as browser, open_page(browser, page_file.as_uri(), DESKTOP) as page:
            # The whole page at desktop width: the month calendar and the journey map.
            page.screenshot(path=str(OUT), full_page=True)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
