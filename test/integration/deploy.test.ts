// The deployment files checked without a container engine or a cluster: the Dockerfile puts the compiled code
// where it looks for its migrations and apps, docker-compose.yml and deploy/ give every node its database,
// transporter and secret from the environment, run every service somewhere, probe paths a real node serves,
// and commit no secret. docker-compose and kubectl, when installed, validate the files themselves.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import YAML from "yaml";
import { SERVICE_NAMES } from "../../lib/config";
import { createStorage, testEnv, type Storage } from "../helpers/cluster";
import { NodeProcess } from "../helpers/process";
import { EMBEDDED_PASS_ONLY } from "../helpers/passes";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** Names whose values are credentials: never written into a committed file. */
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|PRIVATE|API_?KEY/i;
/** A compose value taken from the environment with no default, or an empty one. */
const FROM_ENV = /^\$\{[A-Z_][A-Z0-9_]*(:\?[^}]*|:-)?\}$/;
/** The probe paths the gateway serves on PORT and every node on OPS_PORT. */
const PROBE_PATHS = ["/health/live", "/health/ready"];

type Json = any; // parsed YAML: the assertions below are the type checks

function servicesOf(value: string): string[] {
	return value
		.split(",")
		.map(s => s.trim())
		.filter(Boolean);
}

/** The password inside a postgres:// or redis:// URL, if the URL carries one. */
function urlPassword(url: string): string | undefined {
	const m = /^[a-z]+:\/\/[^:/@]*:(.*)@[^@]+$/.exec(url);
	return m?.[1];
}

/** `fetch('http://127.0.0.1:3000/health/ready')` inside a healthcheck command → { port, path }. */
function probeTarget(command: string): { port: number; path: string } {
	const m = /http:\/\/127\.0\.0\.1:(\d+)(\/[\w/-]+)/.exec(command);
	assert.ok(m, `no http://127.0.0.1:<port>/<path> in ${command}`);
	return { port: Number(m[1]), path: m[2] };
}

describe("Dockerfile", { skip: EMBEDDED_PASS_ONLY }, () => {
	const text = read("Dockerfile");
	const stages = text.split(/^FROM /m).slice(1);
	const final = stages[stages.length - 1];
	const buildConfig = JSON.parse(read("tsconfig.build.json")) as { include: string[]; compilerOptions: { outDir?: string } };

	it("builds in one stage and runs the compiled code as a non-root user with production dependencies only", () => {
		assert.ok(stages.length >= 2, "multi-stage");
		assert.match(
			text,
			/RUN npm ci\b(?!.*--omit=dev).*\n(?:.*\n)*?RUN npm run build/,
			"npm ci with dev dependencies, then npm run build",
		);
		assert.match(text, /npm ci --omit=dev/, "production dependencies installed apart");
		assert.doesNotMatch(final, /RUN npm ci(?!.*--omit=dev)/, "the final stage installs no dev dependencies");
		const user = /^USER\s+(\S+)/m.exec(final)?.[1];
		assert.ok(user && !/^(root|0)(:|$)/.test(user), `final stage runs as a non-root user (USER ${user})`);
		assert.match(final, /^CMD \["node", "dist\/bin\/brigade\.js"\]/m);
		const health = /^HEALTHCHECK[\s\S]*?CMD (.*)$/m.exec(final)?.[1] ?? "";
		assert.ok(
			PROBE_PATHS.some(p => health.includes(p)),
			`HEALTHCHECK asks a probe path: ${health}`,
		);
	});

	it("copies every source tree the build compiles, and the apps where the compiled gateway serves them from", () => {
		const build = stages.find(s => /npm run build/.test(s))!;
		const copied = [...build.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap(m => m[1].trim().split(/\s+/).slice(0, -1));
		for (const pattern of buildConfig.include) {
			const top = pattern.split("/")[0];
			assert.ok(
				copied.includes(top) || copied.includes("."),
				`the build stage copies ${top} (tsconfig.build.json compiles ${pattern})`,
			);
		}
		// The compiled migrations land in dist/migrations, beside dist/lib/db.js's `../migrations`.
		assert.ok(buildConfig.include.includes("migrations/**/*.ts"), "tsconfig.build.json compiles the migrations");
		assert.equal(
			path.normalize(buildConfig.compilerOptions.outDir ?? JSON.parse(read("tsconfig.json")).compilerOptions.outDir),
			"dist",
		);
		assert.match(read("lib/db.ts"), /path\.resolve\(__dirname, "\.\.", "migrations"\)/);
		assert.match(final, /^COPY --from=build \/app\/dist \.\/dist$/m);
		// services/api/static-files.ts serves path.resolve(__dirname, "..", "..", "public"): dist/services/api → dist/public.
		assert.match(read("services/api/static-files.ts"), /folder: path\.resolve\(__dirname, "\.\.", "\.\.", "public"\)/);
		assert.match(final, /^COPY public \.\/dist\/public$/m);
	});

	it("keeps dependencies, data and secrets out of the build context", () => {
		const ignored = read(".dockerignore")
			.split("\n")
			.map(l => l.trim());
		for (const entry of ["node_modules", "dist", "data", ".env", ".git"])
			assert.ok(ignored.includes(entry), `.dockerignore lists ${entry}`);
	});
});

describe("docker-compose.yml", { skip: EMBEDDED_PASS_ONLY }, () => {
	const compose: Json = YAML.parse(read("docker-compose.yml"), { merge: true });
	const services: Record<string, Json> = compose.services;
	const brigade = Object.entries(services).filter(([, s]) => s.build !== undefined);
	const gateways = brigade.filter(([, s]) => servicesOf(s.environment.SERVICES).includes("api"));

	it("gives every Brigade container its database, transporter and JWT secret from the environment", () => {
		assert.ok(brigade.length >= 5, `gateways, floor, kitchen, office (got ${brigade.map(([n]) => n)})`);
		for (const [name, s] of brigade) {
			const env = s.environment;
			assert.match(env.JWT_SECRET, /^\$\{JWT_SECRET:\?[^}]+\}$/, `${name}: JWT_SECRET required from the environment, no default`);
			assert.match(
				env.DATABASE_URL,
				/^postgres:\/\/\w+:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/\w+$/,
				`${name}: DATABASE_URL`,
			);
			assert.match(env.TRANSPORTER, /^redis:\/\/redis:6379$/, `${name}: TRANSPORTER`);
			assert.equal(env.OPS_PORT, "9100", `${name}: OPS_PORT`);
			assert.ok(s.restart, `${name}: restart policy`);
			assert.deepEqual(Object.keys(s.depends_on).sort(), ["postgres", "redis"], `${name}: waits for PostgreSQL and Redis`);
		}
	});

	it("runs every service somewhere, and the gateway twice behind a websocket-aware load balancer", () => {
		const run = new Set(brigade.flatMap(([, s]) => servicesOf(s.environment.SERVICES)));
		assert.deepEqual([...run].sort(), [...SERVICE_NAMES].sort());
		assert.ok(gateways.length >= 2, "two gateways");
		const nodeIds = brigade.map(([, s]) => s.environment.NODE_ID).filter(Boolean);
		assert.equal(new Set(nodeIds).size, nodeIds.length, "NODE_IDs are unique");

		const lb = Object.entries(services).find(([, s]) => (s.volumes ?? []).some((v: string) => v.startsWith("./deploy/nginx.conf:")));
		assert.ok(lb, "a load balancer mounts deploy/nginx.conf");
		const conf = read("deploy/nginx.conf");
		for (const [name] of gateways) {
			assert.match(conf, new RegExp(`server ${name}:3000\\b`), `nginx sends traffic to ${name}`);
			assert.ok(lb[1].depends_on[name], `the load balancer waits for ${name}`);
		}
		assert.match(conf, /proxy_set_header Upgrade \$http_upgrade;/);
		assert.match(conf, /proxy_set_header Connection \$connection_upgrade;/);
		assert.match(conf, /^\s*ip_hash;/m, "long-polling clients stay on one gateway");
		for (const [, s] of gateways) assert.equal(s.environment.TRUST_PROXY, "true", "gateways take the client address from nginx");
		assert.equal(
			services.redis.command.join(" "),
			"redis-server --appendonly yes",
			"Redis keeps unacknowledged events across a restart",
		);
	});

	it("health-checks each container on a probe path of its own port", () => {
		for (const [name, s] of brigade) {
			const { port, path: probe } = probeTarget(s.healthcheck.test.join(" "));
			const isGateway = servicesOf(s.environment.SERVICES).includes("api");
			assert.equal(port, isGateway ? 3000 : Number(s.environment.OPS_PORT), `${name}: PORT for gateways, OPS_PORT for the rest`);
			assert.ok(PROBE_PATHS.includes(probe), `${name}: ${probe}`);
		}
	});

	it("commits no secret: every credential comes from the environment", () => {
		for (const [name, s] of Object.entries(services)) {
			const env: Record<string, unknown> = Array.isArray(s.environment)
				? Object.fromEntries(s.environment.map((e: string) => e.split("=")))
				: (s.environment ?? {});
			for (const [key, value] of Object.entries(env)) {
				if (SECRET_NAME.test(key)) assert.match(String(value), FROM_ENV, `${name}.${key} is taken from the environment`);
				const password = typeof value === "string" ? urlPassword(value) : undefined;
				if (password !== undefined) assert.match(password, FROM_ENV, `${name}.${key} carries no literal password`);
			}
		}
	});

	it("passes `docker-compose config -q` with the secrets set, and refuses to run without JWT_SECRET", t => {
		if (spawnSync("docker-compose", ["version"]).status !== 0)
			return t.skip("docker-compose is not installed (CI installs Debian's docker-compose)");
		// An empty env file, so a developer's own .env changes nothing here.
		const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "brigade-compose-")), "empty.env");
		fs.writeFileSync(envFile, "");
		const run = (env: Record<string, string>) =>
			spawnSync("docker-compose", ["-f", "docker-compose.yml", "--env-file", envFile, "config", "-q"], {
				cwd: ROOT,
				env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
				encoding: "utf8",
			});
		const ok = run({
			JWT_SECRET: "test-only-not-a-secret-0123456789abcdef",
			POSTGRES_PASSWORD: "test-only",
			PUBLIC_URL: "http://brigade.test.invalid",
		});
		assert.equal(ok.status, 0, ok.stderr);
		const missing = run({ POSTGRES_PASSWORD: "test-only" });
		assert.notEqual(missing.status, 0);
		assert.match(missing.stderr, /JWT_SECRET/);
		fs.rmSync(path.dirname(envFile), { recursive: true, force: true });
	});
});

describe("deploy/ (Kubernetes)", { skip: EMBEDDED_PASS_ONLY }, () => {
	const files = fs.readdirSync(path.join(ROOT, "deploy")).filter(f => f.endsWith(".yaml"));
	const docs: Json[] = files.flatMap(f =>
		YAML.parseAllDocuments(read(`deploy/${f}`)).map(d => {
			assert.equal(d.errors.length, 0, `${f}: ${d.errors.join("; ")}`);
			return { ...d.toJS(), __file: f };
		}),
	);
	const ofKind = (kind: string) => docs.filter(d => d.kind === kind);
	const deployments = ofKind("Deployment");
	const configMap = ofKind("ConfigMap")[0];
	const opsPort = Number(configMap?.data?.OPS_PORT);
	const containerOf = (d: Json) => d.spec.template.spec.containers.find((c: Json) => c.name === "brigade");
	const envOf = (d: Json) => Object.fromEntries((containerOf(d).env as Json[]).map(e => [e.name, e]));
	const isGateway = (d: Json) => servicesOf(envOf(d).SERVICES.value).includes("api");
	const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
		Object.entries(selector).every(([k, v]) => labels[k] === v);

	it("applies every manifest but the secret template with kustomize", () => {
		const kustomization: Json = YAML.parse(read("deploy/kustomization.yaml"));
		const expected = files.filter(f => f !== "kustomization.yaml" && f !== "secret.template.yaml").sort();
		assert.deepEqual([...kustomization.resources].sort(), expected);
		assert.equal(kustomization.namespace, "brigade");
		assert.ok(ofKind("Namespace").some(n => n.metadata.name === "brigade"));
	});

	it("has one Deployment per node group, running every service, the gateway on two replicas", () => {
		const run = deployments.flatMap(d => servicesOf(envOf(d).SERVICES.value));
		assert.deepEqual([...run].sort(), [...SERVICE_NAMES].sort(), "each service in exactly one group");
		const gateway = deployments.filter(isGateway);
		assert.equal(gateway.length, 1);
		assert.ok(gateway[0].spec.replicas >= 2);
		for (const d of deployments)
			assert.ok(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels), `${d.metadata.name}: selector`);
	});

	it("gives every pod its database, transporter and JWT secret from the Secret, the rest from the ConfigMap", () => {
		for (const d of deployments) {
			const env = envOf(d);
			for (const name of ["DATABASE_URL", "TRANSPORTER", "JWT_SECRET"]) {
				assert.deepEqual(env[name]?.valueFrom?.secretKeyRef, { name: "brigade-secrets", key: name }, `${d.metadata.name}: ${name}`);
			}
			assert.deepEqual(containerOf(d).envFrom, [{ configMapRef: { name: configMap.metadata.name } }]);
			assert.equal(env.NODE_ID?.valueFrom?.fieldRef?.fieldPath, "metadata.name", "each pod its own node id");
		}
	});

	it("probes each pod on the paths the code serves, on PORT for the gateway and OPS_PORT for the rest", () => {
		assert.ok(opsPort > 0, "the ConfigMap sets OPS_PORT");
		for (const d of deployments) {
			const c = containerOf(d);
			const portOf = (p: string | number) => (typeof p === "number" ? p : c.ports.find((x: Json) => x.name === p)?.containerPort);
			const want = isGateway(d) ? Number(envOf(d).PORT.value) : opsPort;
			assert.equal(c.readinessProbe.httpGet.path, "/health/ready", d.metadata.name);
			assert.equal(c.livenessProbe.httpGet.path, "/health/live", d.metadata.name);
			for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
				assert.ok(PROBE_PATHS.includes(probe.httpGet.path));
				assert.equal(portOf(probe.httpGet.port), want, `${d.metadata.name}: probe port`);
			}
			const a = d.spec.template.metadata.annotations;
			assert.equal(a["prometheus.io/scrape"], "true");
			assert.equal(a["prometheus.io/path"], "/metrics");
			assert.equal(Number(a["prometheus.io/port"]), opsPort, `${d.metadata.name}: scraped on OPS_PORT`);
			assert.ok(
				c.ports.some((p: Json) => p.containerPort === opsPort),
				`${d.metadata.name}: declares OPS_PORT`,
			);
		}
	});

	it("runs non-root on a read-only filesystem, with resources and a disruption budget", () => {
		for (const d of deployments) {
			const pod = d.spec.template.spec;
			const c = containerOf(d);
			assert.equal(pod.securityContext.runAsNonRoot, true, d.metadata.name);
			assert.ok(pod.securityContext.runAsUser > 0);
			assert.equal(c.securityContext.readOnlyRootFilesystem, true);
			assert.equal(c.securityContext.allowPrivilegeEscalation, false);
			assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"]);
			assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory);
			const pdb = ofKind("PodDisruptionBudget").filter(p => matches(p.spec.selector.matchLabels, d.spec.template.metadata.labels));
			assert.equal(pdb.length, 1, `${d.metadata.name}: one PodDisruptionBudget`);
			assert.ok(pdb[0].spec.minAvailable < d.spec.replicas, `${d.metadata.name}: the budget allows a drain`);
		}
	});

	it("exposes the gateway's HTTP port through a Service", () => {
		const gateway = deployments.find(isGateway)!;
		const services = ofKind("Service").filter(s => matches(s.spec.selector, gateway.spec.template.metadata.labels));
		assert.equal(services.length, 1);
		const http = containerOf(gateway).ports.find((p: Json) => p.name === services[0].spec.ports[0].targetPort);
		assert.equal(http?.containerPort, Number(envOf(gateway).PORT.value));
		assert.equal(services[0].spec.sessionAffinity, "ClientIP");
	});

	it("commits no secret: the Secret is an empty template and no manifest writes a credential", () => {
		const secrets = ofKind("Secret");
		assert.deepEqual(
			secrets.map(s => s.__file),
			["secret.template.yaml"],
		);
		assert.equal(secrets[0].data, undefined);
		for (const [key, value] of Object.entries(secrets[0].stringData)) assert.equal(value, "", `${key} is left empty`);
		for (const key of Object.keys(configMap.data)) assert.doesNotMatch(key, SECRET_NAME, `ConfigMap holds ${key}`);
		for (const d of deployments) {
			for (const e of containerOf(d).env as Json[]) {
				if (SECRET_NAME.test(e.name) || ["DATABASE_URL", "TRANSPORTER", "REDIS_URL"].includes(e.name)) {
					assert.equal(e.value, undefined, `${d.metadata.name}: ${e.name} comes from the Secret`);
				}
			}
		}
	});

	it("builds with `kubectl kustomize`", t => {
		if (spawnSync("kubectl", ["version", "--client"]).status !== 0) return t.skip("kubectl is not installed");
		const r = spawnSync("kubectl", ["kustomize", "deploy"], { cwd: ROOT, encoding: "utf8" });
		assert.equal(r.status, 0, r.stderr);
		const built = YAML.parseAllDocuments(r.stdout).map(d => d.toJS());
		for (const d of built) if (d.kind !== "Namespace") assert.equal(d.metadata.namespace, "brigade", `${d.kind}/${d.metadata.name}`);
		assert.equal(built.filter(d => d.kind === "Deployment").length, deployments.length);
	});
});

describe("the probe paths, asked of a real node", () => {
	let storage: Storage;
	let node: NodeProcess | undefined;
	let port: number;
	let opsPort: number;

	before(async () => {
		storage = await createStorage();
		opsPort = await freePort();
		// A gateway node: it serves the probes on PORT, and, like every node, on OPS_PORT.
		node = new NodeProcess("brigade.ts", testEnv(storage, { SERVICES: "api", OPS_PORT: String(opsPort), LOG_LEVEL: "info" }));
		port = Number((await node.waitFor(/listening on http:\/\/localhost:(\d+)/, 60_000))[1]);
		await node.waitFor(/is up/, 60_000);
	});
	after(async () => {
		await node?.stop();
		await storage?.destroy();
	});

	it("answers 200 on every path the Dockerfile, compose and Kubernetes probe, on PORT and on OPS_PORT", async () => {
		for (const p of [port, opsPort]) {
			for (const probe of PROBE_PATHS) {
				const res = await fetch(`http://127.0.0.1:${p}${probe}`);
				assert.equal(res.status, 200, `:${p}${probe}`);
			}
		}
		const metrics = await fetch(`http://127.0.0.1:${opsPort}/metrics`);
		assert.equal(metrics.status, 200, "Prometheus scrapes OPS_PORT /metrics");
		assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
		assert.match(await metrics.text(), /^# (HELP|TYPE) /m);
	});
});

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer().listen(0, "127.0.0.1", () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on("error", reject);
	});
}
