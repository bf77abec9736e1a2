// Payment links: a checkout at the card provider for a bill or a share of it (whole, an even share, chosen lines),
// paid on the provider's page and learnt from its signed webhook (or from asking it, by the sweeper).
import { Errors } from "moleculer";

const { MoleculerClientError } = Errors;

export const LINK_SHARES = ["whole", "even", "items"] as const;
export type LinkShare = (typeof LINK_SHARES)[number];

/** Who asked for the link: a guest's session at the table, a takeout's order, a staff member. */
export interface LinkPayer {
	kind: "guest" | "takeout" | "staff";
	id: string;
}

/** `billing.startLinkPayment`'s params (internal; guest pay and takeout call it). */
export interface LinkRequest {
	billId: string;
	share: LinkShare;
	/** share "even": how many pay the balance (this link is one of them). */
	parts?: number;
	/** share "items": the bill's lines this link pays for. */
	lineIds?: string[];
	tipCents?: number;
	/** Where the provider's page sends the payer back (`payment` and `outcome` are added to its query). */
	returnUrl?: string;
	payer: LinkPayer;
}

/** A payment link as billing keeps it: `amountCents` is what it pays of the bill; the payer is charged it plus `tipCents`. */
export interface PaymentLink {
	paymentId: string;
	billId: string;
	url: string;
	amountCents: number;
	tipCents: number;
	currency: string;
	expiresAt: string;
	status: "pending" | "captured" | "failed";
}

/** POST /guest/bill/pay → what the guest's phone opens. */
export type GuestPayment = Pick<PaymentLink, "paymentId" | "url" | "amountCents" | "tipCents" | "expiresAt">;

/** The simulated provider's checkout page (public/checkout/) reads this: no bill, no table, only what is paid. */
export interface SimulatedCheckout {
	amountCents: number;
	tipCents: number;
	currency: string;
	status: PaymentLink["status"];
	expiresAt: string;
	returnUrl: string;
}

/** What a webhook made of the event it carried (the provider only needs the 2xx). */
export interface WebhookReceipt {
	received: true;
	outcome: "captured" | "failed" | "duplicate" | "unknown_payment" | "mismatch" | "ignored" | "already_settled";
}

const clientError = (status: number, code: string, message: string, details?: unknown) =>
	new MoleculerClientError(message, status, code, details);

export const LinkErrors = {
	linkNotFound: (id: string) => clientError(404, "PAYMENT_LINK_NOT_FOUND", "No payment link with this id", { id }),
	nothingToPay: (billId: string) => clientError(409, "NOTHING_TO_PAY", "Nothing is left to pay on this bill by this share", { billId }),
	lineNotOnBill: (lineIds: string[]) =>
		clientError(400, "LINE_NOT_ON_BILL", "Some of the lines chosen are not on this bill", { lineIds }),
	notYourTable: (billId: string) => clientError(404, "BILL_NOT_FOUND", "No such bill at your table", { id: billId }),
	noLinks: (provider: string) =>
		clientError(501, "PAYMENT_LINKS_UNSUPPORTED", `The payment provider "${provider}" does not make payment links`, { provider }),
	unknownProvider: (provider: string) =>
		clientError(404, "WEBHOOK_PROVIDER_UNKNOWN", `No webhook is expected from "${provider}"`, { provider }),
	badSignature: (provider: string) =>
		clientError(400, "WEBHOOK_SIGNATURE_INVALID", "The webhook's signature does not match its body", { provider }),
};
