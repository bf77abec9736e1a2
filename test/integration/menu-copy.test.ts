// Each gateway answers GET /menu from its own copy of the bytes (services/api.service.ts). The copy must never
// outlive a change: an 86 or a price change made through one gateway is read at once through every gateway,
// and a device revalidating with its ETag gets a 304 only while nothing changed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { MenuItem } from "../../contracts";

interface Menu {
	categories: { items: MenuItem[] }[];
}

describe(`the gateways' menu copy — ${MODE}`, () => {
	let cluster: TestCluster;
	let gateways: Client[];
	let r: Restaurant;

	before(async () => {
		// Two gateways when distributed, so a change through one must reach the other's copy.
		cluster = await startCluster(
			DISTRIBUTED
				? { split: [["auth"], ["table", "menu", "order"], ["kitchen"], ["billing", "reporting", "notification"], ["api"], ["api"]] }
				: {},
		);
		gateways = cluster.gateways.map(url => client(url));
		r = await openRestaurant(gateways[0], 1);
	});
	after(async () => {
		await cluster?.stop();
	});

	const itemIn = (menu: Menu, id: string) => menu.categories.flatMap(c => c.items).find(i => i.id === id)!;

	/** Reads until the gateway answers from its copy (it keeps none for a few seconds after a node joins). */
	async function copyReady(gw: Client): Promise<void> {
		await until(
			"the gateway answers GET /menu from its copy",
			async () => (await gw.get("/api/v1/menu")).headers.get("x-menu-copy") === "hit",
			20_000,
		);
	}

	it("answers from the copy, with an ETag a device can revalidate (304 until the menu changes)", async () => {
		const gw = gateways[0];
		await copyReady(gw);
		const first = await gw.get<Menu>("/api/v1/menu");
		const etag = first.headers.get("etag")!;
		assert.ok(etag, "an ETag");
		const again = await gw.request("GET", "/api/v1/menu", undefined, { headers: { "if-none-match": etag } });
		assert.equal(again.status, 304);

		const patched = await gw.patch(`/api/v1/menu/items/${r.dish.soup.id}`, { priceCents: 700 }, { token: r.token.admin });
		assert.equal(patched.status, 200, JSON.stringify(patched.body));
		const after = await gw.request<Menu>("GET", "/api/v1/menu", undefined, { headers: { "if-none-match": etag } });
		assert.equal(after.status, 200, "a changed menu is sent again, not a 304");
		assert.equal(itemIn(after.body, r.dish.soup.id).priceCents, 700);
		assert.notEqual(after.headers.get("etag"), etag);
	});

	it("never serves a copy older than a change made through any gateway", async () => {
		for (const gw of gateways) await copyReady(gw);
		for (let round = 0; round < 10; round++) {
			const via = gateways[round % gateways.length];
			const available = round % 2 === 1;
			const res = await via.patch(`/api/v1/menu/items/${r.dish.steak.id}`, { available }, { token: r.token.kitchen });
			assert.equal(res.status, 200, JSON.stringify(res.body));
			// Read at once through every gateway, right after the change was answered.
			for (const [i, gw] of gateways.entries()) {
				const menu = await gw.get<Menu>("/api/v1/menu");
				assert.equal(
					itemIn(menu.body, r.dish.steak.id).available,
					available,
					`round ${round}: gateway ${i} after a change through gateway ${round % gateways.length}`,
				);
			}
		}
		// The copies are still in use after all that (the check above did not pass by never caching).
		for (const gw of gateways) await copyReady(gw);
	});
});
