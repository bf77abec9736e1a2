# One image for every Brigade node; SERVICES picks what a container runs (see docker-compose.yml, deploy/).
#   docker build -t brigade .
#   docker run -e DATABASE_URL=… -e TRANSPORTER=redis://… -e JWT_SECRET=… -e SERVICES=api -p 3000:3000 brigade

# --- build: every dependency, then TypeScript → dist/ -------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json moleculer.config.ts ./
COPY bin ./bin
COPY contracts ./contracts
COPY lib ./lib
COPY mixins ./mixins
COPY services ./services
COPY migrations ./migrations
RUN npm run build

# --- production dependencies only, installed apart so no compiler or test tool reaches the image ---
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- run: compiled code, production node_modules, the static apps; owned by root, run as node -----
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
# dist/lib/db.js reads migrations from dist/migrations (compiled by the build stage, beside it);
# dist/services/api/static-files.js serves the apps from dist/public.
COPY --from=build /app/dist ./dist
COPY public ./dist/public
# Embedded mode (no DATABASE_URL) keeps PGlite and its generated JWT secret in DATA_DIR, the one place the
# app writes: mount a volume there (-v brigade-data:/data). Distributed nodes write nothing.
RUN mkdir -p /data && chown 1000:1000 /data
# The image's `node` user, by number so Kubernetes can check runAsNonRoot without looking it up.
USER 1000:1000
# 3000: REST + Socket.IO (gateway); 9100: /health/live, /health/ready, /metrics of any node when distributed.
EXPOSE 3000 9100
# The gateway answers on PORT; other nodes on OPS_PORT (9100 by default when TRANSPORTER is set).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const e=process.env,p=e.SERVICES&&!e.SERVICES.split(',').includes('api')?(e.OPS_PORT||9100):(e.PORT||3000);fetch('http://127.0.0.1:'+p+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1: SIGTERM reaches the broker, which stops its services and closes the database.
STOPSIGNAL SIGTERM
CMD ["node", "dist/bin/brigade.js"]
