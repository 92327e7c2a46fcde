# Tessera's entry points. Every target installs what is missing first, so each works alone on a fresh Debian 12.
#   make run     build (Release) and render the default scene: windowed with a display, headless without
#   make test    build and run every test (lavapipe, validation on)
#   make deps    install Debian packages and fetch VulkanMemoryAllocator into the build tree
#   make bench   the rendering-mode benchmark on this machine
#   make sanitize  ASan+UBSan (build-asan/) and TSan (build-tsan/) builds with clang, each running every test and
#                  a simulated run per mode (scripts/sanitize.sh; SANITIZERS="asan" for one variant)
#   make fuzz    libFuzzer targets for the configuration and the command line (build-fuzz/), FUZZ_SECONDS each
# ARGS passes options through: make run ARGS="--cubes 1M --mode gpu-cull"
BUILD ?= build
JOBS  ?= $(shell nproc)
CMAKE_FLAGS ?=
ARGS ?=
FUZZ_SECONDS ?= 60

.PHONY: all deps configure build run test bench sanitize fuzz format clean

all: build

deps:
	@scripts/deps.sh $(BUILD)

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/tessera run --screenshot $(BUILD)/last-frame.png --stats-json $(BUILD)/last-run.json $(ARGS)

test: build
	cd $(BUILD) && ctest --output-on-failure --timeout 600 -j $(JOBS)

bench: build
	$(BUILD)/tessera bench --json $(BUILD)/bench.json --csv $(BUILD)/bench.csv $(ARGS)

sanitize:
	@JOBS=$(JOBS) scripts/sanitize.sh

fuzz:
	@JOBS=$(JOBS) FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

format:
	clang-format -i $$(find src tests bench shaders -name '*.cpp' -o -name '*.h' -o -name '*.glsl' -o -name '*.vert' -o -name '*.frag' -o -name '*.comp')

clean:
	rm -rf $(BUILD)
