"""Gunicorn for Harbour on one machine: a training room of 30–40 people on 2 cores.

    gunicorn -c gunicorn.conf.py lms.wsgi

Threads, not more processes: most of a request's time is spent waiting on the
database or hashing a password (Argon2 releases the GIL), so a few processes with
several threads each serve a room without the memory of many processes. Every
figure can be changed from the environment (see .env.example).
"""

import os

_cores = os.cpu_count() or 2

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# One process per core plus one, so a process busy rendering a PDF never leaves
# a core idle; eight threads each serve 24 requests at once on two cores.
workers = int(os.environ.get("GUNICORN_WORKERS", _cores + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A 5,000-row roster import is read, checked and saved in one request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle processes now and then, so memory a PDF render took is given back.
max_requests = 2000
max_requests_jitter = 200
# Logs go to standard output, where the process manager collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Gunicorn's own heartbeat files in memory, not on a slow or full disk.
_shm = "/dev/shm"  # noqa: S108 - gunicorn's documented choice for this setting
worker_tmp_dir = _shm if os.path.isdir(_shm) else None
