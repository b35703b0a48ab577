"""Progression tracking: score and stage a patient record over time (issue 5).

:func:`alsnav.progression.assess.assess` builds the typed report (``to_json()`` gives the
``alsnav assess`` document);
:mod:`alsnav.progression.cli` adds the ``assess`` and ``validate`` sub-commands.
"""

from alsnav.progression.assess import AssessmentReport, ScoredAssessment, assess, assess_record

__all__ = ["AssessmentReport", "ScoredAssessment", "assess", "assess_record"]
