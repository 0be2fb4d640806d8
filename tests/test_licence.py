"""The licences are stated where a reader of the repository and of the site looks for them.

LICENSE names both (MIT for the code, CC BY 4.0 for the course text and figures), README states them,
CITATION.cff lists them and names the repository set in ``_config.yml``, and the site's footer (set in
``_config.yml``) carries them on every page (``tests/site/test_pages.py`` opens the pages; here the built
HTML is read).
"""

from __future__ import annotations

import pytest
import yaml

from .booktools import ROOT
from .sitetools import SITE


def test_license_file_names_both_licences_and_what_each_covers():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text and "Permission is hereby granted, free of charge" in text
    assert "CC BY 4.0" in text and "creativecommons.org/licenses/by/4.0" in text
    for part in ("widgets/", "chapters/", "data/"):
        assert part in text, f"LICENSE does not say which licence covers {part}"


def test_readme_states_the_licences():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MIT License" in readme and "CC BY 4.0" in readme and "(LICENSE)" in readme


def test_citation_lists_the_licences_and_the_configured_repository():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["title"] and citation["authors"]
    assert citation["license"] == ["MIT", "CC-BY-4.0"]
    assert citation["repository-code"] == config["repository"]["url"]
    assert "version" not in citation  # written once, in pyproject.toml


@pytest.mark.skipif(not (SITE / "index.html").is_file(), reason="the site is not built: run `make book` first")
def test_every_page_footer_carries_the_licences():
    pages = [p for p in SITE.rglob("*.html") if p.relative_to(SITE).parts[0] not in ("_static", "_sources")]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        footer = html[html.find('<footer class="bd-footer'):]
        assert 'class="course-licence"' in footer, f"{page.relative_to(SITE)}: no licence in the footer"
        assert "https://opensource.org/license/mit" in footer and "https://creativecommons.org/licenses/by/4.0/" in footer
