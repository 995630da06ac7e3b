# mda - mail delivery agent.  See README.md.
#
#   make            build build/mda
#   make demo       deliver the built-in example messages (installs deps)
#   make test       every test layer; ends with "N passed, M failed"
#   make check-asan the same suite under AddressSanitizer + UBSan
#   make bench      side-by-side benchmarks -> docs/benchmarks.md
#   make fuzz       bounded fuzzing of the parsers
#   make install    PREFIX=/usr/local DESTDIR=

comma   := ,
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS    := zlib libmagic sqlite3
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# TRE (the :regex matcher, linear in the subject) is linked: any filter
# run may need it.  Its pkg-config --cflags add _FORTIFY_SOURCE only, and
# its header is <tre/tre.h>: the libraries alone are taken.
TRE_LIBS   := $(shell pkg-config --libs tre 2>/dev/null || echo -ltre)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(TRE_LIBS)
# The binary links only what every run needs (and TRE): SQLite, libmagic
# and zlib are dlopen()ed on first use (mda/dynlib.c); their headers still
# come from PKG_CFLAGS.  Unit tests and helpers may call them directly: PKG_LIBS.
# glibc 2.34 and later have dlopen in libc; older ones need -ldl.
DL_LIBS    := $(shell printf '\043include <dlfcn.h>\nint main(void){return !dlopen("",0);}\n' | \
	$(CC) -x c -o /dev/null - >/dev/null 2>&1 || echo -ldl)
# TRE goes into the binary itself (its static archive, Debian's libtre-dev):
# one shared object less to map and relocate in every delivery, when most
# filters never use :regex.
TRE_A      := $(wildcard /usr/lib/$(shell $(CC) -print-multiarch 2>/dev/null)/libtre.a)
TRE_STATIC := $(if $(TRE_A),-Wl$(comma)-Bstatic -ltre -Wl$(comma)-Bdynamic,$(TRE_LIBS))
MDA_LIBS   := $(TRE_STATIC) $(DL_LIBS)
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
DEFS    := -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DMDA_VERSION='"0.1"'
ALL_CFLAGS = $(WARN) $(DEFS) -iquote mda -iquote filters $(PKG_CFLAGS) $(CFLAGS) -MMD -MP

# Every .c below mda/ and filters/, so a new file in any room needs no edit.
MDA_SRCS    := $(filter-out mda/main.c,$(shell find mda -name '*.c' | LC_ALL=C sort))
FILTER_SRCS := $(shell find filters -name '*.c' | LC_ALL=C sort)
LIB_OBJS    := $(patsubst %.c,$(BUILD)/obj/%.o,$(MDA_SRCS) $(FILTER_SRCS))
UNIT_SRCS   := $(wildcard tests/unit/test_*.c)
UNIT_BINS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(patsubst tests/helpers/%.c,$(BUILD)/tests/%,$(HELPER_SRCS))
SHIM_SRCS   := $(wildcard tests/shim/*.c)
SHIM_LIBS   := $(patsubst tests/shim/%.c,$(BUILD)/tests/%.so,$(SHIM_SRCS))

.PHONY: all deps deps-test demo test check-asan bench fuzz install clean test-build

all: $(BUILD)/mda

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libmda.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/mda: $(BUILD)/obj/mda/main.o $(BUILD)/libmda.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MDA_LIBS)

$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/libmda.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags cmocka) $(LDFLAGS) -o $@ $< \
		$(BUILD)/libmda.a $(PKG_LIBS) $(DL_LIBS) $(shell pkg-config --libs cmocka)

$(BUILD)/tests/%: tests/helpers/%.c $(BUILD)/libmda.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libmda.a $(PKG_LIBS) $(DL_LIBS)

$(BUILD)/tests/%.so: tests/shim/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(CFLAGS) -fPIC -shared -o $@ $< -ldl

test-build: $(BUILD)/mda $(UNIT_BINS) $(HELPER_BINS) $(SHIM_LIBS)

# deps: the build's packages only; deps-test: everything the tests run.
deps:
	@sh tests/deps.sh build

deps-test:
	@sh tests/deps.sh test

demo: deps
	@$(MAKE) --no-print-directory $(BUILD)/mda
	@sh tests/demo.sh $(BUILD)/mda

test: deps-test
	@$(MAKE) --no-print-directory test-build
	@sh tests/run.sh $(BUILD)

check-asan: deps-test
	@$(MAKE) --no-print-directory BUILD=build-asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" test-build
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		MDA_SANITIZED=1 sh tests/run.sh build-asan

bench: deps-test
	@$(MAKE) --no-print-directory $(BUILD)/mda
	@sh tests/bench/run.sh $(BUILD)/mda

fuzz:
	@sh tests/fuzz/run.sh

install: $(BUILD)/mda
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man7
	install -m 0755 $(BUILD)/mda $(DESTDIR)$(PREFIX)/bin/mda
	install -m 0644 docs/mda.1 $(DESTDIR)$(PREFIX)/share/man/man1/mda.1
	if [ -f docs/mda-sieve.7 ]; then install -m 0644 docs/mda-sieve.7 \
		$(DESTDIR)$(PREFIX)/share/man/man7/mda-sieve.7; fi

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJS:.o=.d) $(BUILD)/obj/mda/main.d
