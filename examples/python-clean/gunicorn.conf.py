import os

bind = f"0.0.0.0:{int(os.environ.get('PORT', '8000'))}"
worker_class = "uvicorn.workers.UvicornWorker"
accesslog = "-"
graceful_timeout = 20
