"""Plain-language notes for the ALSFRS-R, in our own words, shown *under* the validated wording.

The validated wording of every item and answer (:data:`alsnav.scales.alsfrs.ITEMS`) is never
changed; these short notes explain its medical words ("NPO", "orthopnea", "BiPAP") for people
answering at home. Every item and every answer has one (a test checks it). They aim at a reading
age of about 11 to 13 (grade 6 to 8) and say nothing the original does not.
"""

from __future__ import annotations

#: One line under each question: what it is about, in everyday words.
ITEM_PLAIN: dict[str, str] = {
    "1": "How clear your speech is.",
    "2": "How much extra spit (saliva) you have, and whether it runs out of your mouth.",
    "3": "How well you can eat and swallow.",
    "4": "How well you can write by hand with your usual hand.",
    "5a": "How well you can cut food and use a knife, fork or spoon. For people without a feeding tube.",
    "5b": "How well you can use your hands for tasks like buttons and zips. For people with a feeding tube.",
    "6": "How well you can get dressed, wash and look after yourself.",
    "7": "How well you can turn over in bed and pull the covers straight.",
    "8": "How well you can walk.",
    "9": "How well you can go up stairs.",
    "10": "Dyspnea means feeling short of breath.",
    "11": "Orthopnea means feeling breathless when lying flat.",
    "12": "Whether you need a machine to help you breathe.",
}

#: One line under each answer, keyed by item and score (4 = as before ALS, 0 = the most affected).
ANSWER_PLAIN: dict[str, dict[int, str]] = {
    "1": {
        4: "Your speech is as it was.",
        3: "People notice a change, but understand you.",
        2: "You sometimes have to say things again to be understood.",
        1: "You also use other ways to talk, like writing, pointing or a device.",
        0: "You cannot use speech to be understood.",
    },
    "2": {
        4: "No extra spit.",
        3: "A little more spit than before; you may drool at night.",
        2: "Clearly more spit; you may drool a little in the day.",
        1: "A lot of spit, and some drooling.",
        0: "Drooling all the time; you need a tissue or cloth all the time.",
    },
    "3": {
        4: "You eat as before.",
        3: "You sometimes choke on food or drink.",
        2: "You need softer food or thicker drinks.",
        1: "You eat by mouth but also need a feeding tube.",
        0: "NPO means nothing by mouth: all food goes through a tube or a drip.",
    },
    "4": {
        4: "Your writing is as it was.",
        3: "Slower or messier, but every word can be read.",
        2: "Some words cannot be read.",
        1: "You can hold a pen but cannot write.",
        0: "You cannot hold a pen.",
    },
    "5a": {
        4: "As before.",
        3: "A little slow or clumsy, but you manage alone.",
        2: "You cut most food, slowly; you need some help.",
        1: "Someone cuts your food; you can still feed yourself slowly.",
        0: "Someone else feeds you.",
    },
    "5b": {
        4: "As before.",
        3: "Clumsy, but you do it all yourself.",
        2: "You need some help with buttons, zips and other fasteners.",
        1: "You can help your caregiver a little.",
        0: "You cannot do any of it.",
    },
    "6": {
        4: "As before.",
        3: "You do it all yourself, but it takes more effort or time.",
        2: "You sometimes need help, or use other ways or aids.",
        1: "Someone has to help you with washing and dressing.",
        0: "Someone else does it all for you.",
    },
    "7": {
        4: "As before.",
        3: "A little slow or clumsy, but you manage alone.",
        2: "You can do it alone, but it is very hard.",
        1: "You can start to turn, but cannot finish alone.",
        0: "You cannot turn or move the covers at all.",
    },
    "8": {
        4: "As before.",
        3: "Ambulation means walking: you walk, but it has started to be harder.",
        2: "You walk with help from a person or an aid such as a stick or frame.",
        1: "You cannot walk, but can move your legs a little, for example to help move to a chair.",
        0: "You cannot move your legs on purpose.",
    },
    "9": {
        4: "As before.",
        3: "You are slower on stairs.",
        2: "You are a bit unsteady or tired on stairs.",
        1: "You need help on stairs.",
        0: "You cannot climb stairs.",
    },
    "10": {
        4: "You are not short of breath.",
        3: "You get short of breath when you walk.",
        2: "ADL means daily activities: you get short of breath eating, washing or dressing.",
        1: "You are short of breath even when resting, sitting or lying down.",
        0: "Breathing is very hard; you are thinking about a breathing machine.",
    },
    "11": {
        4: "You are not breathless lying down.",
        3: "Breathlessness wakes you sometimes; you do not usually need more than two pillows.",
        2: "You need more than two pillows to sleep.",
        1: "You can only sleep sitting up.",
        0: "You cannot sleep because of breathlessness.",
    },
    "12": {
        4: "You do not use a breathing machine.",
        3: "BiPAP is a breathing machine with a mask. You use it some of the time.",
        2: "You use the BiPAP mask all night.",
        1: "You use the BiPAP mask all night and all day.",
        0: "A machine breathes for you through a tube in the mouth or throat (intubation or tracheostomy).",
    },
}


def item_plain(key: str) -> str:
    return ITEM_PLAIN[key]


def answer_plain(key: str, score: int) -> str:
    return ANSWER_PLAIN[key][score]
