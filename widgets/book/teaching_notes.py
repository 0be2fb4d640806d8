"""The ``teaching-notes`` directive: per-chapter notes for instructors, from ``data/teaching_notes.yaml``.

In a chapter: ```` ```{teaching-notes} il6 ``` ````. The instructor edition
(``COURSE_EDITION=instructor``) shows suggested timing, common misconceptions and discussion
prompts in a note box (``<div class="admonition note teaching-notes">``); every other edition
shows nothing, so one source serves both.

The box is made as a docutils admonition node here, not as directive text: chapters are MyST
notebooks, whose nested parser reads MyST markdown, so rST directive syntax would come out as a
literal paragraph. Only the body (bold labels and bullet lists, the same in MyST and rST) is parsed.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList


TITLE = "Teaching notes (instructor edition)"
CLASS = "teaching-notes"


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
        from ..chapters import chapters

        own = next((rec["id"] for rec in chapters() if rec["file"] == env.docname), chapter)
        if chapter != own:
            raise self.error(f"teaching-notes: {env.docname} is chapter {own!r} in data/chapters.yaml, "
                             f"not {chapter!r}")
        env.note_dependency(str(env.srcdir) + "/data/teaching_notes.yaml")
        if env.config.course_edition != "instructor":
            return []
        note = notes[chapter]
        lines = [f"**Suggested timing:** {note['timing']}", ""]
        for title, key in (("Common misconceptions", "misconceptions"), ("Discussion prompts", "discussion"),
                           ("Activities", "activities")):
            if note.get(key):
                lines += [f"**{title}**", ""] + [f"- {item}" for item in note[key]] + [""]
        box = nodes.admonition("", classes=["note", CLASS])
        box.source, box.line = self.state_machine.get_source_and_line(self.lineno)
        box += nodes.title(TITLE, TITLE)
        self.state.nested_parse(StringList(lines, source="data/teaching_notes.yaml"), self.content_offset, box)
        return [box]


def setup(app):
    app.add_directive("teaching-notes", TeachingNotes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
