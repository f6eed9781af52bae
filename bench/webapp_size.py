"""First-screen transfer size of the web app: the JS and CSS the page loads, gzip-compressed.

Builds nothing: it measures what `make web` put in mobile_web/static/dist/ (the files
index.html names, and the modules they import), and prints the total against the budget
of 100 KB. Exits 1 when over budget or not built. It also asks the app itself for each
file, as a browser that accepts brotli and gzip, one that accepts only gzip, and one that
accepts neither, and prints what goes over the wire (the bodies as sent) against the bare
files.

    .venv/bin/python bench/webapp_size.py
"""

from __future__ import annotations

import gzip
import logging
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "mobile_web" / "static"
DIST = STATIC / "dist"
BUDGET_BYTES = 100 * 1000
#: Static imports between built modules (esbuild writes `import ... from"./chunk-x.js"`).
IMPORT = re.compile(rb"""(?:import|from)\s*["'](\./[^"']+\.js)["']""")


class _FirstScreen(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.urls.append(attrs["href"])


def _path(url: str) -> Path:
    if not url.startswith("/static/"):
        raise SystemExit(f"not a file of this app: {url}")
    return STATIC / url.removeprefix("/static/")


def first_screen_files() -> list[Path]:
    page = DIST / "index.html"
    if not page.exists():
        raise SystemExit("mobile_web is not built: run `make web` first.")
    parser = _FirstScreen()
    parser.feed(page.read_text(encoding="utf-8"))
    files = [_path(url) for url in parser.urls]
    todo = [f for f in files if f.suffix == ".js"]
    while todo:  # follow static imports
        module = todo.pop()
        for name in IMPORT.findall(module.read_bytes()):
            found = (module.parent / name.decode()).resolve()
            if found not in files:
                files.append(found)
                todo.append(found)
    return files


#: Accept-Encoding as browsers send it, and as a client that takes no compression.
CLIENTS = {"br": "gzip, deflate, br, zstd", "gzip": "gzip, deflate", "none": "identity"}


def wire_sizes(urls: list[str]) -> dict[str, dict[str, int]]:
    """Bytes of each answer's body as the app sends it, per kind of client."""
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from config import TestConfig

    with tempfile.TemporaryDirectory() as folder:
        config = TestConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{Path(folder) / 'size.sqlite3'}"
        config.UPLOAD_TMP_DIR = str(Path(folder) / "uploads")
        client = create_app(config).test_client()
        logging.disable(logging.INFO)  # the app's start-up lines are no figures
        sizes: dict[str, dict[str, int]] = {}
        for name, accept in CLIENTS.items():
            sizes[name] = {}
            for url in urls:
                response = client.get(url, headers={"Accept-Encoding": accept})
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
                sizes[name][url] = len(response.get_data())
        return sizes


def main() -> int:
    total_raw = total_gzip = 0
    print(f"{'file':<40} {'bytes':>10} {'gzip':>10}")
    for path in first_screen_files():
        data = path.read_bytes()
        packed = len(gzip.compress(data, compresslevel=9, mtime=0))
        total_raw += len(data)
        total_gzip += packed
        print(f"{path.relative_to(STATIC).as_posix():<40} {len(data):>10,} {packed:>10,}")
    verdict = "within" if total_gzip <= BUDGET_BYTES else "OVER"
    print(f"{'first screen, JS + CSS':<40} {total_raw:>10,} {total_gzip:>10,}")
    print(
        f"webapp first-screen transfer: {total_gzip / 1000:.1f} KB gzip, "
        f"{verdict} the budget of {BUDGET_BYTES / 1000:.0f} KB"
    )

    urls = ["/"] + ["/static/" + p.relative_to(STATIC).as_posix() for p in first_screen_files()]
    sizes = wire_sizes(urls)
    print(f"\non the wire, as the app sends it (the page and its JS + CSS, {len(urls)} answers)")
    print(f"{'client accepts':<40} {'bytes':>10} {'vs bare':>10}")
    bare = sum(sizes["none"].values())
    for name, label in (("none", "no compression"), ("gzip", "gzip"), ("br", "brotli and gzip")):
        total = sum(sizes[name].values())
        print(f"{label:<40} {total:>10,} {total / bare:>10.2f}")
    return 0 if total_gzip <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
