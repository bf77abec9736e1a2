// Guests at the table: a short-lived guest session bound to one table (the QR page's phone), its rounds into the
// table's order, its calls for the waiter or the bill, and its share of the bill paid by link. A guest is not a
// user: the session reads its table's order and nothing else, and ends once that order is paid or moved.
import type { ServiceSchema, ServiceSettingSchema, Service } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { GuestPayMixin } from "./pay.mixin";
import { GuestTakeoutMixin } from "./takeout.mixin";

type GuestThis = Service & DbMethods;

const GuestService: ServiceSchema<ServiceSettingSchema, GuestThis> = {
	name: "guest",
	mixins: [DbMixin("guest", SCHEMAS.guest), GuestPayMixin(), GuestTakeoutMixin()],
	settings: {
		rest: "/guest",
	},
	actions: {},
};

export default GuestService as unknown as ServiceSchema;
