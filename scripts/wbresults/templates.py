# SPDX-License-Identifier: GPL-2.0
"""Report prose, kept in templates.txt rather than in string literals.

templates.txt is a list of sections: a line "[name]" starts one, and its
text is the lines up to the next section, stripped and joined with single
spaces (the file wraps a paragraph; the report prints it on one line).
Lines starting with ";" are comments.  The text is a str.format template.
"""
import functools
import os
import re

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "templates.txt")
SECTION_RE = re.compile(r"^\[([a-z0-9-]+)\]$")


@functools.lru_cache(maxsize=None)
def load_templates(path=TEMPLATES):
    """{name: text} of the sections of path."""
    sections, name = {}, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            m = SECTION_RE.match(line)
            if m:
                name = m.group(1)
                sections[name] = []
            elif line and not line.startswith(";") and name is not None:
                sections[name].append(line)
    return {n: " ".join(lines) for n, lines in sections.items()}


def text(name, **fields):
    """Section name of templates.txt, its {fields} filled in."""
    return load_templates()[name].format(**fields)
