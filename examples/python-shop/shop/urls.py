from django.contrib import admin
from django.urls import include, path

from store import views

urlpatterns = [
    path('admin/run-migrations', views.run_migrations),
    path('admin/', admin.site.urls),
    path('', include('store.urls')),
]
