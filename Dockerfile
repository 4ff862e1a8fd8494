# Lectern: one binary with the web UI embedded, on a small Debian runtime
# with ffmpeg for transcoding. Build: docker build -t lectern .
# Run:   docker run -p 8080:8080 -v lectern-data:/data lectern

FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/web/dist ./web/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/lectern ./cmd/lectern

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --create-home lectern
COPY --from=build /out/lectern /usr/local/bin/lectern
USER 10001:10001
ENV LECTERN_ADDR=0.0.0.0:8080 LECTERN_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/lectern"]
CMD ["serve"]
