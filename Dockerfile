# Production image: gunicorn serving the site, whitenoise serving static files.
# The same image runs the worker: `python manage.py db_worker`.

FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build_frontend.sh scripts/
COPY frontend frontend
RUN ./scripts/build_frontend.sh

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/venv \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=localdigital.settings.production
WORKDIR /app
RUN pip install --no-cache-dir uv==0.13.8 \
    && useradd --system --uid 1000 --home /app localdigital
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
COPY --from=frontend /app/frontend_build frontend_build
# collectstatic needs settings to load, not real secrets.
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 ALLOWED_HOSTS=localhost SITE_URL=http://localhost \
    DATABASE_CACHE=true \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/media && chown -R localdigital /app/media
USER localdigital
EXPOSE 8000
CMD ["gunicorn", "localdigital.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
