"""Schema of data/teaching_notes.yaml: per-chapter notes shown only in the instructor edition."""

from ..data import Field, Table

TABLES = [
    Table(
        "teaching_notes.yaml",
        (
            Field("chapter", ref="chapters.yaml:id", unique=True, doc="an id of data/chapters.yaml"),
            Field("timing", doc="suggested class time and how to split it"),
            Field("misconceptions", kind="list", min_items=1, doc="common misconceptions and how to address them"),
            Field("discussion", kind="list", min_items=1, doc="discussion prompts"),
            Field("activities", kind="list", required=False, doc="optional in-class activities"),
        ),
        key="chapter",
        doc="Teaching notes per chapter (instructor edition only).",
    )
]
