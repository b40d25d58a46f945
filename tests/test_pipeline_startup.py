"""What a CLI start imports: modules the default path never uses stay out (each costs startup)."""

from __future__ import annotations

import subprocess
import sys


def test_cli_import_leaves_dateutil_parser_out() -> None:
    code = "import sys, unionparse.cli; print('dateutil.parser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parse_cut_timestamp_still_reads_a_timestamp() -> None:
    from unionparse.dates import parse_cut_timestamp

    got = parse_cut_timestamp("04/03/2024 10:05:41")
    assert got is not None and (got.year, got.month, got.day, got.hour) == (2024, 3, 4, 10)
