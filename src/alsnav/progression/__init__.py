"""Progression tracking: score and stage a patient record over time (issue 5).

:func:`alsnav.progression.assess.assess_record` builds the ``alsnav assess`` document;
:mod:`alsnav.progression.cli` adds the ``assess`` and ``validate`` sub-commands.
"""

from alsnav.progression.assess import assess_record

__all__ = ["assess_record"]
