// Modifier groups ("Temperature", "Sides") and their options, as an admin builds them and the floor and the kitchen
// 86 an option: the writes behind the menu service's modifier routes, each in the caller's transaction with its
// event. Mixed into the menu service.
import type { Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { DbMethods } from "../../mixins/db.mixin";
import type { Trx } from "../../lib/db";
import { MENU_EVENTS, MenuErrors, type ModifierGroup, type ModifierOption } from "../../contracts";
import * as mods from "./modifier-repository";
import * as repo from "./repository";
import { availabilityFor, changedFields, checkChoices, planOptions, type OptionInput } from "./rules";

export type GroupInput = { name: string; required?: boolean; minChoices?: number; maxChoices?: number; options: OptionInput[] };
export type GroupPatch = Partial<GroupInput>;
export type OptionPatch = Partial<Omit<OptionInput, "id">>;

type ModifiersThis = Service & DbMethods & ModifierMethods;

export interface ModifierMethods {
	assertGroups(trx: Trx, groupIds: string[]): Promise<void>;
	createGroup(trx: Trx, input: GroupInput, by: string | null): Promise<ModifierGroup>;
	changeGroup(trx: Trx, id: string, patch: GroupPatch, by: string | null): Promise<ModifierGroup>;
	deleteGroup(trx: Trx, id: string, by: string | null): Promise<void>;
	changeOption(trx: Trx, id: string, patch: OptionPatch, fields: string[], by: string | null): Promise<ModifierOption>;
}

export function ModifiersMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, ModifiersThis>> = {
		methods: {
			/** Every id names a live group (404 naming the first that does not); each stays live until the change commits. */
			async assertGroups(this: ModifiersThis, trx: Trx, groupIds: string[]): Promise<void> {
				const [missing] = await mods.missingGroups(this.tables(trx), groupIds);
				if (missing) throw MenuErrors.modifierGroupNotFound(missing);
			},

			/** A new group and its options in the order given. */
			async createGroup(this: ModifiersThis, trx: Trx, input: GroupInput, by: string | null): Promise<ModifierGroup> {
				const minChoices = input.minChoices ?? 0;
				const fields = {
					name: input.name,
					required: input.required ?? false,
					minChoices,
					maxChoices: input.maxChoices ?? Math.max(1, minChoices),
				};
				checkChoices(fields, input.options.length);
				const t = this.tables(trx);
				const id = await mods.insertGroup(t, fields);
				await mods.insertOptions(
					t,
					id,
					input.options.map((o, position) => ({ ...newOption(o), position })),
				);
				const group = (await mods.findGroup(t, id))!;
				await this.recordEvent(trx, MENU_EVENTS.modifierGroupUpdated, { group, by });
				return group;
			},

			/** The group's own fields, and its options when the change lists them (the full new list: rules.planOptions). */
			async changeGroup(this: ModifiersThis, trx: Trx, id: string, patch: GroupPatch, by: string | null): Promise<ModifierGroup> {
				const t = this.tables(trx);
				const row = await mods.findGroupRow(t, id, true);
				if (!row) throw MenuErrors.modifierGroupNotFound(id);
				const current = await mods.optionRowsOf(t, id);
				const plan =
					patch.options &&
					planOptions(
						current.map(o => o.id),
						patch.options,
					);
				checkChoices(
					{
						required: patch.required ?? row.required,
						minChoices: patch.minChoices ?? row.min_choices,
						maxChoices: patch.maxChoices ?? row.max_choices,
					},
					patch.options?.length ?? current.length,
				);
				const { options: _, ...own } = patch;
				await mods.updateGroup(t, id, own);
				if (plan) {
					const byId = new Map(current.map(o => [o.id, o]));
					await mods.applyOptionPlan(t, id, {
						keep: plan.keep.map(o => ({ ...o, available: availabilityFor(byId.get(o.id), o) })),
						add: plan.add.map(o => ({ ...newOption(o), position: o.position })),
						remove: plan.remove,
					});
				}
				const group = (await mods.findGroup(t, id))!;
				await this.recordEvent(trx, MENU_EVENTS.modifierGroupUpdated, { group, changed: Object.keys(patch), by });
				return group;
			},

			/** The group goes, and every item that carried it loses it (each says so, for the devices showing it). */
			async deleteGroup(this: ModifiersThis, trx: Trx, id: string, by: string | null): Promise<void> {
				const t = this.tables(trx);
				if (!(await mods.findGroupRow(t, id, true))) throw MenuErrors.modifierGroupNotFound(id);
				const group = (await mods.findGroup(t, id))!;
				const itemIds = await mods.deleteGroup(t, id);
				await this.recordEvent(trx, MENU_EVENTS.modifierGroupDeleted, { group });
				for (const item of await repo.findItems(t, itemIds))
					await this.recordEvent(trx, MENU_EVENTS.itemUpdated, { item, changed: ["modifierGroupIds"], by });
			},

			/** One option: kitchen and floor 86 it or bring it back; an admin changes anything, its count too. */
			async changeOption(
				this: ModifiersThis,
				trx: Trx,
				id: string,
				patch: OptionPatch,
				fields: string[],
				by: string | null,
			): Promise<ModifierOption> {
				const t = this.tables(trx);
				const row = await mods.findOptionRow(t, id, true);
				if (!row) throw MenuErrors.modifierOptionNotFound(id);
				const available = availabilityFor(row, patch);
				await mods.updateOption(t, id, { ...patch, available });
				const group = (await mods.findGroup(t, row.group_id))!;
				const changed = changedFields(fields, row.available, available);
				await this.recordEvent(trx, MENU_EVENTS.modifierGroupUpdated, { group, changed, optionId: id, by });
				return group.options.find(o => o.id === id)!;
			},
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}

/** A new option's row: no delta, no station and no count unless given; a count of 0 starts it sold out. */
function newOption(o: OptionInput): mods.OptionFields {
	return {
		name: o.name,
		priceDeltaCents: o.priceDeltaCents ?? 0,
		station: o.station ?? null,
		available: availabilityFor(undefined, o) ?? true,
		remaining: o.remaining ?? null,
	};
}
