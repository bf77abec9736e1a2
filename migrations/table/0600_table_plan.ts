// The floor plan: where a table stands on its area's plan (its centre, in plan units on a 1000 × 700 plan that
// every screen scales to fit) and its shape. x and y are both null for a table not placed yet (the apps lay it out
// themselves); an older table node writes neither, so a rolling upgrade leaves tables unplaced, square.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("tables", t => {
		t.integer("x");
		t.integer("y");
		t.text("shape").notNullable().defaultTo("square");
	});
	await knex.raw("alter table ??.tables add constraint tables_shape_check check (shape in ('square', 'round', 'rect'))", [schema]);
	await knex.raw(
		"alter table ??.tables add constraint tables_position_check check ((x is null) = (y is null) and (x is null or (x between 0 and 1000 and y between 0 and 700)))",
		[schema],
	);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.raw("alter table ??.tables drop constraint tables_position_check", [schema]);
	await knex.raw("alter table ??.tables drop constraint tables_shape_check", [schema]);
	await knex.schema.withSchema(schema).alterTable("tables", t => {
		t.dropColumns("x", "y", "shape");
	});
}
