"""The ``incidents`` command run inside the test process: fast enough for many small cases.

The real console script is exercised through ``conftest.run_cli``; this runs the
same ``main`` with the same arguments, at the example's fixed now unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from incident_reports.cli.main import main

from conftest import EXAMPLE_EPOCH

Inline = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Inline:
    """``cli(site, *args, epoch=...)`` -> exit code, stdout, stderr."""
    # Wide enough that tables keep each id on one line.
    monkeypatch.setenv("COLUMNS", "160")

    def run(site: Path, *args: str, epoch: int = EXAMPLE_EPOCH) -> tuple[int, str, str]:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        try:
            code = main(["-f", str(site / "mkdocs.yml"), *args])
        except SystemExit as exc:  # argparse's own refusals
            code = exc.code
        out, err = capsys.readouterr()
        return int(code or 0), out, err
    return run
