// The Azure SDK modules, loaded on first use of the Azure backend (never at server startup).
// Everything else in this folder imports SDK *types* only.

export interface AzureSdk {
  identity: typeof import('@azure/identity');
  logs: typeof import('@azure/monitor-query-logs');
  operationalInsights: typeof import('@azure/arm-operationalinsights');
}

/** The modules only some calls need (the doctor, the authorization summary), loaded when used. */
export interface AzureSdkExtras {
  securityInsight(): Promise<typeof import('@azure/arm-securityinsight')>;
  authorization(): Promise<typeof import('@azure/arm-authorization')>;
}

export async function loadAzureSdk(): Promise<AzureSdk> {
  const [identity, logs, operationalInsights] = await Promise.all([
    import('@azure/identity'),
    import('@azure/monitor-query-logs'),
    import('@azure/arm-operationalinsights'),
  ]);
  return { identity, logs, operationalInsights };
}

export function azureSdkExtras(): AzureSdkExtras {
  let securityInsight: ReturnType<AzureSdkExtras['securityInsight']> | undefined;
  let authorization: ReturnType<AzureSdkExtras['authorization']> | undefined;
  return {
    securityInsight: () => (securityInsight ??= import('@azure/arm-securityinsight')),
    authorization: () => (authorization ??= import('@azure/arm-authorization')),
  };
}
