# SPDX-License-Identifier: GPL-2.0
"""The one median of the workbench's Python: every report takes its
medians here, so they all agree on what a median of an even count is."""
import statistics


def median(values):
    """The median of values (the mean of the middle two for an even
    count), as statistics.median."""
    return statistics.median(values)
