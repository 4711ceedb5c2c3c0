# syntax=docker/dockerfile:1
#
# One image for every Boxoffice process:
#   API (default)   node dist/src/api/main.js
#   worker          node dist/worker.js
#   migrations      node dist/src/infra/db/migrate-cli.js   (creates the database if needed, applies prisma/migrations)
#
# npm install commands fall back to `npm install --no-save` when `npm ci` rejects package-lock.json
# because it lacks other platforms' optional packages (the same fallback scripts/setup.mjs uses).

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: all dependencies, Prisma client, TypeScript -> dist/ ------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund --no-save
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
# Same command as scripts/setup.mjs; a connected build needs no PRISMA_SCHEMA_ENGINE_BINARY workaround.
RUN node_modules/.bin/prisma generate
COPY worker.ts ./
COPY src ./src
COPY bench ./bench
RUN node_modules/.bin/tsc -p tsconfig.build.json

# --- production dependencies only -------------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN (npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-audit --no-fund --no-save) \
    && npm cache clean --force

# --- runtime ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# CA certificates for TLS connections made outside Node's bundled store (the Temporal client's native core).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/worker.js ./dist/worker.js
COPY prisma/migrations ./prisma/migrations
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/src/api/main.js"]
