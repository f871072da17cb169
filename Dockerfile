# Production image: gunicorn serves the web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# Build-time only: compile translations and collect static files (no secret needed for either).
RUN SECRET_KEY=build-only DEBUG=false python manage.py compilemessages --ignore=.venv -v 0 \
 && SECRET_KEY=build-only DEBUG=false python manage.py collectstatic --no-input -v 0 \
 && useradd --system --uid 1000 jobbspar && mkdir -p /app/var && chown -R jobbspar /app/var

USER jobbspar
EXPOSE 8000
CMD ["gunicorn", "jobbspar.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
