"""Format converters: TextEE JSON Lines, BRAT standoff and PLOVER-style dyadic records.

Every converter is a pair of pure functions over :class:`~benchmark.schema.Document` objects (no file
access) plus a :class:`~benchmark.convert.common.ConversionReport` that counts, per kind, what the
target format could not hold; :mod:`benchmark.convert.roundtrip` checks gold → format → gold. Reading
and writing the files (BRAT folders, JSON Lines, YAML) is done by the command line,
``eventbench convert`` in :mod:`benchmark.cli_convert`.
"""

from .common import DROP_KINDS, ConversionReport

__all__ = ["DROP_KINDS", "ConversionReport"]
