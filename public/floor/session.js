// Who holds the tablet: a waiter or a manager (managers and admins comp, void dishes the kitchen started and give
// discounts: contracts PERMISSIONS); anyone else is sent home.
import { requireUser } from "../app/core.js";

export const user = requireUser(["staff", "manager", "admin"]);
/** A manager's powers on the floor: a manager or an admin. */
export const isManager = user.role === "manager" || user.role === "admin";
