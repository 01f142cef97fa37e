# syntax=docker/dockerfile:1
#
# Production image for cadre-api.
#
#   docker build -t cadre-api .
#   docker run --rm -p 8000:8000 \
#       -e DATABASE_URL=postgres://cadre:PASSWORD@HOST:5432/cadre \
#       -e CADRE_JWT_SECRET -e CADRE_REPORTER_KEY -e CADRE_RECEIPT_KEY -e CADRE_LOG_KEY \
#       cadre-api
#
# with the four keys exported first, each made once and kept (outside the database and its
# backups) as long as the data lives: losing CADRE_REPORTER_KEY loses reporters' identities,
# losing CADRE_RECEIPT_KEY makes every receipt code useless, losing CADRE_LOG_KEY leaves the
# access log unverifiable:
#
#   export CADRE_JWT_SECRET="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
#   export CADRE_REPORTER_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
#   export CADRE_RECEIPT_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
#   export CADRE_LOG_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
#
# In production mode (the image's default) the server refuses to start without any of them.
#
# The same image runs the other commands: `docker run ... cadre-api cadre-api migrate`,
# `... cadre-api seed demo`, `... cadre-api token USER` (see docker-compose.yml).

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: install the project and its dependencies into a virtualenv in /opt/venv ---------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src

# Dependencies first, read from pyproject.toml alone (dev extras left out): this layer is
# rebuilt only when pyproject.toml changes, not on every source edit.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

# Then the project itself. Only the packages named in [tool.setuptools.packages.find] are
# copied (no .venv, .git, .env, .cadre-secret or *.sqlite3 from the work tree): add a new
# top-level package here too.
COPY api/ api/
COPY schema/ schema/
COPY policies/ policies/
COPY models/ models/
COPY demo/ demo/
COPY rules/ rules/
RUN pip install . \
    && cadre-api --help > /dev/null

# --- runtime: the virtualenv only, run by an unprivileged user -------------------------------
FROM ${PYTHON_IMAGE}

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CADRE_ENV=production

RUN groupadd --system --gid 10001 cadre \
    && useradd --system --uid 10001 --gid cadre --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin cadre \
    && install -d -o cadre -g cadre -m 0755 /app

# Owned by root, so the running service cannot modify its own code.
COPY --from=build /opt/venv /opt/venv

# The working directory is the only place the app writes to (a SQLite file, when DATABASE_URL
# is left at its default); settings also read an optional .env file from here.
WORKDIR /app
# The `cadre` user, by number so that a runtime (e.g. Kubernetes runAsNonRoot) can check it.
USER 10001:10001

EXPOSE 8000

# Liveness only: /healthz does not touch the database (docker-compose.yml probes /readyz).
# The slim image has no curl; http.client ignores any HTTP(S)_PROXY variables.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import http.client, sys; c = http.client.HTTPConnection('127.0.0.1', 8000, timeout=4); c.request('GET', '/healthz'); sys.exit(c.getresponse().status != 200)"]

CMD ["cadre-api", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
