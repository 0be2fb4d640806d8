"""Schema of data/teaching_notes.yaml: per-chapter notes shown only in the instructor edition."""

from ..data import Field, Table
from .content import CHAPTER_IDS

TABLES = [
    Table(
        "teaching_notes.yaml",
        (
            Field("chapter", kind="choice", choices=CHAPTER_IDS, unique=True, doc="chapter id"),
            Field("timing", doc="suggested class time and how to split it"),
            Field("misconceptions", kind="list", min_items=1, doc="common misconceptions and how to address them"),
            Field("discussion", kind="list", min_items=1, doc="discussion prompts"),
            Field("activities", kind="list", required=False, doc="optional in-class activities"),
        ),
        key="chapter",
        doc="Teaching notes per chapter (instructor edition only).",
    )
]
