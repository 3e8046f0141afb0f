# asrctl — see README.md. `make deploy` and `make test` work on a fresh Debian 12 machine.
SWIFT        ?= swift
APT_PACKAGES := pkg-config libpocketsphinx-dev pocketsphinx-en-us pocketsphinx-testdata \
                libhiredis-dev libopus-dev redis-server redis-tools docker-compose curl
RELEASE_BIN  := .build/release/asrctl

.PHONY: setup build release test deploy clean

## setup: install the Debian packages the build, the runtime and the tests need (idempotent).
setup:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
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

## test: the whole test suite, on the real model, real redis-server and real validators.
test: setup
	$(SWIFT) test

## deploy: install, build a release binary, validate the profiles and render the deployment files.
deploy: release
	$(RELEASE_BIN) validate
	$(RELEASE_BIN) render all -o deploy
	$(RELEASE_BIN) check-host || true

clean:
	rm -rf .build deploy .asrctl
