// The services a node can run, by the names SERVICES uses.
import type { ServiceSchema } from "moleculer";
import type { ServiceName } from "../lib/config";
import ApiService from "./api.service";
import AuthService from "./auth.service";
import BillingService from "./billing.service";
import KitchenService from "./kitchen.service";
import MenuService from "./menu.service";
import NotificationService from "./notification.service";
import OrderService from "./order.service";
import ReportingService from "./reporting.service";
import TableService from "./table.service";

export const SERVICE_SCHEMAS: Record<ServiceName, ServiceSchema> = {
	api: ApiService,
	auth: AuthService,
	table: TableService,
	menu: MenuService,
	order: OrderService,
	kitchen: KitchenService,
	billing: BillingService,
	reporting: ReportingService,
	notification: NotificationService,
};
