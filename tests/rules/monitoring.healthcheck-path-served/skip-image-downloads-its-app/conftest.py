import pytest

@pytest.fixture
def host():
    return "localhost"
