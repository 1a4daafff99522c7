require("http").createServer((q, s) => s.end("nginx-less")).listen(80);
