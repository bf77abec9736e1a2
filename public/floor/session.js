// Who holds the tablet: a waiter or a manager (managers and admins comp, void dishes the kitchen started and give
// discounts: contracts PERMISSIONS); anyone else is sent home. A shared tablet (shared-tablet.js) with nobody on shows
// its PIN pad instead, and the floor below it never loads.
import { requireUser } from "../app/core.js";
import { isLocked, isSharedTablet, makeShared } from "./shared-tablet.js";
import { showPinPad } from "./pin-pad.js";

// /floor/?shared=1 (the sign-in page's `next`): the manager or admin signing in makes this a shared tablet.
const params = new URLSearchParams(location.search);
if (params.has("shared")) {
	// Refused (the server down, the account just deactivated): the one signed in keeps a tablet of their own.
	await makeShared().catch(err => console.error("Could not make this a shared tablet", err));
	history.replaceState(null, "", location.pathname + location.hash);
}
if (isLocked()) await showPinPad();
if (isSharedTablet()) document.body.classList.add("shared-tablet");

export const user = requireUser(["staff", "manager", "admin"]);
/** A manager's powers on the floor: a manager or an admin. */
export const isManager = user.role === "manager" || user.role === "admin";
