# syntax=docker/dockerfile:1
# Weft's service image: built from the repository, run as the unprivileged `node` user, healthy
# when /readyz answers. It talks to an external PostgreSQL (DATABASE_URL); docker-compose.yml runs
# one beside it. The README's `npm start` needs none of this (embedded PostgreSQL).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# the `node` devDependency pins the same Node 24 this image already has; no install scripts needed
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/api ./api
COPY --from=build --chown=node:node /app/wiring ./wiring
COPY --from=build --chown=node:node /app/examples ./examples
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/weft.js", "serve"]
