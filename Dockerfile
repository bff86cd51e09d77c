# syntax=docker/dockerfile:1
# Chronicle: one static Go binary with the bundled corpus. README "Deploy"
# walks through it; in short:
#
#   docker build -t chronicle .
#   docker volume create chronicle-data
#   docker run --rm -v chronicle-data:/data chronicle index      # build the index once
#   docker run -d --name chronicle --restart unless-stopped \
#     -e DISCORD_TOKEN=... -e CHRONICLE_DISCORD_APPLICATION_ID=... \
#     -v "$PWD/config.yaml:/app/config.yaml:ro" \
#     -v "$PWD/corpus:/app/corpus:ro" \
#     -v chronicle-data:/data -p 8080:8080 chronicle
#
# The bot reads /app/config.yaml (mount your own; feeds are set there) and
# the corpus under /app (corpus.paths relative to /app; the bundled seed
# article is /app/corpus). The index and the schedule state live in the
# /data volume: index.path, schedule.path, http.addr and log.format are set
# below from the environment, which wins over the file.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The same command .ci/check-static-build.sh checks: a static, stripped binary.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/bot ./cmd/bot
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
# distroless/static carries CA certificates (/etc/ssl/certs) and tzdata and
# runs as the non-root user nonroot (65532). It has no shell: the health
# check runs the bot binary itself.
COPY --from=build /out/bot /bot
COPY --from=build /src/corpus /app/corpus
COPY --from=build --chown=nonroot:nonroot /out/data /data
WORKDIR /app
ENV CHRONICLE_INDEX_PATH=/data/index \
    CHRONICLE_SCHEDULE_PATH=/data/schedule.db \
    CHRONICLE_HTTP_ADDR=:8080 \
    CHRONICLE_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
# `bot healthcheck` asks http://127.0.0.1:8080/healthz: 200 once the index
# is filled and the bot can take interactions. A first build of a large
# corpus can take minutes: the start period covers it.
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 CMD ["/bot", "healthcheck"]
ENTRYPOINT ["/bot"]
CMD ["serve"]
