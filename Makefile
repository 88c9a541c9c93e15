# wmskit: small, exact NDJSON filters between a storefront and a WMS.
#
#   make            programs in bin/
#   make check      every test (installs missing -dev packages when root)
#   make sanitize   every test under ASan and UBSan
#   make check-valgrind  the CLI tests under valgrind
#   make fuzz       libFuzzer targets, FUZZ_SECONDS=60 each (clang)
#   make check-faults  allocation failures, /dev/full, kills, no-loss,
#                   hostile input, fuzz regressions (test/fault, test/noloss)
#   make demo       the example order pipeline on examples/
#   make bench      speed against the floors, jq, gojq, Miller and GNU
#                   parallel: build/bench/results.md
#   make install    PREFIX=/usr/local DESTDIR=
#   make uninstall  the same PREFIX and DESTDIR
#   make clean

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/wmskit
COMPDIR ?= $(PREFIX)/share/bash-completion/completions
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

PROGRAMS = sku-normalize dekit shipmap statusmap stockdiff reconcile wmsreport wmsorder \
           orderdiff nest
LIBSRC   = $(wildcard lib/*/*.c)
# the library's layers, each using only those before it (test/cli/layers.test)
LAYERS   = core kit domain
LIBINC   = $(LAYERS:%=-Ilib/%)
LIBHDR   = $(wildcard lib/*/*.h)
LIBOBJ   = $(LIBSRC:%.c=$(BUILD)/%.o)
UNITSRC  = $(wildcard test/unit/test_*.c)
MAN1     = $(PROGRAMS:%=man/%.1)

all: deps-build $(PROGRAMS:%=$(BIN)/%)

$(BUILD)/%.o: %.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(HARDEN) $(EXTRA) $(CFLAGS) $(CPPFLAGS) $(LIBINC) -DSRCDIR='"$(CURDIR)"' -c -o $@ $<

$(BUILD)/libwmskit.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(BIN)/%: $(BUILD)/cmd/%.o $(BUILD)/libwmskit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDHARDEN) $(LDFLAGS) -o $@ $< $(BUILD)/libwmskit.a $(LDLIBS)

$(BUILD)/unit/%: $(BUILD)/test/unit/%.o $(BUILD)/test/unit/testutil.o \
    $(BUILD)/libwmskit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/test/unit/testutil.o \
	    $(BUILD)/libwmskit.a $(LDLIBS) -lcmocka

# The test build: warnings are errors, with gcc and, where present, clang.
TEST = build/test
check: deps-check
	$(MAKE) BUILD=$(TEST) BIN=$(TEST)/bin EXTRA=-Werror CFLAGS='-O1 -g' \
	    $(PROGRAMS:%=$(TEST)/bin/%) $(UNITSRC:test/unit/%.c=$(TEST)/unit/%)
	@if command -v clang >/dev/null; then \
	    echo "clang -Werror $(WARN)"; \
	    for f in $(LIBSRC) cmd/*.c test/unit/*.c; do \
	        clang $(WARN) -Werror $(LIBINC) -DSRCDIR='"."' -fsyntax-only $$f || exit 1; \
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

# libFuzzer targets (test/fuzz), built with clang, ASan and UBSan; each runs
# FUZZ_SECONDS; a finding fails the run and is kept as a regression input.
FUZZ ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= ndjson jdoc jsonw csv path records
FUZZCC ?= clang
FUZZFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=all
$(FUZZ)/obj/%.o: %.c $(LIBHDR) test/fuzz/fuzz.h
	@mkdir -p $(@D)
	$(FUZZCC) $(WARN) $(FUZZFLAGS) $(FUZZDEFS) -fsanitize=fuzzer-no-link \
	    $(LIBINC) -c -o $@ $<
$(FUZZ)/fuzz_%: $(FUZZ)/obj/test/fuzz/fuzz_%.o $(LIBSRC:%.c=$(FUZZ)/obj/%.o)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)
fuzz: deps-fuzz
	$(MAKE) FUZZ=$(FUZZ) FUZZDEFS='$(FUZZDEFS)' $(FUZZ_TARGETS:%=$(FUZZ)/fuzz_%)
	@sh test/fuzz/run.sh $(FUZZ) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Faults (test/fault, test/noloss): every allocation failing in turn, full
# disks, kills during the state's update, the no-loss property, hostile
# input; and the fuzz regressions and seeds replayed under ASan and UBSan
# (any compiler, no libFuzzer needed). FAULT_MODE=asan runs the allocation
# failures under ASan and LSan (slower).
FAULT = build/fault
FAULT_MODE ?= plain
check-faults: deps-build
	$(MAKE) BUILD=$(FAULT) BIN=$(FAULT)/bin CFLAGS='-O1 -g' EXTRA=-Werror \
	    $(PROGRAMS:%=$(FAULT)/bin/%) $(FAULT)/failalloc.so \
	    $(FAULT)/noloss-check $(FAULT)/noloss-gen
	$(MAKE) BUILD=$(FAULT)/san BIN=$(FAULT)/san/bin CFLAGS='-O1 -g' \
	    EXTRA='-Werror $(SANFLAGS)' LDFLAGS='$(SANFLAGS)' HARDEN= LDHARDEN= \
	    $(FUZZ_TARGETS:%=$(FAULT)/san/replay/fuzz_%) \
	    $(PROGRAMS:%=$(FAULT)/san/bin/%)
	@status=0; \
	FAULT_MODE=$(FAULT_MODE) bash test/fault/run.sh $(FAULT) || status=1; \
	ASAN_OPTIONS=detect_leaks=1 NOLOSS_BIN=$(FAULT)/san/bin \
	    bash test/noloss/run.sh $(FAULT) || status=1; \
	bash test/fault/hostile.sh $(FAULT) || status=1; \
	bash test/fault/cost.sh $(FAULT) || status=1; \
	bash test/fault/io.sh $(FAULT) || status=1; \
	bash test/fault/atomic.sh $(FAULT) || status=1; \
	bash test/fuzz/replay.sh $(FAULT)/san/replay $(FUZZ_TARGETS) || status=1; \
	exit $$status
$(BUILD)/replay/fuzz_%: $(BUILD)/test/fuzz/fuzz_%.o $(BUILD)/test/fuzz/replay.o \
    $(BUILD)/libwmskit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(FUZZ_TARGETS:%=$(BUILD)/test/fuzz/fuzz_%.o): test/fuzz/fuzz.h
$(BUILD)/failalloc.so: test/fault/failalloc.c
	$(CC) -std=c11 -D_GNU_SOURCE -Wall -Wextra -O2 -g -fPIC -shared \
	    -o $@ $< -ldl
$(BUILD)/noloss-%: test/noloss/%.c
	$(CC) $(WARN) -Werror -O2 -g -o $@ $< -ljansson

# The CLI tests with every program under valgrind's memcheck (minutes).
check-valgrind: all
	sh test/valgrind.sh $(BIN)

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
	$(call need,jq gojq miller parallel)
	@mkdir -p $(BENCH_DIR)/bin
	$(CC) $(WARN) -O2 -o $(BENCH_DIR)/gen test/bench/gen.c
	$(CC) $(WARN) -O2 $(LIBINC) -o $(BENCH_DIR)/floor test/bench/floor.c \
	    $(BUILD)/libwmskit.a $(LDLIBS)
	$(CC) $(WARN) -O2 -o $(BENCH_DIR)/measure test/bench/measure.c
	cp $(PROGRAMS:%=$(BIN)/%) $(BENCH_DIR)/bin/
	BIN=$(BENCH_DIR)/bin BENCH=$(BENCH_DIR) WORK=$(BENCH_DIR) \
	    ORDERS=$(ORDERS) SKUS=$(SKUS) BENCH_RUNS=$(BENCH_RUNS) \
	    BENCH_ONLY='$(BENCH_ONLY)' sh test/bench/run.sh

# The completion file goes in under each program's name: bash-completion
# loads it by the name of the command being completed.
install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(COMPDIR) \
	    $(DESTDIR)$(DOCDIR)/examples
	cp $(PROGRAMS:%=$(BIN)/%) $(DESTDIR)$(BINDIR)/
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp man/wmskit.7 $(DESTDIR)$(MANDIR)/man7/
	for p in $(PROGRAMS); do \
	    cp completions/wmskit.bash $(DESTDIR)$(COMPDIR)/$$p || exit 1; done
	cp README.md $(DESTDIR)$(DOCDIR)/
	cp examples/* $(DESTDIR)$(DOCDIR)/examples/

uninstall:
	rm -f $(PROGRAMS:%=$(DESTDIR)$(BINDIR)/%) \
	    $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) \
	    $(DESTDIR)$(MANDIR)/man7/wmskit.7 $(PROGRAMS:%=$(DESTDIR)$(COMPDIR)/%)
	rm -rf $(DESTDIR)$(DOCDIR)

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
	    miller) command -v mlr >/dev/null || missing="$$missing $$p"; continue;; \
	    parallel) parallel --version 2>/dev/null | grep -q '^GNU parallel' || \
	        missing="$$missing $$p"; continue;; \
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

# libFuzzer comes with clang's runtime (Debian: libclang-rt-N-dev).
deps-fuzz: deps-build
	@ok() { echo 'int LLVMFuzzerTestOneInput(const char *d, long n)' \
	    '{ return d && n; }' | $(FUZZCC) -fsanitize=fuzzer -x c \
	    -o /dev/null - 2>/dev/null; }; \
	if ! ok; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        command -v $(FUZZCC) >/dev/null || { apt-get update -qq && \
	            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	            clang >/dev/null; } || exit 2; \
	        v=$$($(FUZZCC) -dumpversion | cut -d. -f1); \
	        echo "wmskit: installing libclang-rt-$$v-dev (libFuzzer)"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	            apt-get install -y -qq libclang-rt-$$v-dev >/dev/null && \
	            ok || exit 2; \
	    else \
	        echo "wmskit: libFuzzer missing; run: sudo apt-get install" \
	            "clang libclang-rt-14-dev (the version of clang)" >&2; \
	        exit 2; \
	    fi; \
	fi

.PHONY: all check sanitize check-valgrind demo bench install uninstall clean deps-build deps-check \
	fuzz check-faults deps-fuzz
.SECONDARY:
