/** The gateway's configuration, as the portal login's providers receive it (PortalModule.forRoot). */
export const PORTAL_GATEWAY_CONFIG = Symbol('PORTAL_GATEWAY_CONFIG');
