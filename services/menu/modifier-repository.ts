// SQL over the menu schema's modifier groups, their options and the items that carry them. Callers pass `t`, the
// schema-bound table builder.
import crypto from "node:crypto";
import type { ModifierGroup, ModifierOption } from "../../contracts";
import type { Tables } from "./repository";
import type { OptionPlan } from "./rules";

interface GroupRow {
	id: string;
	name: string;
	required: boolean;
	min_choices: number;
	max_choices: number;
}

interface OptionRow {
	id: string;
	group_id: string;
	name: string;
	price_delta_cents: number;
	station: string | null;
	available: boolean;
	remaining: number | null;
	position: number;
}

export interface GroupFields {
	name: string;
	required: boolean;
	minChoices: number;
	maxChoices: number;
}

export interface OptionFields {
	name: string;
	priceDeltaCents: number;
	station: string | null;
	available: boolean;
	remaining: number | null;
}

const toOption = (r: OptionRow): ModifierOption => ({
	id: r.id,
	groupId: r.group_id,
	name: r.name,
	priceDeltaCents: r.price_delta_cents,
	station: r.station,
	available: r.available,
	remaining: r.remaining,
	position: r.position,
});

const toGroup = (r: GroupRow, options: OptionRow[]): ModifierGroup => ({
	id: r.id,
	name: r.name,
	required: r.required,
	minChoices: r.min_choices,
	maxChoices: r.max_choices,
	options: options.filter(o => o.group_id === r.id).map(toOption),
});

/** Live groups whole (live options in position order); all of them without `ids`. */
export async function findGroups(t: Tables, ids?: string[]): Promise<ModifierGroup[]> {
	if (ids && !ids.length) return [];
	const q = t("modifier_groups")
		.whereNull("deleted_at")
		.orderBy([{ column: "name" }, { column: "id" }]);
	const rows: GroupRow[] = await (ids ? q.whereIn("id", ids) : q);
	if (!rows.length) return [];
	const options: OptionRow[] = await t("modifier_options")
		.whereIn(
			"group_id",
			rows.map(r => r.id),
		)
		.whereNull("deleted_at")
		.orderBy([{ column: "position" }, { column: "id" }]);
	return rows.map(r => toGroup(r, options));
}

export async function findGroup(t: Tables, id: string): Promise<ModifierGroup | undefined> {
	const [group] = await findGroups(t, [id]);
	return group;
}

/** The group's row, locked when asked: a change to the group or its options queues behind another. */
export const findGroupRow = async (t: Tables, id: string, lock = false): Promise<GroupRow | undefined> => {
	const q = t("modifier_groups").where({ id }).whereNull("deleted_at").first();
	return lock ? q.forUpdate() : q;
};

/** The ids among `ids` that name no live group. */
export async function missingGroups(t: Tables, ids: string[]): Promise<string[]> {
	if (!ids.length) return [];
	const found = new Set(
		((await t("modifier_groups").whereIn("id", ids).whereNull("deleted_at").forShare().select("id")) as { id: string }[]).map(
			r => r.id,
		),
	);
	return ids.filter(id => !found.has(id));
}

/** Each item's live groups, in the item's order. */
export async function groupsOfItems(t: Tables, itemIds: string[]): Promise<Map<string, ModifierGroup[]>> {
	const byItem = new Map<string, ModifierGroup[]>();
	if (!itemIds.length) return byItem;
	const links: { item_id: string; group_id: string }[] = await t("item_modifier_groups")
		.whereIn("item_id", itemIds)
		.orderBy([{ column: "item_id" }, { column: "position" }]);
	if (!links.length) return byItem;
	const groups = new Map((await findGroups(t, [...new Set(links.map(l => l.group_id))])).map(g => [g.id, g]));
	for (const l of links) {
		const group = groups.get(l.group_id);
		if (group) byItem.set(l.item_id, [...(byItem.get(l.item_id) ?? []), group]);
	}
	return byItem;
}

/** The item's groups become `groupIds`, in that order. */
export async function setItemGroups(t: Tables, itemId: string, groupIds: string[]): Promise<void> {
	await t("item_modifier_groups").where({ item_id: itemId }).delete();
	if (groupIds.length)
		await t("item_modifier_groups").insert(groupIds.map((groupId, position) => ({ item_id: itemId, group_id: groupId, position })));
}

export async function insertGroup(t: Tables, g: GroupFields): Promise<string> {
	const id = crypto.randomUUID();
	await t("modifier_groups").insert({ id, name: g.name, required: g.required, min_choices: g.minChoices, max_choices: g.maxChoices });
	return id;
}

export async function updateGroup(t: Tables, id: string, patch: Partial<GroupFields>): Promise<void> {
	await t("modifier_groups")
		.where({ id })
		.update({
			...(patch.name !== undefined && { name: patch.name }),
			...(patch.required !== undefined && { required: patch.required }),
			...(patch.minChoices !== undefined && { min_choices: patch.minChoices }),
			...(patch.maxChoices !== undefined && { max_choices: patch.maxChoices }),
			updated_at: new Date(),
		});
}

/** Soft-deletes the group and its options and takes it off every item; answers the items that carried it. */
export async function deleteGroup(t: Tables, id: string): Promise<string[]> {
	const now = new Date();
	await t("modifier_groups").where({ id }).update({ deleted_at: now });
	await t("modifier_options").where({ group_id: id }).whereNull("deleted_at").update({ deleted_at: now });
	const links: { item_id: string }[] = await t("item_modifier_groups").where({ group_id: id }).delete().returning("item_id");
	return links.map(l => l.item_id);
}

/** The group's live option rows, locked (their countdowns and availability are decided on them). */
export const optionRowsOf = (t: Tables, groupId: string): Promise<OptionRow[]> =>
	t("modifier_options").where({ group_id: groupId }).whereNull("deleted_at").orderBy("position").forUpdate();

export async function insertOptions(t: Tables, groupId: string, options: (OptionFields & { position: number })[]): Promise<void> {
	if (!options.length) return;
	await t("modifier_options").insert(
		options.map(o => ({ id: crypto.randomUUID(), group_id: groupId, ...optionColumns(o), position: o.position })),
	);
}

/** Writes a PATCH's option list (rules.planOptions): kept ones updated and moved, new ones added, the rest removed. */
export async function applyOptionPlan(
	t: Tables,
	groupId: string,
	plan: {
		keep: (Partial<OptionFields> & { id: string; position: number })[];
		add: (OptionFields & { position: number })[];
		remove: OptionPlan["remove"];
	},
): Promise<void> {
	if (plan.remove.length) await t("modifier_options").whereIn("id", plan.remove).update({ deleted_at: new Date() });
	for (const o of plan.keep) await updateOption(t, o.id, { ...o });
	await insertOptions(t, groupId, plan.add);
}

export const findOptionRow = async (t: Tables, id: string, lock = false): Promise<OptionRow | undefined> => {
	const q = t("modifier_options").where({ id }).whereNull("deleted_at").first();
	return lock ? q.forUpdate() : q;
};

export async function findOption(t: Tables, id: string): Promise<ModifierOption | undefined> {
	const row = await findOptionRow(t, id);
	return row && toOption(row);
}

export async function updateOption(t: Tables, id: string, patch: Partial<OptionFields> & { position?: number }): Promise<void> {
	await t("modifier_options")
		.where({ id })
		.update({ ...optionColumns(patch), ...(patch.position !== undefined && { position: patch.position }), updated_at: new Date() });
}

function optionColumns(o: Partial<OptionFields>): Record<string, unknown> {
	return {
		...(o.name !== undefined && { name: o.name }),
		...(o.priceDeltaCents !== undefined && { price_delta_cents: o.priceDeltaCents }),
		...(o.station !== undefined && { station: o.station }),
		...(o.available !== undefined && { available: o.available }),
		...(o.remaining !== undefined && { remaining: o.remaining }),
	};
}

/** The groups (live or not) that the options belong to. */
export async function groupIdsOfOptions(t: Tables, optionIds: string[]): Promise<Map<string, string>> {
	if (!optionIds.length) return new Map();
	const rows: { id: string; group_id: string }[] = await t("modifier_options").whereIn("id", optionIds).select("id", "group_id");
	return new Map(rows.map(r => [r.id, r.group_id]));
}
