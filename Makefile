# wmskit: small, exact NDJSON filters between a storefront and a WMS.
#
#   make            programs in bin/
#   make check      every test (installs missing -dev packages when root)
#   make sanitize   every test under ASan and UBSan
#   make demo       the example order pipeline on examples/
#   make bench      speed against jq and Miller: build/bench/results.md
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2
# Hardening, as Debian builds its packages (not under the sanitizers)
HARDEN  ?= -D_FORTIFY_SOURCE=2 -fstack-protector-strong -Wformat \
           -Wformat-security
LDHARDEN ?= -Wl,-z,relro,-z,now
LDLIBS   = -ljansson -lcsv -lm
BUILD   ?= build/release
BIN     ?= bin

PROGRAMS = sku-normalize dekit shipmap statusmap stockdiff reconcile wmsreport
LIBSRC   = $(wildcard lib/*.c)
LIBOBJ   = $(LIBSRC:%.c=$(BUILD)/%.o)
UNITSRC  = $(wildcard test/unit/test_*.c)
MAN1     = $(PROGRAMS:%=man/%.1)

all: deps-build $(PROGRAMS:%=$(BIN)/%)

$(BUILD)/%.o: %.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(HARDEN) $(EXTRA) $(CFLAGS) $(CPPFLAGS) -Ilib -DSRCDIR='"$(CURDIR)"' -c -o $@ $<

$(BUILD)/libwmskit.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(BIN)/%: $(BUILD)/cmd/%.o $(BUILD)/libwmskit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDHARDEN) $(LDFLAGS) -o $@ $< $(BUILD)/libwmskit.a $(LDLIBS)

$(BUILD)/unit/%: $(BUILD)/test/unit/%.o $(BUILD)/libwmskit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libwmskit.a $(LDLIBS) -lcmocka

# The test build: warnings are errors, with gcc and, where present, clang.
TEST = build/test
check: deps-check
	$(MAKE) BUILD=$(TEST) BIN=$(TEST)/bin EXTRA=-Werror CFLAGS='-O1 -g' \
	    $(PROGRAMS:%=$(TEST)/bin/%) $(UNITSRC:test/unit/%.c=$(TEST)/unit/%)
	@if command -v clang >/dev/null; then \
	    echo "clang -Werror $(WARN)"; \
	    for f in $(LIBSRC) cmd/*.c test/unit/*.c; do \
	        clang $(WARN) -Werror -Ilib -DSRCDIR='"."' -fsyntax-only $$f || exit 1; \
	    done; fi
	@for m in man/*.[17]; do mandoc -Tlint -W warning $$m || exit 1; done; \
	    echo "mandoc -Tlint: man pages clean"
	@sh test/run.sh $(TEST)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer:
# any report fails the run.
SAN = build/sanitize
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all
sanitize: deps-check
	$(MAKE) BUILD=$(SAN) BIN=$(SAN)/bin EXTRA='-Werror $(SANFLAGS)' \
	    CFLAGS='-O1 -g' LDFLAGS='$(SANFLAGS)' HARDEN= LDHARDEN= \
	    $(PROGRAMS:%=$(SAN)/bin/%) $(UNITSRC:test/unit/%.c=$(SAN)/unit/%)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1 sh test/run.sh $(SAN)

demo: all
	@sh examples/demo.sh $(BIN)

# Benchmarks against jq and Miller (issue 8); never part of check. The
# data is generated (deterministic) into build/bench, and the programs are
# copied there first, so that a rebuild during the run changes nothing.
#   make bench ORDERS=200000 SKUS=1000000 BENCH_RUNS=3 BENCH_ONLY='stockdiff'
ORDERS     ?= 200000
SKUS       ?= 1000000
BENCH_RUNS ?= 3
BENCH_ONLY ?=
BENCH_DIR   = build/bench
bench: all
	@missing=""; \
	command -v jq >/dev/null || missing="$$missing jq"; \
	command -v mlr >/dev/null || missing="$$missing miller"; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "wmskit: installing$$missing"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	            apt-get install -y -qq $$missing >/dev/null || exit 2; \
	    else \
	        echo "wmskit: missing packages; run: sudo apt-get install$$missing" >&2; \
	        exit 2; \
	    fi; \
	fi
	@mkdir -p $(BENCH_DIR)/bin
	$(CC) $(WARN) -O2 -o $(BENCH_DIR)/gen test/bench/gen.c
	$(CC) $(WARN) -O2 -o $(BENCH_DIR)/floor test/bench/floor.c -ljansson
	$(CC) $(WARN) -O2 -o $(BENCH_DIR)/measure test/bench/measure.c
	cp $(PROGRAMS:%=$(BIN)/%) $(BENCH_DIR)/bin/
	BIN=$(BENCH_DIR)/bin BENCH=$(BENCH_DIR) WORK=$(BENCH_DIR) \
	    ORDERS=$(ORDERS) SKUS=$(SKUS) BENCH_RUNS=$(BENCH_RUNS) \
	    BENCH_ONLY='$(BENCH_ONLY)' sh test/bench/run.sh

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	cp $(PROGRAMS:%=$(BIN)/%) $(DESTDIR)$(BINDIR)/
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp man/wmskit.7 $(DESTDIR)$(MANDIR)/man7/

clean:
	rm -rf build bin

# Missing Debian packages: installed when root with apt-get, else named.
define need
	@missing=""; \
	for p in $(1); do \
	    case $$p in \
	    libjansson-dev) h='#include <jansson.h>';; \
	    libcsv-dev) h='#include <csv.h>';; \
	    libcmocka-dev) h='#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <setjmp.h>\n#include <cmocka.h>';; \
	    *) command -v $$p >/dev/null || missing="$$missing $$p"; continue;; \
	    esac; \
	    printf "$$h\n" | $(CC) -E -x c - >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "wmskit: installing$$missing"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	            apt-get install -y -qq $$missing >/dev/null || exit 2; \
	    else \
	        echo "wmskit: missing packages; run: sudo apt-get install$$missing" >&2; \
	        exit 2; \
	    fi; \
	fi
endef

deps-build:
	$(call need,libjansson-dev libcsv-dev)

deps-check:
	$(call need,libjansson-dev libcsv-dev libcmocka-dev mandoc)

.PHONY: all check sanitize demo bench install clean deps-build deps-check
.SECONDARY:
