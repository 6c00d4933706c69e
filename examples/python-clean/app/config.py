"""Settings, read once from the environment. Defaults exist only where a local run needs no choice."""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    database_url: str
    log_level: str
    worker_poll_seconds: float


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ["DATABASE_URL"],
        log_level=os.environ.get("LOG_LEVEL", "INFO"),
        worker_poll_seconds=float(os.environ.get("WORKER_POLL_SECONDS", "1")),
    )


settings = load_settings()
