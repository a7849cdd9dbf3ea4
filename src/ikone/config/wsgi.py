import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikone.config.settings.dev")
application = get_wsgi_application()
# Everything loaded so far lives as long as the worker: keep it out of the cyclic garbage
# collector's full collections, which otherwise walk all of it now and then inside a request.
gc.freeze()
