"""The two sources' vocabularies, defined once: the review's cytokines and the headings of both texts.

Every schema and engine that names a cytokine or a section of a source imports these
(``widgets/schemas/remodeling.py``, ``widgets/schemas/network.py``, ``widgets/network.py``).
"""

from __future__ import annotations

#: The six cytokines of the review, in the order the review and the course discuss them.
CYTOKINES: tuple[str, ...] = ("IL-1", "IL-33", "IL-6", "IL-8", "IL-10", "TNF-α")

#: Headings of the review: 1 introduction, 2 IL-1 family (2.1–2.4: IL-1 and IL-33), 3 IL-6, 4 IL-8,
#: 5 IL-10, 6 TNF-α, 7 conclusions.
REVIEW_SECTIONS: tuple[str, ...] = ("1", "2", "2.1", "2.2", "2.3", "2.4", "3", "4", "5", "6", "7")

#: Headings of the VSMC paper.
VSMC_SECTIONS: tuple[str, ...] = ("1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "3", "3.1", "3.2", "3.3", "3.4",
                                  "4", "5")

#: No data file of its own: these vocabularies are what other tables' fields are checked against.
TABLES: list = []
