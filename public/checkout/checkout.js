// The simulated card provider's checkout page (PAYMENT_PROVIDER=simulated, the `npm start` default): what a payment
// link pays, and Pay / Cancel, which settle it through billing's public checkout actions, then back to the payer's page.
const session = new URLSearchParams(location.search).get("session") ?? "";
// The session is the link's only key: out of the address bar once read.
history.replaceState(null, "", location.pathname);

const $ = sel => document.querySelector(sel);
const money = (cents, currency) => new Intl.NumberFormat(undefined, { style: "currency", currency }).format(cents / 100);

async function call(method, path) {
	const res = await fetch(`/api/v1/billing/checkout/${encodeURIComponent(session)}${path}`, { method });
	const body = await res.json().catch(() => null);
	if (!res.ok) throw new Error(body?.error?.message ?? `The checkout answered ${res.status}`);
	return body;
}

function show(checkout) {
	const total = checkout.amountCents + checkout.tipCents;
	$("[data-amount]").textContent = money(total, checkout.currency);
	const tip = checkout.tipCents ? ` (tip ${money(checkout.tipCents, checkout.currency)} included)` : "";
	const open = checkout.status === "pending";
	$("[data-status]").textContent = open
		? `Link valid until ${new Date(checkout.expiresAt).toLocaleTimeString()}${tip}`
		: checkout.status === "captured"
			? "Paid. Thank you!"
			: "This payment link is closed.";
	$("[data-actions]").hidden = !open;
}

async function act(path) {
	for (const b of document.querySelectorAll("button")) b.disabled = true;
	try {
		const checkout = await call("POST", path);
		show(checkout);
		location.assign(checkout.returnUrl);
	} catch (err) {
		$("[data-status]").textContent = err.message;
		for (const b of document.querySelectorAll("button")) b.disabled = false;
	}
}

$("[data-pay]").addEventListener("click", () => act("/pay"));
$("[data-cancel]").addEventListener("click", () => act("/cancel"));
call("GET", "")
	.then(show)
	.catch(err => {
		$("[data-amount]").textContent = "";
		$("[data-status]").textContent = err.message;
	});
