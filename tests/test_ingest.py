"""Reading articles and metadata: good input, and bad input that must fail clearly."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import MAX_ARTICLE_BYTES, article_id, read_articles, read_metadata

META = "file,url,headline,publisher,date_published,extra\n"


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _read(paths: list[Path], metadata: Path | None = None) -> tuple[list, list[str]]:
    arts, messages = [], []
    for item in read_articles(paths, metadata):
        messages.extend(item.warnings)
        messages.extend([item.error] if item.error else [])
        if item.article is not None:
            arts.append(item.article)
    return arts, messages


def test_sidecar_metadata_is_used_and_extra_columns_ignored(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Kunduz fell on Friday.")
    _write(tmp_path, "articles.csv", META + "a.txt,https://example.org/a,Head,Wire Co,2021-08-07,x\n")
    (art,), warnings = _read([tmp_path])
    assert (art.publisher, art.date_published, art.url, art.headline) == ("Wire Co", date(2021, 8, 7), "https://example.org/a", "Head")
    assert art.file == "a.txt" and warnings == []


def test_identity_is_the_url_when_known_else_the_source_path(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Same text.")
    _write(tmp_path, "b.txt", "Same text.")
    (a, b), _ = _read([tmp_path])
    assert a.content_hash == b.content_hash and a.id != b.id  # two sources, two articles
    assert a.id == article_id(None, "a.txt") and b.id == article_id(None, "b.txt")
    assert article_id("https://x.org/1", "a.txt") == article_id("https://x.org/1", "b.txt") != a.id
    _write(tmp_path, "a.txt", "Edited text.")
    (edited, _), _ = _read([tmp_path])
    assert edited.id == a.id and edited.content_hash != a.content_hash  # an edit keeps the id


def test_the_key_is_the_path_relative_to_the_folder_given(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        _write(tmp_path / sub, "same.txt", f"Text in {sub}.")
    arts, _ = _read([tmp_path])
    assert [a.file for a in arts] == ["x/same.txt", "y/same.txt"] and arts[0].id != arts[1].id
    (direct,), _ = _read([tmp_path / "x" / "same.txt"])
    (folder,), _ = _read([tmp_path / "x"])
    assert direct.file == folder.file == "same.txt" and direct.id == folder.id  # a file given directly: its name


def test_two_inputs_with_one_key_are_refused_not_merged(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        _write(tmp_path / sub, "same.txt", f"Text in {sub}.")
    arts, messages = _read([tmp_path / "x", tmp_path / "y"])
    assert [a.text for a in arts] == ["Text in x."]
    (line,) = [m for m in messages if "same name" in m]
    assert str(tmp_path / "y" / "same.txt") in line and "give their common folder" in line
    # the same file reached twice (its folder and itself) is read once, silently
    arts, messages = _read([tmp_path / "x", tmp_path / "x" / "same.txt"])
    assert len(arts) == 1 and not [m for m in messages if "same name" in m]


def test_metadata_may_name_a_nested_file_by_its_path(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "a.txt", "Text.")
    csv_path = _write(tmp_path, "m.csv", META + "sub/a.txt,https://example.org/a,,P,2021-08-07,\n")
    (art,), messages = _read([tmp_path], csv_path)
    assert art.file == "sub/a.txt" and art.url == "https://example.org/a" and messages == []


def test_missing_metadata_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Text.")
    (art,), warnings = _read([tmp_path])
    assert art.date_published is None and art.publisher is None
    assert any("a.txt" in w and "no metadata" in w for w in warnings)


def test_bad_date_warns_and_leaves_the_date_unknown(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Text.")
    _write(tmp_path, "articles.csv", META + "a.txt,,,P,07/08/2021,\n")
    (art,), warnings = _read([tmp_path])
    assert art.date_published is None
    assert any("'07/08/2021' is not an ISO date" in w for w in warnings)


def test_duplicated_metadata_row_keeps_the_first(tmp_path: Path) -> None:
    csv_path = _write(tmp_path, "m.csv", META + "a.txt,,,First,2021-01-01,\na.txt,,,Second,2021-01-02,\n")
    rows, warnings = read_metadata(csv_path)
    assert rows["a.txt"].publisher == "First"
    assert any("listed twice" in w for w in warnings)


def test_metadata_without_file_column_is_an_error(tmp_path: Path) -> None:
    csv_path = _write(tmp_path, "m.csv", "name,publisher\na.txt,P\n")
    with pytest.raises(InputError, match="no 'file' column"):
        read_metadata(csv_path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty article"),
        ("blank.txt", b"  \n\t\n", "empty article"),
        ("binary.txt", b"\x00\x01\x02abc", "looks binary"),
        ("latin1.txt", "Caf\u00e9 fell".encode("cp1252"), "not UTF-8"),
        ("huge.txt", b"a" * (MAX_ARTICLE_BYTES + 1), "article limit"),
    ],
)
def test_bad_files_fail_alone_with_one_clear_line(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    _write(tmp_path, name, data)
    _write(tmp_path, "good.txt", "Kunduz fell.")
    arts, warnings = _read([tmp_path])
    assert [a.file for a in arts] == ["good.txt"]
    failing = [w for w in warnings if name in w]
    assert len(failing) == 1 and message in failing[0] and "\n" not in failing[0]


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        _read([tmp_path / "nope"])


def test_jsonl_one_article_per_line_with_bad_lines_reported(tmp_path: Path) -> None:
    lines = [
        '{"text": "Farah fell.", "publisher": "P", "date_published": "2021-08-10", "url": "u1"}',
        "not json",
        '{"headline": "no text"}',
        "",
    ]
    _write(tmp_path, "batch.jsonl", "\n".join(lines))
    (art,), warnings = _read([tmp_path])
    assert art.file == "batch.jsonl#1" and art.date_published == date(2021, 8, 10)
    assert any("batch.jsonl:2" in w and "not JSON" in w for w in warnings)
    assert any("batch.jsonl:3" in w and "'text'" in w for w in warnings)


def test_readme_beside_articles_is_not_an_article(tmp_path: Path) -> None:
    _write(tmp_path, "README.md", "# about these files")
    _write(tmp_path, "a.md", "Aybak fell.")
    arts, _ = _read([tmp_path])
    assert [a.file for a in arts] == ["a.md"]
