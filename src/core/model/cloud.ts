export const CLOUDS = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'] as const;
export type CloudName = (typeof CLOUDS)[number];

export interface CloudProfile {
  readonly name: CloudName;
  /** Appended to a bare registry name: `myreg` → `myreg.azurecr.io`. */
  readonly registrySuffix: string;
  readonly authorityHost: string;
  /**
   * The Entra resource whose token ACR's /oauth2/exchange accepts. Sovereign clouds use their ARM
   * audience, as @azure/container-registry's KnownContainerRegistryAudience lists.
   */
  readonly acrAudience: string;
}

export const CLOUD_PROFILES: Readonly<Record<CloudName, CloudProfile>> = {
  AzureCloud: {
    name: 'AzureCloud',
    registrySuffix: '.azurecr.io',
    authorityHost: 'https://login.microsoftonline.com',
    acrAudience: 'https://containerregistry.azure.net',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    registrySuffix: '.azurecr.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    acrAudience: 'https://management.chinacloudapi.cn',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    registrySuffix: '.azurecr.us',
    authorityHost: 'https://login.microsoftonline.us',
    acrAudience: 'https://management.usgovcloudapi.net',
  },
};
