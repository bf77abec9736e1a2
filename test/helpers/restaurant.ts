// A small restaurant for a test: a waiter, a cook, a menu over three stations and a few tables,
// all made through the API as an admin would.
import assert from "node:assert/strict";
import { ADMIN } from "./cluster";
import type { Client } from "./http";
import type { MenuItem, Order, Role, Table } from "../../contracts";

export interface Restaurant {
	token: Record<Role, string>;
	userId: Record<Role, string>;
	dish: Record<"burger" | "steak" | "salad" | "soup" | "beer", MenuItem>;
	tables: Table[];
}

export async function openRestaurant(http: Client, tables = 4): Promise<Restaurant> {
	const admin = await http.login(ADMIN.username, ADMIN.password);
	const token = { admin: admin.accessToken } as Record<Role, string>;
	const userId = { admin: admin.user.id } as Record<Role, string>;
	for (const role of ["staff", "kitchen"] as const) {
		const username = `${role}-${Math.random().toString(36).slice(2, 8)}`;
		const r = await http.post(
			"/api/v1/auth/register",
			{ username, password: "password-123", fullName: `A ${role}`, role },
			{ token: token.admin },
		);
		assert.equal(r.status, 201, JSON.stringify(r.body));
		const pair = await http.login(username, "password-123");
		token[role] = pair.accessToken;
		userId[role] = pair.user.id;
	}
	const cat = await http.post("/api/v1/menu/categories", { name: `Food ${Math.random()}` }, { token: token.admin });
	const item = async (name: string, priceCents: number, station: string) => {
		const r = await http.post<MenuItem>(
			"/api/v1/menu/items",
			{ categoryId: cat.body.id, name, priceCents, station },
			{ token: token.admin },
		);
		assert.equal(r.status, 201, JSON.stringify(r.body));
		return r.body;
	};
	const dish = {
		burger: await item("Burger", 1450, "grill"),
		steak: await item("Steak", 2800, "grill"),
		salad: await item("Salad", 900, "cold"),
		soup: await item("Soup", 650, "cold"),
		beer: await item("Beer", 600, "bar"),
	};
	const made: Table[] = [];
	for (let i = 0; i < tables; i++) {
		const r = await http.post<Table>(
			"/api/v1/tables",
			{ name: `T${i + 1}-${Math.random().toString(36).slice(2, 6)}`, seats: 4, area: "Main" },
			{ token: token.admin },
		);
		assert.equal(r.status, 201, JSON.stringify(r.body));
		made.push(r.body);
	}
	return { token, userId, dish, tables: made };
}

/** Places an order as the waiter and asserts it was accepted. */
export async function placeOrder(
	http: Client,
	r: Restaurant,
	table: Table,
	items: { menuItemId: string; quantity: number; notes?: string }[],
): Promise<Order> {
	const res = await http.post<Order>("/api/v1/orders", { tableId: table.id, items }, { token: r.token.staff });
	assert.equal(res.status, 201, JSON.stringify(res.body));
	return res.body;
}

/** The kitchen bumps every station of the order and the waiter serves it: ready to be billed. */
export async function serveOrder(http: Client, r: Restaurant, orderId: string): Promise<Order> {
	const bump = await http.post(`/api/v1/kitchen/tickets/${orderId}/bump`, undefined, { token: r.token.kitchen });
	assert.equal(bump.status, 200, JSON.stringify(bump.body));
	const served = await http.post<Order>(`/api/v1/orders/${orderId}/serve`, undefined, { token: r.token.staff });
	assert.equal(served.status, 200, JSON.stringify(served.body));
	return served.body;
}
