// Notifications, addressed to one user or to everyone in a role (kitchen, admin), and who has read which.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("notifications", t => {
		t.uuid("id").primary();
		t.uuid("user_id");
		t.text("role");
		// Kitchen notifications name the stations concerned, so a cook at another station is not disturbed live.
		t.specificType("stations", "text[]").notNullable().defaultTo("{}");
		t.text("type").notNullable();
		t.text("message").notNullable();
		t.jsonb("data").notNullable();
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.index(["user_id", "created_at"], "notifications_user_idx");
		t.index(["role", "created_at"], "notifications_role_idx");
	});
	await knex.raw(
		"alter table ??.notifications add constraint notifications_recipient_check check ((user_id is null) <> (role is null))",
		[schema],
	);
	await knex.schema.withSchema(schema).createTable("reads", t => {
		t.uuid("notification_id").notNullable().references("id").inTable(`${schema}.notifications`);
		t.uuid("user_id").notNullable();
		t.timestamp("read_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.primary(["notification_id", "user_id"]);
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("reads");
	await knex.schema.withSchema(schema).dropTable("notifications");
}
