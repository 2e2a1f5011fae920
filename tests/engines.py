"""Two builds of one site compared file by file, apart from what names the engine and the build date.

    python tests/engines.py SITE_A SITE_B     # exit 1 and the differing files when they differ

MkDocs and ProperDocs write the same site except the ``<meta name="generator">`` tag; the
sitemap's ``<lastmod>`` dates are the day of the build (and the gzipped sitemap carries a time).
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

#: What may differ between engines and between days.
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def normalised(file: Path) -> bytes:
    """A built file's bytes without the generator tag and sitemap dates (a gzipped sitemap unpacked)."""
    content = file.read_bytes()
    if file.name.endswith(".gz"):
        content = gzip.decompress(content)
    content = _GENERATOR.sub(b'<meta name="generator">', content)
    return _LASTMOD.sub(b"<lastmod></lastmod>", content)


def differences(first: Path, second: Path) -> list[str]:
    """Every file found in one build only, or with other content once normalised."""
    files = {path.relative_to(first).as_posix() for path in first.rglob("*") if path.is_file()}
    others = {path.relative_to(second).as_posix() for path in second.rglob("*") if path.is_file()}
    found = [f"only in {first}: {name}" for name in sorted(files - others)]
    found += [f"only in {second}: {name}" for name in sorted(others - files)]
    found += [f"differs: {name}" for name in sorted(files & others) if normalised(first / name) != normalised(second / name)]
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tests/engines.py SITE_A SITE_B", file=sys.stderr)
        return 2
    found = differences(Path(argv[0]), Path(argv[1]))
    for line in found:
        print(line)
    if not found:
        print(f"{argv[0]} and {argv[1]} are the same apart from the generator tag and sitemap dates")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
