from django.urls import path

from . import views

urlpatterns = [
    path('products/', views.product_list),
    path('cart/add/<int:product_id>', views.add_to_cart),
    path('cart/', views.cart),
    path('checkout/', views.checkout),
    path('orders/<int:order_id>/invoice.pdf', views.invoice),
    path('products/<int:product_id>/image', views.upload_product_image),
]
