#!/usr/bin/env python3
"""Edge-case HTTP server for readycheck's http probe tests.

Binds 127.0.0.1 on a free port, prints the port on stdout, then serves:
  /ok            200 "ok"
  /hang          accepts, never answers
  /slow?ms=N     answers 200 after N ms
  /loop          302 to itself, forever
  /file          302 to file:///etc/passwd
  /other         302 to http://example.invalid/ (another host)
  /huge          200 with an endless chunked body
  /flaky?id=X&n=N  503 for the first N requests with that id, then 200
  /cors          200 with Access-Control-Allow-Origin * and credentials
  /echo-auth     200, body says whether an Authorization header arrived
  /to?url=U&code=C  C (default 302) to U (any URL, relative or absolute);
                 also answers POST
  /chain?n=N     302 to /chain?n=N-1 while N > 0, then 200 "end"
  /capture?id=X  200; records the credential headers, the method and the
                 body that arrived, under X (GET or POST)
  /captured?id=X 200 with a JSON object of what /capture?id=X recorded
                 ({"requests": 0} when nothing arrived)
Stops on SIGTERM.
"""
import http.server
import json
import signal
import socketserver
import sys
import threading
import time
import urllib.parse

FLAKY = {}
CAPTURED = {}
LOCK = threading.Lock()
CREDENTIAL_HEADERS = ("Authorization", "Cookie", "Proxy-Authorization",
                      "X-Api-Token")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(n)
        url = urllib.parse.urlparse(self.path)
        if url.path in ("/to", "/capture"):
            self.do_GET(data)
        else:
            self.reply(200, b"got " + data)

    def do_GET(self, body=None):
        url = urllib.parse.urlparse(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        p = url.path
        if p == "/ok":
            self.reply(200, b"ok")
        elif p == "/hang":
            time.sleep(3600)
        elif p == "/slow":
            time.sleep(int(q.get("ms", "1000")) / 1000.0)
            self.reply(200, b"slow ok")
        elif p == "/loop":
            self.reply(302, b"", [("Location", "/loop")])
        elif p == "/file":
            self.reply(302, b"", [("Location", "file:///etc/passwd")])
        elif p == "/other":
            self.reply(302, b"", [("Location", "http://example.invalid/")])
        elif p == "/huge":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                while True:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                pass
        elif p == "/flaky":
            with LOCK:
                seen = FLAKY.get(q.get("id"), 0)
                FLAKY[q.get("id")] = seen + 1
            if seen < int(q.get("n", "1")):
                self.reply(503, b"starting")
            else:
                self.reply(200, b"up")
        elif p == "/cors":
            self.reply(200, b"{}", [("Access-Control-Allow-Origin", "*"),
                                    ("Access-Control-Allow-Credentials", "true")])
        elif p == "/echo-auth":
            has = "Authorization" in self.headers
            self.reply(200, b"auth=yes" if has else b"auth=no")
        elif p == "/to":
            self.reply(int(q.get("code", "302")), b"",
                       [("Location", q.get("url", "/ok"))])
        elif p == "/chain":
            n = int(q.get("n", "0"))
            if n > 0:
                self.reply(302, b"", [("Location", "/chain?n=%d" % (n - 1))])
            else:
                self.reply(200, b"end")
        elif p == "/capture":
            got = {h: self.headers[h] for h in CREDENTIAL_HEADERS
                   if h in self.headers}
            got["method"] = self.command
            got["body"] = (body or b"").decode("utf-8", "replace")
            with LOCK:
                seen = CAPTURED.setdefault(q.get("id"), {"requests": 0})
                seen["requests"] += 1
                seen.update(got)
            self.reply(200, b"captured")
        elif p == "/captured":
            with LOCK:
                seen = dict(CAPTURED.get(q.get("id"), {"requests": 0}))
            self.reply(200, json.dumps(seen).encode())
        else:
            self.reply(404, b"not found")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
