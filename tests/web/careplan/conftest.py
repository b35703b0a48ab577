"""Care-plan web fixtures: reuse the patient-record fixtures (accounts with each role, a record)."""

from tests.web.patients.conftest import (  # noqa: F401 - fixtures re-exported for pytest
    caregiver,
    caregiver_client,
    clinician,
    clinician_client,
    limb_onset_json,
    owner,
    owner_client,
    record,
    stranger,
    stranger_client,
)
