"""Shared fixtures: paths to ../shared, the schemas, the bundled model loaded once, a headless Chromium."""

from __future__ import annotations

import importlib
import signal
import sys
import zlib
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SCHEMAS = SHARED / "schemas"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

# A shell without job control starts a background command (`make test &`) with SIGINT ignored,
# and a child inherits that: the tests that press Ctrl-C on a command would then see it finish
# as if never interrupted. Handled here, SIGINT reaches every child in its default state.
signal.signal(signal.SIGINT, signal.default_int_handler)


def shared_path(relative: str) -> Path:
    """A path under ../shared, or skip the test saying what is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data sits beside the repository in CI and on developer machines")
    return path


def bench_module(name: str) -> ModuleType:
    """A module of bench/ (the benchmarks are scripts, not a package), imported once."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(REPO / "bench"))


@pytest.fixture(scope="session")
def tmx_dtd() -> etree.DTD:
    """The TMX 1.4 DTD."""
    return etree.DTD(str(shared_path("schemas/tmx14.dtd")))


@pytest.fixture(scope="session")
def tei_schema() -> etree.RelaxNG:
    """The TEI P5 tei_all RELAX NG schema (compiles in about 6 s: once per session)."""
    return etree.RelaxNG(etree.parse(str(shared_path("schemas/tei_all.rng"))))


@pytest.fixture(scope="session")
def sample_pair() -> tuple[Path, Path]:
    """The bilingual sample written for this project."""
    return REPO / "corpora/fr/sample-communique.txt", REPO / "corpora/en/sample-communique.txt"


@pytest.fixture(scope="session")
def sample_alignment(sample_pair):
    """The sample pair aligned with the bundled model (shared: embedding takes seconds)."""
    from aligner.pipeline import align_documents, load_document

    source = load_document(sample_pair[0], "fr")
    target = load_document(sample_pair[1], "en")
    return align_documents(source, target)


class HashEmbedder:
    """A fast stand-in for a sentence embedder: a normalised bag of hashed words.

    Identical texts get identical vectors and texts sharing words are close,
    which is all that tests of plumbing, robustness and scale need; tests of
    alignment quality use the real bundled model.
    """

    name = "hash-bag-of-words"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self._words: dict[str, np.ndarray] = {}

    def _word(self, word: str) -> np.ndarray:
        vector = self._words.get(word)
        if vector is None:
            vector = np.random.default_rng(zlib.crc32(word.encode("utf-8", "surrogatepass"))).standard_normal(self.dim)
            self._words[word] = vector.astype(np.float32)
        return self._words[word]

    def encode(self, texts) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.split()[:200]:
                vectors[row] += self._word(word)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


@pytest.fixture(scope="session")
def hash_embedder() -> HashEmbedder:
    """The fast stand-in embedder, shared by the tests."""
    return HashEmbedder()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium driven by Selenium, or a skip saying how to install them."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(
            "no /usr/bin/chromium or /usr/bin/chromedriver: apt-get install -y chromium chromium-driver"
        )
    webdriver = pytest.importorskip(
        "selenium.webdriver",
        reason="selenium is not installed: pip install 'selenium>=4.20' (in the test extra)",
    )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    flags = (
        "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    )
    flags += "--disable-component-update --disable-sync --disable-dev-shm-usage"
    for flag in flags.split():
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(
        options=options, service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    )
    driver.set_page_load_timeout(10)
    driver.set_script_timeout(5)
    yield driver
    driver.quit()
