import logging
import os
import time

import django
import requests
import yaml

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')
django.setup()

from store.models import Product  # noqa: E402

logger = logging.getLogger('store.feeds')

FEED_URL = os.environ['SUPPLIER_FEED_URL']
API_TOKEN = os.environ['SUPPLIER_API_TOKEN']
POLL_SECONDS = 300


def sync_stock():
    response = requests.get(FEED_URL, headers={'Authorization': f'Bearer {API_TOKEN}'}, timeout=30)
    response.raise_for_status()
    feed = yaml.safe_load(response.text)
    for item in feed.get('items', []):
        updated = Product.objects.filter(sku=item['sku']).update(stock=item['quantity'])
        if not updated:
            logger.warning('unknown sku %s in supplier feed', item['sku'])


if __name__ == "__main__":
    while True:
        try:
            sync_stock()
        except requests.RequestException:
            logger.exception('supplier feed unavailable')
        time.sleep(POLL_SECONDS)
