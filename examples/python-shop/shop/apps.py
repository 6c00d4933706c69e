from apscheduler.schedulers.background import BackgroundScheduler
from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = 'shop'

    def ready(self):
        from store.tasks import expire_reservations

        scheduler = BackgroundScheduler()
        scheduler.add_job(expire_reservations, 'interval', minutes=10)
        scheduler.start()
