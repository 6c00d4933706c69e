"""Fulfils pending orders. Runs as its own process type; on SIGTERM it finishes the current order and exits."""
import logging
import signal
import threading

from sqlalchemy import select

from app.config import settings
from app.db import SessionLocal, engine
from app.log import configure_logging
from app.models import Order

log = logging.getLogger("orders.worker")
stopping = threading.Event()


def request_stop(signum: int, _frame: object) -> None:
    log.info("received %s, stopping after the current order", signal.Signals(signum).name)
    stopping.set()


def fulfil_next() -> bool:
    with SessionLocal() as session, session.begin():
        order = session.scalars(
            select(Order).where(Order.status == "pending").order_by(Order.id).limit(1).with_for_update(skip_locked=True)
        ).first()
        if order is None:
            return False
        order.status = "fulfilled"
        log.info("order %s fulfilled", order.id)
        return True


def run() -> None:
    while not stopping.is_set():
        if not fulfil_next():
            stopping.wait(settings.worker_poll_seconds)
    engine.dispose()
    log.info("worker stopped")


def main() -> None:
    configure_logging(settings.log_level)
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    run()


if __name__ == "__main__":
    main()
