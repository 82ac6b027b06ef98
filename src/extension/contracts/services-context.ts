/**
 * The two smallest contexts a command or view gets: the services alone (progress, errors, the
 * output folder, the job runner), or the services with the balance the cost question reads.
 */
import type { RulesContext } from "../rules/context";
import type { HostServices } from "./host-services";

/** The shared services: enough for surface-helpers.ts, the output folder rule and the job runner. */
export interface ServicesContext {
  services: HostServices;
}

/** The services and the balance: enough for the cost confirmation (rules/confirm.ts) too. */
export type PaidContext = ServicesContext & Pick<RulesContext, "credits">;
