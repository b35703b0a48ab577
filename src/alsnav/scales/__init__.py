"""Clinical scales and staging, computed on plain data (never Django, never the clock).

* :mod:`alsnav.scales.alsfrs` — ALSFRS-R items, total and domains (Cedarbaum 1999).
* :mod:`alsnav.scales.kings` — estimated King's stage (Roche 2012; Balendra 2014).
* :mod:`alsnav.scales.mitos` — MiToS stage (Chiò 2015).
* :mod:`alsnav.scales.progression` — ΔFRS (Kimura 2006) and the slope of totals.
* :mod:`alsnav.scales.encals` — ENCALS survival model (Westeneng 2018) and TRICALS risk profile.
* :mod:`alsnav.scales.quality` — data-quality warnings (project heuristics).
"""
