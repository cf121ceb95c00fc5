"""The command line: sub-commands, the corpus folder, exit statuses and one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from aligner.cli import EXIT_INPUT, EXIT_OK, main

from .conftest import REPO, shared_path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aligner.cli", *args], capture_output=True, text=True, cwd=REPO, check=False
    )


@pytest.mark.parametrize("command", [[], ["align"], ["corpus"], ["evaluate"], ["convert"], ["fetch"]])
def test_every_command_explains_its_options(command: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "--" in capsys.readouterr().out


def test_align_writes_the_pair_and_prints_a_summary(sample_pair, tmp_path, capsys) -> None:
    assert main(["align", str(sample_pair[0]), str(sample_pair[1]), "-o", str(tmp_path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "sample-communique: 37 fr / 37 en sentences" in out
    assert "1-0 1" in out and "0-1 1" in out
    assert (tmp_path / "sample-communique.tmx").is_file()


def test_missing_file_is_a_one_line_error_with_exit_2(tmp_path) -> None:
    result = run_cli("align", str(tmp_path / "nope.txt"), str(tmp_path / "nope-en.txt"), "-o", str(tmp_path))
    assert result.returncode == EXIT_INPUT
    assert result.stderr.strip().count("\n") == 0
    assert "nope.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["align", "only-one-file.txt"])
    assert exit_info.value.code == EXIT_INPUT


def test_unavailable_model_is_a_one_line_error(sample_pair, tmp_path, capsys) -> None:
    status = main(["align", *map(str, sample_pair), "-o", str(tmp_path), "--model", "sentence-transformers/LaBSE"])
    assert status == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be downloaded offline" in err and "--model DIR" in err


def test_empty_file_is_refused(sample_pair, tmp_path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    assert main(["align", str(empty), str(sample_pair[1]), "-o", str(tmp_path / "out")]) == EXIT_INPUT
    assert "empty.txt: is empty" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_corpus_aligns_pairs_and_names_the_missing_official_version(tmp_path, capsys) -> None:
    corpus = tmp_path / "corpora"
    shutil.copytree(REPO / "corpora", corpus)
    (corpus / "en" / "orphan-en-only.txt").write_text("An English text alone.\n", encoding="utf-8")
    status = main(["corpus", str(corpus), "-o", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert status == EXIT_OK
    assert "sample-communique: 37 fr / 37 en sentences" in out
    assert "communique-fcm-2017.txt: has no en counterpart" in out
    assert "https://www.publicsafety.gc.ca/cnt/rsrcs/pblctns/fv-cntry-mnstrl-2017/index-en.aspx" in out
    assert "orphan-en-only.txt: has no fr counterpart" in out
    assert "1 pair(s) aligned, 0 failed, 2 file(s) without a counterpart" in out
    assert (tmp_path / "out" / "sample-communique.tei.xml").is_file()


def test_corpus_goes_on_after_a_bad_pair_and_exits_2(sample_pair, tmp_path, capsys) -> None:
    corpus = tmp_path / "corpora"
    (corpus / "fr").mkdir(parents=True)
    (corpus / "en").mkdir()
    shutil.copy(sample_pair[0], corpus / "fr" / "good.txt")
    shutil.copy(sample_pair[1], corpus / "en" / "good.txt")
    (corpus / "fr" / "bad.txt").write_bytes(b"")
    (corpus / "en" / "bad.txt").write_text("Some text.\n", encoding="utf-8")
    status = main(["corpus", str(corpus), "-o", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert status == EXIT_INPUT
    assert "bad.txt: is empty" in captured.err
    assert "good: 37 fr / 37 en" in captured.out
    assert "1 pair(s) aligned, 1 failed" in captured.out


def test_evaluate_requires_presplit(tmp_path, capsys) -> None:
    assert main(["evaluate", str(tmp_path), str(tmp_path), str(tmp_path)]) == EXIT_INPUT
    assert "add --presplit" in capsys.readouterr().err


def test_evaluate_json_contract_on_one_laws_document(tmp_path, capsys) -> None:
    laws = shared_path("data/laws-fr-en-dev")
    for folder in ("fr", "en", "gold"):
        (tmp_path / folder).mkdir()
        shutil.copy(laws / folder / "001", tmp_path / folder / "001")
    status = main(
        ["evaluate", *(str(tmp_path / f) for f in ("fr", "en", "gold")), "--presplit", "--json",
         "--src-lang", "fr", "--tgt-lang", "en"]
    )
    assert status == EXIT_OK
    result = json.loads(capsys.readouterr().out)
    for key in ("f1_strict", "f1_lax", "precision_strict", "recall_strict", "precision_lax", "recall_lax",
                "documents", "seconds"):
        assert key in result
    assert result["documents"] == 1
    assert 0.0 <= result["f1_strict"] <= result["f1_lax"] <= 1.0
