from pathlib import Path

import pytest

from .support import chromium_path


@pytest.fixture
def chromium() -> Path:
    return chromium_path()
