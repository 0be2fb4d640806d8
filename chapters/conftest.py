"""pytest in chapters/: the template is not a chapter (its id, "template", is not in data/chapters.yaml)."""

collect_ignore = ["_template.ipynb"]
