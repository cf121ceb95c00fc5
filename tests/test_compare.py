"""aligner compare: the divergence checks on pairs that are already aligned."""

from __future__ import annotations

import json
from pathlib import Path

from aligner.cli import EXIT_INPUT, EXIT_OK, main

PAIRS = [
    (
        "Les ministres se sont réunis à Ottawa pour discuter de la sécurité nationale.",
        "The ministers met in Ottawa to discuss national security.",
    ),
    (
        "Plus de 150 000 signalements ont été reçus cette année.",
        "More than 105,000 reports were received this year.",
    ),
    (
        "Ils ont souligné la menace que représente le terrorisme, et d’autres formes d’extrémisme violent, "
        "pour leurs collectivités.",
        "They stressed the threat that terrorism poses to their communities.",
    ),
    (
        "Le fromage de chèvre se marie bien avec le miel de lavande.",
        "The committee will publish its annual report on railway safety in the spring.",
    ),
]


def _write_pairs(path: Path, pairs: list[tuple[str, str]]) -> Path:
    path.write_text("".join(f"{fr}\t{en}\n" for fr, en in pairs), encoding="utf-8")
    return path


def test_compare_scores_labels_and_explains_every_pair(tmp_path, capsys) -> None:
    pairs = _write_pairs(tmp_path / "pairs.tsv", PAIRS)
    assert (
        main(["compare", str(pairs), "-o", str(tmp_path / "out"), "--src-lang", "fr", "--tgt-lang", "en"])
        == EXIT_OK
    )
    assert "wrote" in capsys.readouterr().out
    report = json.loads((tmp_path / "out" / "pairs.divergences.json").read_text(encoding="utf-8"))
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "pairs.divergences.json",
        "pairs.divergences.md",
        "pairs.report.html",
    ]
    by_id = {pair["id"]: pair for pair in report["pairs"]}
    assert sorted(by_id) == [0, 1, 2, 3]
    assert [by_id[i]["label"] for i in range(4)] == ["equivalent", "divergent", "divergent", "divergent"]
    assert by_id[0]["score"] < min(by_id[i]["score"] for i in (1, 2, 3))
    for i, (fr, en) in enumerate(PAIRS):
        for side, text in (("src", fr), ("tgt", en)):
            assert all(0 <= start < end <= len(text) for start, end in by_id[i]["spans"][side])
    number_spans = [
        fr[s:e] for s, e in [tuple(span) for span in by_id[1]["spans"]["src"]] for fr in [PAIRS[1][0]]
    ]
    assert "150 000" in " ".join(number_spans)
    partial = next(item for item in report["items"] if item["kind"] == "partial_omission")
    assert partial["src"] == [2] and "extrémisme violent" in partial["evidence"]


def test_compare_reads_a_tmx_too(sample_alignment, tmp_path) -> None:
    from aligner.checks import run_checks
    from aligner.embed import load_embedder
    from aligner.formats import write_outputs

    write_outputs(sample_alignment, run_checks(sample_alignment, load_embedder()), tmp_path, "sample", ["tmx"])
    assert main(["compare", str(tmp_path / "sample.tmx"), "-o", str(tmp_path / "out")]) == EXIT_OK
    report = json.loads((tmp_path / "out" / "sample.divergences.json").read_text(encoding="utf-8"))
    assert {"omission", "addition", "number"} <= {item["kind"] for item in report["items"]}


def test_a_line_that_is_not_a_pair_is_a_one_line_error(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("un\tone\ndeux\ttwo\textra\n", encoding="utf-8")
    assert main(["compare", str(bad), "-o", str(tmp_path / "out")]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 2 has 3 tab-separated fields, not 2" in err
    empty_line = _write_pairs(tmp_path / "gap.tsv", [("un", "one")])
    empty_line.write_text("un\tone\n\t\ndeux\ttwo\n", encoding="utf-8")
    assert main(["compare", str(empty_line), "-o", str(tmp_path / "out")]) == EXIT_INPUT
    assert "line 2 is empty" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
