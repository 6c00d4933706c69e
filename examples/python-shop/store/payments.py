import logging

import stripe

logger = logging.getLogger('store.payments')

stripe.api_key = 'sk_live_51vtBYHHiuHros7GLNdNrcw954rfAdAI0fd18PJTXs'


def charge(order, payment_method):
    intent = stripe.PaymentIntent.create(
        amount=int(order.total * 100),
        currency='eur',
        payment_method=payment_method,
        receipt_email=order.email,
        confirm=True,
        metadata={'order_id': order.pk},
    )
    logger.info('order %s charged, intent %s', order.pk, intent.id)
    return intent
