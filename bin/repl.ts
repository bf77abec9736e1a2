// The operators' console: joins a running cluster (TRANSPORTER, NAMESPACE) as a node with no services of its
// own and opens moleculer-repl with Brigade's commands beside Moleculer's own: floor, kitchen [station],
// orders, bills, lag, devices. `REPL=1 npm start` opens the same console inside the embedded process.
import { ServiceBroker } from "moleculer";
import REPL from "moleculer-repl";
import type { REPLServer } from "node:repl";
import { ConfigError, loadOperatorConfig } from "../lib/config";
import { redisTransporter } from "../moleculer.config";
import type { Backlog } from "../mixins/db.mixin";
import type { Device } from "../services/api/realtime.mixin";
import type { Bill, Order, Table, Ticket } from "../contracts";

type TableFn = (rows: unknown[][], opts?: Record<string, unknown>) => string;
interface Helpers {
	table: TableFn;
	getBorderCharacters(name: string): Record<string, string>;
}
interface Command {
	command: string;
	description: string;
	alias?: string[];
	action(broker: ServiceBroker, args: Record<string, unknown>, helpers: Helpers): Promise<void>;
}

const OPEN_ORDER_STATUSES = ["placed", "in_progress", "ready", "served"] as const;

/** Brigade's console commands; each calls actions over the bus and prints a table. */
export function operatorCommands(print: (text: string) => void = text => console.log(text)): Command[] {
	const command = (
		def: Omit<Command, "action"> & { run(broker: ServiceBroker, args: Record<string, unknown>): Promise<Printable> },
	): Command => ({
		command: def.command,
		description: def.description,
		alias: def.alias,
		async action(broker, args, helpers) {
			try {
				print(render(await def.run(broker, args), helpers));
			} catch (err) {
				print(`error: ${(err as Error).message}`);
			}
		},
	});

	return [
		command({
			command: "floor",
			description: "Tables and their status, with the open order and open bill on each",
			async run(broker) {
				const [tables, orders, bills] = await Promise.all([
					call<Table[]>(broker, "table.list"),
					openOrders(broker),
					call<Bill[]>(broker, "billing.list", { status: "open", limit: 500 }).catch(() => [] as Bill[]),
				]);
				const rows = tables.map(t => {
					const order = orders.find(o => o.tableId === t.id);
					const bill = bills.find(b => b.tableId === t.id);
					return [
						t.name,
						t.area || "",
						t.seats,
						t.status,
						order ? `${short(order.id)} ${order.status}, ${liveItems(order).length} items, ${money(order.totalCents)}` : "",
						bill ? `${short(bill.id)} due ${money(bill.balanceCents)}` : "",
					];
				});
				return {
					title: `Floor: ${tables.length} tables, ${count(tables.map(t => t.status))}`,
					head: ["Table", "Area", "Seats", "Status", "Open order", "Open bill"],
					rows,
				};
			},
		}),
		command({
			command: "kitchen [station]",
			description: "Open kitchen tickets by station, oldest first (one station when named)",
			async run(broker, args) {
				const station = typeof args.station === "string" ? args.station : undefined;
				const tickets = await call<Ticket[]>(broker, "kitchen.tickets", {
					...(station && { station }),
					status: "open",
					limit: 500,
				});
				const now = Date.now();
				const rows = tickets
					.sort((a, b) => a.station.localeCompare(b.station) || a.placedAt.localeCompare(b.placedAt))
					.map(t => [
						t.station,
						t.tableName,
						short(t.orderId),
						age(now - Date.parse(t.placedAt)),
						t.items
							.filter(i => i.status !== "voided" && i.status !== "served")
							.map(i => `${i.quantity}x ${i.name} [${i.status}]`)
							.join("\n"),
					]);
				return {
					title: `Kitchen${station ? ` (${station})` : ""}: ${tickets.length} open tickets${tickets.length ? `, ${count(tickets.map(t => t.station))}` : ""}`,
					head: ["Station", "Table", "Order", "Waiting", "Items"],
					rows,
				};
			},
		}),
		command({
			command: "orders",
			description: "Open orders (not billed, paid or cancelled), oldest first",
			async run(broker) {
				const orders = (await openOrders(broker)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
				const now = Date.now();
				return {
					title: `Open orders: ${orders.length}${orders.length ? `, ${count(orders.map(o => o.status))}` : ""}`,
					head: ["Order", "Table", "Status", "Items", "Total", "Age"],
					rows: orders.map(o => [
						short(o.id),
						o.tableName,
						o.status,
						count(liveItems(o).map(i => i.status)),
						money(o.totalCents),
						age(now - Date.parse(o.createdAt)),
					]),
				};
			},
		}),
		command({
			command: "bills",
			description: "Open bills: total, paid, pending card payments and what is left to pay",
			async run(broker) {
				const bills = await call<Bill[]>(broker, "billing.list", { status: "open", limit: 500 });
				return {
					title: `Open bills: ${bills.length}, due ${money(bills.reduce((s, b) => s + b.balanceCents, 0))}`,
					head: ["Bill", "Table", "Part", "Total", "Paid", "Pending", "Due"],
					rows: bills.map(b => [
						short(b.id),
						b.tableName,
						b.split ? `${b.split.part}/${b.split.parts}` : "",
						money(b.totalCents),
						money(b.paidCents),
						money(b.pendingCents),
						money(b.balanceCents),
					]),
				};
			},
		}),
		command({
			command: "lag",
			description:
				"Per service: events in its outbox not yet published, and what its channel consumer groups have not received or acknowledged",
			async run(broker) {
				const services = [...new Set(actionServices(broker, "backlog"))].sort();
				const backlogs = await Promise.all(
					services.map(s =>
						call<Backlog>(broker, `${s}.backlog`).catch((err: Error) => ({ service: s, error: err.message }) as const),
					),
				);
				const rows: unknown[][] = [];
				for (const b of backlogs) {
					if ("error" in b) {
						rows.push([b.service, "?", "?", b.error, "", "", ""]);
						continue;
					}
					const outbox = [b.service, b.outbox.pending, seconds(b.outbox.oldestSeconds)];
					if (!b.channels.length) rows.push([...outbox, "(in process)", "", "", ""]);
					for (const [i, c] of b.channels.entries())
						rows.push([...(i === 0 ? outbox : ["", "", ""]), c.channel, c.group, c.lag ?? "?", c.pending ?? "?"]);
				}
				const pending = backlogs.reduce((s, b) => s + ("error" in b ? 0 : b.outbox.pending), 0);
				return {
					title: `Lag: ${pending} events waiting in outboxes across ${services.length} services`,
					head: ["Service", "Outbox", "Oldest", "Channel", "Group", "Lag", "Unacked"],
					rows,
				};
			},
		}),
		command({
			command: "devices",
			description: "Connected sockets on every gateway, by role and station",
			async run(broker) {
				const gateways = actionNodes(broker, "api.devices");
				const lists = await Promise.all(gateways.map(nodeID => call<Device[]>(broker, "api.devices", {}, nodeID)));
				const devices = lists.flat();
				const now = Date.now();
				return {
					title: `Devices: ${devices.length} on ${gateways.length} gateway(s)${devices.length ? `, ${count(devices.map(d => d.role))}` : ""}`,
					head: ["Gateway", "Role", "User", "Stations", "Address", "Connected"],
					rows: devices
						.sort((a, b) => a.role.localeCompare(b.role) || a.connectedAt.localeCompare(b.connectedAt))
						.map(d => [
							d.nodeID,
							d.role,
							d.username ?? "",
							d.stations.join(", ") || (d.role === "kitchen" ? "(all)" : ""),
							d.address,
							age(now - Date.parse(d.connectedAt)),
						]),
				};
			},
		}),
	];
}

interface Printable {
	title: string;
	head: string[];
	rows: unknown[][];
}

function render(p: Printable, helpers: Helpers): string {
	if (!p.rows.length) return `${p.title}\n(none)`;
	const body = helpers.table([p.head, ...p.rows.map(r => r.map(c => String(c)))], { border: helpers.getBorderCharacters("norc") });
	return `${p.title}\n${body}`;
}

/** A call from the console: it has no user, and the services trust the bus (access is decided at the gateway). */
async function call<T>(broker: ServiceBroker, action: string, params: Record<string, unknown> = {}, nodeID?: string): Promise<T> {
	if (!actionNodes(broker, action).length) {
		throw new Error(`${action.split(".")[0]} is not running on any node of namespace "${broker.namespace}"`);
	}
	return broker.call<T, Record<string, unknown>>(action, params, { timeout: 10_000, ...(nodeID && { nodeID }) });
}

async function openOrders(broker: ServiceBroker): Promise<Order[]> {
	const lists = await Promise.all(OPEN_ORDER_STATUSES.map(status => call<Order[]>(broker, "order.list", { status, limit: 500 })));
	return lists.flat();
}

/** The nodes where `action` can run now. */
function actionNodes(broker: ServiceBroker, action: string): string[] {
	const list = broker.registry.getActionList({ onlyAvailable: true, skipInternal: true, withEndpoints: true }) as unknown as {
		name: string;
		endpoints?: { nodeID: string; available: boolean }[];
	}[];
	return (list.find(a => a.name === action)?.endpoints ?? []).filter(e => e.available).map(e => e.nodeID);
}

/** The services that have an action named `name` (e.g. every DbMixin service's `backlog`). */
function actionServices(broker: ServiceBroker, name: string): string[] {
	const list = broker.registry.getActionList({ onlyAvailable: true, skipInternal: true }) as unknown as { name: string }[];
	return list.filter(a => a.name.endsWith(`.${name}`)).map(a => a.name.slice(0, -name.length - 1));
}

const liveItems = (o: Order) => o.items.filter(i => i.status !== "voided");
const short = (id: string) => id.slice(0, 8);
const money = (cents: number) =>
	`${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;
const seconds = (s: number) => (s ? `${Math.round(s)}s` : "-");

function age(ms: number): string {
	const s = Math.max(0, Math.round(ms / 1000));
	return s < 3600
		? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
		: `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** "3 available, 1 occupied" */
function count(values: string[]): string {
	const n = new Map<string, number>();
	for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
	return [...n].map(([k, v]) => `${v} ${k}`).join(", ");
}

/** Opens the console on a started broker; Ctrl-D (or the end of stdin) stops the broker and exits. */
export function startRepl(broker: ServiceBroker): REPLServer {
	return REPL(broker, { delimiter: "brigade $", customCommands: operatorCommands() as never });
}

async function main(): Promise<void> {
	let config: ReturnType<typeof loadOperatorConfig>;
	try {
		config = loadOperatorConfig();
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(err.message);
			process.exit(78);
		}
		throw err;
	}
	if (!config.transporter) {
		console.error(
			"npm run repl joins a running cluster, and TRANSPORTER is not set: there is no cluster to join.\n" +
				"  Distributed: TRANSPORTER=redis://127.0.0.1:6379 NAMESPACE=<the cluster's> npm run repl\n" +
				"  Embedded (one process): start the server with its console instead: REPL=1 npm start",
		);
		process.exit(78);
	}
	const broker = new ServiceBroker({
		namespace: config.namespace,
		nodeID: config.nodeID,
		transporter: redisTransporter(config.transporter),
		logger: { type: "Console", options: { level: config.logLevel, colors: false, formatter: "short" } },
		logLevel: config.logLevel,
		requestTimeout: 10_000,
		metrics: false,
		tracing: false,
	});
	await broker.start();
	// The cluster's nodes answer DISCOVER within moments; wait a little so the first command sees them all.
	const deadline = Date.now() + 5000;
	let others: string[] = [];
	let seen = -1;
	while (Date.now() < deadline) {
		const nodes = broker.registry.nodes.list({ onlyAvailable: true, withServices: false }) as { id: string; local: boolean }[];
		others = nodes.filter(n => !n.local).map(n => n.id);
		if (others.length && others.length === seen) break;
		seen = others.length;
		await new Promise(r => setTimeout(r, 500));
	}
	console.log(
		others.length
			? `Joined namespace "${config.namespace}" as ${broker.nodeID}: ${others.length} other node(s): ${others.join(", ")}. Commands: floor, kitchen [station], orders, bills, lag, devices (help lists Moleculer's own).`
			: `Joined namespace "${config.namespace}" as ${broker.nodeID}, but no other node has answered yet: is the cluster running with NAMESPACE=${config.namespace}?`,
	);
	startRepl(broker);
}

if (require.main === module) void main();
