// HTTPS fake of Azure (ARM, Log Analytics query API, Entra token endpoint; Graph later) serving a
// LocalBackend workspace in Azure's wire formats. See DESIGN §7 and README.md here.
export { startAzureFake } from './server.js';
export type { AzureFake, AzureFakeOptions, Fault, FaultStatus, SeenRequest } from './types.js';
export { API_VERSIONS } from './arm.js';
