"""A damaged store says so in one line and never reads as empty; processes share a project."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TINY, write_workbook
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import StoreError
from graphkit.store import Store, StoreBusyError

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(tmp_path / "wb", TINY), root)
    return root


def _gk(*args: str):
    return runner.invoke(app, list(args))


def test_a_missing_current_file_is_damage_not_an_empty_store(project: Path, tmp_path: Path):
    (project / "store" / "CURRENT").unlink()
    for _ in range(2):  # and stays so: the first command does not start an empty store on top
        result = _gk("sources", "--project", str(project))
        assert result.exit_code == 2 and "is damaged" in result.output and "CURRENT" in result.output
        assert "Traceback" not in result.output
    loaded = _gk("load", str(write_workbook(tmp_path / "wb2", TINY)), "--project", str(project))
    assert loaded.exit_code == 2 and "is damaged" in loaded.output  # nothing written on top


def test_a_truncated_manifest_is_one_line_naming_the_folder(project: Path):
    [manifest] = (project / "store").glob("MANIFEST-*")
    with manifest.open("r+b") as fh:
        fh.truncate(10)
    result = _gk("gaps", "--project", str(project))
    assert result.exit_code == 2 and str(project / "store") in result.output and "is damaged" in result.output
    assert len(result.output.strip().splitlines()) == 1


HOLD = """
import sys, time
from graphkit.store import Store
with Store.open(sys.argv[1]):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold(store: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(store), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_a_reader_waits_for_another_process_then_answers(project: Path, capfd):
    holder = _hold(project / "store", 2.0)
    try:
        began = time.monotonic()
        with Store.open(project / "store") as store:
            assert [s.name for s in store.sources()]
        waited = time.monotonic() - began
    finally:
        holder.wait(timeout=30)
    assert 1.0 < waited < 30
    assert "Waiting for another graphkit process" in capfd.readouterr().err


def test_a_writer_that_cannot_wait_says_a_load_is_running(project: Path):
    holder = _hold(project / "store", 5.0)
    try:
        with pytest.raises(StoreBusyError, match="in use by another graphkit process"):
            Store.open(project / "store", wait=0.3)
    finally:
        holder.kill()
        holder.wait(timeout=30)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any folder, and the venv's Python under /root "
                                            "cannot run as another user: run the suite as a normal user")
def test_a_read_only_folder_can_be_read(project: Path):
    for folder, _dirs, files in os.walk(project):
        for name in files:
            os.chmod(Path(folder) / name, 0o444)
        os.chmod(folder, 0o555)
    try:
        with Store.open(project / "store") as store:
            assert store.read_only and [s.name for s in store.sources()] == ["tiny"]
            with pytest.raises(StoreError, match="read-only"):
                store.remove_source("tiny")
    finally:
        for folder, _dirs, _files in os.walk(project):
            os.chmod(folder, 0o755)


def test_versions_left_by_a_killed_load_are_dropped_on_the_next_open(project: Path):
    import pyoxigraph as ox

    from graphkit.store import SOURCE_NS

    with Store.open(project / "store") as store:  # what a killed load leaves: a version nobody points to
        stale = ox.NamedNode(f"{SOURCE_NS}tiny/v/killed")
        store._store.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("x"), stale))
    with Store.open(project / "store") as store:
        assert stale not in set(store._store.named_graphs())


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 3 MB filesystem (tmpfs), to fill up; skipped where this user may not mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here to fill up ({made.stderr.decode().strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_says_disk_full_and_keeps_the_store_as_it_was(tiny_disk: Path, tmp_path: Path):
    root = tiny_disk / "p"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(tmp_path / "wb", TINY), root)
    big = tmp_path / "big.nt"  # on the roomy disk: only the store's disk is full
    with big.open("w", encoding="utf-8") as fh:
        for i in range(60_000):
            fh.write(f'<https://w3id.org/graphkit/id/o{i}> <http://www.w3.org/2004/02/skos/core#prefLabel> '
                     f'"Organisation number {i} with a long enough name"@en .\n')
    result = _gk("load", str(big), "--project", str(root))
    assert result.exit_code == 2 and "disk full" in result.output and "big.nt" not in result.output
    assert "Traceback" not in result.output
    after = _gk("sources", "--project", str(root))
    assert after.exit_code == 0 and "wb " in after.output and "big" not in after.output


GRAPHKIT = Path(sys.executable).with_name("graphkit")


def _big_nt(path: Path, n: int, prefix: str = "o") -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            s = f"<https://w3id.org/graphkit/id/{prefix}{i}>"
            fh.write(f'{s} <http://www.w3.org/2004/02/skos/core#prefLabel> "Organisation {prefix} {i}"@en .\n'
                     f'{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                     f'<http://www.w3.org/ns/org#FormalOrganization> .\n')
    return path


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(GRAPHKIT), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "GRAPHKIT_NO_CACHE": "1"})


def test_flipped_bytes_in_a_table_file_are_one_line(project: Path):
    tables = sorted((project / "store").glob("*.sst"))
    if not tables:
        pytest.skip("RocksDB kept this small store in its log: no table file to damage")
    data = bytearray(tables[0].read_bytes())
    for at in range(64, len(data), 97):
        data[at] ^= 0xFF
    tables[0].write_bytes(bytes(data))
    result = _run("sources", "--project", str(project))
    assert result.returncode == 2 and "is damaged" in result.stderr and "Traceback" not in result.stderr


def test_a_load_killed_midway_leaves_the_store_as_it_was(project: Path, tmp_path: Path):
    before = _run("sources", "--project", str(project)).stdout
    big = _big_nt(tmp_path / "big.nt", 150_000)
    load = subprocess.Popen([str(GRAPHKIT), "load", str(big), "--project", str(project)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    load.kill()
    load.wait(timeout=30)
    after = _run("sources", "--project", str(project))
    assert after.returncode == 0 and after.stdout == before  # the old state, and an open that cleaned up
    # Nothing of the load is left running (its check's process ends with it).
    for _ in range(100):
        left = _processes_naming(str(big))
        if not left:
            break
        time.sleep(0.1)
    assert not left, f"processes of the killed load still running: {left}"


def _processes_naming(text: str) -> list[int]:
    """The processes whose command line names ``text`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                status = (entry / "status").read_text()
            except OSError:
                continue
            if text in cmdline and "State:\tZ" not in status:
                found.append(int(entry.name))
    return found


def test_readers_during_a_load_wait_and_answer_and_two_loads_both_land(project: Path, tmp_path: Path):
    first = _big_nt(tmp_path / "first.nt", 120_000, "f")
    second = _big_nt(tmp_path / "second.nt", 1_000, "s")
    load = subprocess.Popen([str(GRAPHKIT), "load", str(first), "--project", str(project)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    reader = _run("sources", "--project", str(project))
    other = _run("load", str(second), "--project", str(project))
    assert load.wait(timeout=300) == 0, load.stderr.read()
    assert reader.returncode == 0 and "Traceback" not in reader.stderr and "LOCK" not in reader.stderr
    assert other.returncode == 0, other.stderr
    final = _run("sources", "--project", str(project)).stdout
    assert "first" in final and "second" in final and "wb" in final
