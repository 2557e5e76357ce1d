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

# `make demo BOUNDARIES=FILE` takes ward polygons from FILE (GeoJSON, the ward name in the
# property NAME_FIELD); else from ../shared/corpus/geo when present; else centre points only.
BOUNDARIES ?=
NAME_FIELD ?= fullName
# The lab answers as at this instant and the sample programme ends the day before, so two runs
# of the demo give the same report numbers.
DEMO_CLOCK := 2026-06-30T09:00:00+07:00
DEMO_UNTIL := 2026-06-29
# One lab SSID is hostile text: the report must show it as text, never as markup.
DEMO_SSID := <script>alert(1)</script>
DEMO_HOTSPOTS := CT-001,CT-002,CT-005,CT-012,CT-020,CT-031,CT-041,CT-050

# One shell, so the trap stops the lab whatever step fails.
demo: build
	@set -eu; \
	k="$$($(SWIFT) build --show-bin-path)/ketnoi"; \
	if [ -f demo/lab/lab.json ]; then "$$k" lab down --dir demo/lab || true; fi; \
	rm -rf demo && mkdir -p demo; \
	trap '"$$k" lab down --dir demo/lab >/dev/null 2>&1 || true' EXIT; \
	started=$$(date +%s); \
	run() { echo "+ ketnoi $$*"; "$$k" --db $(DEMO_DB) "$$@"; }; \
	echo "--- wards: the 103 phường and xã, then their boundaries"; \
	run areas import hotspots/cantho/wards.csv; \
	if [ -n "$(BOUNDARIES)" ]; then \
		run areas import --name-field "$(NAME_FIELD)" "$(BOUNDARIES)"; \
	elif [ -f $(SHARED_GEO) ]; then \
		run areas import --name-field fullName $(SHARED_GEO); \
	else \
		echo "boundaries: none found at $(SHARED_GEO); wards have centre points only (approximate)"; \
	fi; \
	echo "--- population: an ESTIMATE for demonstration (see hotspots/cantho/README.md)"; \
	run areas population hotspots/cantho/population-estimate.csv; \
	run hotspots import hotspots/cantho/hotspots.csv; \
	echo "--- access points: 12 simulated ones (real sshd on 127.0.0.1), clock pinned"; \
	"$$k" lab up --aps 12 --firmware mixed --dir demo/lab --seed 1 --clock $(DEMO_CLOCK) \
		--open-ssid '$(DEMO_SSID)' --hotspots $(DEMO_HOTSPOTS); \
	run aps import demo/lab/access-points.csv; \
	run inventory || echo "(some access points did not answer; the report says so)"; \
	echo "--- usage: a capture streamed over SSH from every OpenWrt access point"; \
	openwrt=$$(awk -F, 'NR > 1 && $$6 == "openwrt" { printf "%s%s", sep, $$1; sep = "," }' \
		demo/lab/access-points.csv); \
	run sample --remote "$$openwrt" --duration 10 --window 60 >/dev/null \
		|| echo "(a capture failed; what was read is stored)"; \
	run usage | tail -n 3; \
	"$$k" lab down --dir demo/lab; \
	echo "--- learning: the course files and a sample programme (every record marked sample)"; \
	run courses import curricula >/dev/null; \
	run learning sample --seed 1 --learners 2000 --until $(DEMO_UNTIL); \
	echo "--- coverage and equity (the sample's 56 hotspots cover under 2 % of any ward, so"; \
	echo "    the demo counts a ward unserved below 0.2 % to show all three statuses)"; \
	run coverage --unserved-below 0.2 >/dev/null; \
	run report --out demo/report; \
	echo "demo finished in $$(( $$(date +%s) - started )) s; open demo/report/index.html"

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
