"""The ``teaching-notes`` directive: per-chapter notes for instructors, from ``data/teaching_notes.yaml``.

In a chapter: ```` ```{teaching-notes} il6 ``` ````. The instructor edition
(``COURSE_EDITION=instructor``) shows suggested timing, common misconceptions and discussion
prompts; every other edition shows nothing, so one source serves both.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList


class TeachingNotes(Directive):
    required_arguments = 1
    has_content = False

    def run(self):
        from ..data import load_records

        env = self.state.document.settings.env
        chapter = self.arguments[0]
        notes = {r["chapter"]: r for r in load_records("teaching_notes.yaml")}
        if chapter not in notes:
            raise self.error(f"teaching-notes: no notes for chapter {chapter!r} in data/teaching_notes.yaml; "
                             f"known: {', '.join(sorted(notes))}")
        env.note_dependency(str(env.srcdir) + "/data/teaching_notes.yaml")
        if env.config.course_edition != "instructor":
            return []
        note = notes[chapter]
        lines = [".. admonition:: Teaching notes (instructor edition)", "   :class: note teaching-notes", "",
                 f"   **Suggested timing:** {note['timing']}", ""]
        for title, key in (("Common misconceptions", "misconceptions"), ("Discussion prompts", "discussion"),
                           ("Activities", "activities")):
            if note.get(key):
                lines += [f"   **{title}**", ""] + [f"   - {item}" for item in note[key]] + [""]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source="data/teaching_notes.yaml"), self.content_offset,
                                container)
        return container.children


def setup(app):
    app.add_directive("teaching-notes", TeachingNotes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
