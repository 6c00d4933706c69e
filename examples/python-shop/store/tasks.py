from datetime import timedelta

from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone

from .models import Order


@shared_task
def send_order_confirmation(order_id):
    order = Order.objects.get(pk=order_id)
    send_mail(
        f'Your order #{order.pk}',
        f'Thanks for your order! Total: {order.total} EUR.',
        None,
        [order.email],
    )


@shared_task
def send_abandoned_cart_reminders():
    cutoff = timezone.now() - timedelta(hours=24)
    for order in Order.objects.filter(status=Order.PENDING, created_at__lt=cutoff):
        send_mail(
            'You left something in your cart',
            'Your cart is waiting for you at https://shop.example.com/cart/',
            None,
            [order.email],
        )


def expire_reservations():
    cutoff = timezone.now() - timedelta(hours=2)
    Order.objects.filter(status=Order.PENDING, created_at__lt=cutoff).update(status=Order.CANCELLED)
