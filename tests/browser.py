"""Headless Chromium for page tests, driven by Playwright's Python API.

Playwright never downloads a browser here: it drives Debian's ``chromium`` package
(``/usr/bin/chromium``, installed by ``.ci/run``). Without Chromium or the ``playwright`` package
the tests that use it are skipped on a developer machine and FAIL under CI (``CI`` set), like
the PostgreSQL tests (tests/pg.py).

Use:

    def test_page(chromium: Browser) -> None:          # the session fixture, from conftest.py
        with open_page(chromium, url, DESKTOP) as page:  # or PHONE; url: http://… or a file URI
            page.screenshot(path=tmp_path / "page.png", full_page=True)
            assert text_overflows(page) == []            # no text leaves its box
            assert horizontal_scroll(page) == 0          # the page fits the viewport's width

``launch()`` is the context manager behind the fixture, for scripts (docs/screenshot.py).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import required

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Viewports (width, height) in CSS pixels.
DESKTOP = (1280, 800)
PHONE = (390, 844)

# No GPU, no sandbox (root in a container), and nothing that reaches the network by itself.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = "install Debian's chromium package (apt-get install chromium), or run .ci/run"


def unavailable(reason: str) -> NoReturn:
    required.unavailable("browser tests", reason)


def find_chromium() -> Path | None:
    """Debian's /usr/bin/chromium, else a chromium on PATH."""
    debian = Path("/usr/bin/chromium")
    if debian.exists():
        return debian
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


@contextlib.contextmanager
def launch() -> Iterator[Browser]:
    """A started headless Chromium, closed on exit; skips or fails (CI) when it cannot start."""
    executable = find_chromium()
    if executable is None:
        unavailable(f"no chromium executable; {MISSING}")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed; pip install -e '.[test]'")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=str(executable), args=ARGS, headless=True
            )
        except Error as exc:
            unavailable(f"{executable} did not start: {exc}")
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def open_page(browser: Browser, url: str, viewport: tuple[int, int] = DESKTOP) -> Iterator[Page]:
    """``url`` loaded in a fresh context (no shared cookies or storage) of the given size."""
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


# Every rendered element that holds text of its own: where its overflow is hidden or clipped,
# text wider than the box is cut (scrollWidth > clientWidth); where it is visible, the text runs
# out of the box (its text nodes' rectangle reaches past the element's). Elements that are not
# rendered (display: none, a closed <details>) have no client rects and are left out.
_OVERFLOW_JS = """
() => {
  const found = [];
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    if (el.classList.length) name += '.' + [...el.classList].join('.');
    return name;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const texts = [...el.childNodes].filter(
      (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
    if (texts.length === 0 || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const text = texts.map((n) => n.textContent.trim()).join(' ').slice(0, 60);
    if (['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX)) {
      if (el.scrollWidth > el.clientWidth + 1) {
        found.push(`${describe(el)}: ${el.scrollWidth} > ${el.clientWidth}: ${text}`);
      }
      continue;
    }
    const box = el.getBoundingClientRect();
    for (const node of texts) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (rect.width > 0 && (rect.right > box.right + 1 || rect.left < box.left - 1)) {
        found.push(`${describe(el)}: text ${Math.round(rect.left)}..${Math.round(rect.right)}`
          + ` outside ${Math.round(box.left)}..${Math.round(box.right)}: ${text}`);
        break;
      }
    }
  }
  return found;
}
"""


def text_overflows(page: Page) -> list[str]:
    """A line per element whose text does not fit its box's width; empty when all fit."""
    found: list[str] = page.evaluate(_OVERFLOW_JS)
    return found


def horizontal_scroll(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it fits)."""
    extra: int = page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )
    return extra
