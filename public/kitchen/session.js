// Who is at the screen: cooks and managers work the pass; floor staff may only watch it.
import { requireUser } from "../app/core.js";

export const user = requireUser(["kitchen", "staff", "manager", "admin"]);
/** Floor staff may watch the pass; only cooks and managers change it. */
export const canAct = user.role === "kitchen" || user.role === "admin";
