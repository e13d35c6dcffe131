from __future__ import annotations

import pytest

from kezek.conftest import World
from kezek.servicedesk.tests.factories import Desk, make_desk


@pytest.fixture
def desk(world: World) -> Desk:
    return make_desk(world)
