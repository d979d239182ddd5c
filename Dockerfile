# Production image of portfolio-api: built on debian:bookworm, shipped on an empty image holding
# only the binary, the shared libraries it loads, CA certificates and the dashboard.
# The classic builder builds it (no BuildKit syntax line, no RUN --mount):
#   docker build --pull=false -t portfolio-api .
# Base images come from docker/make-base-images.sh (no registry is reachable from the build hosts).

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------
# The toolchain and -dev packages are CI's list, CXX_BUILD_PACKAGES in scripts/lib/common.sh. A
# small stage extracts it, so the install layer below stays cached until the list itself changes
# (not whenever another line of common.sh does).
FROM debian:bookworm-slim AS build-packages
COPY scripts/lib/common.sh /tmp/common.sh
RUN bash -c 'source /tmp/common.sh && printf "%s\n" "${CXX_BUILD_PACKAGES[@]}" >/build-packages.txt'

# Swagger UI and ReDoc, compiled into the binary: npm ci from the committed lock file, so that a fresh
# clone builds with nothing installed on the host first. Only the three embedded files leave this stage.
FROM debian:bookworm-slim AS api-docs
# Behind a TLS-inspecting proxy, pass its CA certificate(s), PEM, as EXTRA_CA_CERTS (CI does).
ARG EXTRA_CA_CERTS=""
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates nodejs npm >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && if [ -n "$EXTRA_CA_CERTS" ]; then \
      printf '%s\n' "$EXTRA_CA_CERTS" >/usr/local/share/ca-certificates/build-extra.crt && update-ca-certificates >/dev/null; \
    fi
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
WORKDIR /opt/api-docs
COPY tools/api-docs/package.json tools/api-docs/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM debian:bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
COPY --from=build-packages /build-packages.txt /opt/portfolio/build-packages.txt
RUN apt-get update -qq \
 && xargs --arg-file=/opt/portfolio/build-packages.txt \
      env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY --from=api-docs /opt/api-docs/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
  /opt/api-docs/node_modules/swagger-ui-dist/swagger-ui.css /opt/api-docs/node_modules/swagger-ui-dist/
COPY --from=api-docs /opt/api-docs/node_modules/redoc/bundles/redoc.standalone.js \
  /opt/api-docs/node_modules/redoc/bundles/
COPY CMakeLists.txt CMakePresets.json ./
COPY src ./src
# The `release` preset (warnings are errors); the test suites are built and run by CI, not here.
# ccache has no cache to reuse inside a one-off build, so it is switched off.
ENV CCACHE_DISABLE=1
ARG REVISION=unknown
RUN cmake --preset release -Wno-dev -DPORTFOLIO_BUILD_TESTS=OFF -DPORTFOLIO_GIT_COMMIT="${REVISION}" \
      -DPORTFOLIO_API_DOCS_MODULES=/opt/api-docs/node_modules >/dev/null \
 && cmake --build build/release --target portfolio-api \
 && install -D --mode=0755 --strip build/release/src/app/portfolio-api /rootfs/app/portfolio-api

COPY docker/assemble-runtime-root.sh /opt/portfolio/
RUN /opt/portfolio/assemble-runtime-root.sh /rootfs /rootfs/app/portfolio-api

# The dashboard, when web/dist has been built (npm ci && npm run build in web/). The wildcard lets
# the image build without it; CMakeLists.txt is only there because COPY needs one source that
# always exists, and is removed at once.
COPY CMakeLists.txt web/dis[t] /rootfs/app/static/
RUN rm /rootfs/app/static/CMakeLists.txt \
 && chmod -R a+rX,go-w /rootfs/app

# ---------------------------------------------------------------------------------------------
# Runtime
# ---------------------------------------------------------------------------------------------
FROM scratch

ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="portfolio-api" \
      org.opencontainers.image.description="IoT device readings and users REST API with its dashboard" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="scratch" \
      org.opencontainers.image.documentation="docs/containers.md"

COPY --from=build /rootfs/ /

# 12-factor defaults for a container: every one can be overridden with -e.
ENV PORT=8000 \
    HOST=0.0.0.0 \
    STORAGE=sqlite \
    SQLITE_PATH=/data/portfolio.db \
    STATIC_DIR=/app/static \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt

# Uid 10001 (user `portfolio`) owns only /data; the rest of the root filesystem may be read-only.
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000

# The binary checks itself (GET /health on 127.0.0.1:$PORT): the image needs no curl or shell.
HEALTHCHECK --interval=5s --timeout=2s --start-period=10s --retries=3 \
  CMD ["/app/portfolio-api", "healthcheck"]

# The service drains on SIGTERM (grace period, then in-flight requests) and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/portfolio-api"]
