// Baseline for the menu: a bare node:http server answering every request with the same JSON bytes
// Brigade's GET /api/v1/menu returned. Usage: http-menu.ts <port> <file with the JSON>
import fs from "node:fs";
import http from "node:http";

const [port, file] = process.argv.slice(2);
const body = fs.readFileSync(file);
http.createServer((_req, res) => {
	res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
	res.end(body);
}).listen(Number(port), "127.0.0.1", () => console.log(`listening on ${port}`));
