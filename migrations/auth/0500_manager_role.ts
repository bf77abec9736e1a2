// The manager role: on the floor as staff, plus discounts, comps, voids of started lines, refunds, reopening a
// paid bill and the reports (contracts PERMISSIONS). Only the check on users.role changes; no row does.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.raw("alter table ??.users drop constraint users_role_check", [schema]);
	await knex.raw("alter table ??.users add constraint users_role_check check (role in ('admin', 'staff', 'kitchen', 'manager'))", [
		schema,
	]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	// Managers become staff: an older node knows no manager, and staff is what a manager is on the floor.
	await knex.raw("update ??.users set role = 'staff' where role = 'manager'", [schema]);
	await knex.raw("alter table ??.users drop constraint users_role_check", [schema]);
	await knex.raw("alter table ??.users add constraint users_role_check check (role in ('admin', 'staff', 'kitchen'))", [schema]);
}
