"""unionparse: Vietnamese trade-union review articles -> verifiable JSON records."""

from unionparse.models import Article, ErrorRecord, Source
from unionparse.pipeline import extract_file, extract_text

__version__ = "1.0.0"
__all__ = ["Article", "ErrorRecord", "Source", "extract_file", "extract_text", "__version__"]
