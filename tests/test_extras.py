"""The default install holds no torch: features that need it say in one line what to install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

#: Run the CLI as on an install without the transformers extra: importing these fails.
WITHOUT_EXTRA = (
    "import sys\n"
    "for name in ('torch', 'sentence_transformers', 'bertalign'):\n"
    "    sys.modules[name] = None\n"
    "from aligner.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "fr.txt").write_text("Les ministres se sont réunis.\nIls ont parlé de sécurité.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The ministers met.\nThey talked about security.\n", encoding="utf-8")
    return tmp_path / "fr.txt", tmp_path / "en.txt"


def _run_without_extra(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRA, *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("option", "feature"),
    [(["--model", "sentence-transformers/LaBSE"], "--model sentence-transformers/LaBSE"),
     (["--engine", "bertalign"], "--engine bertalign")],
)
def test_a_feature_of_the_extra_says_what_to_install(pair, tmp_path, option, feature) -> None:
    completed = _run_without_extra("align", str(pair[0]), str(pair[1]), "-o", str(tmp_path / "out"), *option)
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith(f"aligner: error: {feature} needs the optional package")
    assert "pip install 'aligner[transformers]'" in lines[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_default_path_runs_without_the_extra(pair, tmp_path) -> None:
    completed = _run_without_extra("align", str(pair[0]), str(pair[1]), "-o", str(tmp_path / "out"))
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "out" / "fr-en.tmx").is_file()


def test_evaluate_runs_without_the_extra(tmp_path) -> None:
    for side, lines in (("fr", ["Les ministres se sont réunis.", "Ils ont parlé."]),
                        ("en", ["The ministers met.", "They talked."])):
        (tmp_path / side).mkdir()
        (tmp_path / side / "doc").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "doc").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    completed = _run_without_extra(
        "evaluate", str(tmp_path / "fr"), str(tmp_path / "en"), str(tmp_path / "gold"), "--json", "--presplit"
    )
    assert completed.returncode == 0, completed.stderr
    assert '"f1_strict": 1.0' in completed.stdout
