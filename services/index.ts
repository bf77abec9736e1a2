// The services a node can run, by the names SERVICES uses.
import type { ServiceSchema } from "moleculer";
import type { ServiceName } from "../lib/config";
import ApiService from "./api.service";
import AuthService from "./auth.service";
import MenuService from "./menu.service";

export const SERVICE_SCHEMAS: Record<ServiceName, ServiceSchema> = {
	api: ApiService,
	auth: AuthService,
	menu: MenuService,
};
