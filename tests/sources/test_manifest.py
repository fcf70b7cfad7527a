import json
from pathlib import Path

import pytest

from bilat.errors import InputNotFound, ManifestError
from bilat.model import RawDocument
from bilat.sources import apply_manifest, read_manifest


def _manifest(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "manifest.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_manifest_maps_names_to_entries(tmp_path: Path) -> None:
    path = _manifest(
        tmp_path,
        [
            json.dumps({"doc": "a.txt", "published": "2024-06-19", "url": "https://x/a"}),
            "",
            json.dumps({"doc": "b.txt", "published": None, "url": None}),
        ],
    )
    manifest = read_manifest(path)
    assert set(manifest) == {"a.txt", "b.txt"}
    assert manifest["a.txt"]["published"] == "2024-06-19"
    assert manifest["b.txt"]["published"] is None


@pytest.mark.parametrize(
    "bad",
    [
        "{not json",
        '["a.txt"]',
        '{"published": "2024-06-19"}',
        '{"doc": "a.txt", "published": "19/06/2024"}',
        '{"doc": "a.txt", "published": "2024-02-30"}',
        '{"doc": "a.txt", "url": 5}',
    ],
)
def test_bad_line_raises_manifest_error_with_line_number(tmp_path: Path, bad: str) -> None:
    path = _manifest(tmp_path, [json.dumps({"doc": "ok.txt", "published": None}), bad])
    with pytest.raises(ManifestError) as error:
        read_manifest(path)
    assert f"{path}:2" in str(error.value)


def test_duplicate_names_are_an_error(tmp_path: Path) -> None:
    line = json.dumps({"doc": "a.txt", "published": None})
    with pytest.raises(ManifestError, match="line 1"):
        read_manifest(_manifest(tmp_path, [line, line]))


def test_missing_manifest_raises_input_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound):
        read_manifest(tmp_path / "absent.jsonl")


def test_apply_manifest_values_win_but_none_does_not_erase() -> None:
    raw = RawDocument(
        name="a.txt", kind="text", data=b"x", origin="a.txt", published="2020-01-01", url="old"
    )
    manifest = {"a.txt": {"doc": "a.txt", "published": "2024-06-19", "url": None}}
    updated = apply_manifest(raw, manifest)
    assert (updated.published, updated.url) == ("2024-06-19", "old")
    assert updated.data == b"x"


def test_apply_manifest_leaves_unlisted_documents_alone() -> None:
    raw = RawDocument(name="b.txt", kind="text", data=b"x", origin="b.txt")
    assert apply_manifest(raw, {"a.txt": {"published": "2024-06-19"}}) is raw


def test_deeply_nested_line_and_lone_surrogates(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="nested too deeply"):
        read_manifest(_manifest(tmp_path, ["[" * 100_000]))
    path = _manifest(tmp_path, ['{"doc": "a.txt", "title": "T\\ud800"}'])
    assert read_manifest(path)["a.txt"]["title"] == "T\ufffd"
