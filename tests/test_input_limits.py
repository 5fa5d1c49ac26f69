"""One bad value never sinks a batch (issue 12 point 5): per-line .jsonl errors, the per-article size limit,
long articles in pieces, large CSV fields, and only regular files read. No spaCy model needed."""
from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import CSV_FIELD_LIMIT, MAX_ARTICLE_BYTES, read_metadata
from kg.extract.pieces import PIECE_CHARS, cut_points, pieces, pipe_in_pieces
from kg.source import make_article, Metadata
from test_ingest import _read

GOOD = {"text": "Farah fell to the Taliban on Friday.", "publisher": "P", "date_published": "2021-08-10"}




BAD_LINES = [
    ('{"text": "x", "url": 12}', "'url' is a JSON number, not a string"),
    ('{"text": "x", "date_published": 20210810}', "'date_published' is a JSON number, not a string"),
    ('{"text": "x", "publisher": ["a"]}', "'publisher' is a JSON array, not a string"),
    ('{"text": "x", "headline": {"a": 1}}', "'headline' is a JSON object, not a string"),
    ('{"text": true}', "'text' is a JSON boolean, not a string"),
    ('{"text": "bad \\ud800 half"}', "'text' holds a lone surrogate (\\ud800 at character 4)"),
    ('{"text": "x", "publisher": "\\udfff"}', "'publisher' holds a lone surrogate"),
    ("[" * 200_000, "JSON nested too deeply"),
    ('{"text": "x", "n": ' + "7" * 5_000 + "}", "not usable JSON (Exceeds the limit (4300 digits) for integer string conversion"),
    ('{"text": "x"', "not JSON"),
    ("42", "no 'text' field"),
]


def test_every_bad_line_is_its_own_one_line_error_and_the_rest_builds(tmp_path: Path) -> None:
    lines = []
    for bad, _ in BAD_LINES:
        lines += [json.dumps(GOOD | {"url": f"https://example.org/{len(lines)}"}), bad]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, messages = _read([tmp_path])
    assert len(arts) == len(BAD_LINES)
    for n, (_, message) in enumerate(BAD_LINES, start=1):
        where = f"batch.jsonl:{2 * n}: "
        (line,) = [m for m in messages if where in m]
        assert message in line and "\n" not in line and len(line) < 300, line


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\r", "\x0b", "\x0c", "\x1c"])
def test_only_newline_ends_a_line(tmp_path: Path, separator: str) -> None:
    text = f"Kunduz fell.{separator}Then Farah fell."
    line = json.dumps(GOOD | {"text": text}, ensure_ascii=False)
    (tmp_path / "b.jsonl").write_text(line + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    arts, messages = _read([tmp_path])
    assert [a.text for a in arts] == [text, GOOD["text"]] and [a.file for a in arts] == ["b.jsonl#1", "b.jsonl#2"]
    assert not [m for m in messages if "error" in m or "JSON" in m]


def test_the_size_limit_is_per_line_not_per_file(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for n in range(13_000):
            fh.write(json.dumps(GOOD | {"text": f"Article {n}: Farah fell to the Taliban on Friday, officials said."}) + "\n")
        fh.write(json.dumps({"text": "x" * (MAX_ARTICLE_BYTES + 10)}) + "\n")
        fh.write(json.dumps(GOOD) + "\n")
    assert path.stat().st_size > MAX_ARTICLE_BYTES
    arts, messages = _read([path])
    assert len(arts) == 13_001 and arts[-1].file == "many.jsonl#13002"
    (line,) = [m for m in messages if "many.jsonl:13001" in m]
    assert f"over the {MAX_ARTICLE_BYTES:,}-byte article limit" in line


def test_a_metadata_field_over_csv_default_limit_is_read(tmp_path: Path) -> None:
    headline = "H" * 200_000  # csv's own default limit is 131,072 characters
    (tmp_path / "a.txt").write_text("Kunduz fell.", encoding="utf-8")
    (tmp_path / "articles.csv").write_text(f"file,url,headline,publisher,date_published\na.txt,,{headline},P,2021-08-07\n",
                                           encoding="utf-8")
    (art,), messages = _read([tmp_path])
    assert art.headline == headline and messages == []


def test_a_metadata_field_over_kg_limit_is_one_line(tmp_path: Path) -> None:
    csv_path = tmp_path / "m.csv"
    csv_path.write_text(f"file,headline\na.txt,\"{'H' * (CSV_FIELD_LIMIT + 1)}\"\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_metadata(csv_path)
    message = str(info.value)
    assert message.startswith(f"{csv_path}:") and "field larger than field limit" in message and "\n" not in message


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["fifo", "socket", "device"])
def test_only_regular_files_are_read(tmp_path: Path, kind: str) -> None:
    (tmp_path / "good.txt").write_text("Kunduz fell.", encoding="utf-8")
    held = None
    if kind == "fifo":
        special = _fifo(tmp_path / "pipe.txt")
    elif kind == "socket":
        special = tmp_path / "sock.txt"
        held = socket.socket(socket.AF_UNIX)
        held.bind(str(special))
    else:
        special = Path("/dev/zero")
    result: list = []
    # a FIFO that blocked would hang the test: read in a thread and give up after a while
    worker = threading.Thread(target=lambda: result.append(_read([tmp_path, special])), daemon=True)
    worker.start()
    worker.join(60)
    if held:
        held.close()
    assert result, f"reading a {kind} did not return"
    arts, messages = result[0]
    assert [a.file for a in arts] == ["good.txt"]
    failing = [m for m in messages if str(special) in m]
    assert failing and all("not a regular file" in m and "\n" not in m for m in failing), messages


def test_a_fifo_as_metadata_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "m.csv")
    with pytest.raises(InputError, match=r"FIFO .*not a regular file"):
        read_metadata(fifo)


def test_a_fifo_jsonl_is_refused(tmp_path: Path) -> None:
    _fifo(tmp_path / "feed.jsonl")
    arts, messages = _read([tmp_path])
    assert arts == [] and any("feed.jsonl" in m and "not a regular file" in m for m in messages)


TEXTS = [
    "Para one.\n\nPara two is here.\n\n" * 400,
    "One line.\nAnother line.\n" * 700,
    "A sentence ends. Another follows! " * 700,
    "word " * 5000,
    "x" * 25_000,
    "é\u2028" * 30_000,
]


@pytest.mark.parametrize("text", TEXTS, ids=["paragraphs", "lines", "sentences", "spaces", "one-word", "other"])
def test_pieces_join_back_exactly_and_stay_within_the_size(text: str) -> None:
    parts = pieces(text, 1_000)
    assert "".join(parts) == text and all(0 < len(p) <= 1_000 for p in parts)
    if "\n\n" in text:
        assert all(p.endswith("\n\n") for p in parts[:-1])  # cut at paragraph breaks when there are some
    assert cut_points("short") == []


def test_an_article_over_spacys_max_length_is_parsed_in_pieces_with_whole_article_offsets() -> None:
    import spacy

    nlp = spacy.blank("en")
    text = ("Kunduz fell to the Taliban on Friday, officials said.\n\n" * 21_000)[: 1_100_000]
    assert len(text) > nlp.max_length
    short = make_article("Farah fell.", "s.txt", Metadata())
    long = make_article(text, "long.txt", Metadata())
    out = list(pipe_in_pieces(nlp, [short, long, short], batch_size=8))
    assert [a.file for _, a in out] == ["s.txt", "long.txt", "s.txt"]
    doc = out[1][0]
    assert doc.text == text and len(text) > 50 * PIECE_CHARS
    last = doc[-3]  # a token of the last piece: its offset counts from the start of the article
    assert text[last.idx:last.idx + len(last)] == last.text and last.idx > 1_000_000
