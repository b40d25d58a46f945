"""A browser view of a batch: every value beside the words it came from.

`unionparse report PATH... -o DIR` (or `--pred OUT.jsonl`) writes `DIR/index.html` and one page
per input. `entries` pairs each record with its text, `highlight` places the evidence spans,
`render` fills the Jinja2 templates. The report reads records; it never extracts on its own.
"""

from unionparse.report.entries import ReportEntry, entries_from_records, run_entries
from unionparse.report.render import ReportExists, Summary, build_report

__all__ = [
    "ReportEntry",
    "ReportExists",
    "Summary",
    "build_report",
    "entries_from_records",
    "run_entries",
]
