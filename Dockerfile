# syntax=docker/dockerfile:1
# Chronicle: one static Go binary with the bundled corpus.
#   docker build -t chronicle .
#   docker run -e DISCORD_TOKEN=... -v chronicle-data:/data -p 8080:8080 chronicle
#   docker run -v chronicle-data:/data chronicle index   # (re)build the index
# The index and the schedule state live in the /data volume.

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
# runs as the non-root user nonroot (65532).
COPY --from=build /out/bot /bot
COPY --from=build /src/corpus /app/corpus
COPY --from=build --chown=nonroot:nonroot /out/data /data
WORKDIR /app
ENV CHRONICLE_CORPUS_PATHS=/app/corpus \
    CHRONICLE_INDEX_PATH=/data/index \
    CHRONICLE_SCHEDULE_PATH=/data/schedule.db \
    CHRONICLE_HTTP_ADDR=:8080 \
    CHRONICLE_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/bot"]
CMD ["serve"]
