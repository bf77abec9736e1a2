// The params validator every node uses: Moleculer's fastest-validator, with one rule changed. Out of the box an
// optional field given `null` passes as if it were absent, so `{"password": null}` reached a handler that
// hashed null (a 500) and `{"name": null}` reached the database (a 409). Here null is a value like any other,
// refused naming the field, unless the rule says `nullable: true` (a field where null means something).
import { Validators } from "moleculer";
import FastestValidator from "fastest-validator";

type Rule = string | Rule[] | Record<string, unknown>;

const shorthand = new FastestValidator() as FastestValidator & { parseShortHand(rule: string): Record<string, unknown> };

/** `schema` with every rule's `nullable` made explicit: true only where the rule itself said so. */
export function refuseNulls<T>(schema: T): T {
	if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema;
	return Object.fromEntries(Object.entries(schema).map(([k, rule]) => [k, k.startsWith("$$") ? rule : strictRule(rule as Rule)])) as T;
}

function strictRule(rule: Rule): Rule {
	if (typeof rule === "string") return strictRule(shorthand.parseShortHand(rule));
	if (Array.isArray(rule)) return rule.map(strictRule);
	if (!rule || typeof rule !== "object") return rule;
	const out: Record<string, unknown> = { ...rule, nullable: rule.nullable === true };
	if (rule.props) out.props = refuseNulls(rule.props);
	if (rule.properties) out.properties = refuseNulls(rule.properties);
	if (rule.items) out.items = strictRule(rule.items as Rule);
	if (Array.isArray(rule.rules)) out.rules = rule.rules.map(r => strictRule(r as Rule));
	return out;
}

type Problem = { type: string; field?: string; actual?: unknown; message?: string };

/** fastest-validator calls a refused null "required"; say what is wrong with it. */
function sayNull<R>(result: R): R {
	if (Array.isArray(result)) {
		for (const p of result as Problem[]) {
			if (p.type === "required" && p.actual === null) p.message = `${p.field} cannot be null; leave it out or give a value`;
		}
	}
	return result;
}

const FastestBase = Validators.Fastest as unknown as new (opts: Record<string, unknown>) => InstanceType<typeof Validators.Fastest>;

export class NullRefusingValidator extends FastestBase {
	constructor() {
		super({ considerNullAsAValue: true });
	}

	override compile(schema: Record<string, unknown>) {
		const check = super.compile(refuseNulls(schema)) as (...args: unknown[]) => unknown;
		return (...args: unknown[]) => {
			const result = check(...args);
			return result instanceof Promise ? result.then(sayNull) : sayNull(result);
		};
	}

	override validate(params: Record<string, unknown>, schema: Record<string, unknown>) {
		return super.validate(params, refuseNulls(schema));
	}
}
