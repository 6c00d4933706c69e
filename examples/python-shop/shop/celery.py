import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')

app = Celery('shop')
app.config_from_object('django.conf:settings', namespace='CELERY')
app.autodiscover_tasks()

app.conf.beat_schedule = {
    'abandoned-cart-reminders': {
        'task': 'store.tasks.send_abandoned_cart_reminders',
        'schedule': crontab(minute=0, hour='*/3'),
    },
}
