# Everything a person runs. `make run` and `make test` are the two README commands.
GO      ?= go
# staticcheck's default checks; a pinned version that supports our Go.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
WEB_SRC := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json web/package.json

.PHONY: run build web test test-go test-web lint bench clean

## run: build the UI if needed and start Lectern with demo content on SQLite
run: web
	$(GO) run ./cmd/lectern demo

## build: the single binary, UI embedded, in bin/lectern
build: web
	$(GO) build -trimpath -ldflags "-s -w" -o bin/lectern ./cmd/lectern

## web: install the UI's packages (npm ci) and build it into web/dist
web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && npm run build

## test: every test: UI unit tests, static checks (make lint), Go tests (SQLite; PostgreSQL when LECTERN_TEST_POSTGRES_URL is set), browser tests
test: web
	./scripts/test.sh

## lint: static checks: go vet, gofmt, staticcheck; the UI's types and ESLint (React hooks rules)
lint: web/node_modules/.package-lock.json
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal e2e web/embed.go bench 2>/dev/null)" || (gofmt -l cmd internal e2e web/embed.go bench; exit 1)
	$(GO) run $(STATICCHECK) ./...
	cd web && npm run typecheck && npm run lint

## bench: benchmarks that print figures
bench:
	./bench/run.sh

clean:
	rm -rf bin web/dist/assets web/dist/index.html
