// Modifier groups (shared by any number of items) with their options, the course a category's items are served in
// (an item may override it), and countdowns: portions left on an item or an option, taken by orders through holds.
// Every new column has a default or is nullable, so an older menu node keeps writing rows during a rolling upgrade.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("categories", t => {
		t.integer("course").notNullable().defaultTo(1);
	});
	await knex.schema.withSchema(schema).alterTable("items", t => {
		// null: the category's course.
		t.integer("course");
		// null: no countdown.
		t.integer("remaining");
	});
	await knex.raw("alter table ??.categories add constraint categories_course_check check (course between 1 and 9)", [schema]);
	await knex.raw("alter table ??.items add constraint items_course_check check (course is null or course between 1 and 9)", [schema]);
	// The last line of defence against overselling: a countdown never goes below zero, whatever the code does.
	await knex.raw("alter table ??.items add constraint items_remaining_check check (remaining is null or remaining >= 0)", [schema]);

	await knex.schema.withSchema(schema).createTable("modifier_groups", t => {
		t.uuid("id").primary();
		t.text("name").notNullable();
		t.boolean("required").notNullable().defaultTo(false);
		t.integer("min_choices").notNullable().defaultTo(0);
		t.integer("max_choices").notNullable().defaultTo(1);
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("deleted_at", { useTz: true });
	});
	await knex.raw(
		"alter table ??.modifier_groups add constraint modifier_groups_choices_check check (min_choices >= 0 and min_choices <= max_choices and max_choices <= 20)",
		[schema],
	);

	await knex.schema.withSchema(schema).createTable("modifier_options", t => {
		t.uuid("id").primary();
		t.uuid("group_id").notNullable().references("id").inTable(`${schema}.modifier_groups`);
		t.text("name").notNullable();
		t.integer("price_delta_cents").notNullable().defaultTo(0);
		// A side cooked at another station; null: cooked with the item.
		t.text("station");
		t.boolean("available").notNullable().defaultTo(true);
		t.integer("remaining");
		t.integer("position").notNullable().defaultTo(0);
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		// Removed options stay: order lines keep their own copy of the name and price anyway.
		t.timestamp("deleted_at", { useTz: true });
		t.index(["group_id"], "modifier_options_group_idx");
	});
	await knex.raw(
		"alter table ??.modifier_options add constraint modifier_options_remaining_check check (remaining is null or remaining >= 0)",
		[schema],
	);

	await knex.schema.withSchema(schema).createTable("item_modifier_groups", t => {
		t.uuid("item_id").notNullable().references("id").inTable(`${schema}.items`);
		t.uuid("group_id").notNullable().references("id").inTable(`${schema}.modifier_groups`);
		t.integer("position").notNullable().defaultTo(0);
		t.primary(["item_id", "group_id"]);
		t.index(["group_id"], "item_modifier_groups_group_idx");
	});

	// One row per menu.reserve: what the order's lines asked for and what was actually taken off which countdown
	// (what a release gives back). Kept once the order event names it; released by the order on a failure, or
	// by the sweeper when neither happened in time.
	await knex.schema.withSchema(schema).createTable("countdown_holds", t => {
		t.uuid("id").primary();
		t.jsonb("lines").notNullable().defaultTo("[]");
		t.jsonb("taken").notNullable().defaultTo("[]");
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("kept_at", { useTz: true });
		t.timestamp("released_at", { useTz: true });
	});
	await knex.raw(
		"create index countdown_holds_live_idx on ??.countdown_holds (created_at) where kept_at is null and released_at is null",
		[schema],
	);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("countdown_holds");
	await knex.schema.withSchema(schema).dropTable("item_modifier_groups");
	await knex.schema.withSchema(schema).dropTable("modifier_options");
	await knex.schema.withSchema(schema).dropTable("modifier_groups");
	await knex.raw("alter table ??.items drop constraint items_remaining_check, drop constraint items_course_check", [schema]);
	await knex.schema.withSchema(schema).alterTable("items", t => {
		t.dropColumn("remaining");
		t.dropColumn("course");
	});
	await knex.schema.withSchema(schema).alterTable("categories", t => {
		t.dropColumn("course");
	});
}
