# zbooks serve in a container: the gateway for programs in any language (see README, "Use it from any language").
# Build: docker build -t zbooks .
# Run:   docker run --rm -p 8787:8787 -v zbooks-config:/config \
#          -e ZOHO_CLIENT_ID -e ZOHO_CLIENT_SECRET -e ZOHO_REFRESH_TOKEN -e ZOHO_DC -e ZOHO_ORGANIZATION_ID \
#          -e ZBOOKS_TOKEN_STORE=redis://redis:6379/0 zbooks
# Keys:  docker run --rm -v zbooks-config:/config zbooks serve keys add billing --read-only
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    ZBOOKS_CONFIG_DIR=/config \
    ZBOOKS_SERVE_HOST=0.0.0.0 \
    ZBOOKS_SERVE_PORT=8787
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# The config directory holds the key hashes (0600) and, with a file store, the token cache: the node user's own.
RUN mkdir -m 0700 /config && chown node:node /config
USER node
VOLUME /config
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:8787/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/bin/main.js"]
CMD ["serve"]
