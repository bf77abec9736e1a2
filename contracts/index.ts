// What services share: the domain's shapes as API.md puts them on the wire, the error catalogue, and every
// durable event. A service reaches another service's data only through these and the bus.
export * from "./domain";
export * from "./errors";
export * from "./events";
export * from "./guest";
export * from "./mail";
export * from "./takeout";
export * from "./payment-links";
