import logging
import sys


def configure_logging(level: str) -> None:
    """Logs are an event stream on stdout; the platform collects and routes them."""
    logging.basicConfig(
        stream=sys.stdout,
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
