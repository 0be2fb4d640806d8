"""Self-check quizzes that work everywhere: static site, JupyterLab, Colab, VS Code.

``quiz("il6")`` reads ``data/quizzes/il6.yaml`` through the validating loader and returns a
:class:`Quiz`, which displays as plain, accessible HTML:

* each question is a ``<fieldset>`` with a ``<legend>``, radio ``<input>``s with ``<label>``s, a
  **Check** button and a feedback line in an ``aria-live="polite"`` region;
* the feedback says "Correct —" or "Not quite —" in words (colour is never the only signal);
* a ``<details>`` "Show the answer" disclosure works even where scripts do not run;
* one small inline script (vanilla JS, no requests, no ``eval``) defines a single global,
  ``window.courseQuizCheck``, once per page however many quizzes the page holds, and handles every
  Check button by event delegation. Until it runs, the Check buttons stay hidden.

The HTML is deterministic: ids derive from the chapter id and the question ids (``cq-il6-classic``),
never from random numbers, so notebook outputs are stable.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Sequence

from .data import load_records
from .chapters import chapter as _chapter_entry, check_chapter_id

__all__ = ["COLOURS", "QUIZ_CSS", "QUIZ_JS", "Quiz", "load_quiz", "quiz"]

#: Text/background pairs used by the quiz (each pair meets WCAG AA, contrast ≥ 4.5:1).
COLOURS: dict[str, tuple[str, str]] = {
    "correct": ("#14532d", "#dcfce7"),   # dark green on pale green
    "wrong": ("#7f1d1d", "#fee2e2"),     # dark red on pale red
    "empty": ("#1e293b", "#f1f5f9"),     # slate on pale slate ("choose an answer first")
    "button": ("#ffffff", "#0b4f8a"),    # white on dark blue
}

QUIZ_CSS = (
    ".course-quiz{{margin:1em 0}}"
    ".course-quiz fieldset{{border:1px solid #8a94a6;border-radius:6px;margin:0 0 1em;padding:.6em 1em}}"
    ".course-quiz legend{{font-weight:600;padding:0 .3em;font-size:1rem;line-height:1.45;float:none;width:auto;margin-bottom:.4em}}"
    ".course-quiz-option{{margin:.3em 0;display:flex;gap:.5em;align-items:baseline}}"
    ".course-quiz-option input{{flex:none}}"
    ".course-quiz-check{{color:{button[0]};background:{button[1]};border:0;border-radius:4px;"
    "padding:.35em 1em;margin:.4em 0;font:inherit;cursor:pointer}}"
    ".course-quiz :focus-visible{{outline:3px solid #1d4ed8;outline-offset:2px}}"
    ".course-quiz-feedback:empty{{display:none}}"
    ".course-quiz-feedback{{margin:.4em 0;padding:.4em .7em;border-left:4px solid currentColor}}"
    ".course-quiz-feedback.is-correct{{color:{correct[0]};background:{correct[1]}}}"
    ".course-quiz-feedback.is-wrong{{color:{wrong[0]};background:{wrong[1]}}}"
    ".course-quiz-feedback.is-empty{{color:{empty[0]};background:{empty[1]}}}"
    ".course-quiz details{{margin:.3em 0 0}}"
).format(**COLOURS)

# One namespaced global (courseQuizCheck), defined once; a single delegated click listener;
# un-hides Check buttons each time it runs (new quiz outputs in a live notebook).
QUIZ_JS = """(function(){
var w=window,d=document;
if(!w.courseQuizCheck){
w.courseQuizCheck=function(b){
var f=b.closest('fieldset');if(!f)return;
var o=f.querySelector('.course-quiz-feedback'),s=f.querySelector('input[type=radio]:checked');
if(!s){o.textContent='Choose an answer first.';o.className='course-quiz-feedback is-empty';return;}
var ok=s.getAttribute('data-correct')==='true',x=ok?(f.getAttribute('data-explanation')||''):'';
o.textContent=(ok?'Correct \\u2014 ':'Not quite \\u2014 ')+s.getAttribute('data-feedback')+(x?' '+x:'');
o.className='course-quiz-feedback '+(ok?'is-correct':'is-wrong');
f.setAttribute('data-state',ok?'correct':'wrong');
};
d.addEventListener('click',function(e){
var t=e.target,b=t&&t.closest?t.closest('button.course-quiz-check'):null;
if(b)w.courseQuizCheck(b);
});
}
var h=d.querySelectorAll('button.course-quiz-check[hidden]');
for(var i=0;i<h.length;i++)h[i].hidden=false;
})();"""

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _check_chapter(chapter: str) -> str:
    return check_chapter_id(chapter, "chapter")


def load_quiz(chapter: str) -> list[dict]:
    """The validated questions of ``data/quizzes/<chapter>.yaml`` (a fresh copy).

    Raises ``ValueError`` for an unknown chapter id and :class:`~widgets.data.DataError` (naming file,
    item and field) for a broken file, for example a question without a correct option (the schema's
    checks, run by the loader).
    """
    return load_records(f"quizzes/{_check_chapter(chapter)}.yaml")


@dataclass
class Quiz:
    """A chapter's self-check questions, displayed as HTML (``_repr_html_``) or text."""

    chapter: str
    questions: list[dict]
    key: str | None = None
    title: str = field(default="")

    def __post_init__(self) -> None:
        _check_chapter(self.chapter)
        if self.key is not None and not _KEY.match(self.key):
            raise ValueError(f"key={self.key!r} is not usable in an HTML id; allowed: lower-case letters, "
                             "digits and '-'")
        if not self.questions:
            raise ValueError("questions=[] is empty; a quiz needs at least one question")
        self.title = self.title or f"Self-check: {_chapter_entry(self.chapter)['short_title']}"

    @property
    def dom_id(self) -> str:
        """The quiz's HTML id prefix (deterministic, unique per chapter and key)."""
        return f"cq-{self.chapter}" + (f"-{self.key}" if self.key else "")

    def __len__(self) -> int:
        return len(self.questions)

    # -- HTML -------------------------------------------------------------------------------
    def _question_html(self, number: int, q: dict) -> str:
        e = html.escape
        qid = f"{self.dom_id}-{q['id']}"
        parts = [f'<fieldset class="course-quiz-question" id="{qid}"'
                 + (f' data-explanation="{e(q["explanation"])}"' if q.get("explanation") else "") + ">",
                 f'<legend><span class="course-quiz-number">Question {number} of {len(self)}.</span> '
                 f"{e(q['question'])}</legend>"]
        answer = ""
        for i, opt in enumerate(q["options"], start=1):
            oid = f"{qid}-{i}"
            parts.append(
                f'<div class="course-quiz-option"><input type="radio" id="{oid}" name="{qid}" value="{i}" '
                f'data-correct="{"true" if opt["correct"] else "false"}" data-feedback="{e(opt["feedback"])}">'
                f'<label for="{oid}">{e(opt["text"])}</label></div>')
            if opt["correct"]:
                answer = f"{e(opt['text'])}. {e(opt['feedback'])}"
        parts.append('<button type="button" class="course-quiz-check" hidden>Check</button>')
        parts.append(f'<p class="course-quiz-feedback" id="{qid}-feedback" aria-live="polite"></p>')
        explanation = f" {e(q['explanation'])}" if q.get("explanation") else ""
        parts.append(f"<details><summary>Show the answer</summary><p><strong>Answer:</strong> "
                     f"{answer}{explanation}</p></details>")
        parts.append("</fieldset>")
        return "\n".join(parts)

    def to_html(self) -> str:
        """The quiz as self-contained HTML (style, questions, script); no external requests."""
        body = "\n".join(self._question_html(n, q) for n, q in enumerate(self.questions, start=1))
        return (f'<section class="course-quiz" id="{self.dom_id}" aria-label="{html.escape(self.title)}">\n'
                f"<style>{QUIZ_CSS}</style>\n{body}\n</section>\n<script>{QUIZ_JS}</script>")

    def to_text(self) -> str:
        """A plain-text version (terminals, text-only outputs); answers are not included."""
        lines = [f"{self.title} ({len(self)} questions)", ""]
        for n, q in enumerate(self.questions, start=1):
            lines.append(f"{n}. {q['question']}")
            lines += [f"   {chr(64 + i)}. {opt['text']}" for i, opt in enumerate(q["options"], start=1)]
            lines.append("")
        lines.append("Check your answers in a browser or notebook, or call .answers().")
        return "\n".join(lines)

    def answers(self) -> str:
        """The answer key as text: letter, option and explanation of each question."""
        lines = []
        for n, q in enumerate(self.questions, start=1):
            i, opt = next((i, o) for i, o in enumerate(q["options"], start=1) if o["correct"])
            lines.append(f"{n}. {chr(64 + i)}. {opt['text']} — {opt['feedback']}"
                         + (f" {q['explanation']}" if q.get("explanation") else ""))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self.to_html(), "text/plain": self.to_text()}

    def __repr__(self) -> str:
        return f"Quiz(chapter={self.chapter!r}, questions={len(self)})"


def quiz(chapter: str, *, only: Sequence[str] | None = None, key: str | None = None) -> Quiz:
    """The self-check quiz of ``chapter`` (an id of ``data/chapters.yaml``).

    ``only`` keeps the listed question ids, in the order given (to place a few questions inside
    a section); ``key`` distinguishes two quizzes of the same chapter on one page (HTML ids).
    """
    questions = load_quiz(chapter)
    if only is not None:
        if isinstance(only, str):
            raise ValueError(f"only={only!r} must be a list of question ids, not a single string")
        by_id = {q["id"]: q for q in questions}
        unknown = [qid for qid in only if qid not in by_id]
        if unknown:
            raise ValueError(f"only={list(only)!r} contains unknown question id(s) {unknown}; allowed: "
                             f"{', '.join(by_id)}")
        questions = [by_id[qid] for qid in only]
    return Quiz(chapter, questions, key=key)
