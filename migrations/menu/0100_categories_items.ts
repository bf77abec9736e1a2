// The menu: categories in display order, and items with their price in cents and the station that cooks them.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("categories", t => {
		t.uuid("id").primary();
		t.text("name").notNullable();
		t.integer("position").notNullable().defaultTo(0);
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("deleted_at", { useTz: true });
	});
	await knex.schema.withSchema(schema).createTable("items", t => {
		t.uuid("id").primary();
		t.uuid("category_id").notNullable().references("id").inTable(`${schema}.categories`);
		t.text("name").notNullable();
		t.text("description").notNullable().defaultTo("");
		t.integer("price_cents").notNullable();
		t.text("station").notNullable();
		t.boolean("available").notNullable().defaultTo(true);
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		// Deleted items stay for history; orders keep their own copy of name and price anyway.
		t.timestamp("deleted_at", { useTz: true });
		t.index(["category_id"], "items_category_idx");
	});
	await knex.raw("alter table ??.items add constraint items_price_check check (price_cents >= 0)", [schema]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("items");
	await knex.schema.withSchema(schema).dropTable("categories");
}
