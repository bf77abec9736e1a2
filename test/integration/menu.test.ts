// The Menu section of API.md through the gateway: categories and items, 86 from the floor and the
// kitchen, a cached menu that every change clears, roles, and bad input refused without a write.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import type { MenuItem as Item, Role } from "../../contracts";

describe(`menu — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	const token = {} as Record<Role, string>;
	let mains: { id: string };
	let burger: Item;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		token.admin = (await http.login(ADMIN.username, ADMIN.password)).accessToken;
		for (const role of ["staff", "kitchen"] as const) {
			await http.post(
				"/api/v1/auth/register",
				{ username: `${role}-1`, password: "password-123", fullName: role, role },
				{ token: token.admin },
			);
			token[role] = (await http.login(`${role}-1`, "password-123")).accessToken;
		}
		mains = (await http.post("/api/v1/menu/categories", { name: "Mains", position: 2 }, { token: token.admin })).body;
		burger = (
			await http.post(
				"/api/v1/menu/items",
				{ categoryId: mains.id, name: "Burger", description: "Beef, cheddar", priceCents: 1450, station: "grill" },
				{ token: token.admin },
			)
		).body;
	});
	after(() => cluster?.stop());

	const menu = async () =>
		(await http.get<{ categories: { id: string; name: string; position: number; items: Item[] }[] }>("/api/v1/menu")).body;
	const itemInMenu = async (id: string) => (await menu()).categories.flatMap(c => c.items).find(i => i.id === id);

	it("an admin builds a menu; anyone reads it without a token, categories in order", async () => {
		const starters = await http.post("/api/v1/menu/categories", { name: "Starters", position: 1 }, { token: token.admin });
		assert.equal(starters.status, 201);
		const soup = await http.post(
			"/api/v1/menu/items",
			{ categoryId: starters.body.id, name: "Soup", priceCents: 650, station: "Cold" },
			{ token: token.admin },
		);
		assert.equal(soup.status, 201);
		assert.deepEqual(Object.keys(soup.body).sort(), [
			"available",
			"categoryId",
			"course",
			"courseOverride",
			"description",
			"id",
			"modifierGroups",
			"name",
			"priceCents",
			"remaining",
			"station",
		]);
		assert.equal(soup.body.station, "cold");
		assert.equal(soup.body.available, true);
		assert.equal(soup.body.description, "");

		const m = await menu();
		const names = m.categories.map(c => c.name);
		assert.ok(names.indexOf("Starters") < names.indexOf("Mains"));
		assert.deepEqual(
			m.categories.find(c => c.name === "Mains")!.items.map(i => i.name),
			["Burger"],
		);
	});

	it("86: the kitchen marks an item unavailable and the cached menu shows it at once", async () => {
		assert.equal((await itemInMenu(burger.id))!.available, true); // now cached
		const r = await http.patch(`/api/v1/menu/items/${burger.id}`, { available: false }, { token: token.kitchen });
		assert.equal(r.status, 200);
		assert.equal(r.body.available, false);
		assert.equal((await itemInMenu(burger.id))!.available, false);
		const back = await http.patch(`/api/v1/menu/items/${burger.id}`, { available: true }, { token: token.staff });
		assert.equal(back.status, 200);
		assert.equal((await itemInMenu(burger.id))!.available, true);
	});

	it("floor and kitchen may not change a price, name or station (403), and nothing changes", async () => {
		for (const role of ["staff", "kitchen"] as const) {
			const r = await http.patch(`/api/v1/menu/items/${burger.id}`, { priceCents: 1, available: false }, { token: token[role] });
			assert.equal(r.status, 403, role);
			assert.match(r.body.error.message, /priceCents/);
		}
		const item = await itemInMenu(burger.id);
		assert.equal(item!.priceCents, 1450);
		assert.equal(item!.available, true);
	});

	it("an admin edits price and category; the menu shows the edit", async () => {
		const drinks = (await http.post("/api/v1/menu/categories", { name: "Drinks" }, { token: token.admin })).body;
		const cola = (
			await http.post(
				"/api/v1/menu/items",
				{ categoryId: drinks.id, name: "Cola", priceCents: 300, station: "bar" },
				{ token: token.admin },
			)
		).body;
		const r = await http.patch(`/api/v1/menu/items/${cola.id}`, { priceCents: 350, name: "Cola 33cl" }, { token: token.admin });
		assert.equal(r.status, 200);
		const seen = await itemInMenu(cola.id);
		assert.equal(seen!.priceCents, 350);
		assert.equal(seen!.name, "Cola 33cl");
	});

	it("deleting an item removes it from the menu; a category is deleted only when empty", async () => {
		const desserts = (await http.post("/api/v1/menu/categories", { name: "Desserts" }, { token: token.admin })).body;
		const tart = (
			await http.post(
				"/api/v1/menu/items",
				{ categoryId: desserts.id, name: "Tart", priceCents: 700, station: "pastry" },
				{ token: token.admin },
			)
		).body;
		const blocked = await http.del(`/api/v1/menu/categories/${desserts.id}`, { token: token.admin });
		assert.equal(blocked.status, 409);
		assert.equal(blocked.body.error.code, "CATEGORY_NOT_EMPTY");
		assert.equal((await http.del(`/api/v1/menu/items/${tart.id}`, { token: token.admin })).status, 204);
		assert.equal(await itemInMenu(tart.id), undefined);
		assert.equal((await http.del(`/api/v1/menu/items/${tart.id}`, { token: token.admin })).status, 404);
		assert.equal((await http.del(`/api/v1/menu/categories/${desserts.id}`, { token: token.admin })).status, 204);
		assert.equal(
			(await menu()).categories.some(c => c.id === desserts.id),
			false,
		);
	});

	it("renames and reorders a category", async () => {
		const r = await http.patch(`/api/v1/menu/categories/${mains.id}`, { name: "Main courses", position: 5 }, { token: token.admin });
		assert.equal(r.status, 200);
		assert.deepEqual(r.body, { id: mains.id, name: "Main courses", position: 5, course: 1 });
		assert.equal((await menu()).categories.find(c => c.id === mains.id)!.name, "Main courses");
	});

	it("two devices toggling one item at once both land in order; the menu ends in one of their states", async () => {
		const results = await Promise.all([
			http.patch(`/api/v1/menu/items/${burger.id}`, { available: false }, { token: token.kitchen }),
			http.patch(`/api/v1/menu/items/${burger.id}`, { available: false }, { token: token.staff }),
			http.patch(`/api/v1/menu/items/${burger.id}`, { priceCents: 1500 }, { token: token.admin }),
		]);
		assert.deepEqual(
			results.map(r => r.status),
			[200, 200, 200],
		);
		const item = await itemInMenu(burger.id);
		assert.equal(item!.available, false);
		assert.equal(item!.priceCents, 1500, "the admin's price edit is not lost to the 86");
	});

	describe("who may do what (API.md)", () => {
		const cases: { method: string; label: string; path: () => string; body?: unknown; allowed: (Role | "anonymous")[] }[] = [
			{ method: "GET", label: "/api/v1/menu", path: () => "/api/v1/menu", allowed: ["anonymous", "admin", "staff", "kitchen"] },
			{
				method: "POST",
				label: "/api/v1/menu/categories",
				path: () => "/api/v1/menu/categories",
				body: { name: "X" },
				allowed: ["admin"],
			},
			{
				method: "PATCH",
				label: "/api/v1/menu/categories/:id",
				path: () => `/api/v1/menu/categories/${mains.id}`,
				body: { position: 2 },
				allowed: ["admin"],
			},
			{
				method: "DELETE",
				label: "/api/v1/menu/categories/:id",
				path: () => "/api/v1/menu/categories/00000000-0000-4000-8000-000000000000",
				allowed: ["admin"],
			},
			{
				method: "POST",
				label: "/api/v1/menu/items",
				path: () => "/api/v1/menu/items",
				body: { categoryId: "00000000-0000-4000-8000-000000000000", name: "X", priceCents: 1, station: "grill" },
				allowed: ["admin"],
			},
			{
				method: "PATCH",
				label: "/api/v1/menu/items/:id",
				path: () => `/api/v1/menu/items/${burger.id}`,
				body: { available: true },
				allowed: ["admin", "staff", "kitchen"],
			},
			{
				method: "DELETE",
				label: "/api/v1/menu/items/:id",
				path: () => "/api/v1/menu/items/00000000-0000-4000-8000-000000000000",
				allowed: ["admin"],
			},
		];
		for (const c of cases) {
			for (const who of ["anonymous", "admin", "staff", "kitchen"] as const) {
				const allowed = c.allowed.includes(who);
				it(`${who} ${allowed ? "may" : "may not"} ${c.method} ${c.label}`, async () => {
					const r = await http.request(c.method, c.path(), c.body, { token: who === "anonymous" ? undefined : token[who] });
					if (allowed) assert.ok(![401, 403].includes(r.status), `${r.status} ${JSON.stringify(r.body)}`);
					else assert.equal(r.status, who === "anonymous" ? 401 : 403);
				});
			}
		}
	});

	describe("bad input → 4xx naming the problem, and nothing written", () => {
		const unknown = "00000000-0000-4000-8000-000000000000";
		const cases: { name: string; method: string; path: () => string; body?: () => unknown; status: number; fields?: string[] }[] = [
			{
				name: "missing fields",
				method: "POST",
				path: () => "/api/v1/menu/items",
				body: () => ({}),
				status: 400,
				fields: ["categoryId", "name", "priceCents", "station"],
			},
			{
				name: "negative price",
				method: "POST",
				path: () => "/api/v1/menu/items",
				body: () => ({ categoryId: mains.id, name: "X", priceCents: -1, station: "grill" }),
				status: 400,
				fields: ["priceCents"],
			},
			{
				name: "fractional price",
				method: "POST",
				path: () => "/api/v1/menu/items",
				body: () => ({ categoryId: mains.id, name: "X", priceCents: 12.5, station: "grill" }),
				status: 400,
				fields: ["priceCents"],
			},
			{
				name: "price as a string",
				method: "POST",
				path: () => "/api/v1/menu/items",
				body: () => ({ categoryId: mains.id, name: "X", priceCents: "1200", station: "grill" }),
				status: 400,
				fields: ["priceCents"],
			},
			{
				name: "huge price",
				method: "POST",
				path: () => "/api/v1/menu/items",
				body: () => ({ categoryId: mains.id, name: "X", priceCents: 1e12, station: "grill" }),
				status: 400,
				fields: ["priceCents"],
			},
			{
				name: "bad station",
				method: "POST",
				path: () => "/api/v1/menu/items",
				body: () => ({ categoryId: mains.id, name: "X", priceCents: 100, station: "the grill!" }),
				status: 400,
				fields: ["station"],
			},
			{
				name: "unknown category",
				method: "POST",
				path: () => "/api/v1/menu/items",
				body: () => ({ categoryId: unknown, name: "X", priceCents: 100, station: "grill" }),
				status: 404,
			},
			{
				name: "empty category name",
				method: "POST",
				path: () => "/api/v1/menu/categories",
				body: () => ({ name: "  " }),
				status: 400,
				fields: ["name"],
			},
			{
				name: "non-uuid item id",
				method: "PATCH",
				path: () => "/api/v1/menu/items/42",
				body: () => ({ available: false }),
				status: 400,
				fields: ["id"],
			},
			{
				name: "unknown item id",
				method: "PATCH",
				path: () => `/api/v1/menu/items/${unknown}`,
				body: () => ({ available: false }),
				status: 404,
			},
			{
				name: "available not a boolean",
				method: "PATCH",
				path: () => `/api/v1/menu/items/${burger.id}`,
				body: () => ({ available: "no" }),
				status: 400,
				fields: ["available"],
			},
			{ name: "empty patch", method: "PATCH", path: () => `/api/v1/menu/items/${burger.id}`, body: () => ({}), status: 400 },
			{
				name: "item moved to an unknown category",
				method: "PATCH",
				path: () => `/api/v1/menu/items/${burger.id}`,
				body: () => ({ categoryId: unknown }),
				status: 404,
			},
		];
		for (const c of cases) {
			it(`${c.name} → ${c.status}`, async () => {
				const before = JSON.stringify(await menu());
				const r = await http.request(c.method, c.path(), c.body?.(), { token: token.admin });
				assert.equal(r.status, c.status, JSON.stringify(r.body));
				assert.equal(typeof r.body.error.code, "string");
				for (const f of c.fields ?? [])
					assert.ok(
						r.body.error.details.some((d: { field: string }) => d.field === f),
						`names ${f}`,
					);
				assert.equal(JSON.stringify(await menu()), before);
			});
		}
	});
});
