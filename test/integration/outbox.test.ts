// Events are committed with the state change (outbox), published by the relay over durable channels,
// and a consumer that sees one twice changes nothing the second time (inbox).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Context, Service, ServiceSchema } from "moleculer";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { until } from "../helpers/wait";
import { DbMixin, type DbMethods, type DomainEvent } from "../../mixins/db.mixin";
import type { User } from "../../contracts";

const received: DomainEvent<{ user: User }>[] = [];
const updates: DomainEvent<{ user: User; changed: string[] }>[] = [];
let applied = 0;

const UserSink: ServiceSchema = {
	name: "usersink",
	mixins: [DbMixin("usersink", "usersink")],
	channels: {
		"user.created": {
			group: "usersink",
			context: true,
			async handler(this: Service & DbMethods, ctx: Context<DomainEvent<{ user: User }>>) {
				received.push(ctx.params);
				await this.handleOnce(ctx.params, async () => {
					applied++;
				});
			},
		},
		"user.updated": {
			group: "usersink",
			context: true,
			async handler(this: Service & DbMethods, ctx: Context<DomainEvent<{ user: User; changed: string[] }>>) {
				await this.handleOnce(ctx.params, async () => {
					updates.push(ctx.params);
				});
			},
		},
	},
} as ServiceSchema;

describe(`outbox and inbox — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let adminToken: string;

	before(async () => {
		cluster = await startCluster({ extraServices: [UserSink] });
		http = client(cluster.baseUrl);
		adminToken = (await http.login(ADMIN.username, ADMIN.password)).accessToken;
	});
	after(() => cluster?.stop());

	it("registering a user publishes user.created to a durable consumer, once", async () => {
		const r = await http.post(
			"/api/v1/auth/register",
			{ username: "new-waiter", password: "password-123", fullName: "New Waiter", role: "staff" },
			{ token: adminToken },
		);
		assert.equal(r.status, 201);
		const event = await until("user.created", () => received.find(e => e.data.user.id === r.body.id));
		assert.equal(event.type, "user.created");
		assert.equal(event.source, "auth");
		assert.match(event.eventId, /^[0-9a-f-]{36}$/);
		assert.deepEqual(event.data.user, r.body);
		assert.equal(JSON.stringify(event).includes("password"), false);
	});

	it("changing a user publishes user.updated naming what changed, never the password", async () => {
		const id = received.find(e => e.data.user.username === "new-waiter")!.data.user.id;
		const r = await http.patch(
			`/api/v1/auth/users/${id}`,
			{ fullName: "Senior Waiter", password: "another-pass-1" },
			{ token: adminToken },
		);
		assert.equal(r.status, 200);
		const event = await until("user.updated", () => updates.find(e => e.data.user.id === id));
		assert.equal(event.data.user.fullName, "Senior Waiter");
		assert.deepEqual(event.data.changed.sort(), ["fullName", "password"]);
		assert.equal(JSON.stringify(event).includes("another-pass-1"), false);
	});

	it("the same event delivered again changes nothing", async () => {
		const event = received.find(e => e.data.user.username === "new-waiter")!;
		const before = applied;
		const broker = cluster.brokerOf("auth") as unknown as { sendToChannel(topic: string, payload: unknown): Promise<void> };
		await broker.sendToChannel("user.created", event);
		await until("the redelivery", () => received.filter(e => e.eventId === event.eventId).length === 2);
		assert.equal(applied, before);
		const sink = cluster.brokerOf("auth").getLocalService("usersink") as unknown as DbMethods;
		const rows = await sink.table("inbox").where({ event_id: event.eventId });
		assert.equal(rows.length, 1);
	});

	it("an event committed but not yet published (a crash in between) is published by the relay's next pass", async () => {
		const auth = cluster.brokerOf("auth").getLocalService("auth") as unknown as DbMethods;
		// Straight through knex: no post-commit kick, as if the node died right after COMMIT.
		const user: User = {
			id: "11111111-1111-4111-8111-111111111111",
			username: "ghost",
			fullName: "Ghost",
			role: "staff",
			isActive: true,
			createdAt: new Date().toISOString(),
		};
		await auth.db.transaction(trx => auth.recordEvent(trx, "user.created", { user, by: null }));
		const pending = await auth.table("outbox").whereNull("published_at");
		assert.ok(pending.length >= 1);
		await until("the relay", () => received.find(e => e.data.user.id === user.id), 5000);
		await until("the outbox to be drained", async () => (await auth.table("outbox").whereNull("published_at")).length === 0);
	});
});
