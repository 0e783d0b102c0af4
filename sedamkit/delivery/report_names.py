"""Names for the report: moved to :mod:`sedamkit.core.names` (the notebooks use them too); this module
keeps the old import path."""
from __future__ import annotations

from ..core.names import (approach, candidate_title, catalogue_names, element, flag_text, gap_reasons, has_key,
                          heading, humanise, kpi, prep_item, principle, quadrant)

__all__ = ["humanise", "element", "approach", "kpi", "principle", "prep_item", "heading", "quadrant",
           "candidate_title", "flag_text", "gap_reasons", "has_key", "catalogue_names"]
