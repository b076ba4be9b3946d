"""The preview server facing misbehaving clients and editors: it always stops, takes bursts, reads settled saves."""
from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT
from confdeck.preview import LiveDeck, Preview, PreviewOptions, PreviewServer

NOTES = "# Talk\n\n## Part (~2 min)\n\n- first point\n- second point\n"
WAIT = 20  # seconds to wait for an event on a busy machine; not a timing


def start_preview(folder: Path) -> tuple[subprocess.Popen, int]:
    (folder / "talk.md").write_text(NOTES, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "confdeck", "preview", "talk.md", "--port", "0", "--no-open"],
                               cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("serving "):
            return process, int(line.split()[1].rstrip("/").rsplit(":", 1)[1])
        if not line:
            break
    process.kill()
    raise AssertionError(f"preview did not start: {process.stderr.read()}")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_preview_stops_while_a_client_trickles_a_request(tmp_path, stop):
    process, port = start_preview(tmp_path)
    trickling = threading.Event()
    done = threading.Event()

    def trickle():
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port)
            trickling.set()
            while not done.is_set():  # one byte of a header every 0.2 s: never a whole request
                try:
                    client.sendall(b"X")
                except OSError:
                    return
                time.sleep(0.2)
    client = threading.Thread(target=trickle, daemon=True)
    client.start()
    try:
        assert trickling.wait(WAIT)
        time.sleep(0.5)  # the server is now reading that request
        process.send_signal(stop)
        try:
            out, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise AssertionError("the preview did not stop while a client was trickling a request")
    finally:
        done.set()
        client.join(WAIT)
    assert process.poll() is not None and process.returncode == 0
    assert out.splitlines()[-1] == "stopped" and "Traceback" not in err


def test_a_burst_of_connections_waits_in_the_backlog(tmp_path):
    server = PreviewServer("127.0.0.1", 0, LiveDeck())  # listening, not yet accepting: the backlog alone
    clients = []
    try:
        for _ in range(60):
            client = socket.socket()
            client.settimeout(0.5)
            try:
                client.connect(server.server_address)
                clients.append(client)
            except OSError:
                client.close()
                break
        assert len(clients) == 60  # a backlog of 5 took six of them and let the seventh wait for SYN retries
    finally:
        for client in clients:
            client.close()
        server.server_close()


def test_a_save_read_mid_write_is_read_again_before_it_is_an_error(tmp_path):
    notes = tmp_path / "talk.md"
    notes.write_text(NOTES, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    preview = Preview(PreviewOptions(notes=notes, shown="talk.md", port=0, open_browser=False), out=out, err=err)
    notes.write_bytes(b"")  # the editor truncated the file and is about to write it again

    def finish_the_save():
        time.sleep(0.15)
        notes.write_text(NOTES.replace("first point", "first point, edited"), encoding="utf-8")
    editor = threading.Thread(target=finish_the_save)
    editor.start()
    assert preview.rebuild() is True
    editor.join()
    assert err.getvalue().count("error") == 0
    assert b"first point, edited" in preview.deck.html
    assert out.getvalue().startswith("built talk.md: ")
    # A file that stays empty is still reported, once it has stood still.
    notes.write_bytes(b"")
    assert preview.rebuild() is False
    assert err.getvalue().startswith("error: talk.md: the notes file is empty")
