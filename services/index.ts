// The services a node can run, by the names SERVICES uses.
import type { ServiceSchema } from "moleculer";
import type { ServiceName } from "../lib/config";
import ApiService from "./api/api.service";
import ApprovalService from "./approval/approval.service";
import AuthService from "./auth/auth.service";
import BillingService from "./billing/billing.service";
import DrawerService from "./drawer/drawer.service";
import DeviceService from "./device/device.service";
import GuestService from "./guest/guest.service";
import KitchenService from "./kitchen/kitchen.service";
import MailService from "./mail/mail.service";
import MenuService from "./menu/menu.service";
import NotificationService from "./notification/notification.service";
import OrderService from "./order/order.service";
import ReportingService from "./reporting/reporting.service";
import TableService from "./table/table.service";

export const SERVICE_SCHEMAS: Record<ServiceName, ServiceSchema> = {
	api: ApiService,
	auth: AuthService,
	table: TableService,
	menu: MenuService,
	order: OrderService,
	kitchen: KitchenService,
	billing: BillingService,
	drawer: DrawerService,
	reporting: ReportingService,
	notification: NotificationService,
	device: DeviceService,
	approval: ApprovalService,
	guest: GuestService,
	mail: MailService,
};
