# SPDX-License-Identifier: GPL-2.0
"""The one table writer: markdown tables, padded so that they also read
as plain text on a terminal."""


def md_table(header, rows):
    """The lines of a markdown table: header, rule, one line per row; each
    column as wide as its widest cell."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    return ([fmt.format(*header),
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"] +
            [fmt.format(*r) for r in rows])


def print_table(header, rows):
    """Print md_table(header, rows)."""
    for line in md_table(header, rows):
        print(line)
