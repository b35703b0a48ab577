"""Plain-language words for scores, stages and the prognosis model shown on the patient pages.

Written for people with ALS and their families (about a grade-8 reading level). Each explanation
names its source; the numbers themselves come from the core (``alsnav.progression.assess``).
"""

from __future__ import annotations

from alsnav.scales.kings import KingsStage
from alsnav.scales.mitos import MitosStage

ANSWERED_BY_SHORT = {"self": "Self", "caregiver": "Caregiver", "clinician": "Clinician", "": "Not recorded"}

DOMAIN_LABELS = {
    "bulbar": "Speech and swallowing (bulbar)",
    "fine_motor": "Hands and arms (fine motor)",
    "gross_motor": "Walking and moving (gross motor)",
    "respiratory": "Breathing (respiratory)",
}

DOMAIN_SHORT = {
    "bulbar": "Bulbar",
    "fine_motor": "Fine motor",
    "gross_motor": "Gross motor",
    "respiratory": "Breathing",
}

REGION_LABELS = {
    "bulbar": "speech and swallowing",
    "upper_limb": "the arms",
    "lower_limb": "the legs",
}

MITOS_DOMAIN_LABELS = {
    "walking_self_care": "walking or looking after yourself",
    "swallowing": "swallowing",
    "communicating": "communicating",
    "breathing": "breathing",
}

ALSFRS_INTRO = (
    "The ALSFRS-R is a questionnaire of 12 everyday activities, each scored from 4 (as before ALS) "
    "to 0. The total goes from 48 down to 0. It is compared with how things were before ALS started, "
    "not with the last time."
)

KINGS_INTRO = (
    "King's staging counts how many body regions ALS affects — speech and swallowing, arms, legs — "
    "for stages 1 to 3. Stage 4 means a feeding tube (4A) or breathing support (4B) is needed. Here "
    "it is estimated from the ALSFRS-R answers and the profile, so it can differ from your team's "
    "own staging. Source: Roche et al., Brain 2012; estimated from the ALSFRS-R as in Balendra et al., 2014."
)

MITOS_INTRO = (
    "MiToS counts how many of four things someone can no longer do on their own: walking or looking "
    "after themselves, swallowing, communicating, and breathing. Stage 0 means none of them is lost "
    "yet; each stage adds one. Source: Chiò et al., J Neurol Neurosurg Psychiatry 2015."
)

DELTA_FRS_TEXT = (
    "ΔFRS is the average number of ALSFRS-R points lost per month since the first symptoms: "
    "(48 − total) divided by the months since onset. A smaller number means slower change. "
    "Source: Kimura et al., Neurology 2006."
)

SLOPE_TEXT = (
    "The slope is the trend line through all the ALSFRS-R totals: how many points the total "
    "changes per month on average. A negative number means the total is going down. It needs at "
    "least two ALSFRS-R on different dates, and it is steadier with more."
)


def kings_explanation(kings: KingsStage) -> str:
    """One or two plain sentences for the King's stage of one assessed ALSFRS-R."""
    stage = kings.stage
    if stage == 5:
        return "Stage 5: after death."
    parts = []
    if stage == 4:
        if kings.four_a:
            parts.append("A feeding tube (gastrostomy) is in place or needed (4A).")
        if kings.four_b:
            parts.append("Breathing support (such as BiPAP) is used or needed (4B).")
        return " ".join(parts)
    regions = [REGION_LABELS.get(r, r) for r in kings.regions]
    if not regions:
        return (
            "Stage 1. None of the answers shows a region affected yet; stage 1 is given because a "
            "diagnosis of ALS means at least one region is."
        )
    count = {1: "One body region is", 2: "Two body regions are", 3: "Three body regions are"}[len(regions)]
    return f"Stage {stage}. {count} affected: {_join(regions)}."


def mitos_explanation(mitos: MitosStage) -> str:
    stage = mitos.stage
    if stage == 5:
        return "Stage 5: after death."
    lost = [MITOS_DOMAIN_LABELS.get(d, d) for d in mitos.domains_lost]
    if not lost:
        return "Stage 0. The answers show help is not yet needed for any of the four."
    return f"Stage {stage}. Help is needed with {_join(lost)}."


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


ENCALS_MEANING = (
    "The ENCALS model (Westeneng et al., Lancet Neurology 2018) was built from people with ALS "
    "seen at 14 European ALS centres. From eight facts known at diagnosis it estimates how "
    "long after the first symptoms people with the same facts reached death, a tracheostomy, or "
    "breathing support for more than 23 hours a day. The median is the time by which half of them "
    "had reached one of these, and half had not."
)

ENCALS_LIMITS = (
    "It describes a group, not one person: many people live much longer or shorter than the median.",
    "It uses the facts at diagnosis (the first ALSFRS-R, the FVC nearest to it). Later changes and "
    "treatments are not taken into account.",
    "It was built from people seen at European specialist centres and may fit other groups less well.",
    "FVC is measured in different ways in different clinics, which changes the estimate.",
    "The coefficients are the published version as coded by one of the paper's authors; the "
    "paper's own table was not available to check them against.",
    "Use it only as a starting point for a conversation with the person, never on its own.",
)

ENCALS_MISSING_LABELS = {
    "birth_date": "date of birth",
    "onset_date": "date of the first symptoms",
    "diagnosis_date": "date of diagnosis",
    "assessments": "an ALSFRS-R after the first symptoms",
    "fvc_percent": "an upright FVC measurement",
    "onset_region": "where the first symptoms started",
    "diagnosis": "the revised El Escorial category",
    "cognition": "thinking and behaviour (FTD or not)",
    "genetics.C9orf72": "the C9orf72 gene test result",
}

PROGNOSIS_OPT_IN_TEXT = (
    "The ENCALS model estimates, from facts at diagnosis, how long it usually takes people with "
    "ALS like you to reach death or full-time breathing support. Some people want to know this, "
    "many do not. If you turn this on, clinicians you share your record with will see the estimate "
    "on your progress page, with what it means and its limits, so they can talk it through with you. "
    "You will not see the number on your own pages."
)
