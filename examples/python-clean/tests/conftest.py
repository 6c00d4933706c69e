import os

os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://orders:orders@localhost:5432/orders_test")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("WORKER_POLL_SECONDS", "0.01")

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from app.db import engine  # noqa: E402
from app.main import app  # noqa: E402
from app.models import Base  # noqa: E402


@pytest.fixture(autouse=True)
def tables():
    Base.metadata.create_all(engine)
    yield
    Base.metadata.drop_all(engine)


@pytest.fixture
def client():
    with TestClient(app) as client:
        yield client
