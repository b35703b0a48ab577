"""Core tests use the patient fixtures (accounts with each role, a record)."""

from tests.web.patients.conftest import (  # noqa: F401 - fixtures
    limb_onset_json,
    owner,
    record,
)
