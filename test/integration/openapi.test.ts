// The OpenAPI document is the same whichever node builds it: a gateway that learned the other services over the
// transporter describes them exactly as one that runs them itself (every query parameter, every pattern).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { ServiceBroker } from "moleculer";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { loadConfig } from "../../lib/config";
import { createNode } from "../../services/node";
import { portableParams } from "../../lib/portable-params";

type Doc = {
	paths: Record<string, Record<string, { parameters: { name: string; schema: Record<string, unknown> }[]; requestBody?: unknown }>>;
};

describe(`the OpenAPI document — ${MODE}`, () => {
	let cluster: TestCluster;
	let local: ServiceBroker;
	let doc: Doc;
	let localDoc: Doc;
	let dataDir: string;

	before(async () => {
		cluster = await startCluster();
		doc = (await (await fetch(`${cluster.baseUrl}/api/v1/openapi.json`)).json()) as Doc;
		// Every service in one broker of its own, on its own embedded database: nothing crossed a transporter.
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-openapi-"));
		local = createNode(
			loadConfig({ PORT: "0", DATA_DIR: dataDir, ADMIN_PASSWORD: ADMIN.password, NAMESPACE: "openapi-local", BCRYPT_ROUNDS: "4" }),
			{
				logger: false,
				skipProcessEventRegistration: true,
			},
		);
		await local.start();
		const port = ((local.getLocalService("api") as unknown as { server: Server }).server.address() as AddressInfo).port;
		localDoc = (await (await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`)).json()) as Doc;
	});
	after(async () => {
		await local?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
		await cluster?.stop();
	});

	it("describes every report's from and to, and the patterns a field must match", () => {
		for (const report of ["sales", "summary", "best-sellers", "modifiers", "tables", "kitchen", "staff", "losses", "audit"]) {
			const names = doc.paths[`/api/v1/reports/${report}`].get.parameters.map(p => p.name);
			assert.ok(names.includes("from") && names.includes("to"), `${report}: ${names.join(", ")}`);
		}
		// A rule the params cannot say travels in the action's description.
		assert.match(
			String((doc.paths["/api/v1/reports/staff"].get as { description?: string }).description),
			/Tips are credited to whoever took the payment/,
		);
		const station = doc.paths["/api/v1/kitchen/tickets"].get.parameters.find(p => p.name === "station");
		assert.equal(typeof station?.schema.pattern, "string", JSON.stringify(station));
	});

	it("describes the webhook route as a provider calls it: raw signed body, provider, Stripe-Signature, 200/400/429", () => {
		const op = doc.paths["/api/v1/billing/webhooks/{provider}"]?.post as unknown as {
			"x-access": unknown;
			parameters: { name: string; in: string; schema: Record<string, unknown> }[];
			requestBody: { content: Record<string, unknown> };
			responses: Record<string, unknown>;
		};
		assert.ok(op, Object.keys(doc.paths).join(", "));
		assert.equal(op["x-access"], "public");
		assert.deepEqual(op.parameters.find(p => p.name === "provider")?.schema.enum, ["stripe"]);
		assert.equal(op.parameters.find(p => p.name === "Stripe-Signature")?.in, "header");
		assert.ok(op.requestBody.content["application/json"]);
		for (const status of ["200", "400", "429"]) assert.ok(op.responses[status], `no ${status}`);
		// Not what the gateway hands billing (base64 payload, picked headers): those are no caller's business.
		assert.equal(JSON.stringify(op).includes("payload"), false);
	});

	it("is the document a gateway running every service itself builds", () => {
		assert.deepEqual(doc, localDoc);
	});

	it("params become plain data: each rule its own copy, patterns as source strings", () => {
		const bound = { type: "string", optional: true, pattern: /^\d{4}$/i };
		const out = portableParams({ from: bound, to: bound });
		assert.deepEqual(out, {
			from: { type: "string", optional: true, pattern: "^\\d{4}$", patternFlags: "i" },
			to: { type: "string", optional: true, pattern: "^\\d{4}$", patternFlags: "i" },
		});
		assert.notEqual(out.from, out.to);
	});
});
