# syntax=docker/dockerfile:1
# PM1 production image: gunicorn serving cms.wsgi, static files by WhiteNoise.
#
#   docker build -t pm1 .
#   docker run --rm -e SECRET_KEY=... -e ALLOWED_HOSTS=... -e DATABASE_URL=... pm1 python manage.py migrate
#   docker run -p 8000:8000 -e SECRET_KEY=... -e ALLOWED_HOSTS=... -e DATABASE_URL=... pm1
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    MEDIA_ROOT=/var/lib/pm1/media \
    ERASURE_LEDGER=/var/lib/pm1/ledger/erasures.jsonl

# pythainlp keeps its corpora under $HOME, so the user needs a real, writable one.
RUN groupadd --system pm1 \
    && useradd --system --gid pm1 --create-home --home-dir /home/pm1 --shell /usr/sbin/nologin pm1

WORKDIR /app

# The Thai font of the executive summary PDFs (reports/thaitext.py).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-tlwg-laksaman-ttf \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so code changes reuse this layer. Every pinned package ships a wheel.
COPY requirements.txt .
RUN pip install -r requirements.txt

# The code stays root-owned: the app user can read it but not rewrite it.
COPY . .

# Production settings refuse to load without these; the values exist only for this step.
RUN SECRET_KEY=build-only-collectstatic-never-used-at-runtime-0123456789abcdef \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build-only.sqlite3 \
    python manage.py collectstatic --noinput \
    && mkdir -p "$MEDIA_ROOT" "$(dirname "$ERASURE_LEDGER")" \
    && chown pm1:pm1 "$MEDIA_ROOT" "$(dirname "$ERASURE_LEDGER")"

USER pm1
EXPOSE 8000

# Sent as the proxy would send it: a Host that ALLOWED_HOSTS accepts and X-Forwarded-Proto, so
# SECURE_SSL_REDIRECT does not turn the probe into a redirect to https.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request as r; host = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.').replace('*', 'localhost') or 'localhost'; req = r.Request('http://127.0.0.1:8000/healthz', headers={'Host': host, 'X-Forwarded-Proto': 'https'}); raise SystemExit(r.urlopen(req, timeout=4).status != 200)"

# exec: gunicorn becomes PID 1 and receives docker stop's SIGTERM itself.
CMD ["sh", "-c", "exec gunicorn cms.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --access-logfile -"]
