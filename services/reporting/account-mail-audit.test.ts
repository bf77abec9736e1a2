// Account mail on the audit trail: who invited whom, who accepted, who asked for a reset and who reset; never a link.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { anEvent } from "../../test/fixtures/domain";
import type { User } from "../../contracts";
import { auditOfAccountMail } from "./account-mail-audit";

const user: User = {
	id: "u1",
	username: "ines",
	fullName: "Ines",
	role: "staff",
	isActive: true,
	createdAt: "2026-11-28T10:00:00Z",
	email: "i@x.io",
};
const LINK = "http://pos/account/?activate=SECRET-TOKEN";

describe("account mail audit", () => {
	it("maps each event to one entry, with the actor, and keeps no link", () => {
		const entries = [
			...auditOfAccountMail(
				anEvent("account.invited", { user, email: "i@x.io", link: LINK, expiresAt: "2026-12-05T10:00:00Z", by: "admin-1" }),
			),
			...auditOfAccountMail(anEvent("account.activated", { user, ip: "10.0.0.9" })),
			...auditOfAccountMail(
				anEvent("password_reset.requested", { user, email: null, link: null, expiresAt: "2026-11-28T10:30:00Z", ip: null }),
			),
			...auditOfAccountMail(anEvent("password_reset.completed", { user, sessionsEnded: 2, ip: null })),
		];
		assert.deepEqual(
			entries.map(e => [e.action, e.actorId]),
			[
				["user_invited", "admin-1"],
				["user_activated", "u1"],
				["password_reset_requested", null],
				["password_reset", "u1"],
			],
		);
		assert.equal(entries[2].subject.mailed, false);
		assert.equal(entries[3].subject.sessionsEnded, 2);
		assert.ok(!JSON.stringify(entries).includes("SECRET-TOKEN"));
	});
});
