"""The demo's inbox: a local SMTP server that keeps every message it accepts, and a page to read them.

  mailsink.py serve DIR [--smtp-port 2525] [--http-port 8025]   run both servers on 127.0.0.1
  mailsink.py list DIR                                            print the messages, newest first

bin/demo starts it and points the service's SMTP settings at it, so the demo's alarms, work orders
and escalations arrive somewhere a newcomer can see: http://127.0.0.1:8025/ (the list, each message
as text) and /messages.json. Every message is a file DIR/<n>.eml with the envelope in
X-Envelope-From/X-Envelope-To headers. Python's standard library only; no TLS, no AUTH: it listens on
the loopback and is for the demo alone.
"""
import email
import email.header
import email.policy
import html
import http.server
import json
import os
import socketserver
import sys
import threading
import time

MAX_BYTES = 25 * 1024 * 1024
_lock = threading.Lock()


def _next_path(directory):
    with _lock:
        names = [int(n[:-4]) for n in os.listdir(directory) if n.endswith(".eml") and n[:-4].isdigit()]
        n = max(names, default=0) + 1
        path = os.path.join(directory, f"{n}.eml")
        open(path, "xb").close()
        return path


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for a mail client: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 localhost demo inbox ESMTP")
        sender, recipients = None, []
        while True:
            raw = self.rfile.readline(4096)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb == "EHLO":
                self.reply("250-localhost")
                self.reply("250-8BITMIME")
                self.reply(f"250 SIZE {MAX_BYTES}")
            elif verb == "HELO":
                self.reply("250 localhost")
            elif verb == "MAIL":
                sender, recipients = _address(line), []
                self.reply("250 OK")
            elif verb == "RCPT":
                if sender is None:
                    self.reply("503 MAIL first")
                else:
                    recipients.append(_address(line))
                    self.reply("250 OK")
            elif verb == "DATA":
                if not recipients:
                    self.reply("503 RCPT first")
                    continue
                self.reply("354 end with <CRLF>.<CRLF>")
                body, size = [], 0
                while True:
                    data = self.rfile.readline(MAX_BYTES)
                    if not data:
                        return
                    if data in (b".\r\n", b".\n"):
                        break
                    if data.startswith(b"."):
                        data = data[1:]
                    size += len(data)
                    body.append(data)
                if size > MAX_BYTES:
                    self.reply("552 message too large")
                else:
                    path = _next_path(self.server.directory)
                    with open(path, "wb") as f:
                        f.write(f"X-Envelope-From: <{sender}>\r\n".encode())
                        f.write(f"X-Envelope-To: {', '.join('<' + r + '>' for r in recipients)}\r\n".encode())
                        f.writelines(body)
                    self.reply("250 OK: queued as " + os.path.basename(path))
                sender, recipients = None, []
            elif verb == "RSET":
                sender, recipients = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 command not implemented")


def _address(line):
    start, end = line.find("<"), line.find(">")
    return line[start + 1:end] if 0 <= start < end else line.split(":", 1)[-1].strip()


def _decode(value):
    return str(email.header.make_header(email.header.decode_header(value or "")))


def messages(directory):
    """[{id, date, from, to, subject}] newest first."""
    out = []
    for name in os.listdir(directory):
        if not (name.endswith(".eml") and name[:-4].isdigit()):
            continue
        with open(os.path.join(directory, name), "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.compat32)
        out.append({"id": int(name[:-4]), "date": msg.get("Date", ""), "from": _decode(msg.get("From")),
                    "to": msg.get("X-Envelope-To", ""), "subject": _decode(msg.get("Subject"))})
    return sorted(out, key=lambda m: m["id"], reverse=True)


def _text(directory, n):
    with open(os.path.join(directory, f"{n}.eml"), "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    parts = [f"{k}: {v}" for k, v in msg.items()]
    body = msg.get_body(preferencelist=("plain", "html"))
    parts.append("")
    parts.append(body.get_content() if body is not None else "(no text part)")
    for attachment in msg.iter_attachments():
        parts.append(f"[attachment: {attachment.get_filename()} ({attachment.get_content_type()})]")
    return "\n".join(parts)


class InboxPage(http.server.BaseHTTPRequestHandler):
    def send(self, status, content_type, text):
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type + "; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        directory = self.server.directory
        if self.path == "/messages.json":
            self.send(200, "application/json", json.dumps(messages(directory), indent=1))
        elif self.path.startswith("/messages/") and self.path[len("/messages/"):].isdigit():
            try:
                self.send(200, "text/plain", _text(directory, int(self.path[len("/messages/"):])))
            except FileNotFoundError:
                self.send(404, "text/plain", "no such message")
        elif self.path == "/":
            rows = "".join(
                f"<tr><td>{m['id']}</td><td>{html.escape(m['date'])}</td><td>{html.escape(m['to'])}</td>"
                f"<td><a href='/messages/{m['id']}'>{html.escape(m['subject']) or '(no subject)'}</a></td></tr>"
                for m in messages(directory))
            self.send(200, "text/html", "<!doctype html><meta http-equiv='refresh' content='10'><title>Demo inbox</title>"
                      "<h1>Demo inbox</h1><p>E-mail the service sent, newest first (refreshes every 10 s).</p>"
                      "<table border='1' cellpadding='4'><tr><th>#</th><th>date</th><th>to</th><th>subject</th></tr>"
                      f"{rows}</table>")
        else:
            self.send(404, "text/plain", "not found")

    def log_message(self, *args):
        pass


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def serve(directory, smtp_port, http_port):
    os.makedirs(directory, exist_ok=True)
    smtp = _Server(("127.0.0.1", smtp_port), SmtpHandler)
    web = _Server(("127.0.0.1", http_port), InboxPage)
    smtp.directory = web.directory = directory
    threading.Thread(target=web.serve_forever, daemon=True).start()
    print(f"demo inbox: SMTP on 127.0.0.1:{smtp_port}, messages on http://127.0.0.1:{http_port}/ ({directory})",
          flush=True)
    smtp.serve_forever()


def main(argv):
    if len(argv) >= 2 and argv[0] == "list":
        for m in messages(argv[1]):
            print(f"{m['id']:5}  {m['date']:31}  {m['to']:40}  {m['subject']}")
        return
    if len(argv) < 2 or argv[0] != "serve":
        sys.exit(__doc__)
    options = dict(zip(argv[2::2], argv[3::2]))
    serve(argv[1], int(options.get("--smtp-port", 2525)), int(options.get("--http-port", 8025)))


if __name__ == "__main__":
    main(sys.argv[1:])
