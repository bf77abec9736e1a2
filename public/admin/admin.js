// The manager's office (admin/index.html): one tab at a time from the address, one live socket; also draws the QR sheet (qr.html).
import { StationBanner, StationsAdmin } from "./stations.js";
import { html, mount, TopBar, useState, useEffect } from "../app/ui.js";
import { user } from "./session.js";
import { startLive } from "./live.js";
import { startApprovalCards } from "./approvals.js";
import { MenuAdmin } from "./menu.js";
import { ModifiersAdmin } from "./modifiers.js";
import { TablesAdmin } from "./tables.js";
import { BillsAdmin } from "./bills.js";
import { UsersAdmin } from "./staff.js";
import { ReportsAdmin } from "./reports.js";
import { QrSheet } from "./qr.js";

const ALL_TABS = [
	["menu", "Menu", MenuAdmin],
	["modifiers", "Modifiers", ModifiersAdmin],
	["tables", "Tables", TablesAdmin],
	["bills", "Bills", BillsAdmin],
	["users", "Users", UsersAdmin],
	["reports", "Reports", ReportsAdmin],
	["stations", "Stations", StationsAdmin],
];
// A manager keeps the money and the reports; accounts, the menu and the floor plan stay the admin's.
const MANAGER_TABS = ["bills", "reports"];
const TABS = ALL_TABS.filter(([id]) => user.role === "admin" || MANAGER_TABS.includes(id));
const tabFromHash = () => (TABS.some(([id]) => `#${id}` === location.hash) ? location.hash.slice(1) : TABS[0][0]);

function Admin() {
	const [tab, setTab] = useState(tabFromHash());
	useEffect(() => {
		const onHash = () => setTab(tabFromHash());
		addEventListener("hashchange", onHash);
		onHash(); // a hash that changed between the first render and now
		startLive();
		startApprovalCards();
		return () => removeEventListener("hashchange", onHash);
	}, []);
	const [, label, Section] = TABS.find(([id]) => id === tab);
	return html`<${TopBar} user=${user} />
		<${StationBanner} />
		<nav class="admin-tabs" role="tablist" aria-label="Admin sections">
			${TABS.map(([id, text]) => html`<a role="tab" href=${`#${id}`} aria-selected=${String(id === tab)} aria-controls="admin-panel">${text}</a>`)}
		</nav>
		<main id="admin-panel" role="tabpanel" aria-label=${label} class="admin-main">
			<${Section} key=${tab} />
		</main>`;
}

mount(document.body.dataset.page === "qr" ? QrSheet : Admin);
