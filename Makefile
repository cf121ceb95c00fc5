# make run   - set up the environment if needed, then align corpora/ into output/
# make test  - set up the environment if needed, then lint, type-check and run
#              the whole test suite
# make lint  - ruff (aligner, bench, tests) and mypy (the package) alone
# make bench - alignment accuracy, time and memory beside the peers, then how
#              well divergences are found (output/bench/); make bench-scale adds
#              1k/5k/20k-sentence documents (SYSTEMS=aligner,bertalign picks the systems),
#              make bench-divergence runs the second part alone
# make bench-heldout - laws DEV, DEV2 in 5 folds, the perturbed demo Act and twenty-five perturbed sets of laws-corpus Acts (twenty-three whose misses may be read, two only measured)
#              and checked (GRID=module.NAME=v1,v2 chooses on 4 folds): output/bench/heldout.{md,json}
# make bench-corpus - a fixed sample of the laws corpus with --jobs 1, --jobs 2 and a local
#              Ray cluster of 2 workers, then a Ray worker killed mid-run (output/bench/corpus.{md,json})
# make bench-consistency - every consistency finding on DEV2 and on two samples of 30 laws-corpus Acts,
#              one line each, to read and diff: output/bench/consistency.{md,json}
# make bench-official - every number, date and name finding on the block pairs of the laws corpus's
#              one-to-one Acts (official translations: nearly all false), one line each: output/bench/official.{md,json};
#              then aligner align on the same Acts, every finding: output/bench/official-whole.{md,json}
# make bench-speed - the whole run's time and memory beside an earlier commit's
#              (BASELINE=c39e507, the code before the stage folders; ONLY=demo,compare
#              picks workloads): output/bench/speed.{md,json}
#
# The environment is reused: it is (re)installed only when it is missing or
# pyproject.toml changed. Point VENV at an existing one to skip the install.
# make run installs the default package alone (no torch, well under 1 GB);
# make test adds the test tools and the transformers (torch) and ray extras,
# so that every feature is tested.

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.aligner-installed
RUN_STAMP := $(VENV)/.aligner-run-installed

BENCH_STAMP := $(VENV)/.aligner-bench-installed

.PHONY: run lint test bench bench-divergence bench-heldout bench-consistency bench-official bench-scale bench-speed bench-corpus clean

# $(call install,EXTRAS): install the package with the space-separated extras.
comma := ,
space := $(subst x, ,x)
define install
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "aligner needs Python 3.12 or newer; install it (pyenv install 3.12) or run make PYTHON=python3.12")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.$(if $(1),[$(subst $(space),$(comma),$(strip $(1)))])'
	@touch $@
endef

$(RUN_STAMP): pyproject.toml
	$(call install,)

$(STAMP): pyproject.toml
	$(call install,test transformers ray)

# The English communiqué is not in the repository: fetch its official version
# when a network answers within a few seconds; otherwise the corpus run says
# where it is published.
COMMUNIQUE := communique-fcm-2017
COMMUNIQUE_URL = $(shell $(BIN)/python -c 'import json; print(json.load(open("corpora/sources.json"))["$(COMMUNIQUE)"]["en"])')

run: $(RUN_STAMP)
	@test -f corpora/en/$(COMMUNIQUE).txt \
		|| $(BIN)/aligner fetch '$(COMMUNIQUE_URL)' --lang en --name $(COMMUNIQUE) --timeout 4 -o corpora 2>/dev/null \
		|| echo "The official English communiqué could not be downloaded (no network?); aligning without it."
	$(BIN)/aligner corpus corpora -o output

# The HTML report is checked in headless Chromium (Debian's chromium and
# chromium-driver); where they cannot be installed, those tests say so and skip.
CHROMIUM_READY := test -x /usr/bin/chromium -a -x /usr/bin/chromedriver
SUDO := $(shell test "$$(id -u)" = 0 || echo sudo)

# Lint and types first: ruff's rules and mypy's settings are in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check aligner bench tests
	$(BIN)/mypy

test: $(STAMP) lint
	@$(CHROMIUM_READY) \
		|| ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "Chromium could not be installed; the browser tests will be skipped."
	$(BIN)/python -m pytest

$(BENCH_STAMP): $(STAMP)
	$(call install,test transformers ray bench)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/align_bench.py
	$(BIN)/python bench/divergence_bench.py

bench-divergence: $(STAMP)
	$(BIN)/python bench/divergence_bench.py

bench-heldout: $(STAMP)
	$(BIN)/python bench/heldout_bench.py --systems aligner,aligner-norefine $(if $(GRID),--grid $(GRID))

bench-consistency: $(STAMP)
	$(BIN)/python bench/consistency_bench.py

bench-official: $(STAMP)
	$(BIN)/python bench/official_bench.py
	$(BIN)/python bench/official_bench.py --whole

bench-scale: $(BENCH_STAMP)
	$(BIN)/python bench/align_bench.py --scale 1000,5000,20000 $(if $(SYSTEMS),--systems $(SYSTEMS))

# The earlier commit is checked out beside the outputs, once, and run with this environment.
BASELINE ?= c39e507
bench-speed: $(STAMP)
	@test -d output/baseline-$(BASELINE) || git worktree add --detach output/baseline-$(BASELINE) $(BASELINE)
	$(BIN)/python bench/speed_bench.py --baseline output/baseline-$(BASELINE) $(if $(ONLY),--only $(ONLY))

bench-corpus: $(STAMP)
	$(BIN)/python bench/corpus_bench.py $(if $(EVERY),--every $(EVERY))

clean:
	rm -rf output/*.tmx output/*.tei.xml output/*.tsv output/*.xlsx output/*.jsonl output/*.divergences.* output/*.report.html .pytest_cache
