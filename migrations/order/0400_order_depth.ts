// Orders without a table (takeout: a name and a pickup time; bar tab: a name), covers, and the course the
// kitchen has reached; lines with a seat, a course that may be held until fired, the options chosen (copied
// with their prices), a comp, a remake of another line, and side lines cooked at another station.
// Every new column has a default or is nullable: during a rolling upgrade an older order node still writes
// dine-in orders with plain lines (course 1, fired with their round), and those rows read back correctly.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("orders", t => {
		t.text("type").notNullable().defaultTo("dine_in");
		// The guest's name on a takeout or a tab (a dine-in order may carry one too).
		t.text("name");
		t.timestamp("pickup_at", { useTz: true });
		t.integer("covers");
		// The highest course sent to the kitchen; an older node's orders fire everything with its round (course 1).
		t.integer("fired_course").notNullable().defaultTo(1);
		t.setNullable("table_id");
		t.setNullable("table_name");
		t.index(["type"], "orders_type_idx");
	});
	// The one-open-order-per-table index stays: a takeout's null table never collides with another's.
	await knex.raw(
		`alter table ??.orders add constraint orders_type_check check (
			type in ('dine_in', 'takeout', 'bar_tab')
			and (type <> 'dine_in' or (table_id is not null and table_name is not null)))`,
		[schema],
	);
	await knex.raw("alter table ??.orders add constraint orders_covers_check check (covers between 1 and 99)", [schema]);
	await knex.raw("alter table ??.orders add constraint orders_fired_course_check check (fired_course between 0 and 9)", [schema]);

	await knex.schema.withSchema(schema).alterTable("order_items", t => {
		t.integer("seat");
		t.integer("course").notNullable().defaultTo(1);
		// true while its course waits to be fired: the kitchen shows it greyed and cannot start it.
		t.boolean("held").notNullable().defaultTo(false);
		// When it went to the kitchen: its round, or its course's fire. Null while held.
		t.timestamp("fired_at", { useTz: true });
		t.jsonb("modifiers").notNullable().defaultTo("[]");
		t.text("comp_reason");
		t.uuid("comp_by");
		t.timestamp("comp_at", { useTz: true });
		// quantity × the unit price before the comp; bigint: 99 × a price with many options passes int's range.
		t.bigInteger("comp_value_cents");
		t.uuid("remake_of");
		t.text("remake_reason");
		// A side cooked at another station: the line whose option it is.
		t.uuid("part_of");
		t.uuid("option_id");
	});
	// Every line written before this release went to the kitchen with its round.
	await knex.raw("update ??.order_items set fired_at = created_at where fired_at is null and not held", [schema]);
	await knex.raw("alter table ??.order_items add constraint order_items_seat_check check (seat between 1 and 99)", [schema]);
	await knex.raw("alter table ??.order_items add constraint order_items_course_check check (course between 1 and 9)", [schema]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.raw("alter table ??.order_items drop constraint order_items_course_check", [schema]);
	await knex.raw("alter table ??.order_items drop constraint order_items_seat_check", [schema]);
	await knex.schema.withSchema(schema).alterTable("order_items", t => {
		t.dropColumns(
			"seat",
			"course",
			"held",
			"fired_at",
			"modifiers",
			"comp_reason",
			"comp_by",
			"comp_at",
			"comp_value_cents",
			"remake_of",
			"remake_reason",
			"part_of",
			"option_id",
		);
	});
	await knex.raw("alter table ??.orders drop constraint orders_fired_course_check", [schema]);
	await knex.raw("alter table ??.orders drop constraint orders_covers_check", [schema]);
	await knex.raw("alter table ??.orders drop constraint orders_type_check", [schema]);
	// Tableless orders cannot survive the way back: their tables were never there.
	await knex.raw("delete from ??.order_items where order_id in (select id from ??.orders where table_id is null)", [schema, schema]);
	await knex.raw("delete from ??.orders where table_id is null", [schema]);
	await knex.schema.withSchema(schema).alterTable("orders", t => {
		t.dropIndex(["type"], "orders_type_idx");
		t.dropColumns("type", "name", "pickup_at", "covers", "fired_course");
		t.dropNullable("table_id");
		t.dropNullable("table_name");
	});
}
