// Outgoing mail: receipts, invitations and password resets, queued durably in this service's schema and sent over
// SMTP (nodemailer) by a sweeper, so a mail server that is down delays a message and never loses or doubles it.
import type { ServiceSchema, ServiceSettingSchema, Service } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";

type MailThis = Service & DbMethods;

const MailService: ServiceSchema<ServiceSettingSchema, MailThis> = {
	name: "mail",
	mixins: [DbMixin("mail", SCHEMAS.mail)],
	actions: {},
};

export default MailService as unknown as ServiceSchema;
