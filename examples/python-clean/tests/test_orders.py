import signal

from app import worker


def test_health(client):
    assert client.get("/health").json() == {"ok": True}


def test_create_and_fetch_order(client):
    created = client.post("/orders", json={"customer_email": "ada@example.com", "total_cents": 4200})
    assert created.status_code == 201
    order_id = created.json()["id"]

    fetched = client.get(f"/orders/{order_id}")
    assert fetched.json() == {"id": order_id, "customer_email": "ada@example.com", "total_cents": 4200, "status": "pending"}


def test_unknown_order_is_404(client):
    assert client.get("/orders/999999").status_code == 404


def test_worker_fulfils_pending_orders(client):
    order_id = client.post("/orders", json={"customer_email": "grace@example.com", "total_cents": 990}).json()["id"]

    assert worker.fulfil_next() is True
    assert worker.fulfil_next() is False
    assert client.get(f"/orders/{order_id}").json()["status"] == "fulfilled"


def test_sigterm_stops_the_worker_loop():
    worker.stopping.clear()
    worker.request_stop(signal.SIGTERM, None)
    worker.run()
    assert worker.stopping.is_set()
