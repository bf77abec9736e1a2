// Modifier groups and courses through the gateway (API.md "Menu depth"): a group shared by several items, shown
// whole in GET /menu and in menu.items; its option list replaced in one PATCH; an option 86'd from the kitchen and
// pushed live as modifier:update; a deleted group leaving every item that carried it; courses by category with an
// item override; a countdown set by an admin selling an item out at 0; bad input refused naming the field and
// nothing written. (The rules behind them are unit-tested in services/menu/rules.test.ts.)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import type { MenuCategory, MenuItem, ModifierGroup, ModifierOption } from "../../contracts";

type Menu = { categories: (MenuCategory & { items: MenuItem[] })[] };
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

describe(`modifier groups and courses — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let guest: Device;
	let mains: MenuCategory;
	let temperature: ModifierGroup;
	let sides: ModifierGroup;
	let n = 0;

	const admin = () => ({ token: r.token.admin });
	const menu = async () => (await http.get<Menu>("/api/v1/menu")).body;
	const itemInMenu = async (id: string) => (await menu()).categories.flatMap(c => c.items).find(i => i.id === id);
	const groups = async () => (await http.get<ModifierGroup[]>("/api/v1/menu/modifier-groups", { token: r.token.staff })).body;
	const expectError = (res: Reply, status: number, code: string, field?: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		assert.equal(res.body.error.code, code, JSON.stringify(res.body));
		if (field)
			assert.ok(
				res.body.error.details.some((d: { field: string }) => d.field === field),
				`names ${field}: ${JSON.stringify(res.body.error.details)}`,
			);
	};
	const newGroup = async (body: Record<string, unknown>) => {
		const res = await http.post<ModifierGroup>("/api/v1/menu/modifier-groups", body, admin());
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const newItem = async (body: Record<string, unknown> = {}) => {
		const res = await http.post<MenuItem>(
			"/api/v1/menu/items",
			{ categoryId: mains.id, name: `Dish ${++n}`, priceCents: 1500, station: "grill", ...body },
			admin(),
		);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 0);
		guest = await connectDevice(cluster.baseUrl);
		mains = (await http.post<MenuCategory>("/api/v1/menu/categories", { name: "Mains", course: 2 }, admin())).body;
		temperature = await newGroup({
			name: "Temperature",
			required: true,
			minChoices: 1,
			maxChoices: 1,
			options: [{ name: "Rare" }, { name: "Medium", priceDeltaCents: 0 }, { name: "Well done" }],
		});
		sides = await newGroup({
			name: "Sides",
			minChoices: 0,
			maxChoices: 2,
			options: [
				{ name: "Fries", priceDeltaCents: 0, station: "Fry" },
				{ name: "Salad", priceDeltaCents: 150, station: "cold" },
				{ name: "No side", priceDeltaCents: -100 },
			],
		});
	});
	after(async () => {
		guest?.close();
		await cluster?.stop();
	});

	it("an admin creates a group with its options in order; the floor and the kitchen list the groups", async () => {
		assert.deepEqual(
			{ ...temperature, id: "", options: [] },
			{ id: "", name: "Temperature", required: true, minChoices: 1, maxChoices: 1, options: [] },
		);
		assert.deepEqual(
			sides.options.map(o => [o.name, o.priceDeltaCents, o.station, o.available, o.remaining, o.position, o.groupId]),
			[
				["Fries", 0, "fry", true, null, 0, sides.id],
				["Salad", 150, "cold", true, null, 1, sides.id],
				["No side", -100, null, true, null, 2, sides.id],
			],
		);
		const listed = await groups();
		assert.deepEqual(
			listed.find(g => g.id === sides.id),
			sides,
		);
		assert.equal((await http.get("/api/v1/menu/modifier-groups", { token: r.token.kitchen })).status, 200);
		assert.equal((await http.get("/api/v1/menu/modifier-groups")).status, 401);
		expectError(
			await http.post("/api/v1/menu/modifier-groups", { name: "X", options: [{ name: "Y" }] }, { token: r.token.staff }),
			403,
			"FORBIDDEN",
		);
	});

	it("one group is shared by several items, each keeping its own order of groups; GET /menu and menu.items show them whole", async () => {
		const steak = await newItem({ name: "Steak", modifierGroupIds: [temperature.id, sides.id] });
		const burger = await newItem({ name: "Burger", modifierGroupIds: [sides.id] });
		const patched = await http.patch<MenuItem>(
			`/api/v1/menu/items/${burger.id}`,
			{ modifierGroupIds: [sides.id, temperature.id] },
			admin(),
		);
		assert.equal(patched.status, 200, JSON.stringify(patched.body));

		assert.deepEqual(
			steak.modifierGroups.map(g => g.name),
			["Temperature", "Sides"],
		);
		assert.deepEqual(
			patched.body.modifierGroups.map(g => g.name),
			["Sides", "Temperature"],
		);
		const seen = (await itemInMenu(burger.id))!;
		assert.deepEqual(seen, patched.body);
		assert.deepEqual(seen.modifierGroups[0], sides);
		assert.deepEqual((await itemInMenu(steak.id))!.modifierGroups[1], sides);

		const priced = await cluster.brokerOf("api").call<MenuItem[], { ids: string[] }>("menu.items", { ids: [steak.id, burger.id] });
		assert.deepEqual(
			priced.sort((a, b) => a.name.localeCompare(b.name)),
			[seen, await itemInMenu(steak.id)],
		);
	});

	it("an unknown group on an item is a 404 naming it, and nothing is written", async () => {
		const before = JSON.stringify(await menu());
		expectError(
			await http.post(
				"/api/v1/menu/items",
				{ categoryId: mains.id, name: "Ghost", priceCents: 100, station: "grill", modifierGroupIds: [UNKNOWN] },
				admin(),
			),
			404,
			"MODIFIER_GROUP_NOT_FOUND",
		);
		const item = await newItem();
		const after = JSON.stringify(await menu());
		expectError(
			await http.patch(`/api/v1/menu/items/${item.id}`, { modifierGroupIds: [sides.id, UNKNOWN] }, admin()),
			404,
			"MODIFIER_GROUP_NOT_FOUND",
		);
		expectError(
			await http.patch(`/api/v1/menu/items/${item.id}`, { modifierGroupIds: [sides.id, sides.id] }, admin()),
			400,
			"VALIDATION_ERROR",
			"modifierGroupIds",
		);
		assert.equal(JSON.stringify(await menu()), after);
		assert.notEqual(before, after);
	});

	it("a group's options are replaced by the full list: changed by id, added without, removed when left out", async () => {
		const group = await newGroup({
			name: "Sauce",
			options: [{ name: "Pepper" }, { name: "Bearnaise", priceDeltaCents: 200 }, { name: "Mushroom" }],
		});
		const item = await newItem({ modifierGroupIds: [group.id] });
		const [pepper, bearnaise, mushroom] = group.options;

		const res = await http.patch<ModifierGroup>(
			`/api/v1/menu/modifier-groups/${group.id}`,
			{
				name: "Sauces",
				maxChoices: 2,
				options: [
					{ id: bearnaise.id, name: "Béarnaise", priceDeltaCents: 250 },
					{ name: "Chimichurri", priceDeltaCents: 100, station: "cold" },
					{ id: pepper.id, name: "Pepper" },
				],
			},
			admin(),
		);

		assert.equal(res.status, 200, JSON.stringify(res.body));
		assert.equal(res.body.name, "Sauces");
		assert.equal(res.body.maxChoices, 2);
		assert.deepEqual(
			res.body.options.map(o => [o.name, o.priceDeltaCents, o.station, o.position]),
			[
				["Béarnaise", 250, null, 0],
				["Chimichurri", 100, "cold", 1],
				["Pepper", 0, null, 2],
			],
		);
		assert.equal(res.body.options[0].id, bearnaise.id, "a changed option keeps its id");
		assert.equal(
			res.body.options.some(o => o.id === mushroom.id),
			false,
		);
		assert.deepEqual((await itemInMenu(item.id))!.modifierGroups, [res.body]);
		await guest.waitFor<ModifierGroup>("modifier:update", g => g.id === group.id && g.name === "Sauces");
	});

	it("an option of another group cannot be listed (404), nor one id twice (400), and the group is unchanged", async () => {
		const before = (await groups()).find(g => g.id === sides.id);
		expectError(
			await http.patch(
				`/api/v1/menu/modifier-groups/${sides.id}`,
				{ options: [{ id: temperature.options[0].id, name: "Rare" }] },
				admin(),
			),
			404,
			"MODIFIER_OPTION_NOT_FOUND",
		);
		expectError(
			await http.patch(
				`/api/v1/menu/modifier-groups/${sides.id}`,
				{
					options: [
						{ id: sides.options[0].id, name: "A" },
						{ id: sides.options[0].id, name: "B" },
					],
				},
				admin(),
			),
			400,
			"VALIDATION_ERROR",
			"options[1].id",
		);
		assert.deepEqual(
			(await groups()).find(g => g.id === sides.id),
			before,
		);
	});

	it("the kitchen 86es an option and every device hears modifier:update with the group whole; the floor brings it back", async () => {
		const fries = sides.options[0];
		const res = await http.patch<ModifierOption>(
			`/api/v1/menu/modifier-options/${fries.id}`,
			{ available: false },
			{ token: r.token.kitchen },
		);

		assert.equal(res.status, 200, JSON.stringify(res.body));
		assert.deepEqual(res.body, { ...fries, available: false });
		const pushed = await guest.waitFor<ModifierGroup>("modifier:update", g => g.id === sides.id && g.options[0].available === false);
		assert.deepEqual(pushed.data, { ...sides, options: [{ ...fries, available: false }, ...sides.options.slice(1)] });
		assert.equal((await groups()).find(g => g.id === sides.id)!.options[0].available, false);

		const back = await http.patch<ModifierOption>(
			`/api/v1/menu/modifier-options/${fries.id}`,
			{ available: true },
			{ token: r.token.staff },
		);
		assert.equal(back.status, 200);
		assert.equal(back.body.available, true);
	});

	it("kitchen and floor may change only an option's availability: 403 naming the fields, nothing changed", async () => {
		const salad = sides.options[1];
		for (const token of [r.token.kitchen, r.token.staff]) {
			const res = await http.patch(
				`/api/v1/menu/modifier-options/${salad.id}`,
				{ available: false, priceDeltaCents: 0, remaining: 3 },
				{ token },
			);
			expectError(res, 403, "FORBIDDEN");
			assert.deepEqual(res.body.error.details, { fields: ["priceDeltaCents", "remaining"] });
		}
		assert.deepEqual((await groups()).find(g => g.id === sides.id)!.options[1], salad);
		const edited = await http.patch<ModifierOption>(
			`/api/v1/menu/modifier-options/${salad.id}`,
			{ name: "Green salad", priceDeltaCents: 200, station: null },
			admin(),
		);
		assert.equal(edited.status, 200, JSON.stringify(edited.body));
		assert.deepEqual(edited.body, { ...salad, name: "Green salad", priceDeltaCents: 200, station: null });
		expectError(
			await http.patch(`/api/v1/menu/modifier-options/${UNKNOWN}`, { available: false }, { token: r.token.kitchen }),
			404,
			"MODIFIER_OPTION_NOT_FOUND",
		);
	});

	it("an option's count at 0 sells it out; a new count brings it back; the floor cannot bring back what is counted out", async () => {
		const option = temperature.options[2];
		const out = await http.patch<ModifierOption>(`/api/v1/menu/modifier-options/${option.id}`, { remaining: 0 }, admin());
		assert.deepEqual([out.body.remaining, out.body.available], [0, false]);
		expectError(
			await http.patch(`/api/v1/menu/modifier-options/${option.id}`, { available: true }, { token: r.token.staff }),
			409,
			"ITEM_UNAVAILABLE",
		);
		expectError(
			await http.patch(`/api/v1/menu/modifier-options/${option.id}`, { remaining: 0, available: true }, admin()),
			400,
			"VALIDATION_ERROR",
			"available",
		);
		const back = await http.patch<ModifierOption>(`/api/v1/menu/modifier-options/${option.id}`, { remaining: 4 }, admin());
		assert.deepEqual([back.body.remaining, back.body.available], [4, true]);
		const lifted = await http.patch<ModifierOption>(`/api/v1/menu/modifier-options/${option.id}`, { remaining: null }, admin());
		assert.deepEqual([lifted.body.remaining, lifted.body.available], [null, true]);
	});

	it("an item's count at 0 sells it out and is pushed with the number left; a new count brings it back", async () => {
		const item = await newItem({ remaining: 2 });
		assert.deepEqual([item.remaining, item.available], [2, true]);
		const out = await http.patch<MenuItem>(`/api/v1/menu/items/${item.id}`, { remaining: 0 }, admin());
		assert.deepEqual([out.body.remaining, out.body.available], [0, false]);
		await guest.waitFor<MenuItem>("menu:update", i => i.id === item.id && i.remaining === 0 && !i.available);
		expectError(
			await http.patch(`/api/v1/menu/items/${item.id}`, { available: true }, { token: r.token.kitchen }),
			409,
			"ITEM_UNAVAILABLE",
		);
		expectError(await http.patch(`/api/v1/menu/items/${item.id}`, { remaining: 3 }, { token: r.token.kitchen }), 403, "FORBIDDEN");
		const back = await http.patch<MenuItem>(`/api/v1/menu/items/${item.id}`, { remaining: 3 }, admin());
		assert.deepEqual([back.body.remaining, back.body.available], [3, true]);
		const soldOut = await newItem({ remaining: 0 });
		assert.equal(soldOut.available, false, "created with nothing left, it starts sold out");
	});

	it("an item follows its category's course unless it sets its own; null goes back to the category's", async () => {
		const item = await newItem();
		assert.deepEqual([item.course, item.courseOverride], [2, null]);
		const own = await http.patch<MenuItem>(`/api/v1/menu/items/${item.id}`, { course: 1 }, admin());
		assert.deepEqual([own.body.course, own.body.courseOverride], [1, 1]);
		const follows = await newItem({ course: 3 });
		assert.deepEqual([follows.course, follows.courseOverride], [3, 3]);

		const cat = await http.patch<MenuCategory>(`/api/v1/menu/categories/${mains.id}`, { course: 4 }, admin());
		assert.equal(cat.status, 200);
		assert.equal(cat.body.course, 4);
		assert.deepEqual([(await itemInMenu(item.id))!.course, (await itemInMenu(follows.id))!.course], [1, 3]);
		const plain = await newItem();
		assert.equal(plain.course, 4);
		await guest.waitFor<MenuItem>("menu:update", i => i.id === plain.id);

		const reset = await http.patch<MenuItem>(`/api/v1/menu/items/${item.id}`, { course: null }, admin());
		assert.deepEqual([reset.body.course, reset.body.courseOverride], [4, null]);
		assert.equal((await menu()).categories.find(c => c.id === mains.id)!.course, 4);
		const starters = await http.post<MenuCategory>("/api/v1/menu/categories", { name: "Starters" }, admin());
		assert.equal(starters.body.course, 1, "a category is served with the first course unless told");
	});

	it("deleting a group takes it off every item that carried it and tells every device", async () => {
		const group = await newGroup({ name: "Extras", options: [{ name: "Bacon", priceDeltaCents: 200 }] });
		const a = await newItem({ modifierGroupIds: [group.id, sides.id] });
		const b = await newItem({ modifierGroupIds: [group.id] });

		assert.equal((await http.del(`/api/v1/menu/modifier-groups/${group.id}`, admin())).status, 204);

		assert.deepEqual(
			(await itemInMenu(a.id))!.modifierGroups.map(g => g.id),
			[sides.id],
		);
		assert.deepEqual((await itemInMenu(b.id))!.modifierGroups, []);
		assert.equal(
			(await groups()).some(g => g.id === group.id),
			false,
		);
		await guest.waitFor<ModifierGroup & { deleted?: boolean }>("modifier:update", g => g.id === group.id && g.deleted === true);
		await guest.waitFor<MenuItem>("menu:update", i => i.id === b.id && i.modifierGroups.length === 0);
		expectError(await http.del(`/api/v1/menu/modifier-groups/${group.id}`, admin()), 404, "MODIFIER_GROUP_NOT_FOUND");
		expectError(
			await http.patch(`/api/v1/menu/items/${b.id}`, { modifierGroupIds: [group.id] }, admin()),
			404,
			"MODIFIER_GROUP_NOT_FOUND",
		);
		expectError(
			await http.patch(`/api/v1/menu/modifier-options/${group.options[0].id}`, { available: false }, admin()),
			404,
			"MODIFIER_OPTION_NOT_FOUND",
		);
	});

	describe("bad input → 4xx naming the field, and nothing written", () => {
		const opt = { name: "Opt" };
		const cases: { name: string; method: string; path: () => string; body: () => unknown; status: number; field?: string }[] = [
			{
				name: "a group without options",
				method: "POST",
				path: () => "/api/v1/menu/modifier-groups",
				body: () => ({ name: "G", options: [] }),
				status: 400,
				field: "options",
			},
			{
				name: "51 options",
				method: "POST",
				path: () => "/api/v1/menu/modifier-groups",
				body: () => ({ name: "G", options: Array(51).fill(opt) }),
				status: 400,
				field: "options",
			},
			{
				name: "minChoices above maxChoices",
				method: "POST",
				path: () => "/api/v1/menu/modifier-groups",
				body: () => ({ name: "G", minChoices: 2, maxChoices: 1, options: [opt, opt] }),
				status: 400,
				field: "minChoices",
			},
			{
				name: "more choices asked than options",
				method: "POST",
				path: () => "/api/v1/menu/modifier-groups",
				body: () => ({ name: "G", required: true, minChoices: 3, maxChoices: 3, options: [opt, opt] }),
				status: 400,
				field: "minChoices",
			},
			{
				name: "maxChoices over 20",
				method: "POST",
				path: () => "/api/v1/menu/modifier-groups",
				body: () => ({ name: "G", maxChoices: 21, options: [opt] }),
				status: 400,
				field: "maxChoices",
			},
			{
				name: "a fractional price delta",
				method: "POST",
				path: () => "/api/v1/menu/modifier-groups",
				body: () => ({ name: "G", options: [{ name: "A", priceDeltaCents: 1.5 }] }),
				status: 400,
				field: "options[0].priceDeltaCents",
			},
			{
				name: "a price delta beyond the limit",
				method: "POST",
				path: () => "/api/v1/menu/modifier-groups",
				body: () => ({ name: "G", options: [{ name: "A", priceDeltaCents: -10_000_001 }] }),
				status: 400,
				field: "options[0].priceDeltaCents",
			},
			{
				name: "an option without a name",
				method: "POST",
				path: () => "/api/v1/menu/modifier-groups",
				body: () => ({ name: "G", options: [{ priceDeltaCents: 0 }] }),
				status: 400,
				field: "options[0].name",
			},
			{
				name: "a bad side station",
				method: "POST",
				path: () => "/api/v1/menu/modifier-groups",
				body: () => ({ name: "G", options: [{ name: "A", station: "the fryer!" }] }),
				status: 400,
				field: "options[0].station",
			},
			{
				name: "a group patch lowering maxChoices under minChoices",
				method: "PATCH",
				path: () => `/api/v1/menu/modifier-groups/${temperature.id}`,
				body: () => ({ minChoices: 2 }),
				status: 400,
				field: "minChoices",
			},
			{
				name: "an empty group patch",
				method: "PATCH",
				path: () => `/api/v1/menu/modifier-groups/${temperature.id}`,
				body: () => ({}),
				status: 400,
			},
			{
				name: "an unknown group",
				method: "PATCH",
				path: () => `/api/v1/menu/modifier-groups/${UNKNOWN}`,
				body: () => ({ name: "X" }),
				status: 404,
			},
			{
				name: "an empty option patch",
				method: "PATCH",
				path: () => `/api/v1/menu/modifier-options/${sides.options[2].id}`,
				body: () => ({}),
				status: 400,
			},
			{
				name: "a negative count",
				method: "PATCH",
				path: () => `/api/v1/menu/modifier-options/${sides.options[2].id}`,
				body: () => ({ remaining: -1 }),
				status: 400,
				field: "remaining",
			},
			{
				name: "a count over 100,000",
				method: "POST",
				path: () => "/api/v1/menu/items",
				body: () => ({ categoryId: mains.id, name: "X", priceCents: 1, station: "grill", remaining: 100_001 }),
				status: 400,
				field: "remaining",
			},
			{
				name: "course 0",
				method: "POST",
				path: () => "/api/v1/menu/items",
				body: () => ({ categoryId: mains.id, name: "X", priceCents: 1, station: "grill", course: 0 }),
				status: 400,
				field: "course",
			},
			{
				name: "course 10 on a category",
				method: "POST",
				path: () => "/api/v1/menu/categories",
				body: () => ({ name: "X", course: 10 }),
				status: 400,
				field: "course",
			},
			{
				name: "a category course of null",
				method: "PATCH",
				path: () => `/api/v1/menu/categories/${mains.id}`,
				body: () => ({ course: null }),
				status: 400,
				field: "course",
			},
			{
				name: "group ids not a list",
				method: "PATCH",
				path: () => `/api/v1/menu/items/${r.dish.burger.id}`,
				body: () => ({ modifierGroupIds: sides.id }),
				status: 400,
				field: "modifierGroupIds",
			},
		];
		for (const c of cases) {
			it(`${c.name} → ${c.status}`, async () => {
				const beforeMenu = JSON.stringify(await menu());
				const beforeGroups = JSON.stringify(await groups());
				const res = await http.request(c.method, c.path(), c.body(), admin());
				assert.equal(res.status, c.status, JSON.stringify(res.body));
				if (c.field)
					assert.ok(
						res.body.error.details.some((d: { field: string }) => d.field === c.field),
						`names ${c.field}: ${JSON.stringify(res.body.error.details)}`,
					);
				assert.equal(JSON.stringify(await menu()), beforeMenu);
				assert.equal(JSON.stringify(await groups()), beforeGroups);
			});
		}
	});
});
