"""A small HTTP fault proxy in front of InfluxDB (python3 standard library only).

The service writes through it all the time; in mode "pass" it forwards every request unchanged,
in "error" it answers 500 without forwarding, in "slow" it holds each request SLOW_S seconds
before forwarding it. Modes switch at run time (FaultProxy.mode).
"""
import http.client
import http.server
import threading
import time

HOP_HEADERS = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"}


class FaultProxy:
    def __init__(self, listen_port, target_port, slow_s=20.0):
        self.mode = "pass"
        self.slow_s = slow_s
        self.counts = {"pass": 0, "error": 0, "slow": 0, "upstream_error": 0}
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _count(self, key):
                with proxy._lock:
                    proxy.counts[key] += 1

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                mode = proxy.mode
                if mode == "error":
                    self._count("error")
                    msg = b'{"error":"injected by bin/reliability"}'
                    self.send_response(500)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(msg)))
                    self.end_headers()
                    self.wfile.write(msg)
                    return
                if mode == "slow":
                    self._count("slow")
                    time.sleep(proxy.slow_s)  # the fault itself: a very slow InfluxDB
                else:
                    self._count("pass")
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", target_port, timeout=120)
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    conn.close()
                except OSError as e:
                    self._count("upstream_error")
                    msg = f"upstream: {e}".encode()
                    self.send_response(502)
                    self.send_header("Content-Length", str(len(msg)))
                    self.end_headers()
                    self.wfile.write(msg)
                    return
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() not in HOP_HEADERS and k.lower() != "content-length":
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_HEAD = _handle

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client gone mid-request (the service SIGKILLed): nothing to report

        self.server = Server(("127.0.0.1", listen_port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="fault-proxy", daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
