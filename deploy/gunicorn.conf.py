"""How `make run` serves quizapp: gunicorn, with workers from the core count.

Run with `gunicorn --config deploy/gunicorn.conf.py`; every setting can be
overridden on the command line or through GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

wsgi_app = "quizapp:create_app()"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# gunicorn's rule of thumb: two workers per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# The factory does no I/O, so it is built once and shared by the forked workers.
preload_app = True
accesslog = "-"
# Behind a reverse proxy, trust its X-Forwarded-* headers only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
