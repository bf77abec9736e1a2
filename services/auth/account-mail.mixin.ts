// Account mail, mixed into the auth service: an admin invites a user by email (the account stays inactive until the
// mailed link sets its password), and a user who forgot a password asks for a reset link (the same answer whether or
// not the account exists; budgeted per account and per IP; the reset ends every session). The links reach the mail
// service sealed inside auth's outbox events (kept after publishing), their tokens are kept here only as hashes, and
// nothing logs them.
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { DbMethods } from "../../mixins/db.mixin";
import { isUniqueViolation, type Trx } from "../../lib/db";
import type { Config } from "../../lib/config";
import { RateBudget } from "../../lib/rate-budget";
import { ACCOUNT_LINK_SEAL, seal, sealKey } from "../../lib/seal";
import { ACCOUNT_MAIL_EVENTS, AuthErrors, MailErrors, ROLES, USER_EVENTS, type GatewayMeta, type Role, type User } from "../../contracts";
import * as repo from "./repository";
import { generatePassword, PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "./passwords";
import {
	ACTIVATION_TTL_MS,
	accountLink,
	hashAccountToken,
	newAccountToken,
	RESET_ANSWER_MS,
	RESET_TTL_MS,
	RESET_WINDOW_SECONDS,
	RESETS_PER_ACCOUNT,
	RESETS_PER_IP,
	resetTarget,
} from "./account-links";

/** What this mixin uses of the auth service it is mixed into. */
interface AuthParts {
	auth: { config: Config; jwtSecret: string };
	hashPassword(plain: string): Promise<string>;
	checkPasswordBytes(plain: string): void;
	forgetSessions(): Promise<void>;
}

type AccountMailThis = Service & DbMethods & AuthParts & AccountMailMethods & { resetBudgets?: { ip: RateBudget; account: RateBudget } };
type Ctx<P> = Context<P, GatewayMeta>;

export const emailParam = { type: "email", normalize: true, max: 254 } as const;
const username = { type: "string", trim: true, lowercase: true, min: 3, max: 32, pattern: /^[a-z0-9][a-z0-9._-]*$/ } as const;
const token = { type: "string", trim: true, min: 20, max: 200 } as const;
const password = { type: "string", min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_BYTES } as const;

export function AccountMailMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, AccountMailThis>> = {
		actions: {
			invite: {
				rest: "POST /invite",
				access: ["admin"],
				description:
					"Makes an inactive account and mails its activation link (PUBLIC_URL/account/?activate=…, single use, 7 days): the invited person sets the password, which activates the account.",
				params: {
					$$strict: "remove",
					username,
					fullName: { type: "string", trim: true, min: 1, max: 100 },
					role: { type: "enum", values: ROLES },
					email: emailParam,
				},
				async handler(
					this: AccountMailThis,
					ctx: Ctx<{ username: string; fullName: string; role: Role; email: string }>,
				): Promise<User> {
					// Nobody knows this password: the account opens only through the link (or an admin setting one).
					const passwordHash = await this.hashPassword(generatePassword());
					const by = ctx.meta.user?.id ?? null;
					try {
						const user = await this.transaction(async trx => {
							const t = this.tables(trx);
							const row = await repo.insertUser(t, { ...ctx.params, passwordHash, isActive: false });
							const user = repo.toUser(row!);
							await this.recordEvent(trx, USER_EVENTS.created, { user, by });
							await this.sendInvitation(trx, user, ctx.params.email, by);
							return user;
						});
						ctx.meta.$statusCode = 201;
						ctx.meta.$location = `/api/v1/auth/users/${user.id}`;
						return user;
					} catch (err) {
						if (isUniqueViolation(err, "users_email_key")) throw MailErrors.emailTaken(ctx.params.email);
						if (isUniqueViolation(err)) throw AuthErrors.usernameTaken(ctx.params.username);
						throw err;
					}
				},
			},

			/** An invitation that expired or went astray: a new link, and the earlier ones stop working. */
			reinvite: {
				rest: "POST /users/:id/invite",
				access: ["admin"],
				description:
					"Mails a new activation link to an inactive account with an email (an invitation that expired or went astray; a deactivated account the admin lets back in through it): 202. Earlier links stop working. 409 USER_ACTIVE, 409 EMAIL_MISSING.",
				params: { $$strict: "remove", id: { type: "uuid" } },
				async handler(this: AccountMailThis, ctx: Ctx<{ id: string }>): Promise<{ queued: true }> {
					const by = ctx.meta.user?.id ?? null;
					await this.transaction(async trx => {
						const t = this.tables(trx);
						const row = await repo.findUserById(t, ctx.params.id, true);
						if (!row) throw AuthErrors.userNotFound(ctx.params.id);
						if (row.is_active) throw MailErrors.userActive(row.username);
						if (!row.email) throw MailErrors.emailMissing(row.username);
						await repo.spendAccountTokens(t, row.id, "activate");
						await this.sendInvitation(trx, repo.toUser(row), row.email, by);
					});
					ctx.meta.$statusCode = 202;
					return { queued: true };
				},
			},

			activate: {
				rest: "POST /activate",
				access: "public",
				description: "The invitation's link: sets the password and activates the account (204). The link works once.",
				params: { $$strict: "remove", token, password },
				async handler(this: AccountMailThis, ctx: Ctx<{ token: string; password: string }>): Promise<null> {
					this.checkPasswordBytes(ctx.params.password);
					await this.checkLink(ctx.params.token, "activate");
					const passwordHash = await this.hashPassword(ctx.params.password);
					await this.transaction(async trx => {
						const { row } = await this.spendLink(trx, ctx.params.token, "activate");
						const updated = await repo.updateUser(this.tables(trx), row.id, { password_hash: passwordHash, is_active: true });
						await this.recordEvent(trx, ACCOUNT_MAIL_EVENTS.activated, { user: repo.toUser(updated), ip: ctx.meta.ip ?? null });
					});
					ctx.meta.$statusCode = 204;
					return null;
				},
			},

			passwordReset: {
				rest: "POST /password-reset",
				access: "public",
				description:
					"Mails a reset link (PUBLIC_URL/account/?reset=…, single use, 30 minutes) to the account's email, if there is such an active account with an email. Always 202 with the same body; 429 after 3 requests for one name or email, or 20 from one IP, in 15 minutes.",
				params: {
					$$strict: "remove",
					username: { type: "string", trim: true, min: 1, max: 64, optional: true },
					email: { ...emailParam, optional: true },
				},
				async handler(this: AccountMailThis, ctx: Ctx<{ username?: string; email?: string }>): Promise<{ accepted: true }> {
					const target = resetTarget(ctx.params);
					const ip = ctx.meta.ip ?? "internal";
					await this.resetBudgets!.ip.consume(ip);
					await this.resetBudgets!.account.consume(target.key);
					// Every answer takes at least this long, so a known account's extra write does not show in the timing.
					const floor = new Promise(resolve => setTimeout(resolve, RESET_ANSWER_MS));
					const t = this.tables();
					const row =
						target.by === "email"
							? await repo.findUserByEmail(t, target.value)
							: await repo.findUserByUsername(t, target.value);
					// Unknown or deactivated: nothing is recorded or sent, and the answer is the same.
					if (row?.is_active) await this.mailReset(row, ctx.meta.ip ?? null);
					await floor;
					ctx.meta.$statusCode = 202;
					return { accepted: true };
				},
			},

			passwordResetConfirm: {
				rest: "POST /password-reset/confirm",
				access: "public",
				description: "The reset link: sets the new password and ends every session of the account (204). The link works once.",
				params: { $$strict: "remove", token, password },
				async handler(this: AccountMailThis, ctx: Ctx<{ token: string; password: string }>): Promise<null> {
					this.checkPasswordBytes(ctx.params.password);
					await this.checkLink(ctx.params.token, "reset");
					const passwordHash = await this.hashPassword(ctx.params.password);
					const ended = await this.transaction(async trx => {
						const t = this.tables(trx);
						const { row } = await this.spendLink(trx, ctx.params.token, "reset");
						if (!row.is_active) throw MailErrors.linkInvalid();
						const updated = await repo.updateUser(t, row.id, { password_hash: passwordHash });
						const revoked = await repo.revokeSessions(t, { user_id: row.id }, "password reset");
						await this.recordEvent(trx, ACCOUNT_MAIL_EVENTS.reset, {
							user: repo.toUser(updated),
							sessionsEnded: revoked.length,
							ip: ctx.meta.ip ?? null,
						});
						return revoked.length;
					});
					await this.forgetSessions();
					this.logger.info(`Password reset by link; ${ended} session(s) ended`);
					ctx.meta.$statusCode = 204;
					return null;
				},
			},
		},

		methods: {
			/** A dead link is refused before the password is hashed: bcrypt's cost is spent only on a link that may work. */
			async checkLink(this: AccountMailThis, plain: string, purpose: repo.AccountTokenPurpose): Promise<void> {
				if (!(await repo.findLiveAccountToken(this.tables(), hashAccountToken(plain), purpose))) throw MailErrors.linkInvalid();
			},

			/**
			 * Takes a link's token (locked, so two uses at once: one wins, the other is refused) and spends every live
			 * link of its purpose for the account. Unknown, used or expired: one answer, 400 ACCOUNT_LINK_INVALID.
			 */
			async spendLink(this: AccountMailThis, trx: Trx, plain: string, purpose: repo.AccountTokenPurpose) {
				const t = this.tables(trx);
				const link = await repo.lockLiveAccountToken(t, hashAccountToken(plain), purpose);
				if (!link) throw MailErrors.linkInvalid();
				const row = await repo.findUserById(t, link.user_id, true);
				if (!row) throw MailErrors.linkInvalid();
				await repo.spendAccountTokens(t, row.id, purpose);
				return { row };
			},

			/** A link as the outbox and the channels carry it: only a node holding JWT_SECRET (the mail service) opens it. */
			sealLink(this: AccountMailThis, link: string): string {
				return seal(link, sealKey(this.auth.jwtSecret, ACCOUNT_LINK_SEAL));
			},

			/** A new activation link for `user`, recorded for the mail service (and the audit trail) in `trx`. */
			async sendInvitation(this: AccountMailThis, trx: Trx, user: User, email: string, by: string | null): Promise<void> {
				const plain = newAccountToken();
				const expiresAt = new Date(Date.now() + ACTIVATION_TTL_MS);
				await repo.insertAccountToken(this.tables(trx), {
					userId: user.id,
					purpose: "activate",
					tokenHash: hashAccountToken(plain),
					expiresAt,
				});
				await this.recordEvent(trx, ACCOUNT_MAIL_EVENTS.invited, {
					user,
					email,
					link: this.sealLink(accountLink(this.auth.config.publicUrl, "activate", plain)),
					expiresAt: expiresAt.toISOString(),
					by,
				});
			},

			async mailReset(this: AccountMailThis, row: repo.UserRow, ip: string | null): Promise<void> {
				const email = row.email ?? null;
				const plain = newAccountToken();
				const expiresAt = new Date(Date.now() + RESET_TTL_MS);
				await this.transaction(async trx => {
					if (email) {
						await repo.insertAccountToken(this.tables(trx), {
							userId: row.id,
							purpose: "reset",
							tokenHash: hashAccountToken(plain),
							expiresAt,
						});
					}
					await this.recordEvent(trx, ACCOUNT_MAIL_EVENTS.resetRequested, {
						user: repo.toUser(row),
						email,
						link: email ? this.sealLink(accountLink(this.auth.config.publicUrl, "reset", plain)) : null,
						expiresAt: expiresAt.toISOString(),
						ip,
					});
				});
			},
		},

		started(this: AccountMailThis) {
			const config = this.auth.config;
			this.resetBudgets = {
				ip: new RateBudget(config, "reset-ip", RESETS_PER_IP, RESET_WINDOW_SECONDS),
				account: new RateBudget(config, "reset-account", RESETS_PER_ACCOUNT, RESET_WINDOW_SECONDS),
			};
		},

		async stopped(this: AccountMailThis) {
			await Promise.all([this.resetBudgets?.ip.close(), this.resetBudgets?.account.close()]);
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}

interface AccountMailMethods {
	sealLink(link: string): string;
	sendInvitation(trx: Trx, user: User, email: string, by: string | null): Promise<void>;
	checkLink(plain: string, purpose: repo.AccountTokenPurpose): Promise<void>;
	spendLink(trx: Trx, plain: string, purpose: repo.AccountTokenPurpose): Promise<{ row: repo.UserRow }>;
	mailReset(row: repo.UserRow, ip: string | null): Promise<void>;
}
