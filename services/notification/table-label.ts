// How a notification names a table: the way the apps do ("Table 5"). The rule is the contract's, shared by every service.
export { orderLabel, tableLabel } from "../../contracts";
