# ketnoi: the two commands are `make demo` and `make test`; each does all the set-up first.

SWIFT ?= swift
PREFIX ?= /usr/local
# System packages the build and the tests need (Debian 12).
DEBS := pkg-config libsqlite3-dev libpcap-dev libssh-dev libssl-dev openssh-server sqlite3
# The report's browser test renders index.html in headless Chromium and reads the PNG in Python.
DEBS += chromium python3
# The operators' tools the ecosystem tests drive (ansible/, the textfile, completion, man page).
DEBS += ansible python3-prometheus-client bash-completion zsh groff-base
DEMO_DB := demo/ketnoi.db
SHARED_GEO := ../shared/corpus/geo/cantho-2025-wards.geojson

.PHONY: all deps build test demo install clean

all: build

# Installs missing system packages with apt-get when run as root; otherwise prints the command
# to run and stops with status 69 (EX_UNAVAILABLE).
deps:
	@command -v $(SWIFT) >/dev/null || { \
		echo "ketnoi: the Swift toolchain (swift 6.x) is not on PATH; see swift.org/install"; \
		exit 69; }
	@missing=""; for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
			|| missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing \
				>/dev/null || exit 69; \
		else \
			echo "ketnoi needs these Debian packages:$$missing"; \
			echo "run: sudo apt-get install -y$$missing"; \
			exit 69; \
		fi; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-xctest

demo: build
	@if [ -f demo/lab/lab.json ]; then $$($(SWIFT) build --show-bin-path)/ketnoi lab down --dir demo/lab; fi
	rm -rf demo && mkdir -p demo
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) areas import hotspots/cantho/wards.csv
	@if [ -f $(SHARED_GEO) ]; then \
		echo "boundaries: $(SHARED_GEO)"; \
		$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) areas import --name-field fullName $(SHARED_GEO); \
	else \
		echo "boundaries: none found at $(SHARED_GEO); wards have centre points only (approximate)"; \
	fi
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) hotspots import hotspots/cantho/hotspots.csv
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) areas list
	@echo "--- access points: 12 simulated ones (real sshd on 127.0.0.1), one inventory run"
	$$($(SWIFT) build --show-bin-path)/ketnoi lab up --aps 12 --firmware mixed --dir demo/lab \
		--hotspots CT-001,CT-002,CT-005,CT-012,CT-020,CT-031,CT-041,CT-050
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) aps import demo/lab/access-points.csv
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) inventory || true
	@echo "--- usage: a 5-second capture streamed from one access point, counters only"
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) sample --remote lab-ap-001 --duration 5 --window 60 || true
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) usage || true
	$$($(SWIFT) build --show-bin-path)/ketnoi lab down --dir demo/lab
	@echo "--- learning: the course files and a sample programme (every record marked sample)"
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) courses import curricula
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) learning sample --seed 1 --learners 2000
	$$($(SWIFT) build --show-bin-path)/ketnoi --db $(DEMO_DB) learning summary

# The Swift runtime is linked in, so the installed binary needs only the Debian libraries.
# The man page and the completion scripts are written by the installed binary itself.
install: deps
	$(SWIFT) build -c release --static-swift-stdlib
	install -D -m 0755 "$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/ketnoi" \
		$(DESTDIR)$(PREFIX)/bin/ketnoi
	install -D -m 0755 \
		"$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/ketnoi-lab-answer" \
		$(DESTDIR)$(PREFIX)/bin/ketnoi-lab-answer
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions
	$(DESTDIR)$(PREFIX)/bin/ketnoi help --man > $(DESTDIR)$(PREFIX)/share/man/man1/ketnoi.1
	$(DESTDIR)$(PREFIX)/bin/ketnoi completion bash \
		> $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ketnoi
	$(DESTDIR)$(PREFIX)/bin/ketnoi completion zsh \
		> $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ketnoi

clean:
	rm -rf .build demo
