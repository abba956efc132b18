# syntax=docker/dockerfile:1
#
# Switchboard: the engine (HTTP API, webhooks, step workers) serving the built editor at /.
#   docker build -t switchboard .
#   docker compose up            # with Postgres and Redis, see docker-compose.yml
# The same image runs every role: ROLE=all (default), api or worker.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install everything, compile every workspace package, then keep production deps only
FROM ${NODE_IMAGE} AS build
ENV CI=true
RUN npm install -g pnpm@10.34.9
WORKDIR /app

# Manifests first, so the dependency layer is rebuilt only when they change.
# (A new workspace package needs its package.json listed here too.)
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY shared/package.json shared/
COPY client/package.json client/
COPY nodes/package.json nodes/
COPY migrations/package.json migrations/
COPY engine/package.json engine/
COPY editor/package.json editor/
RUN pnpm install --frozen-lockfile

COPY . .
RUN pnpm build

# Drop devDependencies (TypeScript, Vite, vitest, swc...): reinstall with --prod from the
# store the first install filled. node_modules is removed first because pnpm refuses to
# purge a modules directory whose dependency set changed without a TTY.
RUN find . -name node_modules -type d -prune -exec rm -rf {} + \
 && pnpm install --frozen-lockfile --prod --offline

# ---- runtime: the built workspace (engine/dist, shared/dist, nodes/dist, migrations/dist,
# editor/dist) with production node_modules; the engine finds the editor through
# pnpm-workspace.yaml at /app.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=build /app /app
# Code stays root-owned (read-only to the engine). Run it with DATABASE_URL, REDIS_URL and
# ENCRYPTION_KEY set (docker-compose.yml does): the image has no redis-server for the
# one-machine fallback. Only the data directory, which that fallback (embedded Postgres, a
# generated encryption key) writes to, belongs to the engine's user; mount a volume there.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
CMD ["node", "engine/dist/main.js"]
