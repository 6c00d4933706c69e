import logging
import os
import sys
from decimal import Decimal

import stripe
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from .invoices import render_invoice_pdf
from .models import Order, OrderLine, Product
from .payments import charge
from .tasks import send_order_confirmation

logger = logging.getLogger('store')

cart_counts = {}


def product_list(request):
    products = Product.objects.filter(stock__gt=0).values('id', 'sku', 'name', 'price', 'image')
    return JsonResponse({'products': list(products)})


@require_POST
def add_to_cart(request, product_id):
    product = get_object_or_404(Product, pk=product_id)
    if not request.session.session_key:
        request.session.save()
    cart = request.session.setdefault('cart', {})
    cart[str(product.pk)] = cart.get(str(product.pk), 0) + 1
    request.session.modified = True
    cart_counts[request.session.session_key] = sum(cart.values())
    return JsonResponse({'items': cart_counts[request.session.session_key]})


def cart(request):
    items = request.session.get('cart', {})
    products = Product.objects.in_bulk([int(pk) for pk in items])
    lines = [
        {'sku': products[int(pk)].sku, 'name': products[int(pk)].name, 'quantity': qty}
        for pk, qty in items.items()
        if int(pk) in products
    ]
    return JsonResponse({'lines': lines, 'count': cart_counts.get(request.session.session_key, 0)})


@require_POST
def checkout(request):
    items = request.session.get('cart', {})
    if not items:
        return JsonResponse({'error': 'cart is empty'}, status=400)
    try:
        with transaction.atomic():
            order = Order.objects.create(email=request.POST['email'], user=request.user if request.user.is_authenticated else None)
            total = Decimal('0')
            for pk, qty in items.items():
                product = Product.objects.select_for_update().get(pk=int(pk))
                OrderLine.objects.create(order=order, product=product, quantity=qty, unit_price=product.price)
                product.stock -= qty
                product.save(update_fields=['stock'])
                total += product.price * qty
            order.total = total
            order.save(update_fields=['total'])
    except DatabaseError:
        logger.critical('database unavailable during checkout', exc_info=True)
        sys.exit(1)

    try:
        intent = charge(order, request.POST['payment_method'])
    except stripe.error.CardError as exc:
        return JsonResponse({'error': exc.user_message}, status=402)
    order.status = Order.PAID
    order.stripe_payment_intent = intent.id
    order.save(update_fields=['status', 'stripe_payment_intent'])
    request.session['cart'] = {}
    cart_counts.pop(request.session.session_key, None)
    send_order_confirmation.delay(order.pk)
    return JsonResponse({'order': order.pk}, status=201)


def invoice(request, order_id):
    order = get_object_or_404(Order, pk=order_id, user=request.user)
    return HttpResponse(render_invoice_pdf(order), content_type='application/pdf')


@staff_member_required
@require_POST
def upload_product_image(request, product_id):
    product = get_object_or_404(Product, pk=product_id)
    upload = request.FILES['image']
    filename = f'{product.sku}-{upload.name}'
    with open(os.path.join(settings.MEDIA_ROOT, 'products', filename), 'wb') as destination:
        for chunk in upload.chunks():
            destination.write(chunk)
    product.image = f'{settings.MEDIA_URL}products/{filename}'
    product.save(update_fields=['image'])
    return JsonResponse({'image': product.image})


@staff_member_required
def run_migrations(request):
    call_command('migrate', interactive=False)
    return HttpResponse('migrations applied\n', content_type='text/plain')
