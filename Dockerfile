# CareerCoach web image; the same image runs the Celery worker and beat (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=careercoach.settings.base \
    STATIC_ROOT=/var/lib/careercoach/static \
    MEDIA_ROOT=/var/lib/careercoach/media \
    PRIVATE_MEDIA_ROOT=/var/lib/careercoach/private \
    PORT=8000

WORKDIR /app

RUN groupadd --system careercoach \
 && useradd --system --gid careercoach --home-dir /app --no-create-home --shell /usr/sbin/nologin careercoach

# Dependencies first, so code changes reuse this layer.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are built into the image. Settings need a SECRET_KEY, and without
# DATABASE_URL/REDIS_URL they would start embedded servers: give them dummies
# (collectstatic connects to neither). None of these values stay in the image.
RUN SECRET_KEY=collectstatic-build-only \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT" \
 && chown -R careercoach:careercoach "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"

USER careercoach

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "docker/healthcheck.py"]

# docker-compose.yml replaces this command for the worker and beat services.
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
