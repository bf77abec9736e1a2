// Validation messages a person can act on, through the real gateway: each 400 says in plain words what to
// change in which field ("station must start with a letter…", "seats must be a whole number of at least 1"),
// never the validator's own English ("The 'station' field fails to match the required pattern.") or a bare
// "Invalid input: station"; `details` still name every field, as before.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";

interface Detail {
	field: string;
	type: string;
	message: string;
}

describe(`validation messages in plain words — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
	});
	after(() => cluster?.stop());

	const refused = async (method: string, path: string, body: unknown, token = r.token.admin) => {
		const res = await http.request(method, `/api/v1${path}`, body, { token });
		assert.equal(res.status, 400, JSON.stringify(res.body));
		assert.equal(res.body.error.code, "VALIDATION_ERROR");
		return res.body.error as { message: string; details: Detail[] };
	};

	it("a menu item's station that is not a station name says what one looks like", async () => {
		const e = await refused("POST", "/menu/items", {
			categoryId: r.dish.burger.categoryId,
			name: "Fries",
			priceCents: 450,
			station: "the grill!",
		});
		assert.equal(e.message, "station must start with a letter and use only lowercase letters, digits or dashes, like grill or cold-2");
		assert.deepEqual(
			e.details.map(d => d.field),
			["station"],
		);
		assert.equal(e.details[0].type, "stringPattern");
		// Editing says the same, and so does the kitchen's ticket filter.
		assert.equal((await refused("PATCH", `/menu/items/${r.dish.burger.id}`, { station: "2nd grill" })).message, e.message);
		assert.equal((await refused("GET", "/kitchen/tickets?station=cold%20room", undefined, r.token.kitchen)).message, e.message);
	});

	it("missing, empty, too long and out-of-range fields each get one sentence naming the field", async () => {
		assert.equal((await refused("POST", "/tables", { seats: 4 })).message, "name is required");
		assert.equal((await refused("POST", "/tables", { name: "   ", seats: 4 })).message, "name must not be empty");
		assert.equal((await refused("POST", "/tables", { name: "x".repeat(41), seats: 4 })).message, "name must be at most 40 characters");
		assert.equal((await refused("POST", "/tables", { name: "Patio 1", seats: 0 })).message, "seats must be at least 1");
		assert.equal(
			(await refused("POST", "/tables", { name: "Patio 1", seats: 0.5 })).message,
			"seats must be a whole number of at least 1",
		);
		assert.equal((await refused("POST", "/tables", { name: "Patio 1", seats: 101 })).message, "seats must be at most 100");
		assert.equal((await refused("POST", "/tables", { name: "Patio 1", seats: "four" })).message, "seats must be a number");
		assert.equal(
			(await refused("PATCH", `/menu/items/${r.dish.burger.id}`, { available: "no" })).message,
			"available must be true or false",
		);
		assert.equal((await refused("PATCH", "/menu/items/42", { available: false })).message, "id must be an id (a UUID like 3f2c…)");
		assert.equal(
			(await refused("POST", `/billing/bills/${r.dish.burger.id}/payments`, { method: "voucher", amountCents: 100 }, r.token.staff))
				.message,
			"method must be one of cash, card",
		);
		assert.equal(
			(await refused("POST", "/orders", { tableId: r.tables[0].id, items: [] }, r.token.staff)).message,
			"items must have at least 1 entry",
		);
		assert.equal(
			(
				await refused(
					"POST",
					"/orders",
					{ tableId: r.tables[0].id, items: [{ menuItemId: r.dish.beer.id, quantity: 0 }] },
					r.token.staff,
				)
			).message,
			"items[0].quantity must be at least 1",
		);
	});

	it("several wrong fields are all named, one sentence each, and details still list every field", async () => {
		const e = await refused("POST", "/tables", { name: "", seats: -2 });
		assert.equal(e.message, "name must not be empty; seats must be at least 1");
		assert.deepEqual(e.details.map(d => d.field).sort(), ["name", "seats"]);
		assert.deepEqual(e.details.map(d => d.message).sort(), ["name must not be empty", "seats must be at least 1"]);
	});

	it("a price beyond the menu's limit says the limit as money", async () => {
		const e = await refused("POST", "/menu/items", {
			categoryId: r.dish.burger.categoryId,
			name: "Caviar",
			priceCents: 10_000_001,
			station: "cold",
		});
		assert.equal(e.message, "priceCents must be at most 10000000 (a price of 100,000.00)");
	});

	it("messages a service wrote itself are kept as written", async () => {
		const e = await refused("GET", "/reports/sales?from=yesterday", undefined);
		assert.equal(e.message, "Use a date (2026-11-22) or a time with its offset (2026-11-22T18:00:00Z)");
		assert.equal(e.details[0].field, "from");
	});

	it("no validation answer speaks the validator's own English", async () => {
		const bad: [string, string, unknown, string?][] = [
			["POST", "/menu/categories", { name: "" }],
			["POST", "/menu/items", { name: "X" }],
			["POST", "/tables", {}],
			["POST", "/auth/register", { username: "a", password: "short", fullName: "", role: "chef" }],
			["POST", "/orders", { tableId: "nope", items: "burger" }, r.token.staff],
			["POST", "/billing/bills", { tableId: 7 }, r.token.staff],
			["GET", "/reports/best-sellers?limit=0", undefined],
		];
		for (const [method, path, body, token] of bad) {
			const e = await refused(method, path, body, token);
			assert.doesNotMatch(
				e.message,
				/The '|fails to match|Invalid input|greater than or equal|less than or equal|must be a string|must be an integer/,
				`${method} ${path}: ${e.message}`,
			);
			for (const d of e.details) {
				assert.ok(e.message.includes(d.field), `${method} ${path}: the message names ${d.field}: ${e.message}`);
				assert.doesNotMatch(d.message, /^The '/, `${method} ${path}: ${d.message}`);
			}
		}
	});
});
