"""The UNSET marker that tells "absent" (unchanged) from null (cleared)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
import pickle

from custom_components.status_dashboard.client.models import UNSET, ServiceUpdate


def test_unset_is_a_single_falsy_marker_distinct_from_none() -> None:
    assert copy.deepcopy(UNSET) is UNSET
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET
    assert not UNSET
    assert UNSET is not None
    assert repr(UNSET) == "UNSET"


def test_update_fields_default_to_unset() -> None:
    update = ServiceUpdate("api", datetime(2026, 1, 1, tzinfo=UTC))

    assert update.status is UNSET
    assert update.response_time is UNSET
    assert update.details is UNSET
