// Baseline for fan-out: a bare Socket.IO server (the gateway's options, no auth, no rooms, no feed) that
// broadcasts whatever POST /emit {type, message} carries to every connected socket.
// Usage: socketio.ts <port>
import http from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2]);
const server = http.createServer((req, res) => {
	if (req.method !== "POST" || req.url !== "/emit") {
		res.writeHead(404).end();
		return;
	}
	const chunks: Buffer[] = [];
	req.on("data", c => chunks.push(c));
	req.on("end", () => {
		const { type, message } = JSON.parse(Buffer.concat(chunks).toString()) as { type: string; message: unknown };
		io.emit(type, message);
		res.writeHead(204).end();
	});
});
const io = new Server(server, { serveClient: false, pingInterval: 10_000, pingTimeout: 10_000 });
// Brigade greets each device once its rooms are joined; the clients wait for the same greeting here.
io.on("connection", socket => socket.emit("welcome", { seq: 0, rooms: [] }));
server.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
