import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.config import settings
from app.db import engine, get_session
from app.log import configure_logging
from app.models import Order

configure_logging(settings.log_level)
log = logging.getLogger("orders")


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    engine.dispose()


app = FastAPI(title="orders", lifespan=lifespan)
DbSession = Annotated[Session, Depends(get_session)]


class OrderIn(BaseModel):
    customer_email: str = Field(max_length=254)
    total_cents: int = Field(gt=0)


class OrderOut(BaseModel):
    id: int
    customer_email: str
    total_cents: int
    status: str


@app.get("/health")
def health() -> dict[str, bool]:
    return {"ok": True}


@app.post("/orders", status_code=201)
def create_order(body: OrderIn, session: DbSession) -> OrderOut:
    order = Order(customer_email=body.customer_email, total_cents=body.total_cents)
    session.add(order)
    session.commit()
    log.info("order %s created", order.id)
    return OrderOut.model_validate(order, from_attributes=True)


@app.get("/orders/{order_id}")
def get_order(order_id: int, session: DbSession) -> OrderOut:
    order = session.get(Order, order_id)
    if order is None:
        raise HTTPException(status_code=404, detail="order not found")
    return OrderOut.model_validate(order, from_attributes=True)
