// Staff accounts, login, token rotation and sessions: who is calling, and with which role.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { runtimeOf } from "../../lib/runtime";
import { resolveJwtSecret, SCHEMAS, type Config } from "../../lib/config";
import { isUniqueViolation, type Trx } from "../../lib/db";
import {
	AuthErrors,
	CommonErrors,
	MailErrors,
	ROLES,
	SIGN_IN_EVENTS,
	USER_EVENTS,
	type AuthUser,
	type GatewayMeta,
	type Role,
	type SessionScope,
	type TokenPair,
	type User,
} from "../../contracts";
import * as repo from "./repository";
import { hashRefreshToken, newRefreshToken, signAccessToken, verifyAccessToken } from "./tokens";
import { LoginLimiter } from "./login-limiter";
import { checkPassword, generatePassword, hashPassword, passwordProblem, PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "./passwords";
import { changedFields, isLive, losesAdmin, pinVerdict, refusalError, sessionsEndedBy, signInVerdict, type AccountChange } from "./rules";
import { PIN_PATTERN, PIN_SIGN_IN_ROLES, pinLimitKey, pinLookup } from "./pins";
import { AccountMailMixin, emailParam } from "./account-mail.mixin";

interface AuthState {
	config: Config;
	jwtSecret: string;
	limiter: LoginLimiter;
	/** Compared against when the username is unknown, so a miss takes as long as a wrong password. */
	dummyHash: string;
	/** The HMAC key of PIN lookups: PIN_SECRET, else the JWT secret. */
	pinSecret: string;
}

type AuthThis = Service & DbMethods & AuthMethods & { auth: AuthState };
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

const username = { type: "string", trim: true, lowercase: true, min: 3, max: 32, pattern: /^[a-z0-9][a-z0-9._-]*$/ } as const;
const password = { type: "string", min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_BYTES } as const;
const fullName = { type: "string", trim: true, min: 1, max: 100 } as const;
const role = { type: "enum", values: ROLES } as const;
/** Who works the floor, for "who is on": an admin is listed though their PIN signs nobody in on a tablet (pins.ts). */
const FLOOR_ROLES: readonly Role[] = ["staff", "manager", "admin"];
const pin = { type: "string", pattern: PIN_PATTERN, messages: { stringPattern: "A PIN is 4 to 8 digits" } } as const;

const AuthService: ServiceSchema<ServiceSettingSchema, AuthThis> = {
	name: "auth",
	mixins: [DbMixin("auth", SCHEMAS.auth), AccountMailMixin()],
	settings: {
		rest: "/auth",
	},

	actions: {
		login: {
			rest: "POST /login",
			access: "public",
			params: {
				$$strict: "remove",
				username: { type: "string", trim: true, min: 1, max: 64 },
				password: { type: "string", min: 1, max: 200 },
			},
			async handler(this: AuthThis, ctx: Ctx<{ username: string; password: string }>): Promise<TokenPair> {
				const ip = ctx.meta.ip ?? "internal";
				await this.auth.limiter.begin(ip, ctx.params.username);
				const row = await repo.findUserByUsername(this.tables(), ctx.params.username);
				const ok = await checkPassword(ctx.params.password, row?.password_hash ?? this.auth.dummyHash);
				const seen = { ip: ctx.meta.ip ?? null, userAgent: ctx.meta.userAgent ?? null };
				const verdict = signInVerdict(row && repo.toUser(row), ok);
				if ("refused" in verdict) {
					// The rate limit above bounds these writes: a guesser is stopped before the audit trail fills.
					const refused = { username: ctx.params.username.slice(0, 64), userId: row?.id ?? null, reason: verdict.refused };
					await this.transaction(trx => this.recordEvent(trx, SIGN_IN_EVENTS.refused, { ...refused, ...seen }));
					throw refusalError(verdict.refused);
				}
				const { user } = verdict;
				await this.auth.limiter.succeeded(ip, ctx.params.username);
				return this.transaction(async trx => {
					const sessionId = await repo.insertSession(this.tables(trx), {
						userId: user.id,
						ttlSeconds: this.auth.config.refreshTokenTtlSeconds,
						ip: ctx.meta.ip,
						userAgent: ctx.meta.userAgent,
					});
					await this.recordEvent(trx, SIGN_IN_EVENTS.started, { user, sessionId, ...seen, method: "password" });
					return this.issueTokens(trx, user, sessionId);
				});
			},
		},

		/**
		 * A shared tablet signed in by a manager or an admin (the bearer, their own session): a new session of their
		 * own, marked as the tablet's device session (scope "device"), good only for PIN sign-ins, its refresh and its
		 * logout (the gateway refuses it everything else). The manager's session is never handed to the tablet. Audited
		 * as a sign-in with method "device".
		 */
		devices: {
			rest: "POST /devices",
			access: ["manager", "admin"],
			params: { $$strict: "remove", name: { type: "string", trim: true, min: 1, max: 60, optional: true } },
			async handler(this: AuthThis, ctx: Ctx<{ name?: string }>): Promise<TokenPair> {
				const manager = this.caller(ctx);
				// A device session signs no other device in (the gateway refuses it here too): only a person's own does.
				if (manager.scope === "device") throw AuthErrors.deviceOnly();
				const seen = { ip: ctx.meta.ip ?? null, userAgent: ctx.meta.userAgent ?? null };
				const name = ctx.params.name ?? null;
				const pair = await this.transaction(async trx => {
					const row = await repo.findUserById(this.tables(trx), manager.id);
					if (!row?.is_active) throw AuthErrors.userInactive();
					const user = repo.toUser(row);
					const sessionId = await repo.insertSession(this.tables(trx), {
						userId: user.id,
						ttlSeconds: this.auth.config.refreshTokenTtlSeconds,
						ip: ctx.meta.ip,
						userAgent: ctx.meta.userAgent,
						device: { name },
					});
					const device = { userId: user.id, sessionId: manager.sessionId, ...(name && { name }) };
					await this.recordEvent(trx, SIGN_IN_EVENTS.started, { user, sessionId, ...seen, method: "device", device });
					return this.issueTokens(trx, user, sessionId, "device");
				});
				ctx.meta.$statusCode = 201;
				return pair;
			},
		},

		/**
		 * A waiter signs in on a shared tablet with their PIN. The bearer must be the tablet's device session (POST
		 * /devices): a manager's or admin's own session is refused, as a tablet holding it would give whoever holds the
		 * tablet the manager's powers. Answers the PIN owner's own token pair (a session of their own, audited as a
		 * sign-in with method "pin"). PIN guesses spend the login limiter's budgets, per device session and per IP.
		 */
		pinLogin: {
			rest: "POST /pin-login",
			access: ["manager", "admin"],
			params: { $$strict: "remove", pin },
			async handler(this: AuthThis, ctx: Ctx<{ pin: string }>): Promise<TokenPair> {
				const deviceUser = this.caller(ctx);
				if (deviceUser.scope !== "device") throw AuthErrors.deviceSignInRequired();
				const device = { userId: deviceUser.id, sessionId: deviceUser.sessionId };
				const seen = { ip: ctx.meta.ip ?? null, userAgent: ctx.meta.userAgent ?? null };
				const user = await this.verifyPin(ctx.params.pin, PIN_SIGN_IN_ROLES, ctx.meta.ip ?? "internal", device.sessionId);
				if (!user) {
					const refused = { username: "", userId: null, reason: "wrong pin" as const, method: "pin" as const, device };
					await this.transaction(trx => this.recordEvent(trx, SIGN_IN_EVENTS.refused, { ...refused, ...seen }));
					throw AuthErrors.invalidPin();
				}
				return this.transaction(async trx => {
					const sessionId = await repo.insertSession(this.tables(trx), {
						userId: user.id,
						ttlSeconds: this.auth.config.refreshTokenTtlSeconds,
						ip: ctx.meta.ip,
						userAgent: ctx.meta.userAgent,
					});
					await this.recordEvent(trx, SIGN_IN_EVENTS.started, { user, sessionId, ...seen, method: "pin", device });
					return this.issueTokens(trx, user, sessionId);
				});
			},
		},

		/**
		 * Another service's question (approval: a manager's PIN typed on a waiter's tablet): whose PIN is this, among
		 * active accounts of `roles`? 401 INVALID_PIN otherwise. Rate-limited like a login: per `limitKey` (the caller
		 * names what it counts, e.g. a request or a session) and per IP. Not on HTTP.
		 */
		checkPin: {
			visibility: "public",
			params: {
				pin,
				roles: { type: "array", items: role, min: 1 },
				limitKey: { type: "string", min: 1, max: 200 },
			},
			async handler(
				this: AuthThis,
				ctx: Ctx<{ pin: string; roles: Role[]; limitKey: string }>,
			): Promise<{ id: string; fullName: string; role: Role }> {
				const user = await this.verifyPin(ctx.params.pin, ctx.params.roles, ctx.meta.ip ?? "internal", ctx.params.limitKey);
				if (!user) throw AuthErrors.invalidPin();
				return { id: user.id, fullName: user.fullName, role: user.role };
			},
		},

		/** Who is on: active staff, managers and admins by name, for "hand over" and the floor's "who is on". No usernames. */
		staff: {
			rest: "GET /staff",
			access: "user",
			async handler(this: AuthThis): Promise<{ id: string; fullName: string; role: Role }[]> {
				const rows = await repo.listActiveByRole(this.tables(), FLOOR_ROLES);
				return rows.map(r => ({ id: r.id, fullName: r.full_name, role: r.role }));
			},
		},

		refresh: {
			rest: "POST /refresh",
			access: "public",
			params: { $$strict: "remove", refreshToken: { type: "string", min: 20, max: 200 } },
			async handler(this: AuthThis, ctx: Ctx<{ refreshToken: string }>): Promise<TokenPair> {
				// Refreshes spend the same per-IP failure budget as logins: a client trying tokens is stopped the same way.
				const ip = ctx.meta.ip ?? "internal";
				await this.auth.limiter.attempt(ip);
				const outcome = await this.transaction(async trx => {
					const t = this.tables(trx);
					const token = await repo.lockRefreshToken(t, hashRefreshToken(ctx.params.refreshToken));
					if (!token) return { error: AuthErrors.invalidRefreshToken() };
					if (token.spent_at) {
						// A spent token coming back means it was copied: end the whole session (commit, then refuse).
						const revoked = await repo.revokeSessions(t, { id: token.session_id }, "refresh token reused");
						return { error: AuthErrors.refreshTokenReused(), revoked };
					}
					const session = await repo.findSession(t, token.session_id);
					if (!session || !isLive(session)) return { error: AuthErrors.invalidRefreshToken() };
					const user = await repo.findUserById(t, session.user_id);
					if (!user?.is_active) return { error: AuthErrors.userInactive() };
					await repo.spendRefreshToken(t, token.id);
					await repo.extendSession(t, session.id, this.auth.config.refreshTokenTtlSeconds);
					// A tablet's device session stays one: its refresh is as limited as the token it replaces.
					return { pair: await this.issueTokens(trx, repo.toUser(user), session.id, repo.scopeOf(session)) };
				});
				if (outcome.revoked?.length) await this.forgetSessions();
				if (outcome.error) throw outcome.error;
				await this.auth.limiter.attemptSucceeded(ip);
				return outcome.pair!;
			},
		},

		logout: {
			rest: "POST /logout",
			access: "user",
			params: { $$strict: "remove", refreshToken: { type: "string", min: 20, max: 200 } },
			async handler(this: AuthThis, ctx: Ctx<{ refreshToken: string }>): Promise<null> {
				const caller = this.caller(ctx);
				const token = await repo.findRefreshToken(this.tables(), hashRefreshToken(ctx.params.refreshToken));
				if (token) {
					const session = await repo.findSession(this.tables(), token.session_id);
					if (session && session.user_id !== caller.id) throw AuthErrors.notYourSession();
					await repo.revokeSessions(this.tables(), { id: token.session_id }, "logout");
					await this.forgetSessions();
				}
				// Logging out twice, or with a token already gone, still leaves the device logged out.
				ctx.meta.$statusCode = 204;
				return null;
			},
		},

		profile: {
			rest: "GET /profile",
			access: "user",
			async handler(this: AuthThis, ctx: Ctx): Promise<User> {
				const row = await repo.findUserById(this.tables(), this.caller(ctx).id);
				if (!row) throw AuthErrors.userNotFound(this.caller(ctx).id);
				return repo.toUser(row);
			},
		},

		register: {
			rest: "POST /register",
			access: ["admin"],
			params: { $$strict: "remove", username, password, fullName, role, email: { ...emailParam, optional: true } },
			async handler(
				this: AuthThis,
				ctx: Ctx<{ username: string; password: string; fullName: string; role: Role; email?: string }>,
			): Promise<User> {
				this.checkPasswordBytes(ctx.params.password);
				const passwordHash = await this.hashPassword(ctx.params.password);
				try {
					const user = await this.transaction(async trx => {
						const row = await repo.insertUser(this.tables(trx), { ...ctx.params, passwordHash });
						const user = repo.toUser(row!);
						await this.recordEvent(trx, USER_EVENTS.created, { user, by: ctx.meta.user?.id ?? null });
						return user;
					});
					ctx.meta.$statusCode = 201;
					ctx.meta.$location = `/api/v1/auth/users/${user.id}`;
					return user;
				} catch (err) {
					if (isUniqueViolation(err, "users_email_key")) throw MailErrors.emailTaken(ctx.params.email ?? "");
					if (isUniqueViolation(err)) throw AuthErrors.usernameTaken(ctx.params.username);
					throw err;
				}
			},
		},

		users: {
			rest: "GET /users",
			access: ["admin"],
			params: { $$strict: "remove", role: { ...role, optional: true }, active: { type: "boolean", convert: true, optional: true } },
			async handler(this: AuthThis, ctx: Ctx<{ role?: Role; active?: boolean }>): Promise<User[]> {
				const rows = await repo.listUsers(this.tables());
				return rows
					.filter(r => (ctx.params.role ? r.role === ctx.params.role : true))
					.filter(r => (ctx.params.active === undefined ? true : r.is_active === ctx.params.active))
					.map(repo.toUser);
			},
		},

		updateUser: {
			rest: "PATCH /users/:id",
			access: ["admin"],
			params: {
				$$strict: "remove",
				id: { type: "uuid" },
				fullName: { ...fullName, optional: true },
				role: { ...role, optional: true },
				isActive: { type: "boolean", optional: true },
				password: { ...password, optional: true },
				pin: { ...pin, optional: true, nullable: true },
				email: { ...emailParam, optional: true, nullable: true },
			},
			async handler(this: AuthThis, ctx: Ctx<{ id: string } & AccountChange>): Promise<User> {
				const { id, fullName, role, isActive, password, pin, email } = ctx.params;
				const change: AccountChange = { fullName, role, isActive, password, pin, email };
				const changed = changedFields(change);
				if (password !== undefined) this.checkPasswordBytes(password);
				const passwordHash = password !== undefined ? await this.hashPassword(password) : undefined;
				const pinPatch =
					pin === undefined
						? undefined
						: pin === null
							? { pin_hash: null, pin_lookup: null }
							: { pin_hash: await this.hashPassword(pin), pin_lookup: pinLookup(this.auth.pinSecret, pin) };
				const by = ctx.meta.user?.id ?? null;
				const { user, revoked } = await this.transaction(trx =>
					this.changeAccount(trx, id, change, changed, { passwordHash, pin: pinPatch }, by),
				).catch(err => {
					// Two admins giving one PIN to two people at once: the index lets one commit, the other hears this.
					if (isUniqueViolation(err, "users_pin_lookup_key")) throw AuthErrors.pinTaken();
					if (isUniqueViolation(err, "users_email_key")) throw MailErrors.emailTaken(email ?? "");
					throw err;
				});
				// Role and name changes show in the next request, not after the token cache expires.
				await this.forgetSessions();
				if (revoked.length) this.logger.info(`Ended ${revoked.length} session(s) of user ${id}`);
				return user;
			},
		},

		/**
		 * An operator's password reset (`npm run set-password`, bin/set-password.ts), for an admin locked out: the new
		 * password, every session of the user ended, `user.updated` recorded. Local calls only: never on HTTP, never
		 * from another node. An account that is deactivated stays so.
		 */
		setPassword: {
			visibility: "protected",
			params: { username: { type: "string", trim: true, lowercase: true, min: 1, max: 64 }, password },
			async handler(
				this: AuthThis,
				ctx: Ctx<{ username: string; password: string }>,
			): Promise<{ user: User; sessionsEnded: number }> {
				this.checkPasswordBytes(ctx.params.password);
				const passwordHash = await this.hashPassword(ctx.params.password);
				const { user, revoked } = await this.transaction(async trx => {
					const t = this.tables(trx);
					const found = await repo.findUserByUsername(t, ctx.params.username);
					if (!found) throw AuthErrors.userNotFound(ctx.params.username);
					const row = await repo.updateUser(t, found.id, { password_hash: passwordHash });
					const revoked = await repo.revokeSessions(t, { user_id: row.id }, "password reset by an operator");
					const user = repo.toUser(row);
					await this.recordEvent(trx, USER_EVENTS.updated, { user, changed: ["password"], by: null, via: "set-password" });
					return { user, revoked };
				});
				await this.forgetSessions();
				this.logger.warn(`Password of user "${user.username}" reset by an operator; ${revoked.length} session(s) ended`);
				return { user, sessionsEnded: revoked.length };
			},
		},

		/** The gateway's question for every request with a bearer token: who is this? Not on HTTP. */
		resolveToken: {
			visibility: "public",
			params: { token: { type: "string", min: 1, max: 4096 } },
			cache: { keys: ["token"], ttl: 30 },
			async handler(this: AuthThis, ctx: Ctx<{ token: string }>): Promise<AuthUser & { expiresAt: number }> {
				const claims = verifyAccessToken(this.auth.jwtSecret, this.auth.config.namespace, ctx.params.token);
				if (!claims) throw AuthErrors.invalidToken();
				const session = await repo.findSession(this.tables(), claims.sid);
				if (!session || !isLive(session)) throw AuthErrors.invalidToken("This session has ended; log in again");
				const row = await repo.findUserById(this.tables(), claims.sub);
				if (!row?.is_active) throw AuthErrors.userInactive();
				// The session row decides the scope (a token claiming otherwise is not one we signed for it).
				const scope = repo.scopeOf(session);
				if ((claims.scope ?? undefined) !== scope) throw AuthErrors.invalidToken();
				return { ...repo.toUser(row), sessionId: session.id, ...(scope && { scope }), expiresAt: claims.exp * 1000 };
			},
		},
	},

	methods: {
		caller(this: AuthThis, ctx: Context<unknown, GatewayMeta>): AuthUser {
			if (!ctx.meta.user) throw CommonErrors.unauthorized();
			return ctx.meta.user;
		},

		async issueTokens(this: AuthThis, trx: Trx, user: User, sessionId: string, scope?: SessionScope): Promise<TokenPair> {
			const { config, jwtSecret } = this.auth;
			const refreshToken = newRefreshToken();
			await repo.insertRefreshToken(this.tables(trx), sessionId, hashRefreshToken(refreshToken));
			const accessToken = signAccessToken(
				jwtSecret,
				config.namespace,
				{ sub: user.id, sid: sessionId, role: user.role, ...(scope && { scope }) },
				config.accessTokenTtlSeconds,
			);
			return { accessToken, refreshToken, expiresIn: config.accessTokenTtlSeconds, user };
		},

		hashPassword(this: AuthThis, plain: string): Promise<string> {
			return hashPassword(plain, this.auth.config.bcryptRounds);
		},

		/**
		 * The account a PIN signs in among active accounts of `roles`, or undefined. One attempt is counted first on
		 * the login limiter (per IP, and per `key` — a device session or what another service names): 429 once spent.
		 */
		async verifyPin(this: AuthThis, plain: string, roles: readonly Role[], ip: string, key: string): Promise<User | undefined> {
			await this.auth.limiter.begin(ip, pinLimitKey(key));
			const row = await repo.findActiveUserByPin(this.tables(), pinLookup(this.auth.pinSecret, plain));
			// No account: compare with the dummy anyway, so a miss takes as long as a wrong PIN.
			const ok = await checkPassword(plain, row?.pin_hash ?? this.auth.dummyHash);
			const user = pinVerdict(row && repo.toUser(row), ok, roles);
			if (user) await this.auth.limiter.succeeded(ip, pinLimitKey(key));
			return user;
		},

		/** `params` counts characters; bcrypt reads bytes (services/auth/passwords.ts). */
		checkPasswordBytes(plain: string): void {
			const problem = passwordProblem(plain);
			if (problem) {
				throw CommonErrors.badRequest(problem, [{ field: "password", type: "stringMax", message: problem }]);
			}
		},

		/** Writes an admin's change to an account, keeping one active admin, and ends its sessions when the change says so. */
		async changeAccount(
			this: AuthThis,
			trx: Trx,
			id: string,
			change: AccountChange,
			changed: string[],
			secrets: AccountSecrets,
			by: string | null,
		): Promise<{ user: User; revoked: string[] }> {
			const t = this.tables(trx);
			const before = await repo.findUserById(t, id, true);
			if (!before) throw AuthErrors.userNotFound(id);
			const demotes = losesAdmin({ role: before.role, isActive: before.is_active }, change);
			if (demotes && (await repo.lockOtherActiveAdmins(t, id)).length === 0) throw AuthErrors.lastAdmin();
			let pin = secrets.pin;
			if (pin?.pin_lookup && (await repo.pinHeldByAnother(t, pin.pin_lookup, id))) throw AuthErrors.pinTaken();
			if (pin === undefined && change.isActive === true && !before.is_active && before.pin_lookup) {
				// Made active again while someone else took its PIN meanwhile: it comes back without one.
				if (await repo.pinHeldByAnother(t, before.pin_lookup, id)) {
					pin = { pin_hash: null, pin_lookup: null };
					changed = [...changed, "pin"];
				}
			}
			const row = await repo.updateUser(t, id, {
				...(change.fullName !== undefined && { full_name: change.fullName }),
				...(change.role !== undefined && { role: change.role }),
				...(change.isActive !== undefined && { is_active: change.isActive }),
				...(secrets.passwordHash !== undefined && { password_hash: secrets.passwordHash }),
				...(change.email !== undefined && { email: change.email }),
				...pin,
			});
			const ended = sessionsEndedBy(change);
			const revoked = ended ? await repo.revokeSessions(t, { user_id: id }, ended) : [];
			// A deactivated account's mailed links die with it: an old invitation must not bring it back.
			if (change.isActive === false) await repo.spendAccountTokens(t, id);
			const user = repo.toUser(row);
			await this.recordEvent(trx, USER_EVENTS.updated, { user, changed, previousRole: before.role, by });
			return { user, revoked };
		},

		/** Drops cached token lookups so a revoked session or changed role takes effect on the next request. */
		async forgetSessions(this: AuthThis): Promise<void> {
			try {
				await this.broker.cacher?.clean(`${this.name}.resolveToken:**`);
			} catch (err) {
				// The change is committed; a cached lookup expires within its 30 s TTL anyway.
				this.logger.error("Could not clear cached token lookups", err);
			}
		},

		/** On a database with no users at all, creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD. */
		async ensureFirstAdmin(this: AuthThis): Promise<void> {
			if ((await repo.countUsers(this.tables())) > 0) return;
			const { admin } = this.auth.config;
			const generated = admin.password === undefined;
			const plain = admin.password ?? generatePassword();
			const created = await this.transaction(async trx => {
				const row = await repo.insertUser(
					this.tables(trx),
					{ username: admin.username, passwordHash: await this.hashPassword(plain), fullName: "Administrator", role: "admin" },
					{ ignoreConflict: true },
				);
				if (row) await this.recordEvent(trx, USER_EVENTS.created, { user: repo.toUser(row), by: null });
				return row;
			});
			if (!created) return; // another node created it first
			if (generated) {
				// bin/brigade.ts shows it in a box once everything is up; a JSON log keeps a line with it for collectors.
				runtimeOf(this.broker).firstAdmin = { username: admin.username, password: plain };
				if (this.auth.config.logFormat === "json") {
					this.logger.warn(
						`First admin created: username "${admin.username}", password "${plain}". It is shown only this once: log in and change it (PATCH /api/v1/auth/users/${created.id}).`,
					);
				} else {
					this.logger.info(`First admin "${admin.username}" created; its password is shown once Brigade is up.`);
				}
			} else {
				this.logger.info(`First admin "${admin.username}" created with the password from ADMIN_PASSWORD.`);
			}
		},
	},

	created(this: AuthThis) {
		const config = runtimeOf(this.broker).config;
		this.auth = { config, jwtSecret: "", limiter: undefined as unknown as LoginLimiter, dummyHash: "", pinSecret: "" };
	},

	async started(this: AuthThis) {
		this.auth.jwtSecret = resolveJwtSecret(this.auth.config);
		this.auth.pinSecret = this.auth.config.pinSecret ?? this.auth.jwtSecret;
		this.auth.limiter = new LoginLimiter(this.auth.config);
		this.auth.dummyHash = await this.hashPassword(crypto.randomBytes(16).toString("hex"));
		await this.ensureFirstAdmin();
	},

	async stopped(this: AuthThis) {
		await this.auth.limiter?.close();
	},
};

interface AuthMethods {
	caller(ctx: Context<unknown, GatewayMeta>): AuthUser;
	issueTokens(trx: Trx, user: User, sessionId: string, scope?: SessionScope): Promise<TokenPair>;
	hashPassword(plain: string): Promise<string>;
	checkPasswordBytes(plain: string): void;
	verifyPin(plain: string, roles: readonly Role[], ip: string, key: string): Promise<User | undefined>;
	changeAccount(
		trx: Trx,
		id: string,
		change: AccountChange,
		changed: string[],
		secrets: AccountSecrets,
		by: string | null,
	): Promise<{ user: User; revoked: string[] }>;
	forgetSessions(): Promise<void>;
	ensureFirstAdmin(): Promise<void>;
}

/** What an account change writes besides its plain fields: a new password's hash, a new PIN's hash and lookup (or nulls). */
interface AccountSecrets {
	passwordHash?: string;
	pin?: { pin_hash: string | null; pin_lookup: string | null };
}

export default AuthService as unknown as ServiceSchema;
