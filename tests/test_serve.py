"""Local preview: `python -m generator serve` serves the site and rebuilds when a KB file changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import MINI_KB, ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_serve_rebuilds_after_a_kb_edit(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(MINI_KB, kb)
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator", "--kb", str(kb), "serve", "--out",
                                str(tmp_path / "build" / "site"), "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/site/ke-hoach/mini-2024/"
        assert "10.500 triệu đồng" in _get(url)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/site/van-ban-goc/mini-2024.txt", timeout=10) as source:
            assert source.headers["Content-Type"] == "text/plain; charset=utf-8"  # the plan's source document
        funds = kb / "plans" / "mini-2024" / "funds.yaml"
        funds.write_text(funds.read_text(encoding="utf-8").replace("amount: '10.500'", "amount: '11.000'"), encoding="utf-8")
        deadline = time.monotonic() + 90
        while "11.000 triệu đồng" not in _get(url):
            assert time.monotonic() < deadline, "site was not rebuilt after the KB changed"
            time.sleep(1)
    finally:
        process.terminate()
        process.wait(timeout=20)
