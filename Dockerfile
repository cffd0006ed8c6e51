# Waspada, production profile: one image for the web app and the workers (compose.yaml).
#   docker build -t waspada .
#   docker run --env-file .env waspada web      (or: worker, smtp, or any `python -m waspada` command)
# docs/deployment.md explains the settings; nothing is downloaded when the container runs.
FROM python:3.11-slim-bookworm

# libgomp1: OpenMP for the LightGBM trees of the hate-speech model; npm: the pinned map and
# chart libraries (package-lock.json), copied into static/vendor at build time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 npm \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /var/lib/waspada --uid 10001 waspada
WORKDIR /app

COPY pyproject.toml README.md ./
COPY waspada ./waspada
RUN pip install --no-cache-dir .

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN python -m waspada.assets >/dev/null && rm -rf node_modules

ENV WASPADA_PROFILE=production \
    WASPADA_VAR_DIR=/var/lib/waspada \
    MEDIA_ROOT=/var/lib/waspada/media \
    STATIC_ROOT=/app/staticfiles \
    WASPADA_HOST=0.0.0.0 \
    WASPADA_PORT=8000 \
    PYTHONUNBUFFERED=1

# Static files with hashed names (the manifest storage of the production profile). The
# settings need these values to load; none of them is used by collectstatic or kept.
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@127.0.0.1/build \
    WASPADA_FIELD_KEYS=QnVpbGQtb25seS1rZXktbm90LXVzZWQtYXQtcnVuISE= \
    python -m waspada collectstatic --noinput -v0 \
 && python -m compileall -q waspada

USER waspada
VOLUME ["/var/lib/waspada"]
EXPOSE 8000
ENTRYPOINT ["/app/deploy/docker-entrypoint.sh"]
CMD ["web"]
