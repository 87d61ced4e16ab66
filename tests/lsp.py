"""A minimal Language Server Protocol client, to ask the real yaml-language-server what an editor would show."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

SETTINGS = {"yaml": {"validate": True, "hover": False, "completion": False, "schemaStore": {"enable": False},
                     "format": {"enable": False}}}


class LspClient:
    """Speak JSON-RPC over stdio to a language server process."""

    def __init__(self, command: list[str]):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, payload: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **payload}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise EOFError("language server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


def diagnostics_for(server: list[str], document: Path, timeout: float = 30) -> list[dict[str, Any]]:
    """Open *document* in the server like an editor does; return the diagnostics it publishes."""
    client = LspClient(server)
    try:
        root = document.parent.as_uri()
        client.request("initialize", {"processId": None, "rootUri": root, "capabilities": {
            "workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}}}})
        uri = document.as_uri()
        opened = False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = client.read()
            if message.get("id") == 1 and "result" in message and not opened:
                client.notify("initialized", {})
                client.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
                client.notify("textDocument/didOpen", {"textDocument": {
                    "uri": uri, "languageId": "yaml", "version": 1, "text": document.read_text(encoding="utf-8")}})
                opened = True
            elif message.get("method") == "workspace/configuration":
                items = message["params"]["items"]
                client.send({"id": message["id"], "result": [SETTINGS.get(i.get("section", ""), SETTINGS["yaml"])
                                                             if i.get("section") != "yaml" else SETTINGS["yaml"] for i in items]})
            elif "id" in message and "method" in message:
                client.send({"id": message["id"], "result": None})
            elif message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                if message["params"]["diagnostics"]:
                    return message["params"]["diagnostics"]
        return []
    finally:
        client.close()
