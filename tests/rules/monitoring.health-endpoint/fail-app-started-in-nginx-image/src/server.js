const http = require("http");
http.createServer((q, s) => s.end("hi")).listen(8080);
