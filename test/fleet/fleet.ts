// The driver is plain JS in test/fixtures so that `npm run bench -- fleet` shares it without a build step.
export {
  Fleet,
  type FleetOptions,
  sum,
  type WorkerReport,
} from '../fixtures/fleet-driver.mjs';
