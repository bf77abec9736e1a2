// Who holds the tablet: a waiter or a manager (managers void ready dishes and give discounts); anyone else is sent home.
import { requireUser } from "../app/core.js";

export const user = requireUser(["staff", "admin"]);
export const isAdmin = user.role === "admin";
